// The credential report's cell vocabulary: ISO 8601 times, TRUE/FALSE as "true"/"false", and
// "N/A", "no_information", "not_supported" for facts that do not apply or were never recorded.
import type { SourceError } from "../../model/errors.js";
import { normaliseDate } from "../common/dates.js";

const NONE = new Set(["N/A", "no_information", "not_supported", ""]);

/** Says what is wrong with a cell of the row being read. */
export type Fail = (what: string, hint?: string) => SourceError;

export function reportDate(value: string, column: string, fail: Fail): string | undefined {
  if (NONE.has(value)) return undefined;
  const date = normaliseDate(value);
  if (date === undefined) throw fail(`${column} ${JSON.stringify(value.slice(0, 40))} is not an ISO 8601 date-time`, "Save the report as GetCredentialReport returns it (base64-decoded).");
  return date;
}

export function reportBoolean(value: string, column: string, fail: Fail): boolean | undefined {
  if (value === "true") return true;
  if (value === "false") return false;
  if (NONE.has(value)) return undefined;
  throw fail(`${column} is ${JSON.stringify(value.slice(0, 40))}, expected true or false`);
}
