// Org invitations sent to an e-mail address, not to a user. GitHub lists them with `"login": null`
// ("If the invitee is not a GitHub member, the login field in the return hash will be null",
// https://docs.github.com/en/rest/orgs/members#list-pending-organization-invitations), with their
// role and team count, and the team's pending invitations list them too. Whoever holds the mailbox
// can make an account and accept within 7 days, becoming a member (or owner) with those teams: a
// membership granted and not yet accepted, like any pending invitation. Skipping them let a
// leaver's owner invitation stay acceptable while the plan said the org matched.
//
// Each is an account: id `invitation:<id>` (no user id exists), login the address (no GitHub login
// has an "@", so it is nobody's login), `pending` and `invitedEmail` (model/invited-email.ts: the
// planner links it to the identity with that address, plan/invitation-links.ts); entitlements its
// role and teams. Its only change is cancellation (DELETE /orgs/{org}/invitations/{invitation_id}).
// `import` never links it, nor writes its address as anyone's login (adopt/link-accounts.ts); the
// member its invitee becomes is told by the next read (targets/accepted-invitations.ts).
import { normaliseLogin } from "../../model/keys.js";
import { invitationAccountId, INVITED_EMAIL } from "../../model/invited-email.js";
import type { AccountBeingRead } from "../../model/target-state.js";
import { GITHUB_OWNER_ROLE } from "../../model/github-owners.js";
import type { ApplyOutcome } from "../connector.js";
import type { GithubApi } from "./api.js";

interface ListedInvitation { id: number; login: string | null; email?: string | null; role: string }

/**
 * Adds an account for each e-mail invitation among `invitations` (those with no login); returns
 * them by invitation id, for the teams' pending invitations. One that names no address either (the
 * schema lets both be null) is still an account, under its id as login: nobody's, so the plan
 * reports it as unmanaged (cancelled only with `unmanagedAccounts: disable` and `options.emailInvitations: manage`) rather than drop it.
 */
export function readEmailInvitations(invitations: readonly ListedInvitation[], accounts: Map<string, AccountBeingRead>): Map<number, AccountBeingRead> {
  const byId = new Map<number, AccountBeingRead>();
  for (const inv of invitations) {
    if (inv.login) continue;
    const id = invitationAccountId(inv.id);
    const account: AccountBeingRead = {
      id,
      login: inv.email || id,
      active: true,
      attributes: { pending: "true", ...(inv.email ? { [INVITED_EMAIL]: inv.email } : {}) },
      entitlements: inv.role === "admin" ? [GITHUB_OWNER_ROLE] : [],
    };
    accounts.set(normaliseLogin(account.login), account);
    byId.set(inv.id, account);
  }
  return byId;
}

/** disable-account / delete-account of an e-mail invitation: cancelled; already gone (a re-run, or accepted meanwhile) is `unchanged`. */
export async function cancelEmailInvitation(api: GithubApi, invitationId: number, account: string, who: string): Promise<ApplyOutcome> {
  const { octokit, org } = api;
  const done = await api.optional(`cancel the invitation of ${who} to ${org}`, () => octokit.rest.orgs.cancelInvitation({ org, invitation_id: invitationId }));
  return { status: done === undefined ? "unchanged" : "applied", account };
}
