// Dates and durations as written in YAML. Time itself is never read here: `now` is passed in.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** A calendar date (YYYY-MM-DD) or an RFC 3339 date-time with offset; 2026-02-30 is refused. */
export function isValidDate(value: string): boolean {
  const m = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60)) return false;
  return true;
}

/** Milliseconds since the epoch; a bare date means midnight UTC at its start. */
export function parseDate(value: string): number {
  return Date.parse(DATE.test(value) ? `${value}T00:00:00Z` : value);
}

const SHORT = /^([1-9][0-9]*)([hdw])$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const HOUR = 3_600_000;

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
