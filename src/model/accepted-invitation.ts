// A member who (very likely) joined by accepting an invitation that was sent to an e-mail address.
// GitHub keeps no trace of the address on the member it becomes: the invitation leaves the pending
// list and a user under a login chosen at acceptance appears with the invitation's role and teams
// (https://docs.github.com/en/rest/orgs/members#list-pending-organization-invitations lists only
// pending ones; the member lists carry no e-mail). The only evidence is the two reads side by side,
// so whatever writes a state file over an earlier one (state pull, import) or reads live beside
// one records it on the member (targets/accepted-invitations.ts), and later reads carry it forward.
// The planner offboards such a member with the leaver the address was sent to, and for anyone who
// keeps access only says so (plan/accepted-invitations.ts): the link is an inference, never used
// to grant.
import type { TargetAccount } from "./target-state.js";

/** The invitations the member may have accepted: account ids (`invitation:<id>`), space-separated. */
export const ACCEPTED_INVITATION = "acceptedInvitation";
/** The addresses those invitations were sent to, in the same order, space-separated (no address has a space). */
export const ACCEPTED_INVITATION_EMAIL = "acceptedInvitationEmail";
/** The two reads between which the invitation went and the member came: "<earlier readAt>/<readAt>". */
export const ACCEPTED_INVITATION_SEEN = "acceptedInvitationSeen";

export const ACCEPTED_INVITATION_ATTRIBUTES = [ACCEPTED_INVITATION, ACCEPTED_INVITATION_EMAIL, ACCEPTED_INVITATION_SEEN] as const;

export interface AcceptedInvitation { invitation: string; email: string }

/** The invitations an account's record says it may have accepted; empty for any other account. */
export function acceptedInvitationsOf(account: TargetAccount): AcceptedInvitation[] {
  const ids = (account.attributes[ACCEPTED_INVITATION] ?? "").split(" ").filter((s) => s !== "");
  const emails = (account.attributes[ACCEPTED_INVITATION_EMAIL] ?? "").split(" ").filter((s) => s !== "");
  if (ids.length === 0 || ids.length !== emails.length) return [];
  return ids.map((invitation, i) => ({ invitation, email: emails[i]! }));
}
