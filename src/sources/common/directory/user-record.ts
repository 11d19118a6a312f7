// One user entry → SourceRecord, for OpenLDAP (inetOrgPerson) and Active Directory schemas, the
// same for an LDIF export and a live read.
import { firstRdn } from "../../../model/dn.js";
import type { RecordKind, RecordStatus, SourceRecord } from "../../../model/source-record.js";
import { collectEmails, smtpProxyAddresses } from "../emails.js";
import { quote } from "../text.js";
import { ACCOUNT_DISABLE, accountExpiresToIso } from "./active-directory.js";
import type { EntryValues } from "./entry-values.js";
import type { DirectorySettings } from "./settings.js";

export function isActiveDirectory(values: EntryValues): boolean {
  return values.has("objectGUID") || values.has("sAMAccountName");
}

export function userRecord(values: EntryValues, kind: RecordKind, settings: DirectorySettings): SourceRecord {
  const ad = isActiveDirectory(values);
  const anchorName = settings.anchor ?? (ad ? "objectGUID" : "entryUUID");
  const externalId = values.first(anchorName);
  if (externalId === undefined) {
    throw values.fail(
      `no ${anchorName} (the anchor)`,
      ad
        ? "Include objectGUID in the export (ldifde exports it by default; with ldapsearch request it explicitly)."
        : "Request operational attributes in the export (ldapsearch ... '*' '+'), or set options.anchor.",
    );
  }
  const userName = ad ? values.first("sAMAccountName") : login(values);
  const { status, terminationDate } = ad ? adStatus(values, settings.exportedAt) : { status: openLdapStatus(values), terminationDate: undefined };

  const record: SourceRecord = {
    source: settings.source,
    externalId,
    kind,
    userName: userName ?? "",
    emails: collectEmails([...values.all("mail"), ...smtpProxyAddresses(values.all("proxyAddresses"))]),
    name: {},
    status: settings.status && hasDisabledValue(values, settings.status) && status === "active" ? "suspended" : status,
    groups: [],
    raw: values.raw(),
    exportedAt: settings.exportedAt,
    position: values.position,
  };
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
  multi(record, "employmentType", values.list("employeeType").map((v) => v.toLowerCase()));
  assign(record, "manager", values.first("manager"));
  assign(record, "terminationDate", terminationDate);
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

function hasDisabledValue(values: EntryValues, status: NonNullable<DirectorySettings["status"]>): boolean {
  return values.all(status.attribute).some((value) => status.disabledValues.has(value.trim().toLowerCase()));
}

/** AD: an expired account is a leaver (terminated), a disabled one is suspended. */
function adStatus(values: EntryValues, exportedAt: string): { status: RecordStatus; terminationDate?: string } {
  const flags = values.first("userAccountControl");
  if (flags === undefined) {
    throw values.fail("no userAccountControl: cannot tell whether the account is enabled", "Include userAccountControl in the export.");
  }
  if (!/^\d+$/.test(flags)) throw values.fail(`userAccountControl ${quote(flags)} is not a number`);
  const expiresText = values.first("accountExpires");
  let expires: string | null | undefined = null;
  if (expiresText !== undefined) {
    expires = accountExpiresToIso(expiresText);
    if (expires === undefined) throw values.fail(`accountExpires ${quote(expiresText)} is not a Windows FILETIME`);
  }
  const result: { status: RecordStatus; terminationDate?: string } = { status: "active" };
  if (expires !== null) result.terminationDate = expires;
  if (expires !== null && Date.parse(expires) <= Date.parse(exportedAt)) result.status = "terminated";
  else if ((Number(flags) & ACCOUNT_DISABLE) !== 0) result.status = "suspended";
  return result;
}

// ppolicy's pwdAccountLockedTime "000001010000Z" is a lock set by an administrator (a decision);
// any other value is a temporary lockout after failed logins, which does not end the entitlement:
// it must not let anyone who can type a wrong password offboard a colleague.
function openLdapStatus(values: EntryValues): RecordStatus {
  return values.first("pwdAccountLockedTime") === "000001010000Z" ? "suspended" : "active";
}

function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
