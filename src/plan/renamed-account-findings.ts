// What the plan says of an account found by its remembered id under another login
// (renamed-links.ts): the reviewer's part of following a rename, and the conflict that stops it.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { TargetAccount } from "../model/target-state.js";
import type { IdConflict, RenamedLink, TakenLogin } from "./renamed-links.js";

/** "their account "mkovac-dev" (id 100005, as state/github.json records it) is "mk-archive" now": for reasons. */
export function renamedInWords(link: RenamedLink, account: TargetAccount): string {
  return `their account "${link.was}" (id ${account.id}, as ${link.recordedIn} records it) is "${account.login}" now: renamed, same id`;
}

/**
 * account-renamed (warning): the identity's account was found by its id under a new login. For
 * someone who keeps access, the link rests on a record the next `state pull` replaces: the
 * reviewer writes the new login into the Person's file. For a leaver, it says why the change names
 * a login that is not theirs.
 */
export function accountRenamed(identity: Identity, link: RenamedLink, account: TargetAccount, appId: string, attribute: string, leaving: boolean, policyAt: string): Finding {
  const linkedBy = `${appId} account "${account.login}" (id ${account.id}) is ${identity.id}'s: ${link.recordedIn} records that id under their ${attribute} "${link.was}", and no account has that login now`;
  return {
    rule: "account-renamed",
    severity: "warning",
    identity: identity.id,
    message: leaving
      ? `${linkedBy}; it is offboarded under its new login`
      : `${linkedBy}; it is planned as theirs, but found only while ${link.recordedIn} still records the old login`,
    remediation: leaving
      ? `nothing for the offboarding; if "${account.login}" is not ${identity.id}'s, stop the apply and check the account in ${appId}`
      : `set attributes.${attribute}: "${account.login}" in the Person file of ${identity.id}${identity.definedAt ? ` (${identity.definedAt})` : ""} in a reviewed pull request, or, if the account is not theirs, remove it`,
    location: identity.definedAt ?? policyAt,
    controls: ["NIST-SP800-53-AC-2"],
  };
}

/** account-id-conflict (error): the id and the login point at different accounts or identities; nothing is planned for them. */
export function accountIdConflict(identity: Identity, conflict: IdConflict, appId: string, attribute: string, policyAt: string): Finding {
  return {
    rule: "account-id-conflict",
    severity: "error",
    identity: identity.id,
    message: `${appId}: whose account is ${identity.id}'s is not known: ${conflict.why}; no change is planned for ${identity.id} or those accounts`,
    remediation: `check the accounts in ${appId}: write the login ${identity.id} has now as attributes.${attribute} in their Person file, and remove an account that is no one's; then run \`scopesync state pull\` and commit it`,
    location: identity.definedAt ?? policyAt,
    controls: ["NIST-SP800-53-AC-2"],
  };
}

/**
 * account-login-taken (warning): the account a record gave the identity's login was renamed, and
 * another user of the service holds that login now (anyone may register a freed GitHub login). The
 * record alone does not make the renamed account theirs: it is left unmanaged, and the identity is
 * planned by its login, as the one who holds it now. The reviewer checks that the holder is the person.
 */
export function accountLoginTaken(identity: Identity, taken: TakenLogin, account: TargetAccount, appId: string, attribute: string, policyAt: string): Finding {
  return {
    rule: "account-login-taken",
    severity: "warning",
    identity: identity.id,
    message: `${appId} account "${account.login}" (id ${account.id}) had ${identity.id}'s ${attribute} "${taken.was}" in ${taken.recordedIn}, but "${taken.was}" is another user's now (id ${taken.holder}): a login freed by a rename can be taken by anyone, so the account is not taken for ${identity.id}'s and nothing is granted to it or revoked from it on that record; ${identity.id} is planned by the login "${taken.was}"`,
    remediation: `check that user ${taken.holder} ("${taken.was}") is ${identity.id}; if ${identity.id} renamed their account to "${account.login}" instead, set attributes.${attribute}: "${account.login}" in their Person file${identity.definedAt ? ` (${identity.definedAt})` : ""}; then run \`scopesync state pull\` and commit it`,
    location: identity.definedAt ?? policyAt,
    controls: ["NIST-SP800-53-AC-2"],
  };
}
