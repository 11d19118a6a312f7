import { ScopesyncError } from "./errors.js";
import { isValidDate, leapSecond, parseDate } from "./time.js";

/**
 * The one place the wall clock is read. Everything downstream receives `now`; `--now` pins it so
 * tests and reviews reproduce a plan byte for byte. `name` is the setting as the user wrote it
 * (`--now`, or the Action's `input "now"`): an Action user never typed a flag, so an error about
 * one would send them looking for it.
 */
export function parseNow(value: string | undefined, name = "--now"): number {
  if (value === undefined) return Date.now();
  const leap = leapSecond(value);
  if (leap) throw new ScopesyncError(`${name} "${value}" is not a date: ${leap.problem}`, leap.fix);
  if (!isValidDate(value)) throw new ScopesyncError(`${name} "${value}" is not a date`, "use an RFC 3339 date-time such as 2026-11-26T09:00:00Z");
  const at = parseDate(value);
  // isValidDate admits only what Date parses; a NaN here would make every expiry "not yet".
  if (Number.isNaN(at)) throw new ScopesyncError(`${name} "${value}" is not a date`, "use an RFC 3339 date-time such as 2026-11-26T09:00:00Z");
  return at;
}
