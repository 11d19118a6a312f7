// One user entry → SourceRecord, for OpenLDAP (inetOrgPerson) and Active Directory schemas, the
// same for an LDIF export and a live read.
import { firstRdn } from "../../../model/dn.js";
import { ACCOUNT_DISABLED } from "../../../model/directory-disabled.js";
import { TERMINATED_BY } from "../../../model/dated-leaving.js";
import type { RecordKind, SourceRecord } from "../../../model/source-record.js";
import { aliasesBesides, collectEmails, smtpPrimaries, smtpProxyAddresses } from "../emails.js";
import { accountStatus } from "./account-status.js";
import { directorySchema } from "./directory-schema.js";
import type { EntryValues } from "./entry-values.js";
import type { DirectorySettings } from "./settings.js";
import { employmentTypeOf } from "../employment-type.js";

export function userRecord(values: EntryValues, kind: RecordKind, settings: DirectorySettings): SourceRecord {
  const schema = directorySchema(values);
  // AD LDS shares AD's schema for everything but the login and the status.
  const ad = schema !== "ldap";
  const anchorName = settings.anchor ?? (ad ? "objectGUID" : "entryUUID");
  const externalId = values.anchor(anchorName);
  if (externalId === undefined) {
    throw values.fail(
      `no ${anchorName} (the anchor)`,
      ad
        ? "Include objectGUID in the export (ldifde exports it by default; with ldapsearch request it explicitly)."
        : "Request operational attributes in the export (ldapsearch ... '*' '+'), or set options.anchor.",
    );
  }
  const userName = schema === "active-directory" ? values.first("sAMAccountName") : schema === "ad-lds" ? login(values) ?? values.first("userPrincipalName") : login(values);
  const { status, terminationDate, disabled, terminatedBy } = accountStatus(values, schema, settings);

  const record: SourceRecord = {
    source: settings.source,
    externalId,
    kind,
    userName: userName ?? "",
    emails: collectEmails([...values.all("mail"), ...smtpProxyAddresses(values.all("proxyAddresses"))]),
    name: {},
    status,
    groups: [],
    raw: values.raw(),
    exportedAt: settings.exportedAt,
    position: values.position,
  };
  // Exchange's proxyAddresses: "SMTP:" the primary, a lower-case "smtp:" an alias, receive only: a
  // weaker correlation key than mail (resolve/alias-matches.ts).
  assign(record, "aliases", aliasesBesides(record.emails, [...values.all("mail"), ...smtpPrimaries(values.all("proxyAddresses"))]));
  const given = values.first("givenName");
  const family = values.first("sn");
  const display = values.first("displayName") ?? (kind === "person" ? values.first("cn") : undefined);
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;
  assign(record, "employeeId", ad ? values.first("employeeID") ?? values.first("employeeNumber") : values.first("employeeNumber"));
  // Attributes people write rules on are multi-valued in the schema (an inetOrgPerson may hold
  // "title: Captain" and "title: Pilot"): the first value is the record's, all of them go to
  // `attributes` so that `where: { title: Pilot }` matches too.
  multi(record, "department", ad ? values.list("department") : first(values.list("departmentNumber"), values.list("ou")));
  multi(record, "title", values.list("title"));
  multi(record, "employmentType", [...new Set(values.list("employeeType").map((v) => employmentTypeOf(v, settings.employmentTypes)!))]);
  assign(record, "manager", values.first("manager"));
  assign(record, "terminationDate", terminationDate);
  // The directory's own words for a disabled account, for every text that rests on it (model/directory-disabled.ts).
  if (disabled !== undefined) (record.attributes ??= {})[ACCOUNT_DISABLED] = disabled;
  // The expiry that made it a leaver's, for the plan's reason (model/dated-leaving.ts).
  if (terminatedBy !== undefined) (record.attributes ??= {})[TERMINATED_BY] = terminatedBy;
  return record;
}

/** The login: the uid; when uid has several values, the one the entry is named by (its RDN). */
function login(values: EntryValues): string | undefined {
  const uids = values.list("uid");
  if (uids.length <= 1) return uids[0];
  const rdn = firstRdn(values.dn, "uid");
  const named = rdn?.type === "uid" ? uids.find((uid) => uid.toLowerCase() === rdn.value.trim().toLowerCase()) : undefined;
  return named ?? uids[0];
}

function first(...lists: string[][]): string[] {
  return lists.find((list) => list.length > 0) ?? [];
}

function multi(record: SourceRecord, key: "department" | "title" | "employmentType", list: string[]): void {
  if (list.length === 0) return;
  record[key] = list[0]!;
  if (list.length > 1) (record.attributes ??= {})[key] = list;
}

function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
