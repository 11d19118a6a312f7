// Every source's records are brought to Unicode NFC here, where they are read (registry.ts
// readSource, snapshot.ts parseSnapshot), once: a decomposed export ("De" + "\u0301" for "Dé") then
// matches `where: { department: Développement }`, reads as no move against a snapshot written in
// NFC, and gives the app the same value it already holds (model/nfc.ts says why). NFC is
// canonically equivalent to what the source wrote: every reader shows the same text.
//
// What is compared as text is normalised: login, emails, names, employee id, department, title,
// employment type, group names and the further attributes `where:` reads. What is a reference is
// left as the source wrote it, as model/keys.ts and config/identity-ids.ts leave it: the anchor
// (`externalId`, an opaque case-exact key, also written into apps' accounts), `manager` (an anchor
// or a DN, resolved against anchors and `raw.dn`), group ids, and `raw`, kept as exported for
// `explain`, custom rules and the DNs managers name.
import type { SourceRecord } from "../model/source-record.js";
import { nfc } from "../model/nfc.js";

/** The records, each with its compared texts in NFC (in place: a text already in NFC is kept as it is). */
export function nfcRecords(records: SourceRecord[]): SourceRecord[] {
  for (const record of records) nfcRecord(record);
  return records;
}

// A snapshot is read here too, and can be edited by hand: a field of another shape is left as it
// is (what planning reads is checked where it is read), never a crash of this pass.
function nfcRecord(r: SourceRecord): void {
  // Assigned only where the value changes: an absent field stays absent (no `department: undefined`).
  const set = <K extends "userName" | "emails" | "employeeId" | "department" | "title" | "employmentType" | "groups">(key: K, value: SourceRecord[K]) => {
    if (value !== r[key]) r[key] = value;
  };
  set("userName", text(r.userName));
  set("emails", nfcList(r.emails));
  if (r.name && typeof r.name === "object") {
    const given = text(r.name.given);
    const family = text(r.name.family);
    const display = text(r.name.display);
    // A new object only when a name changes: adapters may share one between records.
    if (given !== r.name.given || family !== r.name.family || display !== r.name.display) r.name = withNames(r.name, given, family, display);
  }
  set("employeeId", text(r.employeeId));
  set("department", text(r.department));
  set("title", text(r.title));
  set("employmentType", text(r.employmentType));
  set("groups", nfcList(r.groups));
  if (Array.isArray(r.groupRefs) && r.groupRefs.some((g) => typeof g?.name === "string" && nfc(g.name) !== g.name)) {
    r.groupRefs = r.groupRefs.map((g) => (typeof g?.name === "string" ? { ...g, name: nfc(g.name) } : g));
  }
  if (r.attributes && typeof r.attributes === "object") {
    const attributes = nfcAttributes(r.attributes);
    if (attributes !== r.attributes) r.attributes = attributes;
  }
}

/** A text in NFC; anything else (absent, or of another shape in a hand-edited snapshot) as it is. */
function text<T>(value: T): T {
  return (typeof value === "string" ? nfc(value) : value) as T;
}

function withNames(name: SourceRecord["name"], given: string | undefined, family: string | undefined, display: string | undefined): SourceRecord["name"] {
  const out: SourceRecord["name"] = { ...name };
  if (given !== undefined) out.given = given;
  if (family !== undefined) out.family = family;
  if (display !== undefined) out.display = display;
  return out;
}

/** The list, or a new one where an item changes: lists are often shared (model/shared-lists.ts). */
function nfcList<T>(list: T): T {
  if (!Array.isArray(list)) return list;
  for (let i = 0; i < list.length; i++) {
    if (text(list[i]) !== list[i]) return list.map(text) as T;
  }
  return list;
}

type Attributes = NonNullable<SourceRecord["attributes"]>;

function nfcAttributes(attributes: Attributes): Attributes {
  let out: Attributes | undefined;
  for (const [key, value] of Object.entries(attributes)) {
    const normalised = typeof value === "string" ? nfc(value) : Array.isArray(value) ? nfcList(value) : value;
    if (normalised !== value) (out ??= { ...attributes })[key] = normalised;
  }
  return out ?? attributes;
}
