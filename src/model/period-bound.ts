// A period's bound as a user gives it on the command line (`report leavers --since/--until`). A
// bare date means a day where the organisation is: with scopesync.yaml `timeZone` that zone's day,
// from its local midnight, as a source's bare termination date is (sources/zone-days.ts). Read as a
// UTC day, a Berlin leaver of 1 November (left at 2026-10-31T23:00Z) fell in October's report and
// was missing from November's. A date-time is an instant and keeps its own zone.
import { dayEnd, inZone, parseDate } from "./time.js";

/**
 * The instant a bound names: a bare date's first instant in `zone` (UTC when absent), or, with
 * `endOfDay` (an `--until` date, the day included), the first instant after it; a date-time as it is.
 */
export function periodBound(value: string, zone: string | undefined, endOfDay: boolean): number {
  const day = inZone(value, zone);
  return endOfDay ? dayEnd(day) : parseDate(day);
}
