// A secret in scopesync.yaml is written as a reference, `${env:NAME}`, never as the value. Every
// setting that takes a secret (a target's token, a source's bind password) reads the reference
// with this one pattern, so what counts as a reference cannot differ between adapters.
const ENV_REF = /^\$\{env:([A-Z_][A-Z0-9_]*)\}$/;

/** The variable NAME of a written `${env:NAME}` (surrounding blanks ignored), or undefined when it is not one. */
export function envReferenceName(written: string | undefined): string | undefined {
  if (written === undefined) return undefined;
  return ENV_REF.exec(written.trim())?.[1];
}
