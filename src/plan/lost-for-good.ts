// What an offboarding takes that no later plan gives back, said where it is taken and kept
// (Change.lost, then the apply journal) for the plan that gives the access back (plan/returns.ts).
// A reviewer who reads "disable" assumes it can be undone; on a target with no disabled account
// (GitHub removes the member) or a credential a revoke deletes (a deploy key) it cannot.
import type { TargetAccount, TargetCredential } from "../model/target-state.js";
import type { TargetCapabilities } from "../model/target-types.js";
import { parseCredential } from "../model/github-credential-id.js";
import type { EntitlementTable } from "./entitlement-table.js";
import { isDeprovisioned } from "../model/deprovisioned-account.js";
import { repoPathsLost } from "./repo-paths-lost.js";

/**
 * A role held in a group of the target that no policy gives (GitHub: `teamRole:<slug>` =
 * `maintainer`, read from the team's members; scopesync never makes a maintainer, and GitHub's
 * invitation and team APIs add a returning member as a plain member).
 */
const GROUP_ROLE = /^teamRole:(.+)$/;

/** A credential a revoke deletes: what the plan and the journal keep (`item`) and the reason's words. */
export interface DeletedCredential {
  /** `deploy key "release-bot-key" on repository infra (write access)`: Change.lost's entry. */
  item: string;
  /** What the revoke's reason says in place of "stops working". */
  words: string;
}

/**
 * `c` in words when its revoke deletes it for good (TargetCapabilities.revokeDeletes), or
 * undefined when a revoke leaves it there, switched off (an AWS access key made Inactive).
 */
export function deletedForGood(c: TargetCredential, traits: TargetCapabilities): DeletedCredential | undefined {
  if (!traits.revokeDeletes?.test(c.type)) return undefined;
  const kind = c.type.replace(/-/g, " ");
  const parsed = parseCredential(c.id);
  const repo = parsed?.kind === "deploy-key" ? parsed.repo : undefined;
  const name = `${kind} ${c.credentialId !== undefined ? JSON.stringify(c.credentialId) : c.id}${repo ? ` on repository ${repo}` : ""}`;
  // What production loses: the access the key gave, where the read says (a deploy key's read_only).
  const loses = c.access ? `${c.access} access${repo ? ` to ${repo}` : ""}` : repo ? `its access to ${repo}` : "its access";
  return {
    item: `${name}${c.access ? ` (${c.access} access)` : ""}`,
    words: `its ${name} is deleted for good, not disabled (there is no disabled ${kind}: nothing gives it back, a return needs a new key), and whatever uses it loses ${loses}`,
  };
}

/**
 * What removing `account` takes with it where the target has no disabled account
 * (TargetCapabilities.disableRemoves): the roles in groups it held by hand and the entitlements
 * the policy does not manage (a team it was added to by hand), and the repository access beside it
 * no policy gives (plan/repo-paths-lost.ts). All go with the removal, and a
 * return gets only what the plan grants. The policy's own entitlements are revoked by name and
 * come back when a policy gives them again, so they are not listed. Sorted; empty elsewhere.
 */
export function accountLostForGood(account: TargetAccount, table: EntitlementTable, traits: TargetCapabilities, external: ReadonlySet<string>): string[] {
  // A member the IdP deprovisioned (deprovisioned-accounts.ts) comes back through the IdP, not an
  // invitation, and its reason already says that the removal ends what a reprovisioning would give back.
  if (!traits.disableRemoves || !account.active || isDeprovisioned(account)) return [];
  const out: string[] = [];
  for (const [name, value] of Object.entries(account.attributes)) {
    const m = GROUP_ROLE.exec(name);
    if (m && typeof value === "string" && value !== "" && value !== "member") out.push(`${value} of team ${m[1]} (held by hand)`);
  }
  // An enterprise team keeps the account a member (the removal fails, saying so): nothing of it is lost.
  for (const e of account.entitlements) if (table.slotOf(e) === undefined && !external.has(e)) out.push(`${e} (held by hand)`);
  // Repository access beside the membership that the removal also takes (an outside collaborator's
  // role, a pending repository invitation), wherever options.repositories does not cover it.
  for (const item of repoPathsLost(account, table)) out.push(item);
  return out.sort();
}

/**
 * The disable's words for what the removal takes that a return does not give back. An outside
 * collaborator's return is repository invitations for what a policy gives (plan/returns.ts), a
 * member's an org invitation.
 */
export function removalLoses(account: TargetAccount, lost: readonly string[], outsideCollaborator: boolean): string {
  return `removing "${account.login}" also takes ${lost.join(", ")}: no policy gives it, so a return (${outsideCollaborator ? "as an outside collaborator: repository invitations for what a policy gives" : "a new invitation"}) does not give it back`;
}
