// The common UTC date-time form is normalised by rewriting its text instead of parsing it with a
// Date (a tenth of reading an IAM credential report). On every text it takes, it must give what the
// Date-based path gives; on every other text it must step aside (undefined) for that path.
import { describe, expect, it } from "vitest";
import { anyDate, normaliseDate, utcDateTime } from "../../src/sources/common/dates.js";

/** A seeded generator (mulberry32), so a failure names a text that can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
const two = (n: number) => String(n).padStart(2, "0");

/** Texts near the fast form: real and impossible days, hours and seconds, other zones, stray characters. */
function nearlyUtc(next: () => number): string {
  const year = pick(next, ["1600", "1900", "2000", "2023", "2024", "2026", "9999", "0000", "20a4"]);
  const month = two(Math.floor(next() * 14));
  const day = two(Math.floor(next() * 33));
  const hour = two(Math.floor(next() * 26));
  const minute = two(Math.floor(next() * 61));
  const second = pick(next, ["00", "07", "59", "60", "61", "5x"]);
  const fraction = pick(next, ["", "", ".000", ".250", ".999", ".5", ".1234", ".", ".12a"]);
  const zone = pick(next, ["Z", "Z", "+00:00", "+00:00", "z", "-00:00", "+01:00", "+0000", "+00:0", ""]);
  const separator = pick(next, ["T", "T", "T", "t", " ", "_"]);
  return `${year}-${month}-${day}${separator}${hour}:${minute}:${second}${fraction}${zone}`;
}

describe("the UTC date-time fast path", () => {
  it("gives what Date gives on 200,000 seeded texts, and steps aside for every other form", () => {
    const next = random(20261203);
    let taken = 0;
    let valid = 0;
    for (let i = 0; i < 200_000; i++) {
      const text = nearlyUtc(next);
      const fast = utcDateTime(text);
      const byDate = anyDate(text);
      if (fast !== undefined) {
        taken++;
        expect(fast, text).toBe(byDate);
      }
      if (byDate !== undefined) valid++;
      expect(normaliseDate(text), text).toBe(byDate);
    }
    // Not vacuous: the fast path takes a good share of the texts, and many valid texts are not its form.
    expect(taken).toBeGreaterThan(5_000);
    expect(valid).toBeGreaterThan(taken);
  });

  it("rewrites the credential report's form and keeps milliseconds", () => {
    expect(normaliseDate("2024-02-29T17:38:00+00:00")).toBe("2024-02-29T17:38:00.000Z");
    expect(utcDateTime("2024-02-29T17:38:00.250Z")).toBe("2024-02-29T17:38:00.250Z");
    expect(utcDateTime("2023-02-29T17:38:00Z")).toBeUndefined();
    expect(utcDateTime("2024-01-01T00:00:60Z")).toBeUndefined();
    expect(utcDateTime("2024-01-01T08:00:00+01:00")).toBeUndefined();
    expect(normaliseDate("2024-01-01T08:00:00+01:00")).toBe("2024-01-01T07:00:00.000Z");
  });
});
