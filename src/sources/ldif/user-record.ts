// One user entry → SourceRecord, for OpenLDAP (inetOrgPerson) and Active Directory schemas.
import type { RecordKind, RecordStatus, SourceRecord } from "../../model/source-record.js";
import { collectEmails, smtpProxyAddresses } from "../common/emails.js";
import { quote } from "../common/text.js";
import { ACCOUNT_DISABLE, accountExpiresToIso } from "./active-directory.js";
import type { EntryValues } from "./entry-values.js";

export interface UserSettings {
  source: string;
  exportedAt: string;
  /** options.anchor, or undefined for the schema's default (objectGUID / entryUUID). */
  anchor: string | undefined;
}

export function isActiveDirectory(values: EntryValues): boolean {
  return values.has("objectGUID") || values.has("sAMAccountName");
}

export function userRecord(values: EntryValues, kind: RecordKind, settings: UserSettings): SourceRecord {
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
  const { status, terminationDate } = ad ? adStatus(values, settings.exportedAt) : { status: openLdapStatus(values), terminationDate: undefined };

  const record: SourceRecord = {
    source: settings.source,
    externalId,
    kind,
    userName: (ad ? values.first("sAMAccountName") : values.first("uid")) ?? "",
    emails: collectEmails([...values.all("mail"), ...smtpProxyAddresses(values.all("proxyAddresses"))]),
    name: {},
    status,
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
  assign(record, "department", ad ? values.first("department") : values.first("departmentNumber") ?? values.first("ou"));
  assign(record, "title", values.first("title"));
  assign(record, "manager", values.first("manager"));
  assign(record, "employmentType", values.first("employeeType")?.toLowerCase());
  assign(record, "terminationDate", terminationDate);
  return record;
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
// any other value is a temporary lockout after failed logins, which does not end the entitlement.
function openLdapStatus(values: EntryValues): RecordStatus {
  return values.first("pwdAccountLockedTime") === "000001010000Z" ? "suspended" : "active";
}

function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
