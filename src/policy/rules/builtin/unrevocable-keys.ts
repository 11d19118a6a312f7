// Credentials an NHI's file lists that no plan can revoke, whatever it does to the NHI's accounts:
// - with `target:` a target that cannot revoke credentials (a SCIM app: SCIM has users and groups,
//   no credential resource, so the scim target reads and revokes none). Offboarding disables the
//   NHI's account there, and the key goes on working: an app's API token is often not the user's
//   at all ("The API token itself remains active even after the user is deleted", Zendesk,
//   https://support.zendesk.com/hc/en-us/articles/115004902188);
// - with no `target:` at all: a key for a system that is no scopesync target (an mTLS client
//   certificate, a bank's or a vendor's API key), listed for expiry and age only. Nothing of
//   scopesync reaches that system, so quarantine or offboarding leaves the key as it was.
// Every finding about the offboarded NHI names each one as still working, with how a person
// revokes it, and none counts it revoked.
import type { CredentialDoc, ProjectConfig } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import { TARGET_CAPABILITIES, type TargetType } from "../../../model/target-types.js";
import { isExpired } from "../../../model/time.js";

/**
 * A listed credential that no target can revoke: with the target it is valid on and that target's
 * type, or neither when the file lists it with no target.
 */
export interface UnrevocableKey {
  credential: CredentialDoc;
  target?: string;
  type?: string;
}

/**
 * The file's credentials (not a discovery source's) that no target revokes: listed with no
 * `target:`, or with one of a type that cannot revoke credentials; each still valid at `now` (one
 * past its own `expiresAt` no longer works), by id.
 */
export function unrevocableKeys(identity: Identity, config: ProjectConfig, now: number): UnrevocableKey[] {
  const out: UnrevocableKey[] = [];
  for (const c of identity.credentials ?? []) {
    if (c.discoveredBy !== undefined) continue;
    if (c.expiresAt !== undefined && isExpired(c.expiresAt, now)) continue;
    if (c.target === undefined) {
      out.push({ credential: c });
      continue;
    }
    const type = config.targets[c.target]?.type as string | undefined;
    // validate refuses a target scopesync.yaml does not configure; an unknown type is not ours to judge.
    if (type === undefined || !(type in TARGET_CAPABILITIES)) continue;
    if (TARGET_CAPABILITIES[type as TargetType].supportsCredentials) continue;
    out.push({ credential: c, target: c.target, type });
  }
  return out.sort((a, b) => (a.credential.id < b.credential.id ? -1 : a.credential.id > b.credential.id ? 1 : 0));
}

/**
 * "its api-key triage-helpdesk-token on target "helpdesk" stays valid until 2027-09-01: …", or for
 * a key with no target "its certificate erp-bridge-mtls stays valid until 2027-09-14: it is listed
 * with no target, so no plan revokes it".
 */
export function unrevocableWhat(k: UnrevocableKey): string {
  const until = k.credential.expiresAt ? ` until ${k.credential.expiresAt}` : " (it has no expiresAt)";
  if (k.target === undefined) return `its ${k.credential.type} ${k.credential.id} stays valid${until}: it is listed with no target, so no plan revokes it`;
  return `its ${k.credential.type} ${k.credential.id} on target "${k.target}" stays valid${until}: a ${k.type} target cannot revoke credentials, and disabling the account there need not stop a key the app issued`;
}

/** How a person revokes it: where it lives (the app, or the system that issued it), then the file stops listing it. */
export function unrevocableFix(k: UnrevocableKey): string {
  const c = k.credential;
  if (k.target === undefined) {
    // The secretRef says where scopesync's side keeps the secret (never the secret itself): it names the system.
    const kept = c.secretRef !== undefined ? `; the secret is kept at ${c.secretRef}` : "";
    const where = c.type === "certificate" ? "at the certificate authority that issued it, or in the system that accepts it (its trusted client certificates)" : "in the system that issued it";
    return `revoke ${c.type} ${c.id} by hand ${where}${kept}; then remove it from the NHI's credentials`;
  }
  return `revoke ${c.type} ${c.id} in the admin console of the app behind target "${k.target}" (its API token or key settings), then remove it from the NHI's credentials`;
}

/** Where it works (model/still-working.ts): the target it is listed on, or the system that issued it. */
export function unrevocableSystem(k: UnrevocableKey): string {
  return k.target === undefined ? "the system that issued it (no target)" : `target "${k.target}" (${k.type})`;
}
