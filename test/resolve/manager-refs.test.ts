// A csv's ManagerID is the manager's worker id (docs/formats.md). Worker ids, employee ids and
// e-mails were one lookup map in which a later record won a shared value: with BambooHR-style small
// integers in both WorkerID and EmployeeID, ManagerID 1 (Alice's worker id) named Bob, whose
// EmployeeID is 1, so Bob became his own manager and Carol's, and the plan wrote `manager: bob` to
// apps. A ManagerID whose leading zeros a spreadsheet dropped matched no one, and nothing said so.
// (rv90 M2, L4.)
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-01-02T00:00:00Z";
const HEADER = "WorkerID,EmployeeID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const ALICE = "1,3,alice,Alice,Able,alice@example.com,Active,Employee,VP Engineering,Engineering,,2024-03-01,";
const BOB = "2,1,bob,Bob,Baker,bob@example.com,Active,Employee,Engineer,Engineering,1,2024-03-01,";
const CAROL = "3,2,carol,Carol,Cole,carol@example.com,Active,Employee,Engineer,Engineering,1,2024-03-01,";

/** `scopesync init`'s repository with these HR rows, its app mapping `manager` as the bug report's did. */
async function repo(rows: string[]): Promise<string> {
  const dir = join(tempDir("scopesync-manager-"), "repo");
  expect((await runCli(["init", dir])).code).toBe(0);
  const app = join(dir, "policies/apps/local.yaml");
  writeFileSync(app, readFileSync(app, "utf8").replace("    email: { from: email }\n", "    email: { from: email }\n    manager: { from: manager }\n"));
  const group = join(dir, "identities/groups/engineering.yaml");
  writeFileSync(group, readFileSync(group, "utf8").replace("owners: [alex.doe]", "owners: [alice]"));
  rmSync(join(dir, "identities/people/alex.doe.yaml"));
  writeFileSync(join(dir, "exports/hr.csv"), `${[HEADER, ...rows].join("\n")}\n`);
  return dir;
}

interface Identities { identities: Array<{ id: string; attributes: Record<string, unknown> }>; findings: Finding[] }

async function identities(dir: string): Promise<Identities> {
  const r = await runCli(["identities", "--repo", dir, "--format", "json", "--now", NOW]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Identities;
}

const managers = (j: Identities) => Object.fromEntries(j.identities.map((i) => [i.id, [i.attributes.manager ?? null, i.attributes.managerRef ?? null]]));
const about = (j: { findings: Finding[] }, rule: string) => j.findings.filter((f) => f.rule === rule).map((f) => [f.severity, f.location, f.message]);

describe("a manager reference", () => {
  it("is the manager's worker id, though another worker's EmployeeID has the same value, whatever the row order; the other reading is reported", async () => {
    for (const rows of [[ALICE, BOB, CAROL], [CAROL, BOB, ALICE]]) {
      const j = await identities(await repo(rows));
      expect(managers(j)).toEqual({ alice: [null, null], bob: ["alice", null], carol: ["alice", null] });
      expect(about(j, "manager-ref-ambiguous")).toEqual([
        [
          "warning",
          `hr exports/hr.csv row ${rows.indexOf(BOB) + 1} (line ${rows.indexOf(BOB) + 2})`,
          expect.stringMatching(/^2 manager references of source "hr" name different people by different kinds of id: exports\/hr\.csv row \d \(line \d\) \((bob|carol)\) gives "1", the anchor \(worker id\) of alice, the employeeId of bob: resolved by the anchor \(worker id\) to alice; /),
        ],
      ]);
    }
    // A reference that names one person by every kind of id it matches is no finding (a csv
    // without EmployeeID has the worker id as employeeId).
    const j = await identities(await repo([ALICE, BOB, CAROL].map((r) => r.replace(/^(\d),\d,/, "$1,$1,"))));
    expect(managers(j)).toEqual({ alice: [null, null], bob: ["alice", null], carol: ["alice", null] });
    expect(j.findings.filter((f) => /manager/.test(f.rule))).toEqual([]);
  });

  it("gives the app the manager the worker id names", async () => {
    const r = await runCli(["plan", "--repo", await repo([ALICE, BOB, CAROL]), "--format", "json", "--now", NOW]);
    const plan = JSON.parse(r.stdout) as Plan;
    const written = plan.changes.filter((c) => c.action === "create-account").map((c) => [c.identity, (c as { attributes?: Record<string, { to: unknown }> }).attributes?.manager?.to ?? null]);
    expect(written).toEqual([["alice", null], ["bob", "alice"], ["carol", "alice"]]);
  });

  it("that matches no record (leading zeros dropped by a spreadsheet) is reported with its row and the worker id it differs from by zeros", async () => {
    const rows = ["000100,000100,alice,Alice,Able,alice@example.com,Active,Employee,VP,Engineering,,2024-03-01,", "000101,000101,bob,Bob,Baker,bob@example.com,Active,Employee,Engineer,Engineering,100,2024-03-01,", "000102,000102,carol,Carol,Cole,carol@example.com,Active,Employee,Engineer,Engineering,000100,2024-03-01,"];
    const j = await identities(await repo(rows));
    expect(managers(j)).toEqual({ alice: [null, null], bob: [null, "100"], carol: ["alice", null] });
    expect(about(j, "manager-ref-unresolved")).toEqual([
      [
        "warning",
        "hr exports/hr.csv row 2 (line 3)",
        '1 of 2 manager references of source "hr" match no record of it, so those people have no manager (managerRef keeps the reference as written): exports/hr.csv row 2 (line 3) (bob) gives "100" (did you mean "000100", the anchor (worker id) of alice? they differ only in leading zeros)',
      ],
    ]);
    expect(about(j, "manager-ref-ambiguous")).toEqual([]);
  });
});
