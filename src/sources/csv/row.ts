// One HR row → one SourceRecord. HR is usually authoritative for lifecycle, so every value that
// drives a decision (anchor, status, dates) is checked and a bad one stops the run.
import type { RecordStatus, SourceRecord } from "../../model/source-record.js";
import { employmentTypeOf } from "../common/employment-type.js";
import { SourceError } from "../../model/errors.js";
import { NO_STRINGS } from "../../model/shared-lists.js";
import type { SourceContext } from "../source.js";
import { DATE_FIX, HR_DATE_FORMATS, normaliseHrDate } from "../common/dates.js";
import { collectEmails } from "../common/emails.js";
import { isSecretAttribute, type RawAttributes } from "../common/raw.js";
import { quote } from "../common/text.js";
import type { Columns, Field } from "./columns.js";
import type { CsvRow } from "./parse.js";
import { joined } from "../../model/joined.js";
import { lookAlikeStatus, statusKey } from "./status.js";
import { invisibleCharacter } from "./invisible-id.js";
import { fileTimeCell } from "./ad-expiry.js";
import { judgedAt } from "../common/judged-at.js";
import { TERMINATED_BY } from "../../model/dated-leaving.js";

/** Fields that hold ids, compared character by character (invisible-id.ts). */
const ID_FIELDS: readonly Field[] = ["externalId", "userName", "employeeId", "manager"];

export interface RowContext {
  context: SourceContext;
  shown: string;
  headers: readonly string[];
  /** Indexes of the columns that may go to raw (secrets removed once, not per row). */
  rawColumns: readonly number[];
  columns: Columns;
  statuses: Map<string, RecordStatus>;
  /** options.employmentTypeValues (employment-type.ts). */
  employmentTypes: ReadonlyMap<string, string>;
  exportedAt: string;
  /** Indexes of the columns whose values many rows share (see rowToRecord). */
  repeatedColumns: readonly number[];
  /** One string for each distinct value of those columns. */
  intern: (value: string) => string;
}

/** Fields whose values repeat across rows: a few hundred departments and titles, managers, statuses. */
const REPEATED_FIELDS: readonly Field[] = ["department", "title", "manager", "employmentType", "status"];

/** The columns of REPEATED_FIELDS in this file. */
export function repeatedColumnIndexes(columns: Columns): number[] {
  return REPEATED_FIELDS.flatMap((field) => (columns.index[field] === undefined ? [] : [columns.index[field]!]));
}


export function rowToRecord(rc: RowContext, row: CsvRow, rowNumber: number): SourceRecord {
  // One string per distinct value of the columns that repeat, shared by the record and raw.
  for (const index of rc.repeatedColumns) {
    const text = row.fields[index];
    if (text !== undefined) row.fields[index] = rc.intern(text);
  }
  const position = joined(rc.shown, " row ", rowNumber, " (line ", row.line, ")");
  const fail = (what: string, hint?: string) => new SourceError(rc.context.name, `${position}: ${what}`, hint);
  const value = (field: Field): string | undefined => {
    const index = rc.columns.index[field];
    const text = index === undefined ? undefined : row.fields[index]?.trim();
    return text === "" ? undefined : text;
  };
  const date = (field: Field): string | undefined => {
    const text = value(field);
    if (text === undefined) return undefined;
    const normalised = normaliseHrDate(text);
    if (normalised === undefined) {
      const orFileTime = field === "terminationDate" ? ", or an Active Directory accountExpires: a FILETIME of 17 or more digits, 0 or 9223372036854775807 for never" : "";
      throw fail(`${rc.columns.header[field]} ${quote(text)} is not a date (${HR_DATE_FORMATS}${orFileTime})`, DATE_FIX);
    }
    return normalised;
  };

  for (const field of ID_FIELDS) {
    const text = value(field);
    const invisible = text === undefined ? undefined : invisibleCharacter(text);
    if (invisible !== undefined) {
      throw fail(
        `${rc.columns.header[field]} ${quote(text)} holds an invisible character, ${invisible.codePoint} at character ${invisible.at}: ids are compared character by character, so it is not the id it shows`,
        "Remove the character in the HR system (it comes with text pasted from a chat or a web page) and export again.",
      );
    }
  }

  const externalId = value("externalId");
  if (externalId === undefined) {
    throw fail(`${rc.columns.header.externalId} (the anchor) is empty`, "Every worker needs its immutable worker id; fix the row in the HR export.");
  }
  const statusText = value("status");
  if (statusText === undefined) throw fail(`${rc.columns.header.status} is empty`, "Every worker needs a status; fix the row in the HR export.");
  const status = rc.statuses.get(statusKey(statusText));
  if (status === undefined) {
    throw fail(
      `unknown ${rc.columns.header.status} ${quote(statusText)}`,
      `Map it in sources.${rc.context.name}.options.statusValues to active, suspended or terminated (known: ${[...rc.statuses.keys()].join(", ")}).${lookAlikeStatus(statusText, rc.statuses.keys())}`,
    );
  }

  const raw: RawAttributes = {};
  for (const index of rc.rawColumns) {
    const text = row.fields[index];
    if (text !== undefined && text !== "") raw[rc.headers[index]!] = text;
  }

  const record: SourceRecord = {
    source: rc.context.name,
    externalId,
    kind: "person",
    // A new hire may not have a login yet; the quality gates decide whether that is acceptable.
    userName: value("userName") ?? "",
    emails: collectEmails([value("email")]),
    name: {},
    employeeId: value("employeeId") ?? externalId,
    status,
    // An HR export names no groups: one shared empty list for every row.
    groups: NO_STRINGS,
    raw,
    exportedAt: rc.exportedAt,
    position,
  };
  const given = value("givenName");
  const family = value("familyName");
  const display = value("displayName");
  if (given !== undefined) record.name.given = given;
  if (family !== undefined) record.name.family = family;
  if (display !== undefined) record.name.display = display;
  assign(record, "department", value("department"));
  assign(record, "title", value("title"));
  assign(record, "manager", value("manager"));
  const employmentType = employmentTypeOf(value("employmentType"), rc.employmentTypes);
  assign(record, "employmentType", employmentType === undefined ? undefined : rc.intern(employmentType));
  assign(record, "hireDate", date("hireDate"));
  // An AD accountExpires (ad-expiry.ts): a passed expiry is the leaving, as the ldif source reads it.
  const expiresText = value("terminationDate");
  const expiry = expiresText === undefined ? undefined : fileTimeCell(expiresText, judgedAt(rc.exportedAt, rc.context.now));
  if (expiry === undefined) assign(record, "terminationDate", date("terminationDate"));
  else if (expiry.date !== null) {
    record.terminationDate = expiry.date;
    if (expiry.passed) {
      record.status = "terminated";
      record.attributes = { [TERMINATED_BY]: rc.columns.header.terminationDate };
    }
  }
  return record;
}

function assign<K extends keyof SourceRecord>(record: SourceRecord, key: K, value: SourceRecord[K] | undefined): void {
  if (value !== undefined) record[key] = value;
}

/** Columns whose header does not name a secret (an HR export should have none, but some do). */
export function rawColumnIndexes(headers: readonly string[]): number[] {
  return headers.flatMap((header, index) => (isSecretAttribute(header) ? [] : [index]));
}
