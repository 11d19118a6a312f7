// The words for a credential whose issuing system has no expiry for it (CredentialDoc.cannotExpire).
// credential-expiry-required, explain, identities and nhi report all take them from here, so that
// no output says "never expires" as if an expiry had been left out by choice, and none drifts from
// the others.
import type { CannotExpire, CredentialDoc } from "./documents.js";

/** Each kind's system, the credential as that system calls it, and its scopesync type (as the sources write it). */
const KINDS: Record<CannotExpire, { system: string; credential: string; type: CredentialDoc["type"] }> = {
  "aws-access-key": { system: "AWS", credential: "an IAM user's access key", type: "api-key" },
  "github-deploy-key": { system: "GitHub", credential: "a deploy key", type: "ssh-key" },
  "kubernetes-token-secret": { system: "Kubernetes", credential: "a service account token Secret", type: "token" },
};

/** "AWS cannot give an IAM user's access key an expiry": the rule's message. */
export function whyNoExpiry(kind: CannotExpire): string {
  const k = KINDS[kind];
  return `${k.system} cannot give ${k.credential} an expiry`;
}

/** A credential without `expiresAt` in a listing: "no expiry (AWS cannot give one)", else "never expires". */
export function noExpiryText(c: Pick<CredentialDoc, "cannotExpire">): string {
  return c.cannotExpire ? `no expiry (${KINDS[c.cannotExpire].system} cannot give one)` : "never expires";
}

/**
 * What is wrong with a credential written in YAML that says it cannot expire: an expiresAt (the
 * two contradict each other), or a type the kind never has (a typo, or the wrong kind). `key` is
 * the credential's key to point at.
 */
export function cannotExpireProblem(c: CredentialDoc): { key: "expiresAt" | "type"; message: string; hint: string } | undefined {
  if (!c.cannotExpire) return undefined;
  const k = KINDS[c.cannotExpire];
  if (c.expiresAt) return { key: "expiresAt", message: `credential "${c.id}" has an expiresAt, but cannotExpire: ${c.cannotExpire} says ${whyNoExpiry(c.cannotExpire)}`, hint: "remove cannotExpire if the credential was issued with an expiry, else remove expiresAt" };
  if (c.type !== k.type) return { key: "type", message: `credential "${c.id}" is of type ${c.type}, but cannotExpire: ${c.cannotExpire} is of type ${k.type}`, hint: `set type: ${k.type}, or the cannotExpire of this kind of credential` };
  return undefined;
}
