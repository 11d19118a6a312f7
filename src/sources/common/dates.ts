// Dates leave the adapters as ISO 8601 strings so that every later stage compares like with like.
// Only unambiguous forms are accepted: "03/04/2025" could be March or April, so it is an error.
// Second 60 (a leap second) is refused, as everywhere in scopesync (model/time.ts): Date cannot hold it.
import { isCalendarDate, isZonedDate, parseDate } from "../../model/time.js";
import { digitsAt as digits, numberAt as number } from "../../model/digits.js";

/** The calendar check every date reader shares (model/time.ts); exported here for the adapters and their tests. */
export { isCalendarDate };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/** What callers add to "is not a date" messages. */
export const DATE_FORMATS = "expected YYYY-MM-DD or an RFC 3339 date-time with a time zone";

/** What an HR export's hire and termination dates may be (normaliseHrDate): DATE_FORMATS and a date with its zone offset. */
export const HR_DATE_FORMATS = "expected YYYY-MM-DD, a date with its zone offset such as 2026-03-31-07:00, or an RFC 3339 date-time with a time zone";

/**
 * How to fix a date an export gives in another form. A date-time names an instant: a last working
 * day converted to its start (2026-03-31T00:00:00-07:00) would end the employment a day early, so
 * the advice keeps it a day, or names its end, as Microsoft's Workday-to-AD mapping does.
 */
export const DATE_FIX = "Export dates as YYYY-MM-DD, or with the zone offset the system gives (2026-03-31-07:00, as Workday writes them). A date-time is an instant: write a last working day as its end (2026-03-31T23:59:59-07:00), never as its start.";

/**
 * Normalises a date ("2025-03-01" stays a date) or a date-time with a zone (becomes UTC
 * "2025-03-01T08:00:00.000Z"). Returns undefined when the value is not one of those.
 */
export function normaliseDate(value: string): string | undefined {
  const text = value.trim();
  return utcDateTime(text) ?? anyDate(text);
}

/**
 * An HR export's hire or termination date: normaliseDate's forms, and a date with its zone offset
 * ("2026-03-31-07:00", XML Schema's xs:date, as Workday gives every date), kept as written: a day
 * in that offset (model/time.ts), whose end a leaving waits for. Only these two fields take it: no
 * other export writes it, and the other fields' readers compare instants.
 */
export function normaliseHrDate(value: string): string | undefined {
  const text = value.trim();
  return isZonedDate(text) ? text : normaliseDate(text);
}

/** normaliseDate by Date's parse, for every accepted form; exported for the test that holds the fast path to it. */
export function anyDate(text: string): string | undefined {
  const day = DATE_ONLY.exec(text);
  if (day) return isCalendarDate(Number(day[1]), Number(day[2]), Number(day[3])) ? text : undefined;
  const time = DATE_TIME.exec(text);
  if (!time || !isCalendarDate(Number(time[1]), Number(time[2]), Number(time[3]))) return undefined;
  if (Number(time[4]) > 23 || Number(time[5]) > 59) return undefined;
  const parsed = new Date(text.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/**
 * The form most exports write, a UTC date-time with whole or millisecond seconds
 * ("2025-03-01T08:00:00Z", "2025-03-01T08:00:00.250+00:00"), normalised by rewriting its text:
 * what Date would give, without a Date and its parse for each of a million exported times.
 * Undefined for any other form, which the general path then reads (or refuses) as before.
 */
export function utcDateTime(text: string): string | undefined {
  const n = text.length;
  // 19 characters of "YYYY-MM-DDTHH:MM:SS", then ".mmm" or not, then "Z" or "+00:00".
  const fraction = n === 24 || n === 29;
  if (!(n === 20 || n === 25 || fraction)) return undefined;
  if (text.charCodeAt(4) !== DASH || text.charCodeAt(7) !== DASH || text.charCodeAt(10) !== T || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return undefined;
  const zoneAt = fraction ? 23 : 19;
  if (fraction && (text.charCodeAt(19) !== DOT || !digits(text, 20, 23))) return undefined;
  const zone = text.slice(zoneAt);
  if (zone !== "Z" && zone !== "+00:00") return undefined;
  if (!digits(text, 0, 4) || !digits(text, 5, 7) || !digits(text, 8, 10) || !digits(text, 11, 13) || !digits(text, 14, 16) || !digits(text, 17, 19)) return undefined;
  if (!isCalendarDate(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10))) return undefined;
  // Date refuses hour 24 and second 60 too: the general path gives undefined for them as well.
  if (number(text, 11, 13) > 23 || number(text, 14, 16) > 59 || number(text, 17, 19) > 59) return undefined;
  // join, not a template: it makes one flat string, where a template keeps a slice of the export and
  // a pair over it (70 bytes of heap against 46 for each of a million dates).
  return [text.slice(0, fraction ? 23 : 19), fraction ? "Z" : ".000Z"].join("");
}

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const T = 0x54;

/**
 * Milliseconds since the epoch of a normalised date: a bare date counts from its UTC midnight, one
 * written as a zone's day ("2026-03-31[Europe/Berlin]", sources/zone-days.ts) from its local one.
 */
export function dateMillis(normalised: string): number {
  return parseDate(normalised);
}
