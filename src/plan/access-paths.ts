// A leaver's disable names every path to the org's repositories the read found on the account
// (model/access-paths.ts): the reviewer sees an outside collaborator's access behind an org
// invitation, and a repository invitation that would otherwise be accepted after the offboarding,
// and the apply journal then records each one taken (ApplyOutcome.removed).
import { accessPathWords, accessPaths } from "../model/access-paths.js";
import type { TargetAccount } from "../model/target-state.js";

/** `reason` with the account's paths to repositories added, if it has any beside a membership. */
export function withAccessPaths(reason: string, account: TargetAccount): string {
  const paths = accessPaths(account);
  if (paths.length === 0) return reason;
  return `${reason}; the removal takes every path "${account.login}" has to the org's repositories: ${paths.map(accessPathWords).join(", ")}`;
}
