// Dates and durations as written in YAML. Time itself is never read here: `now` is passed in.
//
// One grammar for every date scopesync reads from its own files and flags (documents, --now, a
// state file's readAt): a calendar date (YYYY-MM-DD) or an RFC 3339 date-time with a zone. RFC
// 3339 also allows second 60, a leap second (23:59:60Z); JavaScript's Date, which every comparison
// with `now` uses, cannot hold one (Date.parse gives NaN), so it is refused everywhere with the fix
// (write :59, or the next minute's :00). Export files refuse it too (sources/common/dates.ts).

import { digitsAt, numberAt } from "./digits.js";
import { isTimeZone, isUtcZone, zoneDayStart } from "./time-zone.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// XML Schema's xs:date with a zone (Workday writes every date so: "2020-12-31-08:00", Microsoft's
// Workday provisioning docs): a calendar day in that offset, not an instant. Offsets up to ±14:00
// as XML Schema allows; Z is UTC. Only an HR export's dates take it (sources/common/dates.ts
// normaliseHrDate), never a file, a flag or another export.
const ZONED_DATE = /^(\d{4})-(\d{2})-(\d{2})(Z|([+-])(\d{2}):(\d{2}))$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
// A bare date an export gave, with the IANA zone whose day it is (scopesync.yaml `timeZone`, or the
// source's own), written as RFC 9557 annotates a zone: "2026-03-31[Europe/Berlin]". A day of that
// zone's clock, from its local midnight to the next (23 or 25 hours across a clock change). Only the
// source reader writes it (sources/zone-days.ts), never a file or a flag.
const ZONE_DAY = /^(\d{4})-(\d{2})-(\d{2})\[([^\]]+)\]$/;

/**
 * A calendar date (YYYY-MM-DD) or an RFC 3339 date-time with offset; 2026-02-30, hour 24,
 * second 60 (a leap second) and an offset beyond ±23:59 are refused. What it accepts, parseDate
 * parses to a number, never NaN.
 */
export function isValidDate(value: string): boolean {
  const m = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!m) return false;
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}

