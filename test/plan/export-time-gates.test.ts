// An export from the wrong time (rv85 #1, #3). An export cannot have been taken after the plan that
// reads it, and one taken before the accepted snapshot's is older news than that baseline. Before,
// an export time in the future (a typo in options.exportedAt, a file time from a host whose clock
// runs ahead) passed maxAge with a negative age and moved the source's clock forward: an Entra user
// whose employeeLeaveDateTime (Graph: "the date and time when the user left or will leave the
// organization", learn.microsoft.com/graph/api/resources/user) was months away was disabled today,
// exit 0. And an export older than the snapshot passed every gate: its absences offboarded joiners
// the snapshot already had. Each now fails a gate, so the source decides nothing about who left.
import { cpSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { entraExport, HR_AND_ENTRA_CONFIG } from "../helpers/entra-export.js";
import { adEntry, adLdifContext, ldapsearchResult } from "../helpers/ad-ldif.js";
import { changesOf, planWith, stateWith } from "../helpers/plan-with.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const temp = tempDirs();
const ID = "3f2a9c1e-7b4d-4e0a-9c6b-2d8e5f1a7b30";
const BARBARA = "barbara@corp.example";
const STATE = stateWith({}, [{ id: "a5", login: BARBARA, externalId: `entra:${ID}`, active: true, attributes: { displayName: "Barbara Liskov", title: "Engineer", department: "Engineering" }, entitlements: ["team:engineering"] }]);
const ENTRA_PIN = /(entra:\n {4}type: entra\n {4}path: entra.json\n {4}options:\n {6}exportedAt: )"[^"]+"/;
/** The entra source's options.exportedAt set to `at`, or removed (the files' time decides). */
const configWith = (at: string | undefined): string =>
  at === undefined ? HR_AND_ENTRA_CONFIG.replace(/(entra:\n {4}type: entra\n {4}path: entra.json\n) {4}options:\n {6}exportedAt: "[^"]+"\n/, "$1") : HR_AND_ENTRA_CONFIG.replace(ENTRA_PIN, `$1"${at}"`);
/** Barbara leaves at the end of next March: a leave still to come at the plan's time (2026-11-26T09:00). */
const files = (config: string, leave = "2027-03-31T17:00:00Z"): Record<string, string> => ({ "scopesync.yaml": config, "entra.json": entraExport({ id: ID, employeeHireDate: "2022-05-02T08:00:00Z", employeeLeaveDateTime: leave }), "state/app.json": STATE });
const errors = (plan: Plan): string[] => plan.findings.filter((f) => f.severity === "error").map((f) => `${f.rule}: ${f.message}`);

