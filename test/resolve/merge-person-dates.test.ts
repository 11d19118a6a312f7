// rv106 L3: HR gives a hire date as a day ("2023-01-09"), Graph's employeeHireDate is a
// DateTimeOffset "always in UTC" ("2023-01-09T00:00:00Z", learn.microsoft.com/graph/api/resources/user).
// Every merged person got an attribute-conflict info for the same day, hiding real conflicts.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { personMerger } from "../../src/resolve/merge-person.js";

const record = (source: string, dates: Pick<SourceRecord, "hireDate" | "terminationDate">): SourceRecord => ({ source, externalId: "7", kind: "person", userName: "ada", emails: ["ada@corp.example"], name: { display: "Ada" }, status: "active", groups: [], raw: {}, exportedAt: "2026-11-26T06:00:00.000Z", position: `${source} entry 1`, ...dates });

describe("hire and termination dates from an HR day and a directory instant", () => {
  const merge = personMerger({ sources: { hr: { type: "csv", path: "hr.csv", authoritative: ["hireDate", "terminationDate"] }, entra: { type: "entra", path: "entra" } }, precedence: ["hr", "entra"] });
  const conflicts = (hr: Pick<SourceRecord, "hireDate" | "terminationDate">, entra: Pick<SourceRecord, "hireDate" | "terminationDate">): string[] => {
    const findings: Finding[] = [];
    merge([record("hr", hr), record("entra", entra)], findings);
    return findings.filter((f) => f.rule === "attribute-conflict").map((f) => f.message);
  };

  it.each([
    ["a bare date and its midnight UTC", { hireDate: "2023-01-09" }, { hireDate: "2023-01-09T00:00:00.000Z" }],
    ["the timeZone's day and its midnight UTC (Graph's way of writing a date)", { hireDate: "2023-01-09[America/Los_Angeles]" }, { hireDate: "2023-01-09T00:00:00.000Z" }],
    ["the timeZone's day and an instant within it", { terminationDate: "2026-03-31[Europe/Berlin]" }, { terminationDate: "2026-03-31T15:00:00.000Z" }],
  ])("are the same day: %s", (_what, hr, entra) => {
    expect(conflicts(hr, entra)).toEqual([]);
  });

  it.each([
    ["another day", { hireDate: "2023-01-09" }, { hireDate: "2023-01-10T00:00:00.000Z" }, 'hireDate: hr says "2023-01-09", entra says "2023-01-10T00:00:00.000Z"'],
    ["an instant after the timeZone's day has ended", { terminationDate: "2026-03-31[Europe/Berlin]" }, { terminationDate: "2026-03-31T22:30:00.000Z" }, "terminationDate: hr says"],
  ])("still conflict: %s", (_what, hr, entra, said) => {
    expect(conflicts(hr, entra)).toEqual([expect.stringContaining(said)]);
  });
});
