// LDIF export of OpenLDAP or Active Directory (ldapsearch -L, ldifde -f): people, service
// accounts and the groups they belong to.
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { readExportFile } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { stringOption } from "../common/options.js";
import { classify } from "./classify.js";
import { EntryValues } from "./entry-values.js";
import { Memberships, type MemberKey } from "./membership.js";
import { parseLdif } from "./parse-ldif.js";
import { userRecord } from "./user-record.js";
import { ldifSchema } from "./schema.js";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  const file = await readExportFile(context);
  const settings = {
    source: context.name,
    exportedAt: resolveExportedAt(context, [file]),
    anchor: stringOption(context, "anchor"),
  };
  // Users become records as they are read; only what membership needs is kept beside them,
  // because a group may list a user before or after the user's own entry.
  const memberships = new Memberships();
  const users: Array<{ record: SourceRecord; key: MemberKey }> = [];
  for (const entry of parseLdif(context, file.text, file.path)) {
    const values = new EntryValues(context, entry, file.path);
    const kind = classify(values);
    if (kind === "group") memberships.addGroup(values);
    else if (kind === "person" || kind === "service-account") {
      const record = userRecord(values, kind, settings);
      users.push({ record, key: { dn: entry.dn, userName: record.userName, memberOf: values.all("memberOf") } });
    }
  }
  return users.map(({ record, key }) => {
    record.groups = memberships.groupsOf(key);
    return record;
  });
}

/** `type: ldif` — an LDIF export; options `anchor` (attribute name) and `exportedAt`. */
export const ldifSource: SourceAdapter = { type: "ldif", live: false, schema: ldifSchema, read };
