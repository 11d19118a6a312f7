// A secret setting of a target (`${env:NAME}` in scopesync.yaml) resolved from the environment and
// registered with the redactor at once, so that no message, journal line or output can carry it
// even where a server or library echoes it back. Only the reference is ever named in an error.
import { registerSecret } from "../model/redact.js";
import type { ConnectorContext } from "./connector.js";
import { TargetError } from "./target-error.js";

const ENV_REF = /^\$\{env:([A-Z_][A-Z0-9_]*)\}$/;

/**
 * The value `written` refers to; `setting` is its path for messages ("token", "options.accessKeyId").
 * `secret: false` for an identifier that only travels with a secret (an AWS access key id): masking
 * it would blank out the same id where a plan rightly names it.
 */
export function envSecret(target: string, setting: string, written: string | undefined, env: ConnectorContext["env"], what: string, secret = true): string {
  const ref = written === undefined ? undefined : ENV_REF.exec(written);
  if (!ref) {
    throw new TargetError(target, written === undefined ? `has no ${setting}` : `${setting} must be a reference like \${env:NAME}, never the value itself`, {
      hint: `set targets.${target}.${setting} to "\${env:NAME}" and export ${what} in NAME`,
    });
  }
  const value = env[ref[1]!];
  if (!value) throw new TargetError(target, `${setting} variable ${ref[1]} is not set`, { hint: `export ${ref[1]} with ${what}` });
  if (secret) registerSecret(value);
  return value;
}
