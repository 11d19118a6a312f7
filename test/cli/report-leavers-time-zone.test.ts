// `report leavers --since/--until` with scopesync.yaml `timeZone`: a bare date is the organisation's
// day, as the sources' bare dates are. Read as UTC days, a Berlin leaver of 1 November (their
// leaving placed at Berlin's midnight, 2026-10-31T23:00Z) was missing from November's report and
// listed in October's (rv92 M3). Without a zone, or with UTC, the period is the UTC days it was.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { LeaversReport } from "../../src/model/leavers-report.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();

/** A repository whose HR export has lee terminated on 2026-11-01, their account already disabled (nothing outstanding: only the period lists them), and no journal (--without-journal: a missing one would exit 2). */
function repo(zone?: string): string {
  const dir = temp("scopesync-period-zone-");
  mkdirSync(join(dir, "policies/apps"), { recursive: true });
  mkdirSync(join(dir, "state"));
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: period
${zone !== undefined ? `timeZone: ${zone}\n` : ""}sources:
  hr:
    type: csv
    path: hr.csv
    authoritative: [name, department, title, manager, employmentType, status, employeeId]
    options: { exportedAt: "2026-12-02T06:00:00Z" }
targets:
  app: { type: file, path: state/app.json }
`);
  writeFileSync(join(dir, "hr.csv"), [
    "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate",
    "W1,lee,Lee,Tester,lee@corp.example,Terminated,Employee,Engineer,Engineering,,2020-01-06,2026-11-01",
    "W2,grace,Grace,Tester,grace@corp.example,Active,Employee,Engineer,Engineering,,2020-01-06,",
    "",
  ].join("\n"));
  writeFileSync(join(dir, "policies/apps/app.yaml"), "kind: AppPolicy\nid: app\ntarget: app\nscope: { include: [{ kinds: [person], where: { department: [Engineering] } }] }\nonLeaveScope: disable\n");
  writeFileSync(join(dir, "state/app.json"), JSON.stringify({
    formatVersion: 1,
    readAt: "2026-12-02T06:00:00Z",
    accounts: [
      { id: "7", login: "lee", externalId: "hr:W1", active: false, disabledAt: "2026-11-01T17:00:00Z", attributes: {}, entitlements: [] },
      { id: "8", login: "grace", externalId: "hr:W2", active: true, attributes: {}, entitlements: [] },
    ],
    credentials: [],
  }));
  return dir;
}

async function report(dir: string, since: string, until: string, format = "json"): Promise<{ code: number; stdout: string; r?: LeaversReport }> {
  const run = await runCli(["report", "leavers", "--repo", dir, "--now", "2026-12-02T09:00:00Z", "--since", since, "--until", until, "--format", format, "--without-journal"]);
  return { code: run.code, stdout: run.stdout, ...(format === "json" ? { r: JSON.parse(run.stdout) as LeaversReport } : {}) };
}

const lee = (r: LeaversReport | undefined) => r?.leavers.find((l) => l.identity === "lee")?.placed ?? "not listed";

describe("report leavers: a bare --since/--until is a day of the organisation's zone", () => {
  it("Europe/Berlin: a leaver of 1 November is November's, not October's, and the period says whose days; date-times and zone-less orgs as before", async () => {
    const dir = repo("Europe/Berlin");
    const november = await report(dir, "2026-11-01", "2026-11-30");
    expect(november.code).toBe(0);
    expect(lee(november.r)).toBe("in");
    expect(november.r!.period).toEqual({ since: "2026-10-31T23:00:00.000Z", until: "2026-11-30T23:00:00.000Z", timeZone: "Europe/Berlin" });
    expect(lee((await report(dir, "2026-10-01", "2026-10-31")).r)).toBe("not listed");
    expect((await report(dir, "2026-11-01", "2026-11-30", "markdown")).stdout).toMatch(/^# Leavers from 2026-10-31T23:00:00\.000Z to 2026-11-30T23:00:00\.000Z \(days of Europe\/Berlin\)\n/);

    // A date-time keeps its own instant: 2026-11-01T00:00:00Z is after a Berlin leaving of 1 November.
    const instants = (await report(dir, "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z")).r!;
    expect(lee(instants)).toBe("not listed");
    expect(instants.period).toEqual({ since: "2026-11-01T00:00:00.000Z", until: "2026-12-01T00:00:00.000Z" });

    // Without a zone, or with UTC, the period is UTC days as before.
    for (const zone of [undefined, "UTC"]) {
      const r = (await report(repo(zone), "2026-11-01", "2026-11-30")).r!;
      expect(r.period).toEqual({ since: "2026-11-01T00:00:00.000Z", until: "2026-12-01T00:00:00.000Z" });
      expect(lee(r)).toBe("in");
    }
  });
});
