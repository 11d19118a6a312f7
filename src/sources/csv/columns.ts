// Which column of the HR export holds which record field. HR systems name columns differently
// (Workday "Worker_ID", BambooHR "Employee #"), so the map is configurable per field.
import { SourceError } from "../../model/errors.js";
import { closest } from "../../model/suggest.js";
import type { SourceContext } from "../source.js";
import { stringMapOption } from "../common/options.js";
import { emptyHeaderError } from "./header-cells.js";
import { nearHeaders, nearHeadersError, type NearHeader } from "./near-headers.js";

export const DEFAULT_COLUMNS = {
  externalId: "WorkerID",
  userName: "UserID",
  givenName: "FirstName",
  familyName: "LastName",
  displayName: "DisplayName",
  email: "Email",
  status: "WorkerStatus",
  employmentType: "WorkerType",
  title: "JobTitle",
  department: "Department",
  manager: "ManagerID",
  hireDate: "HireDate",
  terminationDate: "TerminationDate",
  employeeId: "EmployeeID",
} as const;

export type Field = keyof typeof DEFAULT_COLUMNS;

// Without an anchor there is no identity, without a status no lifecycle decision.
const REQUIRED: readonly Field[] = ["externalId", "status"];

/** Field → index of its column in this file; optional columns may be absent. */
export type ColumnIndex = Partial<Record<Field, number>> & { externalId: number; status: number };

export interface Columns {
  index: ColumnIndex;
  /** Header text per field, for messages ("HireDate"). */
  header: Record<Field, string>;
}

export function resolveColumns(context: SourceContext, headers: readonly string[], shown: string): Columns {
  const configured = stringMapOption(context, "columns") ?? {};
  const header: Record<Field, string> = { ...DEFAULT_COLUMNS };
  for (const [field, column] of Object.entries(configured)) {
    if (!(field in DEFAULT_COLUMNS)) {
      throw new SourceError(
        context.name,
        `options.columns.${field} is not a record field`,
        `Valid fields: ${Object.keys(DEFAULT_COLUMNS).join(", ")}.`,
      );
    }
    header[field as Field] = column;
  }

  const empty = emptyHeaderError(context, shown, headers);
  if (empty !== undefined) throw empty;

  const positions = new Map<string, number>();
  headers.forEach((name, index) => {
    const key = name.trim();
    if (positions.has(key)) {
      throw new SourceError(context.name, `${shown} line 1: column ${JSON.stringify(key)} appears twice in the header`, "Rename or remove one of the columns.");
    }
    positions.set(key, index);
  });

  const index: Partial<Record<Field, number>> = {};
  const fields = Object.keys(DEFAULT_COLUMNS) as Field[];
  for (const field of fields) {
    const position = positions.get(header[field]);
    if (position !== undefined) index[field] = position;
    else if (REQUIRED.includes(field) || field in configured) {
      // Headers are matched exactly (but for the spaces around them): one that differs only in case
      // or spacing is almost surely the column meant, and is named rather than left to be found.
      const near = closest(header[field], positions.keys());
      throw new SourceError(
        context.name,
        `${shown} line 1: no column ${JSON.stringify(header[field])} (${field}) in the header${near === undefined ? "" : `; did you mean ${JSON.stringify(near)}?`}`,
        near === undefined
          ? `Export the column, or map ${field} to the right header with sources.${context.name}.options.columns.${field}.`
          : `Headers are matched exactly, case and spaces included: write sources.${context.name}.options.columns.${field}: ${JSON.stringify(near)}, or export the column as ${JSON.stringify(header[field])}.`,
      );
    }
  }
  // An absent optional default column is not read; one the export writes another way is named (near-headers.ts).
  const taken = new Set(Object.values(index));
  const near: NearHeader[] = [];
  for (const field of fields) {
    if (index[field] !== undefined) continue;
    const found = nearHeaders(header[field], positions, taken);
    if (found.length > 0) near.push({ field, wanted: header[field], found });
  }
  if (near.length > 0) throw nearHeadersError(context, shown, near);
  return { index: index as ColumnIndex, header };
}
