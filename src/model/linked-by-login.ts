// Whether an app policy of a target says `accounts.linkBy: login`: its accounts are linked by
// userName and scopesync's externalId is not theirs (another system owns it, or the app keeps
// none). Asked by the reads that remember logins (targets/remembered-logins.ts), by the snapshot
// that keeps a held rename's earlier login (cli/snapshot-held-logins.ts) and by apply, so that a
// SCIM create whose answer drops the externalId is no failure there (targets/scim/apply.ts).
import type { PolicyRepo } from "./policy-repo.js";
import { TARGET_CAPABILITIES, type TargetType } from "./target-types.js";

export function policyLinksByLogin(repo: Pick<PolicyRepo, "apps">, target: string): boolean {
  return repo.apps.some((a) => a.value.target === target && a.value.accounts.linkBy === "login");
}

/** Are target `name`'s accounts linked by login: the connector keeps no externalId, or an app policy says accounts.linkBy: login? */
export function targetLinksByLogin(repo: Pick<PolicyRepo, "apps">, name: string, type: string): boolean {
  if (TARGET_CAPABILITIES[type as TargetType]?.storesExternalId === false) return true;
  return policyLinksByLogin(repo, name);
}
