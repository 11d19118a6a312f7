// Turns the entries of a directory (from an LDIF file or a live search) into records: people and
// service accounts become records, groups become their memberships. One function for both
// sources, so that the same directory gives the same records either way.
import type { SourceRecord } from "../../../model/source-record.js";
import type { SourceContext } from "../../source.js";
import { classify } from "./classify.js";
import { ClasslessEntries, isClassless } from "./classless.js";
import { DeletedObjects, isDeletedObject } from "./deleted-object.js";
import { directorySchema } from "./directory-schema.js";
import type { EntryValues } from "./entry-values.js";
import { Memberships, type MemberKey } from "./memberships.js";
import { primaryGroupOf } from "./primary-group.js";
import type { DirectorySettings } from "./settings.js";
import { userRecord } from "./user-record.js";

export interface DirectoryRead {
  records: SourceRecord[];
  /** Group entries read (to warn when a group search found none). */
  groups: number;
}

/**
 * `people` entries that are neither a person nor a service account are passed to `other`, which
 * decides (skip them in an LDIF export of everything; fail a live search whose filter chose them).
 */
export function readEntries(
  context: SourceContext,
  entries: Iterable<EntryValues>,
  settings: DirectorySettings,
  other: (values: EntryValues, kind: "group" | "other") => void = () => undefined,
): DirectoryRead {
  // Users become records as they are read; only what membership needs is kept beside them,
  // because a group may list a user before or after the user's own entry.
  const memberships = new Memberships(context.name, settings.maxGroupDepth);
  const users: Array<{ record: SourceRecord; key: MemberKey }> = [];
  const deleted = new DeletedObjects();
  const classless = new ClasslessEntries();
  let read = 0;
  for (const values of entries) {
    read += 1;
    // Gone from the directory (deleted-object.ts): read as absent, so that absence decides.
    if (isDeletedObject(values)) {
      deleted.add(values);
      continue;
    }
    // Not "other": an entry that does not say what it is may be a person (classless.ts).
    if (isClassless(values)) {
      classless.add(values);
      continue;
    }
    const kind = classify(values, settings.groupClasses);
    if (kind === "group") {
      memberships.addGroup(values);
      other(values, kind);
    } else if (kind === "person" || kind === "service-account") {
      const record = userRecord(values, kind, settings);
      const logins = directorySchema(values) === "active-directory" ? values.all("sAMAccountName") : values.all("uid");
      const key: MemberKey = { dn: values.dn, logins, memberOf: values.all("memberOf"), position: values.position };
      const primaryGroup = primaryGroupOf(values);
      if (primaryGroup) key.primaryGroup = primaryGroup;
      users.push({ record, key });
    } else if (kind !== "trust-account") other(values, kind);
    // A trust account is a machine credential (classify.ts): no identity, and no error, for either source.
  }
  const unclassified = classless.error(context, read);
  if (unclassified) throw unclassified;
  memberships.link();
  const records = users.map(({ record, key }) => {
    const groups = memberships.groupsOf(key);
    record.groups = groups.names;
    if (groups.refs.length > 0) record.groupRefs = groups.refs;
    return record;
  });
  for (const finding of memberships.findings()) context.warn?.(finding);
  const deletedFinding = deleted.finding(context.name);
  if (deletedFinding) context.warn?.(deletedFinding);
  return { records, groups: memberships.size };
}
