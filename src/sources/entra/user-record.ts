// One Microsoft Graph user (GET /users item, ideally with $select and $expand=manager) → SourceRecord.
import type { RecordStatus, SourceRecord } from "../../model/source-record.js";
import { collectEmails, smtpProxyAddresses } from "../common/emails.js";
import { isOnOrBefore } from "../common/dates.js";
import type { JsonEntry } from "../common/json-entry.js";
import { isProtocolKey } from "../common/json-pages.js";
import { isObject } from "../common/json.js";
import { flattenJson } from "../common/raw.js";

const SELECT_HINT =
  "Export with $select=id,userPrincipalName,mail,proxyAddresses,givenName,surname,displayName,accountEnabled," +
  "employeeId,employeeType,department,jobTitle,userType,onPremisesImmutableId,employeeHireDate,employeeLeaveDateTime" +
  "&$expand=manager($select=id): Graph returns only a few properties by default.";

export function entraRecord(user: JsonEntry, source: string, exportedAt: string): SourceRecord {
  const externalId = user.requiredString("id", SELECT_HINT);
  const enabled = user.boolean("accountEnabled");
  // accountEnabled is not in Graph's default property set; its absence says nothing about the account.
  if (enabled === undefined) throw user.fail("accountEnabled is missing", SELECT_HINT);
  const leave = user.date("employeeLeaveDateTime");
  let status: RecordStatus = enabled ? "active" : "suspended";
  if (leave !== undefined && isOnOrBefore(leave, exportedAt)) status = "terminated";

  const userType = user.string("userType");
  const record: SourceRecord = {
    source,
    externalId,
    kind: "person",
    userName: user.requiredString("userPrincipalName", SELECT_HINT),
    // otherMails are often private addresses: kept in raw, not used to correlate.
    emails: collectEmails([user.string("mail"), ...smtpProxyAddresses(user.strings("proxyAddresses"))]),
    name: {},
    status,
    groups: groupNames(user),
    raw: flattenJson(user.value, isProtocolKey),
    exportedAt,
    position: user.position,
  };
  const given = user.string("givenName");
  const family = user.string("surname");
  const display = user.string("displayName");
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;
  assign(record, "employeeId", user.string("employeeId"));
  assign(record, "department", user.string("department"));
  assign(record, "title", user.string("jobTitle"));
  assign(record, "manager", managerId(user));
  assign(record, "employmentType", userType?.toLowerCase() === "guest" ? "guest" : user.string("employeeType")?.toLowerCase());
  assign(record, "hireDate", user.date("employeeHireDate"));
  assign(record, "terminationDate", leave);
  return record;
}

function managerId(user: JsonEntry): string | undefined {
  const manager = user.get("manager");
  if (manager === undefined) return undefined;
  if (!isObject(manager)) throw user.fail("manager is not an object (expected the $expand=manager form)");
  return user.requiredString("manager.id", "Expand the manager with $expand=manager($select=id).");
}

/** $expand=memberOf, when present: the display names of the groups (not roles or units). */
function groupNames(user: JsonEntry): string[] {
  const names = new Set<string>();
  for (const item of user.objects("memberOf")) {
    const type = item["@odata.type"];
    const name = item["displayName"];
    if ((type === undefined || type === "#microsoft.graph.group") && typeof name === "string" && name.trim() !== "") {
      names.add(name.trim());
    }
  }
  return [...names].sort();
}

function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
