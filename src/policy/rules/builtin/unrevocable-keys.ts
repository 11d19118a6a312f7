// A credential an NHI's file lists with `target:` a target that cannot revoke credentials (a SCIM
// app: SCIM has users and groups, no credential resource, so the scim target reads and revokes
// none). Offboarding disables the NHI's account there, and the key goes on working: an app's API
// token is often not the user's at all ("The API token itself remains active even after the user is
// deleted", Zendesk, https://support.zendesk.com/hc/en-us/articles/115004902188). No plan can revoke
// it, so every finding about the offboarded NHI names it as still working, with how a person
// revokes it, and none counts it revoked.
import type { CredentialDoc, ProjectConfig } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import { TARGET_CAPABILITIES, type TargetType } from "../../../model/target-types.js";
import { isExpired } from "../../../model/time.js";

/** A listed credential that no target can revoke, with the target it is valid on and that target's type. */
export interface UnrevocableKey {
  credential: CredentialDoc;
  target: string;
  type: string;
}

/**
 * The file's credentials (not a discovery source's) whose `target:` is of a type that cannot revoke
 * credentials, still valid at `now` (one past its own `expiresAt` no longer works), by id.
 */
export function unrevocableKeys(identity: Identity, config: ProjectConfig, now: number): UnrevocableKey[] {
  const out: UnrevocableKey[] = [];
  for (const c of identity.credentials ?? []) {
    if (c.discoveredBy !== undefined || c.target === undefined) continue;
    if (c.expiresAt !== undefined && isExpired(c.expiresAt, now)) continue;
    const type = config.targets[c.target]?.type as string | undefined;
    // validate refuses a target scopesync.yaml does not configure; an unknown type is not ours to judge.
    if (type === undefined || !(type in TARGET_CAPABILITIES)) continue;
    if (TARGET_CAPABILITIES[type as TargetType].supportsCredentials) continue;
    out.push({ credential: c, target: c.target, type });
  }
  return out.sort((a, b) => (a.credential.id < b.credential.id ? -1 : a.credential.id > b.credential.id ? 1 : 0));
}

/** "its api-key triage-helpdesk-token on target helpdesk (scim) stays valid until 2027-09-01: …". */
export function unrevocableWhat(k: UnrevocableKey): string {
  const until = k.credential.expiresAt ? ` until ${k.credential.expiresAt}` : "";
  return `its ${k.credential.type} ${k.credential.id} on target "${k.target}" stays valid${until}: a ${k.type} target cannot revoke credentials, and disabling the account there need not stop a key the app issued`;
}

/** How a person revokes it: in the app itself, then the file stops listing it. */
export function unrevocableFix(k: UnrevocableKey): string {
  return `revoke ${k.credential.type} ${k.credential.id} in the admin console of the app behind target "${k.target}" (its API token or key settings), then remove it from the NHI's credentials`;
}
