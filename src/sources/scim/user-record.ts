// One SCIM User resource (RFC 7643 §4.1, enterprise extension §4.3) → SourceRecord.
import type { SourceRecord } from "../../model/source-record.js";
import { collectEmails } from "../common/emails.js";
import type { JsonEntry } from "../common/json-entry.js";
import { trimmedText, type JsonObject } from "../common/json.js";
import { flattenJson } from "../common/raw.js";
import { employmentTypeOf } from "../common/employment-type.js";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export interface ScimSettings {
  source: string;
  exportedAt: string;
  /** "work": the primary address and those typed work; "all": every address (options.emails). */
  emails: "work" | "all";
  /** options.employmentTypeValues (common/employment-type.ts): userType's words as policies name them. */
  employmentTypes: ReadonlyMap<string, string>;
}

export function scimRecord(user: JsonEntry, settings: ScimSettings): SourceRecord {
  const { source, exportedAt } = settings;
  const externalId = user.requiredString("id", "SCIM resources always carry the service provider's id; export the resources unmodified.");
  // RFC 7643 §4.1.1 leaves "active" optional and many providers omit it: a user without it is
  // active, as the scim target reads one (a leaver shows as gone or active: false, never by silence).
  const active = user.boolean("active") ?? true;
  const enterprise = (...keys: string[]) => user.string([ENTERPRISE, ...keys]);

  const record: SourceRecord = {
    source,
    externalId,
    kind: "person",
    userName: user.requiredString("userName", "userName is required by RFC 7643; export the full User resource."),
    emails: collectEmails(primaryFirst(correlationEmails(user.objects("emails"), settings)).map((email) => trimmedText(email["value"]))),
    name: {},
    status: active ? "active" : "suspended",
    groups: [],
    raw: flattenJson(user.value),
    exportedAt,
    position: user.position,
  };
  const given = user.string("name.givenName");
  const family = user.string("name.familyName");
  const display = user.string("displayName") ?? user.string("name.formatted");
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;
  assign(record, "employeeId", enterprise("employeeNumber"));
  assign(record, "department", enterprise("department"));
  assign(record, "manager", enterprise("manager", "value"));
  assign(record, "title", user.string("title"));
  assign(record, "employmentType", employmentTypeOf(user.string("userType"), settings.employmentTypes));
  return record;
}

/**
 * Addresses that identify the person across systems: the primary one and those typed work
 * (RFC 7643 canonical types work, home, other). A home address is often shared or private and
 * would merge the wrong people; it stays in raw. options.emails: all takes every address.
 */
function correlationEmails(items: JsonObject[], settings: ScimSettings): JsonObject[] {
  if (settings.emails === "all") return items;
  return items.filter((item) => item["primary"] === true || (typeof item["type"] === "string" && item["type"].toLowerCase() === "work"));
}

/** The entry marked primary first, the others in export order (RFC 7643: at most one primary). */
export function primaryFirst(items: JsonObject[]): JsonObject[] {
  return [...items.filter((item) => item["primary"] === true), ...items.filter((item) => item["primary"] !== true)];
}

/** Group names from User.groups[] (display, which is the group's displayName). */
export function userGroupRefs(user: JsonEntry): Array<{ id?: string; display?: string }> {
  return user.objects("groups").map((group) => {
    const ref: { id?: string; display?: string } = {};
    const id = trimmedText(group["value"]);
    const display = trimmedText(group["display"]);
    if (id !== undefined) ref.id = id;
    if (display !== undefined) ref.display = display;
    return ref;
  });
}


function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}
