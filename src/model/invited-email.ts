// An invitation sent to an e-mail address rather than to a user: GitHub lists it with
// `"login": null` ("If the invitee is not a GitHub member, the login field in the return hash will
// be null", https://docs.github.com/en/rest/orgs/members#list-pending-organization-invitations).
// Whoever holds the mailbox can make an account and accept it, with the role and teams it carries,
// so it is an account like any pending invitation: the connector reads it (targets/github) and the
// planner links it to the identity with that address (plan/invitation-links.ts). One shape, shared.

/** The account attribute that holds the address an invitation was sent to. */
export const INVITED_EMAIL = "invitedEmail";

/** The account id of an e-mail invitation: it has no user id, only its invitation's. */
export function invitationAccountId(invitationId: number): string {
  return `invitation:${invitationId}`;
}

/** The invitation id an e-mail invitation's account id names, or undefined for a user's account. */
export function invitationIdOf(accountId: string | undefined): number | undefined {
  const m = accountId === undefined ? null : /^invitation:(\d+)$/.exec(accountId);
  return m ? Number(m[1]) : undefined;
}
