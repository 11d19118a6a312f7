// Linking by SAML identity: where an org has SAML single sign-on, the IdP asserts who owns each
// GitHub account (its NameID: an email or UPN), so the account is the identity's whatever the
// GitHub login is. The policy names the identity attribute that equals the NameID
// (accounts.samlNameId); an identity whose value matches an account's `samlNameId` gets that
// account's login in this app, and the diff then links, plans and applies by it as by any login.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import type { TargetAccount } from "../model/target-state.js";
import { mappedValue } from "./account-attributes.js";
import { accountLoginsBy, relinkedLogins, type IdentityLogins } from "./diff-index.js";

/** The SAML NameID an account carries, as the target's read reports it. */
export const SAML_NAME_ID = "samlNameId";

/** `logins`, with the login of the account whose SAML NameID each identity's attribute names; unchanged without one. */
export function samlLinkedLogins(logins: IdentityLogins, identities: readonly Identity[], app: AppPolicyDoc, accounts: readonly TargetAccount[]): IdentityLogins {
  const attribute = app.accounts.samlNameId;
  if (!attribute) return logins;
  // NameIDs compare case-insensitively (emails, UPNs). One carried by two accounts links neither.
  const byNameId = accountLoginsBy(accounts, (a) => a.attributes[SAML_NAME_ID], normaliseLogin);
  if (byNameId.size === 0) return logins;
  return relinkedLogins(logins, (i) => {
    const value = mappedValue(identities[i]!, attribute);
    return value ? byNameId.get(normaliseLogin(value)) : undefined;
  });
}
