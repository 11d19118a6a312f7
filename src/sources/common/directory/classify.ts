// What a directory entry is, from its objectClass values. Exports carry containers (ou, domain)
// too; those are structure, not identities, and are skipped. An entry with no objectClass at all
// never gets here: it stops the read (classless.ts), since it may be a person.
import { TRUST_ACCOUNT_FLAGS, TRUST_ACCOUNT_TYPES } from "./active-directory.js";
import type { EntryValues } from "./entry-values.js";

/**
 * `trust-account`: an AD machine credential with a person's classes (an interdomain trust account
 * is a plain `user` object, and AD's documented people filter selects it): skipped by both
 * sources, never a person, never an error.
 */
export type EntryKind = "person" | "service-account" | "group" | "trust-account" | "other";

/** Group classes read by default: AD `group`, RFC 4519 `groupOfNames`/`groupOfUniqueNames`, RFC 2307 `posixGroup`. */
export const DEFAULT_GROUP_CLASSES = ["group", "groupOfNames", "groupOfUniqueNames", "posixGroup"];
const HUMAN = ["inetorgperson", "organizationalperson", "person", "user"];
// AD managed service accounts derive from computer, so they are checked before computers.
const AD_SERVICE = ["msds-managedserviceaccount", "msds-groupmanagedserviceaccount", "msds-delegatedmanagedserviceaccount"];
// OpenLDAP entries that exist only to bind (daemons, applications) and carry no person class.
const LDAP_SERVICE = ["applicationprocess", "simplesecurityobject"];
// RFC 2307 logins without a person class are how NIS migrations store people: not clearly a service.
const LOGIN = ["posixaccount", "account"];
// Computer trust accounts and mail contacts are not identities provisioned to applications.
const NOT_IDENTITY = ["computer", "contact"];

/** `groupClasses` are lower-cased object class names that make an entry a group. */
export function classify(values: EntryValues, groupClasses: ReadonlySet<string>): EntryKind {
  const classes = new Set(values.all("objectClass").map((name) => name.trim().toLowerCase()));
  const any = (names: Iterable<string>) => [...names].some((name) => classes.has(name));
  if (any(groupClasses)) return "group";
  if (any(AD_SERVICE)) return "service-account";
  if (any(NOT_IDENTITY)) return "other";
  if (isTrustAccount(values)) return "trust-account";
  if (any(HUMAN)) return "person";
  if (any(LDAP_SERVICE)) return "service-account";
  if (any(LOGIN)) return "person";
  return "other";
}

/** AD says by userAccountControl (or sAMAccountType) what its objectClass does not: a machine account. */
function isTrustAccount(values: EntryValues): boolean {
  const flags = values.first("userAccountControl");
  if (flags !== undefined && /^\d+$/.test(flags) && (Number(flags) & TRUST_ACCOUNT_FLAGS) !== 0) return true;
  const type = values.first("sAMAccountType");
  return type !== undefined && TRUST_ACCOUNT_TYPES.has(type);
}
