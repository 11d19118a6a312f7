// Workday's worker types are "Employee" and "Contingent Worker": a policy excluding `contractor`
// must exclude Workday's contingent workers too (rv100 L4), and other HR words can be mapped.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csvSource } from "../../src/sources/csv/index.js";

const dir = mkdtempSync(join(tmpdir(), "scopesync-csv-employment-type-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "hr.csv"), "WorkerID,UserID,Email,WorkerStatus,WorkerType\nW1,ada,ada@example.com,Active,Employee\nW2,bob,bob@example.com,Active,Contingent Worker\nW3,cy,cy@example.com,Active, Freelancer \n");

async function types(options: Record<string, unknown> = {}): Promise<(string | undefined)[]> {
  const records = await csvSource.read({ name: "hr", config: { type: "csv", path: "hr.csv", options: { exportedAt: "2026-11-26T06:00:00Z", ...options } }, repoDir: dir, env: {} });
  return records.map((r) => r.employmentType);
}

describe("csv employmentTypeValues", () => {
  it("maps Workday's Contingent Worker to contractor by default; other values are lower-cased", async () => {
    expect(await types()).toEqual(["employee", "contractor", "freelancer"]);
  });

  it("replaces the default with the configured map, matched without case or surrounding spaces", async () => {
    expect(await types({ employmentTypeValues: { FREELANCER: "Contractor" } })).toEqual(["employee", "contingent worker", "contractor"]);
  });
});
