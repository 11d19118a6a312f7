// Maps one LDAP entry to a SourceRecord the way an OpenLDAP export (inetOrgPerson) reads.
import type { Entry } from "ldapts";
import type { SourceRecord } from "../../model/source-record.js";
import { collectEmails } from "../common/emails.js";
import { isSecretAttribute } from "../common/raw.js";
import { firstRdnType, firstRdnValue } from "./dn.js";

/** An entry with every attribute as a list of strings, looked up case-insensitively. */
export interface LdapEntry {
  dn: string;
  /** Attribute name as the server spelled it -> values. */
  attributes: Map<string, { name: string; values: string[] }>;
}

function valueToString(value: string | Buffer): string {
  // ldapts decodes UTF-8 itself and hands back a Buffer only when that fails (binary data).
  return typeof value === "string" ? value : value.toString("base64");
}

/** ldapts returns one value as a string and several as an array (of strings or Buffers). */
export function normaliseEntry(entry: Entry): LdapEntry {
  const attributes: LdapEntry["attributes"] = new Map();
  for (const [name, value] of Object.entries(entry)) {
    if (name === "dn") continue;
    const values = (Array.isArray(value) ? value : [value]).map(valueToString);
    // Requested-but-absent attributes come back as []: treat them as absent.
    if (values.length === 0) continue;
    attributes.set(name.toLowerCase(), { name, values });
  }
  return { dn: entry.dn, attributes };
}

export function values(entry: LdapEntry, attribute: string): string[] {
  return entry.attributes.get(attribute.toLowerCase())?.values ?? [];
}

export function first(entry: LdapEntry, attribute: string): string | undefined {
  const value = values(entry, attribute)[0]?.trim();
  return value === "" ? undefined : value;
}

export interface RecordContext {
  source: string;
  anchor: string;
  statusAttribute?: string;
  disabledValues?: string[];
  /** Group names this entry belongs to, already deduplicated and sorted. */
  groups: string[];
  exportedAt: string;
}

/** The login: the RDN value when the entry is named by uid (uid can be multi-valued), else the first uid. */
function userName(entry: LdapEntry): string | undefined {
  if (firstRdnType(entry.dn) === "uid") return firstRdnValue(entry.dn);
  return first(entry, "uid");
}

function status(entry: LdapEntry, context: RecordContext): SourceRecord["status"] {
  // ppolicy: "000001010000Z" is a lock set by an administrator (a decision). Any other value is a
  // lockout after failed logins; it expires on its own and must not let anyone who can type a
  // wrong password offboard a colleague. Same rule as the ldif source.
  if (first(entry, "pwdAccountLockedTime") === "000001010000Z") return "suspended";
  if (context.statusAttribute && context.disabledValues) {
    const disabled = new Set(context.disabledValues.map((v) => v.toLowerCase()));
    if (values(entry, context.statusAttribute).some((v) => disabled.has(v.trim().toLowerCase()))) return "suspended";
  }
  return "active";
}

function raw(entry: LdapEntry): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = { dn: entry.dn };
  for (const [key, { name, values: list }] of [...entry.attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (isSecretAttribute(name)) continue;
    result[name] = list.length === 1 ? list[0]! : [...list];
  }
  return result;
}

/**
 * Maps an inetOrgPerson entry, or says what is missing when the entry cannot become a record
 * (no anchor, no login) so that the caller fails naming the DN instead of dropping it.
 */
export function entryToRecord(entry: LdapEntry, context: RecordContext): { record: SourceRecord } | { problem: string } {
  const externalId = first(entry, context.anchor);
  if (externalId === undefined) return { problem: `has no ${context.anchor} (the anchor attribute)` };
  const login = userName(entry);
  if (login === undefined) return { problem: "has no uid (the login)" };

  const record: SourceRecord = {
    source: context.source,
    externalId,
    kind: "person",
    userName: login,
    emails: collectEmails(values(entry, "mail")),
    name: {},
    status: status(entry, context),
    groups: context.groups,
    raw: raw(entry),
    exportedAt: context.exportedAt,
    position: entry.dn,
  };
  const given = first(entry, "givenName");
  const family = first(entry, "sn");
  const display = first(entry, "displayName") ?? first(entry, "cn");
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;

  const employeeId = first(entry, "employeeNumber");
  const department = first(entry, "departmentNumber") ?? first(entry, "ou");
  const title = first(entry, "title");
  const manager = first(entry, "manager");
  const employmentType = first(entry, "employeeType")?.toLowerCase();
  if (employeeId !== undefined) record.employeeId = employeeId;
  if (department !== undefined) record.department = department;
  if (title !== undefined) record.title = title;
  if (manager !== undefined) record.manager = manager;
  if (employmentType !== undefined) record.employmentType = employmentType;
  return { record };
}
