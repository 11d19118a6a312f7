// Whether an app policy of a target says `accounts.linkBy: login`: its accounts are linked by
// userName and scopesync's externalId is not theirs (another system owns it, or the app keeps
// none). Asked by the reads that remember logins (targets/remembered-logins.ts) and by apply, so
// that a SCIM create whose answer drops the externalId is no failure there (targets/scim/apply.ts).
import type { PolicyRepo } from "./policy-repo.js";

export function policyLinksByLogin(repo: Pick<PolicyRepo, "apps">, target: string): boolean {
  return repo.apps.some((a) => a.value.target === target && a.value.accounts.linkBy === "login");
}