const LEAP_SECOND = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):60(?:\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * What to say of a date-time whose second is 60 (a leap second, which RFC 3339 allows and
 * scopesync refuses): the problem, and the fix with the two values to write instead (:59, or the
 * next minute's :00, in the value's own zone). Undefined for any other value.
 */
export function leapSecond(value: string): { problem: string; fix: string } | undefined {
  const m = LEAP_SECOND.exec(value.trim());
  if (!m) return undefined;
  const [, day, hour, minute, zone] = m as unknown as [string, string, string, string, string | undefined];
  const problem = "second 60 is a leap second, which scopesync does not accept (JavaScript dates cannot hold one)";
  const offset = zone === undefined || /^[Zz]$/.test(zone) ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const before = `${day}T${hour}:${minute}:59${offset}`;
  const at = parseDate(before);
  if (Number.isNaN(at)) return { problem, fix: "write the second as 59, or the next minute with second 00" };
  // The next minute in the value's own zone: shift to its wall clock, format, put the zone back.
  const shift = offset === "Z" ? 0 : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  const next = `${new Date(at + 1000 + shift).toISOString().slice(0, 19)}${offset}`;
  return { problem, fix: `write ${before}, or the next minute, ${next}` };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Proleptic Gregorian, as Date counts: by arithmetic, since a Date for each of a million exported dates was a tenth of reading them. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** A date alone ("2026-11-20"), no time of day. */
export function isDateOnly(value: string): boolean {
  return DATE.test(value);
}

/**
 * A calendar date with a zone offset ("2026-03-31-07:00", "2026-03-31Z"): the day as it runs in
 * that offset. 2026-02-30, and an offset beyond ±14:00 (XML Schema's bound), are refused.
 */
export function isZonedDate(value: string): boolean {
  const m = ZONED_DATE.exec(value);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  return m[4] === "Z" || (Number(m[7]) <= 59 && Number(m[6]) * 60 + Number(m[7]) <= 14 * 60);
}

/** A bare date with the IANA zone whose day it is ("2026-03-31[Europe/Berlin]"): a zone Intl knows, a real calendar date. */
export function isZoneDay(value: string): boolean {
  const m = ZONE_DAY.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && isTimeZone(m[4]!);
}

/**
 * A bare date ("2026-03-31") as the day of `zone` ("2026-03-31[Europe/Berlin]"); anything else,
 * and any date where the zone is absent or UTC, as it is, so that an organisation without a zone
 * gets the plans it always got.
 */
export function inZone(value: string, zone: string | undefined): string {
  return zone === undefined || !isDateOnly(value) || isUtcZone(zone) ? value : `${value}[${zone}]`;
}

/** A whole day rather than an instant: a bare date (a UTC day), a date with a zone offset, or a day of an IANA zone. */
export function isWholeDay(value: string): boolean {
  return isDateOnly(value) || isZonedDate(value) || isZoneDay(value);
}

/**
 * Whether two dates of one attribute (a hire or termination date from two sources) name the same
 * day when one is a whole day: an HR export's bare date, which readSource has already written as
 * the day of the configured timeZone ("2023-01-09[Europe/Berlin]", inZone), and a directory's
 * instant (Graph's employeeHireDate, a DateTimeOffset "always in UTC": "2023-01-09T00:00:00Z",
 * learn.microsoft.com/graph/api/resources/user). The instant is that day if it falls within it
 * (from its start to dayEnd), or if it is the day's date at midnight UTC, which is how Graph and
 * other directories write a date as a date-time. Two whole days are the same when their calendar
 * dates are. Two instants are not days: false, and the caller compares them as text.
 */
export function sameDay(a: string, b: string): boolean {
  const wholeA = isWholeDay(a);
  const wholeB = isWholeDay(b);
  if (wholeA && wholeB) return a.slice(0, 10) === b.slice(0, 10);
  if (wholeA === wholeB) return false;
  const [day, instant] = wholeA ? [a, b] : [b, a];
  const at = parseDate(instant);
  if (Number.isNaN(at)) return false;
  if (at >= parseDate(day) && at < dayEnd(day)) return true;
  return at === Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

/** A date a source may give (sources/common/dates.ts): what isValidDate accepts, (an HR export's) a date with a zone offset, or a bare date read as its zone's day. */
export function isExportedDate(value: string): boolean {
  return isValidDate(value) || isZonedDate(value) || isZoneDay(value);
}

/**
 * When a whole day is over: a day with a fixed offset (or UTC's) 24 hours after its start; a day of
 * an IANA zone at the next day's local midnight, which a clock change brings an hour nearer or
 * further. An instant is its own end. The end of a last working day is when a leaving takes effect.
 */
export function dayEnd(value: string): number {
  const m = ZONE_DAY.exec(value);
  if (m && isZoneDay(value)) return zoneDayStart(Number(m[1]), Number(m[2]), Number(m[3]) + 1, m[4]!);
  return parseDate(value) + (isWholeDay(value) ? DAY : 0);
}

/**
 * The same kind of day `days` calendar days earlier ("2026-04-01[Europe/Berlin]" less 2 is
 * "2026-03-30[Europe/Berlin]"): a lead of whole days kept a day, without the hour a clock change
 * would add to an instant. Undefined for anything but a whole day.
 */
export function daysBefore(value: string, days: number): string | undefined {
  if (!isWholeDay(value)) return undefined;
  const day = new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)) - days)).toISOString().slice(0, 10);
  return `${day}${value.slice(10)}`;
}

/**
 * Milliseconds since the epoch of a date isExportedDate accepts; a bare date means midnight UTC at
 * its start, a date with a zone offset midnight in that offset. NaN for anything else, whatever
 * Date.parse would make of it: Date.parse reads a date-time without a zone ("2026-09-03T20:00:00")
 * in the machine's LOCAL time and takes locale forms ("10/11/2026") month first, so the same
 * repository would plan differently with another TZ. This is the one way scopesync reads a date it did not write itself; callers treat NaN as
 * "not a date" (refuse it, or say so), never as an instant.
 */
