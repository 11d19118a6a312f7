// IANA time zones, for the days an export writes as bare dates (2026-03-31) meaning a day of the
// organisation's zone (scopesync.yaml `timeZone`, or a source's own). Intl carries the tz database
// (Node 20, 22 and 24 ship full ICU), so no table is written here: a zone's offset at an instant is
// read off a formatter, and a day's start is found from it, clock changes included.

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** The formatter of a zone, made once (making one costs far more than using it); null when Intl knows no such zone. */
function formatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", era: "short" });
  } catch {
    // RangeError: not a zone Intl knows.
    f = null;
  }
  formatters.set(zone, f);
  return f;
}

/** Whether Intl knows the zone (an IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(zone: string): boolean {
  // An empty name and an offset ("+01:00", which newer Intl accepts) are no IANA zone: an offset has no clock changes, and a day with one is written 2026-03-31+01:00.
  return /^[A-Za-z]/.test(zone) && formatter(zone) !== null;
}

/** Whether the zone is UTC itself: its bare dates are the UTC days they always were. */
export function isUtcZone(zone: string): boolean {
  const f = formatter(zone);
  return f !== null && ["UTC", "Etc/UTC", "GMT", "Etc/GMT"].includes(f.resolvedOptions().timeZone);
}

/** Every zone Intl lists, for did-you-mean. */
export function knownTimeZones(): readonly string[] {
  return Intl.supportedValuesOf("timeZone");
}

/** The zone's offset from UTC at an instant, in ms (east positive): its wall clock read as UTC, less the instant. */
function offsetAt(zone: Intl.DateTimeFormat, at: number): number {
  const parts: Record<string, string> = {};
  for (const p of zone.formatToParts(at)) parts[p.type] = p.value;
  const year = parts["era"] === "BC" ? 1 - Number(parts["year"]) : Number(parts["year"]);
  const wall = Date.UTC(year, Number(parts["month"]) - 1, Number(parts["day"]), Number(parts["hour"]), Number(parts["minute"]), Number(parts["second"]));
  // formatToParts drops the milliseconds; the instant's own are no part of the offset.
  return wall - (at - (((at % 1000) + 1000) % 1000));
}

const HOURS_14 = 14 * 3_600_000;

/**
 * The first instant of a calendar day in a zone (ms since the epoch): its local midnight. The day
 * before a clock change has one offset, the day after another, so the offset is taken on either side
 * of the day's possible starts (no zone is more than 14 hours from UTC) and the one whose midnight
 * reads as midnight there wins; where a clock change skips midnight itself (America/Santiago in
 * September), the day begins when the clock jumps, at what midnight would have been. NaN for a zone
 * Intl does not know.
 */
export function zoneDayStart(year: number, month: number, day: number, zone: string): number {
  const f = formatter(zone);
  if (f === null) return Number.NaN;
  const local = Date.UTC(year, month - 1, day);
  const before = offsetAt(f, local - HOURS_14);
  const after = offsetAt(f, local + HOURS_14);
  const isMidnight = (at: number): boolean => offsetAt(f, at) === local - at;
  const first = local - Math.max(before, after);
  const second = local - Math.min(before, after);
  // Two midnights (a clock set back across midnight): the day began at the first.
  if (isMidnight(first)) return first;
  if (isMidnight(second)) return second;
  return local - before;
}
