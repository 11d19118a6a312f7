// notStartedIn answers most hire dates from their text (long past: no parse) and the rest by parsing
// them. The two ways must agree on every date, near the day as much as far from it: a zone offset
// of up to 14 hours puts a date written on one calendar day at an instant on the next.
import { describe, expect, it } from "vitest";
import type { AppPolicyDoc } from "../../src/model/documents.js";
import type { Identity } from "../../src/model/identity.js";
import { parseDate, parseDuration } from "../../src/model/time.js";
import { notStartedIn } from "../../src/policy/pre-start.js";

const NOW = Date.parse("2026-12-01T09:00:00Z");
const person = (hireDate: string) => ({ kind: "person", attributes: { hireDate } }) as unknown as Identity;
const policy = (preStart: string) => ({ accounts: { preStart } }) as unknown as AppPolicyDoc;

/** Every way a hire date is written, for each day from five days before `now` to five after. */
function hireDates(): string[] {
  const out: string[] = [];
  for (let d = -5; d <= 5; d++) {
    const day = new Date(NOW + d * 86_400_000).toISOString().slice(0, 10);
    out.push(day, `${day}T00:00:00Z`, `${day}T08:59:59Z`, `${day}T09:00:00Z`, `${day}T09:00:01Z`, `${day}T23:30:00-14:00`, `${day}T00:30:00+14:00`, `${day}T12:00:00.250+05:30`, `${day}T18:00:00-08:00`);
  }
  return out;
}

describe("a joiner who has not started (accounts.preStart)", () => {
  for (const lead of ["0", "1d", "7d", "12h"]) {
    it(`answers as parsing each date would, near the day and far from it (preStart ${lead})`, () => {
      const ask = notStartedIn(policy(lead), NOW);
      const dates = [...hireDates(), ...hireDates().map((h) => h.replace(/^2026-1[12]/, (m) => (m.endsWith("1") ? "2026-12" : "2027-01")))];
      let waiting = 0;
      for (const hireDate of dates) {
        const expected = parseDate(hireDate) - parseDuration(lead) > NOW;
        const got = ask(person(hireDate));
        expect(got !== undefined, `${hireDate} with preStart ${lead}`).toBe(expected);
        if (got) waiting++;
      }
      // Both answers occur, or the comparison proves little.
      expect(waiting).toBeGreaterThan(0);
      expect(waiting).toBeLessThan(dates.length);
    });
  }

  it("a hire date long past, or none, or no date: started (nothing to wait for)", () => {
    const ask = notStartedIn(policy("0"), NOW);
    for (const hireDate of ["2014-06-12", "1999-01-01T00:00:00Z", "next monday", ""]) expect(ask(person(hireDate))).toBeUndefined();
    expect(ask({ kind: "service-account", attributes: { hireDate: "2027-01-01" } } as unknown as Identity)).toBeUndefined();
  });
});
