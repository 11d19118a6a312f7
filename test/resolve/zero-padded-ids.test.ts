// SAP writes a personnel number with its leading zeros ("00001234"), Active Directory's employeeID
// often without ("1234"): compared as written, one person's two records never joined, and nothing
// hinted why (rv90 L5). They stay apart, and the plan names the pair.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-01-02T00:00:00Z";
const HEADER = "WorkerID,EmployeeID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";

describe("employee ids that differ only in leading zeros", () => {
  it("are not joined, and an info finding names both records", async () => {
    const dir = join(tempDir("scopesync-zeros-"), "repo");
    expect((await runCli(["init", dir])).code).toBe(0);
    const config = join(dir, "scopesync.yaml");
    const directory = '  directory:\n    type: csv\n    path: exports/directory.csv\n    options: { exportedAt: "2026-01-01T06:00:00Z" }\n';
    writeFileSync(config, readFileSync(config, "utf8").replace("\ncorrelation:", `${directory}\ncorrelation:`));
    writeFileSync(join(dir, "exports/hr.csv"), `${HEADER}\nE100,00001234,alex.doe,Alex,Doe,alex.doe@example.com,Active,Employee,Engineer,Engineering,,2024-03-01,\n`);
    writeFileSync(join(dir, "exports/directory.csv"), `${HEADER}\nu-77,1234,adoe,Alex,Doe,adoe@corp.example,Active,Employee,Engineer,Engineering,,2024-03-01,\n`);
    const r = await runCli(["identities", "--repo", dir, "--format", "json", "--now", NOW]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { identities: Array<{ id: string }>; findings: Finding[] };
    expect(j.identities.map((i) => i.id)).toEqual(["adoe", "alex.doe"]);
    expect(j.findings.filter((f) => f.rule === "employee-id-leading-zeros").map((f) => [f.severity, f.message])).toEqual([
      ["info", 'one pair of records of different sources has employeeIds that differ only in leading zeros, so they are not joined: hr:E100 ("00001234", alex.doe) and directory:u-77 ("1234", adoe)'],
    ]);
  });
});
