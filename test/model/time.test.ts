import { describe, expect, it } from "vitest";
import { dayEnd, isExpired, isExportedDate, isValidDate, isZonedDate, leapSecond, parseDate, utcMillis } from "../../src/model/time.js";
import { prng } from "../helpers/prng.js";

// One date grammar: what isValidDate (the schemas' date format, --now, a state file's readAt)
// accepts, parseDate turns into a number. A date that validates and parses to NaN compares as
// "not yet" with every `now`: a grant with `until: 2026-11-20T23:59:60Z` would never end.
describe("dates", () => {
  it("refuse second 60 (a leap second), which Date cannot hold", () => {
    for (const v of ["2026-12-31T23:59:60Z", "2026-12-31T23:59:60.5Z", "2026-06-30t23:59:60z", "2026-12-31 23:59:60+01:00", "2026-11-20T10:00:60Z"]) {
      expect(isValidDate(v), v).toBe(false);
      expect(leapSecond(v), v).toBeDefined();
    }
  });

  it("refuse an hour, minute or offset Date cannot read, and impossible days", () => {
    for (const v of ["2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26T10:00:00+24:00", "2026-11-26T10:00:00+00:60", "2026-11-26T10:00:00-99:99", "2026-02-29", "2026-02-30T00:00:00Z", "2026-11-26T10:00:00"]) {
      expect(isValidDate(v), v).toBe(false);
    }
  });

  it("accept the forms RFC 3339 and YYYY-MM-DD allow, each to the instant it names", () => {
    const cases: Array<[string, string]> = [
      ["2026-11-26", "2026-11-26T00:00:00.000Z"],
      ["2028-02-29", "2028-02-29T00:00:00.000Z"],
      ["2026-12-31T23:59:59Z", "2026-12-31T23:59:59.000Z"],
      ["2026-12-31T23:59:59.999Z", "2026-12-31T23:59:59.999Z"],
      ["2026-11-26t10:00:00z", "2026-11-26T10:00:00.000Z"],
      ["2026-11-26 10:00:00+01:00", "2026-11-26T09:00:00.000Z"],
      ["2026-11-26T00:30:00-23:59", "2026-11-27T00:29:00.000Z"],
      ["0050-01-01", "0050-01-01T00:00:00.000Z"],
    ];
    for (const [v, iso] of cases) {
      expect(isValidDate(v), v).toBe(true);
      expect(new Date(parseDate(v)).toISOString(), v).toBe(iso);
    }
  });

  it("never validate a value that parses to NaN (random date-times, every field in and out of range)", () => {
    const random = prng(20261231);
    const pick = (n: number): string => String(Math.floor(random() * n)).padStart(2, "0");
    let valid = 0;
    for (let i = 0; i < 20_000; i++) {
      const zone = random() < 0.3 ? "Z" : `${random() < 0.5 ? "+" : "-"}${pick(30)}:${pick(70)}`;
      const fraction = random() < 0.2 ? `.${pick(1000)}` : "";
      const day = pick(33);
      const v = `${1970 + Math.floor(random() * 100)}-${pick(14)}-${day}T${pick(26)}:${pick(62)}:${pick(62)}${fraction}${zone}`;
      const parsed = parseDate(v);
      if (isValidDate(v)) {
        valid++;
        expect(Number.isNaN(parsed), v).toBe(false);
      }
      // And the other way: what Date reads of this grammar validates, but for second 60 and for
      // 2026-02-30 and the like, which Date rolls over into the next month and scopesync refuses.
      else if (!leapSecond(v) && Number(day) <= 28 && !Number.isNaN(parsed)) expect.fail(`${v} parses to ${new Date(parsed).toISOString()} but does not validate`);
    }
    expect(valid).toBeGreaterThan(1000);
  });

  // The form exports are normalised to ("2026-08-21T09:00:00.000Z") is read by its characters, not
  // by the general path's regular expressions: the same instant, the same refusals, and any other
  // form left to the general path.
  it("read the normalised UTC form by its characters as the general path reads it (random fields in and out of range)", () => {
    const random = prng(20261207);
    const pick = (n: number, width = 2): string => String(Math.floor(random() * n)).padStart(width, "0");
    let taken = 0;
    for (let i = 0; i < 20_000; i++) {
      const v = `${random() < 0.05 ? pick(100, 4) : 1900 + Math.floor(random() * 200)}-${pick(14)}-${pick(33)}T${pick(26)}:${pick(62)}:${pick(62)}.${pick(1000, 3)}Z`;
      // What the general path gives for this form: Date.parse of the text itself when it validates.
      const expected = isValidDate(v) ? Date.parse(v) : Number.NaN;
      expect(parseDate(v), v).toBe(expected);
      if (isValidDate(v)) {
        taken++;
        expect(utcMillis(v), v).toBe(expected);
      } else expect(utcMillis(v), v).toBeUndefined();
    }
    expect(taken).toBeGreaterThan(1000);
    for (const v of ["2026-08-21T09:00:00Z", "2026-08-21T09:00:00.000+00:00", "2026-08-21t09:00:00.000Z", "2026-08-21T09:00:00.000z", "2026-08-21 09:00:00.000Z", "2026-08-21T09:00:00.0000Z", "2026-08-21", "+02026-08-21T09:00:00.000Z", "2026-08-21T09:00:00.00xZ", "2026-02-29T00:00:00.000Z", "2026-11-26T24:00:00.000Z"]) {
      expect(utcMillis(v), v).toBeUndefined();
    }
    expect(utcMillis("0050-01-01T00:00:00.000Z")).toBe(Date.parse("0050-01-01T00:00:00Z"));
    expect(utcMillis("2028-02-29T23:59:59.999Z")).toBe(Date.UTC(2028, 1, 29, 23, 59, 59, 999));
  });

  // parseDate was Date.parse for anything but a bare date: "2026-09-03T20:00:00" was the machine's
  // LOCAL time and "10/11/2026" 11 October, so a value that skipped isValidDate planned differently
  // with each TZ. It reads only what isValidDate accepts, and nothing else, whatever Date.parse says.
  it("parse nothing isValidDate refuses, though Date.parse reads it (in local time, month first)", () => {
    for (const v of ["2026-09-03T20:00:00", "2026-09-03T20:00", "2026-09-03 20:00:00", "10/11/2026", "Nov 10 2026", "2026/11/10", "2026-11", "2026", "Tue, 10 Nov 2026 09:00:00 GMT", " 2026-11-10"]) {
      expect(Number.isNaN(Date.parse(v)), `Date.parse reads ${v}`).toBe(false);
      expect(isValidDate(v), v).toBe(false);
      expect(parseDate(v), v).toBeNaN();
    }
  });

  it("read a fraction of any length to the millisecond, as Date.parse does (Graph and .NET write seven digits)", () => {
    expect(new Date(parseDate("2026-01-15T10:30:00.1234567Z")).toISOString()).toBe("2026-01-15T10:30:00.123Z");
    expect(new Date(parseDate("2026-01-15T10:30:00.5+01:00")).toISOString()).toBe("2026-01-15T09:30:00.500Z");
  });

  it("say what to write instead of a leap second: :59, or the next minute in the same zone", () => {
    expect(leapSecond("2026-12-31T23:59:60Z")).toEqual({
      problem: "second 60 is a leap second, which scopesync does not accept (JavaScript dates cannot hold one)",
      fix: "write 2026-12-31T23:59:59Z, or the next minute, 2027-01-01T00:00:00Z",
    });
    expect(leapSecond("2026-06-30T19:59:60.25-04:00")?.fix).toBe("write 2026-06-30T19:59:59-04:00, or the next minute, 2026-06-30T20:00:00-04:00");
    expect(leapSecond("2026-12-31T23:59:59Z")).toBeUndefined();
    expect(leapSecond("2026-11-26")).toBeUndefined();
  });

  it("count an expiry that does not parse as passed, never as still valid", () => {
    const now = Date.parse("2026-11-26T09:00:00Z");
    expect(isExpired("2026-11-26T09:00:01Z", now)).toBe(false);
    expect(isExpired("2026-11-26T09:00:00Z", now)).toBe(true);
    expect(isExpired("2026-11-20", now)).toBe(true);
    expect(isExpired("2099-12-31T23:59:60Z", now)).toBe(true);
    expect(isExpired("not a date", now)).toBe(true);
    expect(isExpired("2099-12-31", Number.NaN)).toBe(true);
  });

  // rv84 finding 2: Workday writes dates as xs:date with the worker's offset ("2020-12-31-08:00",
  // Microsoft's Workday provisioning docs). A day in that offset: it begins at its midnight there
  // and is over at the next one (2026-04-01T07:00Z for Los Angeles' 31 March), as a bare date is
  // a UTC day. Only exports give the form: files and --now keep their grammar.
  it("read a date with a zone offset as that day in that offset, from exports only", () => {
    const cases: Array<[string, string, string]> = [
      ["2026-03-31-07:00", "2026-03-31T07:00:00.000Z", "2026-04-01T07:00:00.000Z"],
      ["2026-03-31+10:00", "2026-03-30T14:00:00.000Z", "2026-03-31T14:00:00.000Z"],
      ["2026-03-31Z", "2026-03-31T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
      ["2026-03-31+14:00", "2026-03-30T10:00:00.000Z", "2026-03-31T10:00:00.000Z"],
      ["2026-03-31", "2026-03-31T00:00:00.000Z", "2026-04-01T00:00:00.000Z"],
      ["2026-03-31T23:59:59-07:00", "2026-04-01T06:59:59.000Z", "2026-04-01T06:59:59.000Z"],
    ];
    for (const [v, start, end] of cases) {
      expect(isExportedDate(v), v).toBe(true);
      expect([new Date(parseDate(v)).toISOString(), new Date(dayEnd(v)).toISOString()], v).toEqual([start, end]);
    }
    expect(isValidDate("2026-03-31-07:00")).toBe(false);
    for (const v of ["2026-02-30-07:00", "2026-03-31-14:01", "2026-03-31+15:00", "2026-03-31-07:60", "2026-03-31-0700", "2026-03-31z", "2026-03-31-07"]) {
      expect(isZonedDate(v), v).toBe(false);
      expect(isExportedDate(v), v).toBe(false);
      expect(parseDate(v), v).toBeNaN();
    }
  });
});
