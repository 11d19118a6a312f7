// The live `ldap` source: reads people (inetOrgPerson) and their groups from an LDAP directory.
import type { SourceAdapter } from "../source.js";
import { readLdap } from "./read-ldap.js";
import { ldapSchema } from "./schema.js";

export const ldapSource: SourceAdapter = {
  type: "ldap",
  live: true,
  schema: ldapSchema,
  read: (context) => readLdap(context),
};
