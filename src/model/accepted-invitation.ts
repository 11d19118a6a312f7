// A member who (very likely) joined by accepting an invitation that was sent to an e-mail address.
// GitHub keeps no trace of the address on the member it becomes: the invitation leaves the pending
// list and a user under a login chosen at acceptance appears with the invitation's role and teams
// (https://docs.github.com/en/rest/orgs/members#list-pending-organization-invitations lists only
// pending ones; the member lists carry no e-mail). The only evidence is the two reads side by side,
// so whatever writes a state file over an earlier one (state pull, import) or reads live beside
// one records it on the member (targets/accepted-invitations.ts), and later reads carry it forward.
// Two kinds of record, by what the read had (ACCEPTED_INVITATION_BY):
// - `saml`: the org's SAML identity of the new member has the invitation's address as NameID. The
//   IdP names the person, so the planner offboards the member with the leaver the address was sent
//   to, and import links it (plan/accepted-invitations.ts, adopt/link-accounts.ts).
// - `fit`: the member only holds the invitation's role and teams. That is a guess: a member an
//   owner added by hand in the same week fits as well (and, for an invitation with no teams, any
//   new member does), so it never takes access away from anyone or links anyone; the finding
//   email-invitation-accepted and import name the member and the person for someone to decide.
// An invitation GitHub lists as failed (expired) was not accepted, and gets no record at all.
import type { TargetAccount } from "./target-state.js";

/** The invitations the member may have accepted: account ids (`invitation:<id>`), space-separated. */
export const ACCEPTED_INVITATION = "acceptedInvitation";
/** The addresses those invitations were sent to, in the same order, space-separated (no address has a space). */
export const ACCEPTED_INVITATION_EMAIL = "acceptedInvitationEmail";
/** The two reads between which the invitation went and the member came: "<earlier readAt>/<readAt>". */
export const ACCEPTED_INVITATION_SEEN = "acceptedInvitationSeen";

/** What the record rests on: "saml" (the member's SAML NameID is the address) or "fit" (role and teams only). */
export const ACCEPTED_INVITATION_BY = "acceptedInvitationBy";

export const ACCEPTED_INVITATION_ATTRIBUTES = [ACCEPTED_INVITATION, ACCEPTED_INVITATION_EMAIL, ACCEPTED_INVITATION_SEEN, ACCEPTED_INVITATION_BY] as const;

/**
 * Whether the record names the person: the member's SAML identity asserts the address. Only such a
 * record offboards or links. A record without the attribute (written before it existed) is a guess.
 */
export const acceptanceAsserted = (account: TargetAccount): boolean => account.attributes[ACCEPTED_INVITATION_BY] === "saml";

export interface AcceptedInvitation { invitation: string; email: string }

/** The invitations an account's record says it may have accepted; empty for any other account. */
export function acceptedInvitationsOf(account: TargetAccount): AcceptedInvitation[] {
  const ids = (account.attributes[ACCEPTED_INVITATION] ?? "").split(" ").filter((s) => s !== "");
  const emails = (account.attributes[ACCEPTED_INVITATION_EMAIL] ?? "").split(" ").filter((s) => s !== "");
  if (ids.length === 0 || ids.length !== emails.length) return [];
  return ids.map((invitation, i) => ({ invitation, email: emails[i]! }));
}
