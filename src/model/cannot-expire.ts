// The words for a credential whose issuing system has no expiry for it (CredentialDoc.cannotExpire).
// credential-expiry-required, explain, identities and nhi report all take them from here, so that
// no output says "never expires" as if an expiry had been left out by choice, and none drifts from
// the others.
import type { CannotExpire, CredentialDoc } from "./documents.js";

/** Each kind's system, and the credential as that system calls it. */
const KINDS: Record<CannotExpire, { system: string; credential: string }> = {
  "aws-access-key": { system: "AWS", credential: "an IAM user's access key" },
  "github-deploy-key": { system: "GitHub", credential: "a deploy key" },
  "kubernetes-token-secret": { system: "Kubernetes", credential: "a service account token Secret" },
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
