// The credential report's cell vocabulary: ISO 8601 times, TRUE/FALSE as "true"/"false", and
// "N/A", "no_information", "not_supported" for facts that do not apply or were never recorded.
import type { SourceError } from "../../model/errors.js";
import { normaliseDate } from "../common/dates.js";

const NONE = new Set(["N/A", "no_information", "not_supported", ""]);

export interface Cell {
  value: string;
  column: string;
}

export function reportDate(cell: Cell, fail: (what: string, hint?: string) => SourceError): string | undefined {
  if (NONE.has(cell.value)) return undefined;
  const date = normaliseDate(cell.value);
  if (date === undefined) throw fail(`${cell.column} ${JSON.stringify(cell.value.slice(0, 40))} is not an ISO 8601 date-time`, "Save the report as GetCredentialReport returns it (base64-decoded).");
  return date;
}

export function reportBoolean(cell: Cell, fail: (what: string, hint?: string) => SourceError): boolean | undefined {
  if (cell.value === "true") return true;
  if (cell.value === "false") return false;
  if (NONE.has(cell.value)) return undefined;
  throw fail(`${cell.column} is ${JSON.stringify(cell.value.slice(0, 40))}, expected true or false`);
}