describe("an export time after the plan's (rv85 #1)", () => {
  it("a pinned options.exportedAt a year ahead fails source-gate-future-export, naming the time, the setting and where it is; Barbara is not offboarded", async () => {
    const { plan, code } = await planWith(files(configWith("2027-11-26T06:00:00Z")));
    expect(code).toBe(3);
    expect(errors(plan)).toEqual([
      'source-gate-future-export: source "entra": the export\'s time 2027-11-26T06:00:00.000Z, as options.exportedAt says at scopesync.yaml:14:19, is after the plan\'s time 2026-11-26T09:00:00.000Z: an export cannot have been taken after the plan that reads it, so its time is wrong, and the source decides nothing about who left until it is right',
    ]);
    expect(plan.findings.find((f) => f.rule === "source-gate-future-export")!.remediation).toContain("correct options.exportedAt at scopesync.yaml:14:19 to the time the export was taken");
    expect(changesOf(plan, BARBARA)).toEqual([]);
  });

  it("with nothing pinned, a file time ahead (an exporter's clock, an archive's times) fails the same gate, naming the file", async () => {
    const dir = join(temp("scopesync-future-mtime-"), "r");
    cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
    for (const [path, content] of Object.entries(files(configWith(undefined)))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const ahead = new Date("2027-06-01T00:00:00Z");
    utimesSync(join(dir, "entra.json"), ahead, ahead);
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(errors(plan)).toEqual([
      'source-gate-future-export: source "entra": the export\'s time 2027-06-01T00:00:00.000Z, the modification time of entra.json, no options.exportedAt being set, is after the plan\'s time 2026-11-26T09:00:00.000Z: an export cannot have been taken after the plan that reads it, so its time is wrong, and the source decides nothing about who left until it is right',
    ]);
    expect(plan.findings.find((f) => f.rule === "source-gate-future-export")!.remediation).toContain("correct the clock of the host that wrote the export");
    expect(changesOf(plan, BARBARA)).toEqual([]);
    // scopesync snapshot says it, and writes the baseline: its dates were judged at its own clock.
    const snapshot = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(snapshot.code).toBe(0);
    expect(snapshot.stderr).toContain('warning source-gate-future-export: source "entra": the export\'s time 2027-06-01T00:00:00.000Z');
  });

  it("within the five minutes two hosts' clocks may differ, no gate fails, and a leave date between the plan and the export is still to come", async () => {
    // Plan at 09:00:00; export stamped 09:04; Barbara leaves at 09:02.
    const { plan, code } = await planWith(files(configWith("2026-11-26T09:04:00Z"), "2026-11-26T09:02:00Z"));
    expect(code).toBe(0);
    expect(errors(plan)).toEqual([]);
    expect(changesOf(plan, BARBARA)).toEqual([]);
    // At 09:02 she has left: the control.
    const at = await planWith(files(configWith("2026-11-26T09:04:00Z"), "2026-11-26T09:02:00Z"), { now: "2026-11-26T09:02:00Z" });
    expect(changesOf(at.plan, BARBARA)).toEqual(["revoke team:engineering", "disable-account"]);
  });

  it("an AD accountExpires between the plan and a later export time is still to come (ldif)", async () => {
    const ana = { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff", expires: "2026-11-26T09:02:00Z" };
    const text = ldapsearchResult("OU=Staff,DC=contoso,DC=example", "(&(objectCategory=person)(objectClass=user))", [adEntry(ana)]);
    const [record] = await ldifSource.read(adLdifContext(text, { exportedAt: "2026-11-26T09:04:00Z" }, "2026-11-26T09:00:00Z"));
    expect(record).toMatchObject({ status: "active", terminationDate: "2026-11-26T09:02:00.000Z" });
  });
});

describe("an export older than the accepted snapshot's (rv85 #3)", () => {
  // The base's snapshot is accepted from its export of 2026-11-26T06:00; an export of 2026-11-05
  // (last month's file again) lacks Linus, hired since.
  const older = {
    "scopesync.yaml": `${HR_AND_ENTRA_CONFIG.split("  entra:")[0]!.replace('exportedAt: "2026-11-26T06:00:00Z"', 'exportedAt: "2026-11-05T06:00:00Z"')}targets:\n  app:\n    type: file\n    path: state/app.json\n    runAs: scopesync-bot\n`,
    "hr.csv": "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate\nW1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,\nW2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,\nW3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,\n",
  };

  it("fails source-gate-older-than-snapshot naming both times; the person it lacks is not offboarded", async () => {
    const { plan, code } = await planWith(older, { baseline: true });
    expect(code).toBe(3);
    const [error] = errors(plan);
    expect(error).toContain('source-gate-older-than-snapshot: source "hr": ');
    expect(error).toContain("the export of 2026-11-05T06:00:00.000Z, as options.exportedAt says at scopesync.yaml:9:19, is older than the accepted snapshot's export of 2026-11-26T06:00:00.000Z");
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => c.action)).toEqual([]);
  });

  it("the same export at the snapshot's time passes (the control): Linus is gone from it", async () => {
    const same = { ...older, "scopesync.yaml": older["scopesync.yaml"].replace("2026-11-05T06:00:00Z", "2026-11-26T06:00:00Z") };
    const { plan } = await planWith(same, { baseline: true });
    expect(errors(plan)).toEqual([]);
    expect(changesOf(plan, "linus")).toContain("disable-account");
  });
});
