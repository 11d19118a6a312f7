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
import { markShared, type IdentityLogins } from "./diff-index.js";

/** The SAML NameID an account carries, as the target's read reports it. */
export const SAML_NAME_ID = "samlNameId";

/** `logins`, with the login of the account whose SAML NameID each identity's attribute names; unchanged without one. */
export function samlLinkedLogins(logins: IdentityLogins, identities: readonly Identity[], app: AppPolicyDoc, accounts: readonly TargetAccount[]): IdentityLogins {
  const attribute = app.accounts.samlNameId;
  if (!attribute) return logins;
  // NameIDs compare case-insensitively (emails, UPNs). One carried by two accounts links neither.
  const byNameId = new Map<string, string | null>();
  for (const a of accounts) {
    const nameId = a.attributes[SAML_NAME_ID];
    if (!nameId) continue;
    const key = normaliseLogin(nameId);
    byNameId.set(key, byNameId.has(key) ? null : a.login);
  }
  if (byNameId.size === 0) return logins;
  const out: IdentityLogins = { login: logins.login.slice(), key: logins.key.slice(), shared: new Uint8Array(logins.shared.length), ...(logins.former ? { former: logins.former } : {}), ...(logins.earlier ? { earlier: logins.earlier } : {}) };
  for (let i = 0; i < identities.length; i++) {
    const value = mappedValue(identities[i]!, attribute);
    const login = value ? byNameId.get(normaliseLogin(value)) : undefined;
    if (!login) continue;
    out.login[i] = login;
    out.key[i] = normaliseLogin(login);
  }
  markShared(out);
  return out;
}
