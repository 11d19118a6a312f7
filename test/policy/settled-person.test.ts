// The diff skips offboarding() and notStartedIn() for a person diffIndex marks settled
// (policy/settled-person.ts), once per plan instead of once per app. That is only right if no app
// could answer otherwise: every identity called settled here is asked both questions under every
// kind of app policy (lead times, suspended accounts kept or not), and must get "no" from each.
import { describe, expect, it } from "vitest";
import type { AppPolicyDoc } from "../../src/model/documents.js";
import type { Identity } from "../../src/model/identity.js";
import { offboarding } from "../../src/policy/lifecycle.js";
import { notStartedIn } from "../../src/policy/pre-start.js";
import { settledPerson } from "../../src/policy/settled-person.js";

const NOW = Date.parse("2026-12-01T09:00:00Z");
const DAY = 86_400_000;

/** A day `d` days from NOW in each way a date is written, from five years back to a year ahead. */
function dates(): (string | undefined)[] {
  const out: (string | undefined)[] = [undefined, "", "next monday"];
  for (const d of [-1825, -30, -3, -2, -1, 0, 1, 2, 3, 8, 30, 365]) {
    const day = new Date(NOW + d * DAY).toISOString().slice(0, 10);
    out.push(day, `${day}T00:00:00Z`, `${day}T09:00:01Z`, `${day}T23:30:00-14:00`, `${day}T00:30:00+14:00`);
  }
  return out;
}

function identity(kind: string, status: string, hireDate: string | undefined, terminationDate: string | undefined, records: string[]): Identity {
  const attributes: Record<string, string> = {};
  if (hireDate !== undefined) attributes.hireDate = hireDate;
  if (terminationDate !== undefined) attributes.terminationDate = terminationDate;
  return { id: "x", anchor: "hr:1", kind, status, records, aliases: [], attributes, provenance: {}, breakGlass: false } as unknown as Identity;
}

const policies: AppPolicyDoc[] = ["0", "12h", "1d", "7d", "P2W"].flatMap((preStart) =>
  (["disable", "keep"] as const).map((onSuspended) => ({ id: "app", accounts: { login: "userName", preStart, onSuspended } }) as unknown as AppPolicyDoc),
);

describe("a settled person (policy/settled-person.ts)", () => {
  it("is one no app policy offboards or holds back for a hire date, and the question is not vacuous", () => {
    let settled = 0;
    let unsettledActive = 0;
    const byId = new Map<string, Identity>();
    for (const kind of ["person", "service-account"])
      for (const status of ["active", "suspended", "terminated"])
        for (const hireDate of dates())
          for (const terminationDate of [undefined, ...dates().filter((d) => d !== undefined)])
            for (const records of [["hr:1"], []]) {
              const i = identity(kind, status, hireDate, terminationDate, records);
              if (!settledPerson(i, NOW)) {
                if (kind === "person" && status === "active") unsettledActive++;
                continue;
              }
              settled++;
              for (const p of policies) {
                const what = `${kind} ${status} hired ${hireDate} terminated ${terminationDate} (preStart ${p.accounts.preStart}, onSuspended ${p.accounts.onSuspended})`;
                expect(offboarding(i, p, byId, NOW), what).toBeUndefined();
                expect(notStartedIn(p, NOW)(i), what).toBeUndefined();
              }
            }
    // Settled people were asked, and active people were left to each app: both sides occur.
    expect(settled).toBeGreaterThan(20);
    expect(unsettledActive).toBeGreaterThan(settled);
  });

  it("leaves to each app a hire date near enough that a lead time or a zone could still put it ahead", () => {
    for (const d of [-1, 0, 1, 8]) {
      const day = new Date(NOW + d * DAY).toISOString().slice(0, 10);
      expect(settledPerson(identity("person", "active", day, undefined, ["hr:1"]), NOW), day).toBe(false);
    }
    expect(settledPerson(identity("person", "active", "2026-11-20", undefined, ["hr:1"]), NOW)).toBe(true);
    expect(settledPerson(identity("person", "active", undefined, undefined, ["hr:1"]), NOW)).toBe(true);
    // A termination date of any kind (a rehire gap, a leaver to come) is each app's question.
    expect(settledPerson(identity("person", "active", "2020-01-01", "2030-01-01", ["hr:1"]), NOW)).toBe(false);
    expect(settledPerson(identity("person", "suspended", undefined, undefined, ["hr:1"]), NOW)).toBe(false);
    expect(settledPerson(identity("service-account", "active", undefined, undefined, []), NOW)).toBe(false);
  });
});
