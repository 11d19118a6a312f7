// A person between two employments (rv33 finding 3): an HR row that is Active, whose termination
// date has passed and whose (re)hire date is still to come. HR enters a rehire ahead and its
// status then speaks for the employment to come: BambooHR's rehire sets the former employee's
// status to Active before the offer goes out
// (https://bamboohr.screenstepslive.com/m/53914/l/587305-rehire-an-employee), and HiBob gives a
// rehire "a new start date that occurs after their termination date"
// (https://help.hibob.com/employee-profiles/employee-statuses/rehiring). The plan said "No
// changes" and only joiner-not-started: the person kept their access through the gap, while the
// entra source read the same person as a leaver.
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appPolicyWithAccounts, changesOf, planWith, stateWith } from "../helpers/plan-with.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { entraExport, HR_AND_ENTRA_CONFIG } from "../helpers/entra-export.js";

const tempDir = tempDirs();
const BASE_HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate
W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,
W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,
W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,
`;
/** linus (hr:W4), a seasonal engineer: his contract ended on 2026-11-20, the next begins on 2027-01-04. */
const LINUS = (status = "Active", left = "2026-11-20") => `${BASE_HR}W4,linus,Linus,Torvalds,linus@corp.example,${status},Employee,Engineer,Engineering,W1,2027-01-04,${left}\n`;
/** The base app policy, with accounts settings. */
const policyWith = appPolicyWithAccounts;

const GAP_REASON = "left on 2026-11-20, rehired from 2027-01-04 (terminationDate and hireDate in hr; hr says active, for the employment to come): between employments, a leaver in app until its access begins again on 2027-01-04";

describe("a person between employments: termination date passed, rehire to come", () => {
  it("is offboarded as a leaver, the reason naming both dates, and the plan says when access comes back", async () => {
    // The base state: linus's account is active and holds team:engineering.
    const { plan, code } = await planWith({ "hr.csv": LINUS() });
    expect(code).toBe(0);
    expect(plan.changes.filter((c) => c.identity === "linus").map((c) => [c.action, c.entitlement, c.origin, c.reason])).toEqual([
      ["revoke", "team:engineering", "source", GAP_REASON],
      ["disable-account", undefined, "source", GAP_REASON],
    ]);
    expect(plan.findings.filter((f) => f.identity === "linus")).toEqual([
      {
        rule: "rehire-not-started",
        severity: "info",
        identity: "linus",
        message: 'linus left on 2026-11-20 (terminationDate from hr hr.csv row 4 (line 5)) and is rehired from 2027-01-04 (hireDate from hr hr.csv row 4 (line 5)): between employments. Access in app begins again on 2027-01-04, on the hire date (policies/apps/app.yaml:1); until then they are a leaver there and their account "linus" is offboarded: what it holds is revoked and the account disabled',
        remediation: "nothing, if they left on 2026-11-20 and start again on 2027-01-04: the first plan on or after 2027-01-04 enables the account and gives the access. If they never left, clear the termination date in hr; if the rehire has begun, correct the hire date in hr; to give access ahead of the start, set accounts.preStart (e.g. 7d) in policies/apps/app.yaml:1",
        location: "hr hr.csv row 4 (line 5)",
        target: "app",
      },
    ]);
  });

  it("is a leaver whatever the status says while between employments: on leave, in an app that keeps the accounts of people on leave", async () => {
    const { plan } = await planWith({ "hr.csv": LINUS("On Leave"), "policies/apps/app.yaml": policyWith("  onSuspended: keep") });
    expect(changesOf(plan, "linus")).toEqual(["revoke team:engineering", "disable-account"]);
    expect(plan.changes.find((c) => c.identity === "linus")?.reason).toBe(GAP_REASON.replace("hr says active", "hr says suspended"));
  });

  it("keeps access on the last working day itself: a date alone has passed from the next day on (UTC)", async () => {
    const { plan } = await planWith({ "hr.csv": LINUS("Active", "2026-11-26") });
    expect(changesOf(plan, "linus")).toEqual([]);
    expect(plan.findings.filter((f) => f.identity === "linus").map((f) => f.rule)).toEqual(["joiner-not-started"]);
  });

  // rv84 finding 3: the end of a Los Angeles last day written as a date-time (06:59:59Z on 26 November)
  // and the renewal from 26 November as a bare date (00:00Z) compared as instants: the hire "before"
  // the leaving, so no rehire, and the plan asked the reviewer to terminate a person at work.
  it("is a rehire when one date has a zone and the other is a bare date: the hire's day is not over before the leaving", async () => {
    const renewed = `${BASE_HR}W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2026-11-26,2026-11-25T23:59:59-08:00\n`;
    const { plan } = await planWith({ "hr.csv": renewed }, { now: "2026-11-26T09:00:00Z" });
    expect(changesOf(plan, "linus")).toEqual([]);
    expect(plan.findings.filter((f) => f.identity === "linus")).toEqual([]);
  });

  it("counts each app's accounts.preStart: access the rehire has already been given ahead of the start is not taken away", async () => {
    // now 2026-11-26T09:00Z. 2027-01-04 less 45d is 2026-11-20, begun: the rehire's access here has begun.
    const begun = await planWith({ "hr.csv": LINUS(), "policies/apps/app.yaml": policyWith("  preStart: 45d") });
    expect(changesOf(begun.plan, "linus")).toEqual([]);
    expect(begun.plan.findings.filter((f) => f.identity === "linus")).toEqual([]);
    // Less 30d is 2026-12-05, to come: a leaver here until then.
    const toCome = await planWith({ "hr.csv": LINUS(), "policies/apps/app.yaml": policyWith("  preStart: 30d") });
    expect(changesOf(toCome.plan, "linus")).toEqual(["revoke team:engineering", "disable-account"]);
    expect(toCome.plan.changes.find((c) => c.identity === "linus")?.reason).toMatch(/a leaver in app until its access begins again on 2026-12-05$/);
  });

  it("gets the account back through the rehire path on the hire date, less accounts.preStart, and not a day sooner", async () => {
    // The account as the gap's plan left it: disabled, nothing held, marked with his anchor.
    const state = stateWith({ linus: { active: false, entitlements: [], disabledAt: "2026-11-26T10:00:00Z" } });
    const rehired = "rehire: hr:W4 is active again; the old account comes back";
    const onTheDay = await planWith({ "hr.csv": LINUS(), "state/app.json": state }, { now: "2027-01-04T09:00:00Z" });
    expect(onTheDay.plan.changes.filter((c) => c.identity === "linus").map((c) => [c.action, c.entitlement, c.reason])).toEqual([
      ["enable-account", undefined, rehired],
      ["grant", "team:engineering", "birthright member of engineering"],
    ]);
    const ahead = await planWith({ "hr.csv": LINUS(), "state/app.json": state, "policies/apps/app.yaml": policyWith("  preStart: 7d") }, { now: "2026-12-28T00:00:00Z" });
    expect(changesOf(ahead.plan, "linus")).toEqual(["enable-account", "grant team:engineering"]);
    expect(ahead.plan.changes.find((c) => c.action === "enable-account")?.reason).toBe(rehired);
    const dayBefore = await planWith({ "hr.csv": LINUS(), "state/app.json": state, "policies/apps/app.yaml": policyWith("  preStart: 7d") }, { now: "2026-12-27T23:59:59Z" });
    expect(changesOf(dayBefore.plan, "linus")).toEqual([]);
    // rv36 finding 4: the lead time is cited at its key (line 9), and the fix lengthens it rather than asking to set it.
    const waiting = dayBefore.plan.findings.find((f) => f.identity === "linus");
    expect(waiting?.message).toMatch(/Access in app begins again on 2026-12-28, 7d before it \(accounts\.preStart\) \(policies\/apps\/app\.yaml:9\); until then they are a leaver there and their disabled account "linus" stays disabled$/);
    expect(waiting?.remediation).toMatch(/; to give access earlier still, lengthen accounts\.preStart \(now 7d\) in policies\/apps\/app\.yaml:9$/);
  });

  it("reads an Entra rehire as an HR one: a leaver until the rehire's access begins, accounts.preStart counted", async () => {
    // Graph's user: employeeHireDate, "the date and time when the user was hired or will start
    // work in a future hire"; employeeLeaveDateTime, "the date and time when the user left or
    // will leave the organization" (https://learn.microsoft.com/en-us/graph/api/resources/user).
    // The entra source called the gap terminated itself, as of the export: access came back only
    // with the first export after the hire date, and accounts.preStart did not bring it forward.
    const barbara = { id: "a5", login: "barbara@corp.example", externalId: "entra:3f2a9c1e-7b4d-4e0a-9c6b-2d8e5f1a7b30", active: true, attributes: {}, entitlements: ["team:engineering"] };
    const files = { "scopesync.yaml": HR_AND_ENTRA_CONFIG, "entra.json": entraExport({ id: "3f2a9c1e-7b4d-4e0a-9c6b-2d8e5f1a7b30", employeeHireDate: "2027-01-04T08:00:00Z", employeeLeaveDateTime: "2026-11-20T17:00:00Z" }), "hr.csv": LINUS(), "state/app.json": stateWith({}, [barbara]) };
    const { plan } = await planWith(files);
    expect(changesOf(plan, "barbara@corp.example")).toEqual(["revoke team:engineering", "disable-account"]);
    expect(plan.changes.find((c) => c.identity === "barbara@corp.example")?.reason).toBe("left on 2026-11-20T17:00:00.000Z, rehired from 2027-01-04T08:00:00.000Z (terminationDate and hireDate in entra; entra says active, for the employment to come): between employments, a leaver in app until its access begins again on 2027-01-04T08:00:00.000Z");
    expect(plan.findings.filter((f) => f.identity === "barbara@corp.example").map((f) => [f.rule, f.location])).toEqual([["rehire-not-started", "entra entra.json entry 1"]]);
    expect(changesOf(plan, "linus")).toEqual(["revoke team:engineering", "disable-account"]);
    // 2027-01-04T08:00Z less 45d has begun: both rehires keep the access given ahead of the start.
    const begun = await planWith({ ...files, "policies/apps/app.yaml": policyWith("  preStart: 45d") });
    expect(changesOf(begun.plan, "barbara@corp.example")).toEqual([]);
    expect(changesOf(begun.plan, "linus")).toEqual([]);
  });

  // A leaver in every app is a leaver for the checks that ask whether someone is still here for
  // others' sake too: the owner of an NHI, and leaver-access-remaining. Before, the status (Active,
  // for the employment to come) answered: the NHI of an owner between employments kept running.
  it("quarantines the NHIs they own until the rehire's hire date, as any leaver's", async () => {
    const svc = "kind: ServiceAccount\nid: svc-deploy\nowner: linus\nstatus: active\n";
    const account = { id: "a9", login: "svc-deploy", externalId: "nhi:svc-deploy", active: true, attributes: {}, entitlements: [] };
    const quarantine = 'quarantined: owner "linus" is between employments (left on 2026-11-20, rehired from 2027-01-04); a new owner must be assigned';
    const { plan } = await planWith({ "hr.csv": LINUS(), "identities/svc-deploy.yaml": svc, "state/app.json": stateWith({}, [account]) });
    expect(plan.changes.filter((c) => c.identity === "svc-deploy").map((c) => [c.action, c.reason])).toEqual([["disable-account", quarantine]]);
    expect(plan.findings.find((f) => f.rule === "nhi-owner-active")?.message).toBe('svc-deploy is quarantined: owner "linus" is between employments (left on 2026-11-20, rehired from 2027-01-04)');
    // From the hire date on, the owner answers for it again (a preStart of the person's app gives their own accounts ahead, not the NHI's owner).
    const back = await planWith({ "hr.csv": LINUS(), "identities/svc-deploy.yaml": svc, "state/app.json": stateWith({}, [account]), "policies/apps/app.yaml": policyWith("  preStart: 45d") }, { now: "2027-01-04T00:00:00Z" });
    // (The account is outside the app's scope, which is people: it is disabled for that, not quarantined.)
    expect(back.plan.changes.filter((c) => c.identity === "svc-deploy").map((c) => c.reason)).toEqual(["no longer in the scope of policies/apps/app.yaml:1"]);
    expect(back.plan.findings.filter((f) => f.rule === "nhi-owner-active")).toEqual([]);
  });

  it("is a leaver for leaver-access-remaining in the apps where the rehire's access has not begun", async () => {
    // team:side-project is no policy's: the plan leaves it, and the rule says a leaver keeps it.
    const state = stateWith({ linus: { entitlements: ["team:engineering", "team:side-project"] } });
    const { plan } = await planWith({ "hr.csv": LINUS(), "state/app.json": state });
    expect(plan.findings.filter((f) => f.rule === "leaver-access-remaining").map((f) => f.message)).toEqual([
      "linus is between employments (left on 2026-11-20, rehired from 2027-01-04: a leaver until the rehire's access begins) but keeps entitlements app:team:side-project after this plan",
    ]);
    // Where accounts.preStart has begun the rehire's access, it is theirs again: no leaver keeps it.
    const begun = await planWith({ "hr.csv": LINUS(), "state/app.json": state, "policies/apps/app.yaml": policyWith("  preStart: 45d") });
    expect(begun.plan.findings.filter((f) => f.rule === "leaver-access-remaining")).toEqual([]);
  });

  it("explain gives the leaving and the rehire", async () => {
    const dir = tempDir("scopesync-rehire-gap-");
    cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
    writeFileSync(join(dir, "hr.csv"), LINUS());
    const r = await runCli(["explain", "linus", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(`  lifecycle: loses access (leaver): ${GAP_REASON}\n`);
    expect(r.stdout).toContain("  decision: offboard (leaver): credentials, then entitlements, then the account; never deleted: policies/apps/app.yaml:1 says onLeaveScope: disable, not delete: its accounts are never deleted\n");
  });
});
