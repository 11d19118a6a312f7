// A joiner whose hire date has not come gets no account and no grant yet (rv31 finding 3). HR
// systems export pre-start hires, some as Active: BambooHR keeps a future hire Active, and Okta's
// BambooHR integration holds them back with a "Pre-Start Interval", "the timeframe (in days) for a
// user to be considered active ahead of their hire date"
// (https://help.okta.com/en-us/content/topics/provisioning/bamboohr/bamboohr-integrate.htm).
// scopesync made the account and granted the birthright groups at once, the plan saying "joiner".
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
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
const LINUS = (hired: string, left = "") => `W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,${hired},${left}\n`;
const EDSGER = (hired: string) => `W5,edsger,Edsger,Dijkstra,edsger@corp.example,Active,Employee,Engineer,Engineering,W1,${hired},\n`;
const HR = (...rows: string[]) => `${BASE_HR}${LINUS("2022-04-04")}${rows.join("")}`;
/** The base app policy with accounts.preStart set. */
const policyWith = (preStart: string) => appPolicyWithAccounts(`  preStart: ${preStart}`);


describe("a joiner whose hire date has not come", () => {
  it("gets no account and no grant, and the plan names the day access begins", async () => {
    const { plan, code } = await planWith({ "hr.csv": HR(EDSGER("2027-02-01")) });
    expect(code).toBe(0);
    expect(changesOf(plan, "edsger")).toEqual([]);
    expect(plan.findings.filter((f) => f.identity === "edsger")).toEqual([
      {
        rule: "joiner-not-started",
        severity: "info",
        identity: "edsger",
        message: "edsger starts on 2027-02-01 (hireDate from hr hr.csv row 5 (line 6)): a joiner who has not started. Access in app begins on 2027-02-01, on the hire date (policies/apps/app.yaml:1); until then no account is made for them there",
        remediation: "nothing, if 2027-02-01 is their first day: the first plan on or after 2027-02-01 gives the access. If they have started, correct the hire date in hr; to give accounts ahead of the start, set accounts.preStart (e.g. 7d) in policies/apps/app.yaml:1",
        location: "hr hr.csv row 5 (line 6)",
        target: "app",
      },
    ]);
  });

  it("gets the account on the hire date itself (a date begins at midnight UTC), as before", async () => {
    const { plan } = await planWith({ "hr.csv": HR(EDSGER("2026-11-26")) });
    expect(changesOf(plan, "edsger")).toEqual(["create-account", "grant team:engineering"]);
    expect(plan.findings.filter((f) => f.rule === "joiner-not-started")).toEqual([]);
  });

  it("gets the account accounts.preStart ahead of the hire date, and not a day sooner", async () => {
    // now is 2026-11-26T09:00Z: 2026-12-03 less 7d is 2026-11-26, which has begun; 2026-12-04 less 7d has not.
    const within = await planWith({ "hr.csv": HR(EDSGER("2026-12-03")), "policies/apps/app.yaml": policyWith("7d") });
    expect(within.stderr).toBe("");
    expect(changesOf(within.plan, "edsger")).toEqual(["create-account", "grant team:engineering"]);

    const outside = await planWith({ "hr.csv": HR(EDSGER("2026-12-04")), "policies/apps/app.yaml": policyWith("7d") });
    expect(changesOf(outside.plan, "edsger")).toEqual([]);
    expect(outside.plan.findings.find((f) => f.rule === "joiner-not-started")?.message).toBe(
      "edsger starts on 2026-12-04 (hireDate from hr hr.csv row 5 (line 6)): a joiner who has not started. Access in app begins on 2026-11-27, 7d before it (accounts.preStart) (policies/apps/app.yaml:9); until then no account is made for them there",
    );
    // rv36 finding 4: the lead time is cited at its key (line 9, not the policy's `kind:` line 1),
    // and the fix no longer asks to set what is set.
    expect(outside.plan.findings.find((f) => f.rule === "joiner-not-started")?.remediation).toBe(
      "nothing, if 2026-12-04 is their first day: the first plan on or after 2026-11-27 gives the access. If they have started, correct the hire date in hr; to give accounts earlier still, lengthen accounts.preStart (now 7d) in policies/apps/app.yaml:9",
    );
  });

  it("a rehire whose new hire date is to come: the disabled account stays disabled and gets nothing", async () => {
    const { plan } = await planWith({
      "hr.csv": `${BASE_HR}${LINUS("2027-01-04", "2025-06-30")}`,
      "state/app.json": stateWith({ linus: { active: false, entitlements: [], disabledAt: "2025-06-30T00:00:00Z" } }),
    });
    expect(changesOf(plan, "linus")).toEqual([]);
    // Between employments, a leaver until the rehire begins (test/plan/rehire-gap.test.ts): said as such, not as a joiner.
    expect(plan.findings.filter((f) => f.identity === "linus").map((f) => f.rule)).toEqual(["rehire-not-started"]);
    expect(plan.findings.find((f) => f.rule === "rehire-not-started")?.message).toMatch(/: between employments\. Access in app begins again on 2027-01-04, on the hire date \(policies\/apps\/app\.yaml:1\); until then they are a leaver there and their disabled account "linus" stays disabled$/);
  });

  it("an account they already have is not offboarded for it: only what no group justifies is revoked", async () => {
    // linus's account holds role:admin (privileged, no group of his justifies it) and not yet his birthright team.
    const { plan } = await planWith({
      "hr.csv": `${BASE_HR}${LINUS("2027-01-04")}`,
      "state/app.json": stateWith({ linus: { entitlements: ["role:admin"] } }),
    });
    expect(changesOf(plan, "linus")).toEqual(["revoke role:admin"]);
    expect(plan.findings.find((f) => f.rule === "joiner-not-started")?.message).toMatch(/until then their account "linus" is not offboarded for it, and nothing is granted$/);
  });

  it("holds an Entra user whose employeeHireDate is to come, to the instant Graph gives", async () => {
    // Graph's employeeHireDate: "The date and time when the user was hired or will start work in
    // a future hire" (https://learn.microsoft.com/en-us/graph/api/resources/user), read with
    // $select as the source's hint asks; a user made ahead of the start is accountEnabled.
    const { plan } = await planWith({ "scopesync.yaml": HR_AND_ENTRA_CONFIG, "entra.json": entraExport({ id: "5b7c1e2a-9f3d-4c1b-8e2a-6d0f4a9b3c71", employeeHireDate: "2027-01-11T08:00:00Z", employeeLeaveDateTime: null }) });
    expect(changesOf(plan, "barbara@corp.example")).toEqual([]);
    const finding = plan.findings.find((f) => f.rule === "joiner-not-started");
    expect(finding?.message).toBe(
      "barbara@corp.example starts on 2027-01-11T08:00:00.000Z (hireDate from entra entra.json entry 1): a joiner who has not started. Access in app begins on 2027-01-11T08:00:00.000Z, on the hire date (policies/apps/app.yaml:1); until then no account is made for them there",
    );
  });

  it("explain says why nothing is given yet", async () => {
    const dir = tempDir("scopesync-pre-start-");
    cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
    writeFileSync(join(dir, "hr.csv"), HR(EDSGER("2027-02-01")));
    const r = await runCli(["explain", "edsger", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(
      "  decision: nothing given yet: edsger starts on 2027-02-01 and access here begins on 2027-02-01 (accounts.preStart: 0, finding joiner-not-started); until then no account is made for them there\n",
    );
    expect(r.stdout).toContain("    team:engineering: not held, justified by engineering (birthright, identities/groups/engineering.yaml:4), mapped at policies/apps/app.yaml:15; not granted: see the decision\n");
    expect(r.stdout).toContain("  planned: nothing\n");
  });

  it("a Person overlay's hireDate counts too, and must be a date", async () => {
    const { plan } = await planWith({ "hr.csv": HR(EDSGER("")), "identities/people/edsger.yaml": "kind: Person\nid: edsger\nattributes:\n  hireDate: 2027-03-01\n" });
    expect(changesOf(plan, "edsger")).toEqual([]);
    expect(plan.findings.find((f) => f.rule === "joiner-not-started")?.location).toBe("file identities/people/edsger.yaml:4:13");

    const dir = tempDir("scopesync-pre-start-");
    cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
    mkdirSync(join(dir, "identities/people"), { recursive: true });
    writeFileSync(join(dir, "identities/people/linus.yaml"), "kind: Person\nid: linus\nattributes:\n  hireDate: next monday\n");
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('identities/people/linus.yaml:4:13: attributes.hireDate is "next monday", which is not a valid date\n  fix: write a date as YYYY-MM-DD or an RFC 3339 date-time such as 2026-11-26T10:00:00Z\n\n1 problem found; nothing was planned.\n');
  });

  it("refuses an accounts.preStart that is not a duration, at its line", async () => {
    const dir = tempDir("scopesync-pre-start-");
    cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
    const policy = join(dir, "policies/apps/app.yaml");
    mkdirSync(dirname(policy), { recursive: true });
    writeFileSync(policy, policyWith("7 days"));
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('policies/apps/app.yaml:9:13: accounts.preStart is "7 days", which is not valid\n  fix: Duration such as 30d');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
