// Linking an invitation sent to an e-mail address (model/invited-email.ts) to the leaver with that
// address. It has no login yet, so adoption by login never finds it: left alone, a leaver's owner
// invitation stayed acceptable while the plan said the org matched. An identity that is not active
// (a leaver, a suspended person), has no account under its own login, and whose e-mail (any of
// `emails`) is the one an invitation was sent to gets that account's login in this app; the diff
// then offboards it as any pending account, and apply cancels the invitation.
// An active person is not linked: scopesync invites people by their GitHub login, and GitHub lets
// nobody change an e-mail invitation's role or teams, so a linked one could only fail every grant.
// Their e-mail invitation stays an unmanaged account: reported, and cancelled only where the policy
// says `unmanagedAccounts: disable` and the target's options `emailInvitations: manage`
// (plan/non-member-accounts.ts), while the person gets the invitation by login. An address two
// invitations share links neither; an account under the identity's own login is theirs, not the
// invitation. What this leaves unlinked is not thereby nobody's: a leaver's invitation beside
// their own account, to an address the snapshot had, or of a person gone from the sources is
// cancelled with their offboarding all the same (invitation-owners.ts, from unlinked-accounts.ts).
import type { Identity } from "../model/identity.js";
import { INVITED_EMAIL } from "../model/invited-email.js";
import { emailKey, normaliseLogin } from "../model/keys.js";
import type { TargetAccount } from "../model/target-state.js";
import { accountLoginsBy, relinkedLogins, type IdentityLogins } from "./diff-index.js";

/** `logins`, with the login of the e-mail invitation each inactive identity's address names; the same object without any. */
export function invitationLinkedLogins(logins: IdentityLogins, identities: readonly Identity[], accounts: readonly TargetAccount[]): IdentityLogins {
  const byEmail = accountLoginsBy(accounts, (a) => a.attributes[INVITED_EMAIL], emailKey);
  if (byEmail.size === 0) return logins;
  const held = new Set(accounts.map((a) => normaliseLogin(a.login)));
  return relinkedLogins(logins, (i) => {
    if (identities[i]!.status === "active") return undefined;
    const own = logins.key[i];
    if (own !== undefined && held.has(own)) return undefined;
    const emails = identities[i]!.attributes.emails;
    if (!Array.isArray(emails)) return undefined;
    return emails.map((e) => byEmail.get(emailKey(e))).find((l) => l);
  });
}
