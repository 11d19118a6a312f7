// Which schema a user entry is written in, which decides where its login and its status are:
// - Active Directory (AD DS): sAMAccountName, userAccountControl, accountExpires;
// - AD LDS (formerly ADAM): the same objectGUID, but no sAMAccountName and no userAccountControl:
//   "In ADAM, this attribute [msDS-UserAccountDisabled] replaces the ADS_UF_ACCOUNTDISABLE flag of
//   the userAccountControl attribute" (learn.microsoft.com/windows/win32/adschema/a-msds-useraccountdisabled);
// - any other LDAP directory (OpenLDAP's inetOrgPerson): uid, entryUUID, an administrative lock.
import type { EntryValues } from "./entry-values.js";

export type DirectorySchema = "active-directory" | "ad-lds" | "ldap";

export function directorySchema(values: EntryValues): DirectorySchema {
  if (values.has("sAMAccountName") || values.has("userAccountControl")) return "active-directory";
  if (!values.has("objectGUID")) return "ldap";
  // An AD DS entry exported without both (an attribute list) stays AD DS, and its read stops on
  // the missing userAccountControl; only the attribute AD LDS has instead makes it AD LDS.
  return values.has("msDS-UserAccountDisabled") ? "ad-lds" : "active-directory";
}
