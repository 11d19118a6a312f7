// rv84 finding 2: Workday gives its dates as xs:date with the worker's offset. Microsoft's Workday
// provisioning docs: ContractEndDate "is in the format 2020-12-31-08:00", mapped to AD's
// accountExpires as the END of that day in that offset ("T23:59:59-08:00"; functions-for-
// customizing-application-data, NumFromDate). A CSV built from a Workday report stopped the whole
// run ("is not a date"), and the RFC 3339 rewrite the refusal asked for (2026-11-26T00:00:00-08:00)
// is the instant the last working day BEGINS: a fixed-term worker renewed after a gap was
// offboarded a working day early. A Workday date is a day in its offset: a termination date has
// passed at its end there, a hire date begins at its start.
import { spawnSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changesOf, planWith } from "../helpers/plan-with.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
const CLI = new URL("../../bin/scopesync.js", import.meta.url).pathname;

/** The scenario base reading a Workday report exported to CSV: Workday's column names, its status words. */
const WORKDAY_CONFIG = `version: 1
organisation: scenario
sources:
  hr:
    type: csv
    path: hr.csv
    authoritative: [name, department, title, manager, employmentType, status, employeeId, hireDate, terminationDate]
    gates:
      required: [externalId, userName, status]
      maxChurn: "60%"
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: Employee_ID, employeeId: Employee_ID, userName: User_Name, givenName: Legal_First_Name, familyName: Legal_Last_Name, email: Primary_Work_Email, status: Worker_Status, title: Business_Title, department: Supervisory_Organization, manager: Manager_ID, hireDate: Hire_Date, terminationDate: Termination_Date }
      statusValues: { Active: active, On Leave: suspended, Terminated: terminated }
targets:
  app:
    type: file
    path: state/app.json
    runAs: scopesync-bot
safety:
  default:
    deletes: { count: 5 }
    disables: { count: 5 }
    removals: { count: 10 }
    changes: { count: 50 }
    floor: 10
`;

/** The base people in Workday's words; linus (W4, Los Angeles: -08:00 in November) with the dates given. */
const workday = (linus: { status?: string; hired: string; left: string }) => ({
  "scopesync.yaml": WORKDAY_CONFIG,
  "hr.csv": `Employee_ID,User_Name,Legal_First_Name,Legal_Last_Name,Primary_Work_Email,Worker_Status,Business_Title,Supervisory_Organization,Manager_ID,Hire_Date,Termination_Date
W1,ada,Ada,Lovelace,ada@corp.example,Active,Head of Platform,Platform,,2019-01-07-08:00,
W2,alan,Alan,Turing,alan@corp.example,Active,Platform Engineer,Platform,W1,2020-02-03-08:00,
W3,grace,Grace,Hopper,grace@corp.example,Active,Engineer,Engineering,W1,2021-03-01-08:00,
W4,linus,Linus,Torvalds,linus@corp.example,${linus.status ?? "Active"},Engineer,Engineering,W1,${linus.hired},${linus.left}
`,
});

/** A fixed-term engineer: last working day 26 November in Los Angeles, renewed from 30 November. */
const RENEWED = workday({ hired: "2026-11-30-08:00", left: "2026-11-26-08:00" });

describe("Workday's dates, a day in the worker's offset", () => {
  it("keep a renewed fixed-term worker's access through the last working day in their zone, and offboard them between contracts", async () => {
    // 23:00 PST on 26 November, the last working day: nothing is taken.
    const lastDay = await planWith(RENEWED, { now: "2026-11-27T07:00:00Z" });
    expect(lastDay.code).not.toBe(1);
    expect(changesOf(lastDay.plan, "linus")).toEqual([]);
    // 00:00 PST on 27 November: between contracts until the renewal begins at 00:00 PST on 30 November.
    const { plan } = await planWith(RENEWED, { now: "2026-11-27T08:00:00Z" });
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => [c.action, c.entitlement, c.reason])).toEqual([
      ["revoke", "team:engineering", "left on 2026-11-26-08:00, rehired from 2026-11-30-08:00 (terminationDate and hireDate in hr; hr says active, for the employment to come): between employments, a leaver in app until its access begins again on 2026-11-30T08:00:00.000Z"],
      ["disable-account", undefined, "left on 2026-11-26-08:00, rehired from 2026-11-30-08:00 (terminationDate and hireDate in hr; hr says active, for the employment to come): between employments, a leaver in app until its access begins again on 2026-11-30T08:00:00.000Z"],
    ]);
    // 00:00 PST on 30 November: the renewal has begun.
    const renewed = await planWith(RENEWED, { now: "2026-11-30T08:00:00Z" });
    expect(changesOf(renewed.plan, "linus")).toEqual([]);
  });

  it("tell the reviewer of a status that lags from the end of the last day in the worker's zone, not from its start", async () => {
    const stays = workday({ hired: "2022-04-04-08:00", left: "2026-11-26-08:00" });
    const during = await planWith(stays, { now: "2026-11-27T07:59:59Z" });
    expect(during.plan.findings.filter((f) => f.rule === "termination-date-passed")).toEqual([]);
    const after = await planWith(stays, { now: "2026-11-27T08:00:00Z" });
    expect(after.plan.findings.filter((f) => f.rule === "termination-date-passed").map((f) => f.message)).toEqual([
      "linus's termination date 2026-11-26-08:00 (hr) has passed, but hr still says active: the plan does not offboard them",
    ]);
  });

  it("give a joiner access from the start of their first day in their zone", async () => {
    const joiner = workday({ hired: "2026-11-26-08:00", left: "" });
    const before = await planWith(joiner, { now: "2026-11-26T07:59:59Z" });
    expect(before.plan.findings.filter((f) => f.identity === "linus").map((f) => f.rule)).toEqual(["joiner-not-started"]);
    const onTheDay = await planWith(joiner, { now: "2026-11-26T08:00:00Z" });
    expect(onTheDay.plan.findings.filter((f) => f.identity === "linus")).toEqual([]);
  });

  it("plan the same bytes under TZ=UTC, America/Los_Angeles and Pacific/Kiritimati, on either side of the day's end", () => {
    const repo = join(temp("scopesync-workday-"), "r");
    cpSync(join(SCENARIOS, "_base"), repo, { recursive: true });
    for (const [path, content] of Object.entries(RENEWED)) writeFileSync(join(repo, path), content);
    for (const now of ["2026-11-27T07:59:59Z", "2026-11-27T08:00:00Z"]) {
      const runs = ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"].map((tz) => spawnSync(process.execPath, [CLI, "plan", "--repo", repo, "--now", now, "--format", "json"], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", TZ: tz } }));
      expect(runs.map((r) => r.stderr)).toEqual(["", "", ""]);
      expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
      expect(runs[2]!.stdout).toBe(runs[0]!.stdout);
      expect(runs[0]!.stdout).toContain('"identity": "linus"');
    }
  });
});
