// Dates leave the adapters as ISO 8601 strings so that every later stage compares like with like.
// Only unambiguous forms are accepted: "03/04/2025" could be March or April, so it is an error.

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

/** What callers add to "is not a date" messages. */
export const DATE_FORMATS = "expected YYYY-MM-DD or an RFC 3339 date-time with a time zone";

/**
 * Normalises a date ("2025-03-01" stays a date) or a date-time with a zone (becomes UTC
 * "2025-03-01T08:00:00.000Z"). Returns undefined when the value is not one of those.
 */
export function normaliseDate(value: string): string | undefined {
  const text = value.trim();
  const day = DATE_ONLY.exec(text);
  if (day) return isCalendarDate(Number(day[1]), Number(day[2]), Number(day[3])) ? text : undefined;
  const time = DATE_TIME.exec(text);
  if (!time || !isCalendarDate(Number(time[1]), Number(time[2]), Number(time[3]))) return undefined;
  if (Number(time[4]) > 23 || Number(time[5]) > 59) return undefined;
  const parsed = new Date(text.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Proleptic Gregorian, as Date counts: by arithmetic, since a Date for each of a million exported dates was a tenth of reading them. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Milliseconds since the epoch of a normalised date; a bare date counts from its UTC midnight. */
export function dateMillis(normalised: string): number {
  return Date.parse(DATE_ONLY.test(normalised) ? `${normalised}T00:00:00Z` : normalised);
}

/** True when the (normalised) date is at or before the moment of the export. */
export function isOnOrBefore(normalised: string, exportedAt: string): boolean {
  return dateMillis(normalised) <= Date.parse(exportedAt);
}
