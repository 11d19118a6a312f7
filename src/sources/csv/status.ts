// HR status values vary by vendor and tenant. Mapping is explicit: an unknown value stops the
// run, because guessing "active" for "Retired" would keep a leaver's access.
import type { RecordStatus } from "../../model/source-record.js";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { stringMapOption } from "../common/options.js";
import { nfc } from "../../model/nfc.js";
import { readAlike, showCodePoints } from "../../model/alike-text.js";

export const DEFAULT_STATUS_VALUES: Readonly<Record<string, RecordStatus>> = {
  active: "active",
  leave: "suspended",
  "on leave": "suspended",
  suspended: "suspended",
  terminated: "terminated",
  inactive: "terminated",
};

const STATUSES: readonly string[] = ["active", "suspended", "terminated"];

/**
 * How a status value is looked up: trimmed, without case, in Unicode NFC ("Congé" typed composed in
 * scopesync.yaml is the decomposed "Congé" of an export made on a Mac).
 */
export function statusKey(value: string): string {
  return nfc(value.trim()).toLowerCase();
}

/**
 * For a refused status value that reads like a known one (a no-break space, a zero-width space, a
 * full-width letter: what statusKey does not fold), the sentence that says so with the code points
 * of both; empty otherwise, or the reader could not tell why "Congé" is not "congé".
 */
export function lookAlikeStatus(value: string, known: Iterable<string>): string {
  const key = statusKey(value);
  for (const k of known) {
    // Not JSON.stringify: it would double the backslash of each code point.
    if (readAlike(key, k)) return ` "${showCodePoints(value)}" only reads like the known "${showCodePoints(k)}": they differ in the characters written as code points; correct the export or map this value too.`;
  }
  return "";
}

/** Status key (statusKey) → status; configured values replace the defaults entirely. */
export function statusMap(context: SourceContext): Map<string, RecordStatus> {
  const configured = stringMapOption(context, "statusValues");
  const entries = configured ?? DEFAULT_STATUS_VALUES;
  const map = new Map<string, RecordStatus>();
  for (const [value, status] of Object.entries(entries)) {
    if (!STATUSES.includes(status)) {
      throw new SourceError(
        context.name,
        `options.statusValues.${value} is ${JSON.stringify(status)}, expected active, suspended or terminated`,
        `Fix sources.${context.name}.options.statusValues in scopesync.yaml.`,
      );
    }
    map.set(statusKey(value), status as RecordStatus);
  }
  return map;
}