export function parseDate(value: string): number {
  // The form nearly every date the planner reads is in: taken first, by its characters.
  const utc = utcMillis(value);
  if (utc !== undefined) return utc;
  // A day of an IANA zone begins at its local midnight there.
  if (value.endsWith("]")) return zoneDayMillis(value);
  // A date with a zone offset (exports only) begins at 00:00 in that offset: 00:00 UTC less the offset.
  if (isZonedDate(value)) return Date.parse(`${value.slice(0, 10)}T00:00:00${value.slice(10)}`);
  if (!isValidDate(value)) return Number.NaN;
  // Rewritten to ECMAScript's own date-time format (upper-case T and Z, milliseconds to three
  // digits), which Date.parse reads exactly and, the zone being written, the same in every TZ.
  if (DATE.test(value)) return Date.parse(`${value}T00:00:00Z`);
  const m = DATE_TIME.exec(value)!;
  const fraction = (m[7] ?? ".").slice(1).padEnd(3, "0").slice(0, 3);
  const zone = m[8]!.toUpperCase();
  return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fraction}${zone}`);
}

/**
 * parseDate of "YYYY-MM-DDTHH:MM:SS.mmmZ", ECMAScript's own date-time format: what every export's
 * date-time is normalised to (sources/common/dates.ts) and so what the rules and the NHI inventory
 * read, several times per credential (1.8 million credentials in the NHI-heavy benchmark). The
 * general path below tries four regular expressions and builds the same text again for Date.parse:
 * 6.6 s of a 174 s CPU profile of that plan, and a million such dates took 2.8 s where this takes
 * 1.1 (on a loaded machine; Date.parse alone 0.8). Checked by its characters as
 * isValidDate checks it (a real calendar day, hour 23 at most, no second 60), the text is already
 * what the general path would hand to Date.parse. Undefined for any other text, which that path reads.
 */
export function utcMillis(value: string): number | undefined {
  if (value.length !== 24 || value.charCodeAt(23) !== 0x5a) return undefined;
  if (value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d || value.charCodeAt(10) !== 0x54 || value.charCodeAt(13) !== 0x3a || value.charCodeAt(16) !== 0x3a || value.charCodeAt(19) !== 0x2e) return undefined;
  if (!digitsAt(value, 0, 4) || !digitsAt(value, 5, 7) || !digitsAt(value, 8, 10) || !digitsAt(value, 11, 13) || !digitsAt(value, 14, 16) || !digitsAt(value, 17, 19) || !digitsAt(value, 20, 23)) return undefined;
  if (!isCalendarDate(numberAt(value, 0, 4), numberAt(value, 5, 7), numberAt(value, 8, 10))) return undefined;
  if (numberAt(value, 11, 13) > 23 || numberAt(value, 14, 16) > 59 || numberAt(value, 17, 19) > 59) return undefined;
  return Date.parse(value);
}

// Each zone day's start, once: a million exported dates fall on a few thousand days, and each start
// costs a few of Intl's formatToParts. Bounded by the days and zones the exports name.
const zoneDayStarts = new Map<string, number>();

function zoneDayMillis(value: string): number {
  let at = zoneDayStarts.get(value);
  if (at !== undefined) return at;
  const m = ZONE_DAY.exec(value);
  at = m && isZoneDay(value) ? zoneDayStart(Number(m[1]), Number(m[2]), Number(m[3]), m[4]!) : Number.NaN;
  zoneDayStarts.set(value, at);
  return at;
}

/**
 * Whether an expiry (a member's `until`, an NHI's, a credential's, an exception's or an
 * override's `expiresAt`) has passed at `now`: a date is past from its first instant on. One that
 * does not parse counts as passed: access that should end must never last for ever because its
 * end date could not be read.
 */
export function isExpired(expiresAt: string, now: number): boolean {
  return !(parseDate(expiresAt) > now);
}

const SHORT = /^([1-9][0-9]*)([hdw])$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const HOUR = 3_600_000;
/** Milliseconds in a day of UTC (a zone's day, model/time-zone.ts, is 23 or 25 hours across a clock change). */
export const DAY = 24 * HOUR;

/** Duration in milliseconds: 30d, 12h, 2w, P30D, PT12H. Throws on anything else (schemas check first). */
export function parseDuration(value: string): number {
  if (value === "0") return 0;
  const s = SHORT.exec(value);
  if (s) return Number(s[1]) * { h: HOUR, d: 24 * HOUR, w: 168 * HOUR }[s[2] as "h" | "d" | "w"];
  const i = ISO.exec(value);
  if (i && value !== "P" && !value.endsWith("T")) {
    const [w, d, h, m, sec] = i.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number];
    return (((w * 7 + d) * 24 + h) * 60 + m) * 60_000 + sec * 1000;
  }
  throw new Error(`invalid duration "${value}"`);
}

/** Canonical ISO string of an instant, the only form plans carry. */
export function isoString(ms: number): string {
  return new Date(ms).toISOString();
}
