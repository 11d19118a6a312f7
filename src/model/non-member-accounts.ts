// Accounts a target lists beside its members that are not members (GitHub: outside collaborators,
// with access to repositories of the org but no membership; invitations sent to an e-mail address,
// which nobody has accepted yet). One shape, shared by the connector that reads them and the
// planner that decides what an unmatched one becomes (plan/non-member-accounts.ts).
//
// Why they are told apart: removing one does something else than removing a member. GitHub's
// "Remove outside collaborator from an organization": "Removing a user from this list will remove
// them from all the organization's repositories"
// (https://docs.github.com/en/rest/orgs/outside-collaborators). They were not read before
// (outside collaborators only with options.repositories, e-mail invitations never), so an org that
// upgrades would otherwise see each one it let in deliberately removed by `unmanagedAccounts:
// disable` the first time it is read. An unmatched one is therefore reported only, unless the
// target's options opt in (TargetCapabilities.removesUnmatched).
import { INVITED_EMAIL, invitationIdOf } from "./invited-email.js";
import type { TargetAccount } from "./target-state.js";

export type NonMemberKind = "outside-collaborator" | "email-invitation";

/** The account attribute that marks a GitHub outside collaborator ("true"). */
export const OUTSIDE_COLLABORATOR = "outsideCollaborator";

/**
 * What each kind is, what removing it does, the target option that opts in to removing unmatched
 * ones, and what one can hold without membership (anything else is a member's: a team, the owner
 * role, an organization role).
 */
export const NON_MEMBER: Readonly<Record<NonMemberKind, { what: (a: TargetAccount) => string; removal: string; option: string; holds?: RegExp }>> = {
  "outside-collaborator": {
    what: () => "an outside collaborator (access to repositories of the org, not a member)",
    removal: "removes them from every repository of the org",
    option: "outsideCollaborators",
    holds: /^repo:/,
  },
  "email-invitation": {
    what: (a) => `a pending invitation to the org sent to the e-mail address ${a.attributes[INVITED_EMAIL] ?? a.login} (nobody has accepted it)`,
    removal: "cancels the invitation",
    option: "emailInvitations",
  },
};

/** The kind of non-member this account is, or undefined for a member (or any account of a target without such kinds). */
export function nonMemberKind(account: TargetAccount, kinds: readonly NonMemberKind[] | undefined): NonMemberKind | undefined {
  if (!kinds || kinds.length === 0) return undefined;
  if (kinds.includes("outside-collaborator") && account.attributes[OUTSIDE_COLLABORATOR] === "true") return "outside-collaborator";
  if (kinds.includes("email-invitation") && invitationIdOf(account.id) !== undefined) return "email-invitation";
  return undefined;
}
