import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

// Scenario owner-dropped-from-source: HR drops linus from the export instead of marking him
// terminated, while svc-ci.yaml still names him as owner and deployers.yaml as a member.
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("people the sources no longer export", () => {
  it("validate stops on each name, at its line, as a pull request's typo would", async () => {
    const s = await buildScenario("owner-dropped-from-source");
    cleanup = s.cleanup;
    const r = await runCli(["validate", "--repo", s.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('identities/nhi/svc-ci.yaml:4:8: identity "linus" is not defined');
    expect(r.stderr).toContain('identities/groups/deployers.yaml:6:15: identity "linus" is not defined');
  });

  it("plan goes on: the leaver is offboarded, the NHI quarantined, each name warned about at its line", async () => {
    const s = await buildScenario("owner-dropped-from-source");
    cleanup = s.cleanup;
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    const warned = plan.findings.filter((f) => f.rule === "person-not-in-sources");
    expect(warned.map((f) => [f.severity, f.location, f.message.split(":")[0]])).toEqual([
      ["warning", "identities/groups/deployers.yaml:6", 'member "linus" is a person no source exports'],
      ["warning", "identities/nhi/svc-ci.yaml:4", 'owner "linus" is a person no source exports'],
    ]);
    expect(plan.changes.filter((c) => c.identity === "svc-ci").map((c) => c.action)).toEqual(["revoke-credential", "revoke", "disable-account"]);
    expect(plan.changes.filter((c) => c.identity === "hr:W4").map((c) => c.action)).toEqual(["revoke", "disable-account"]);
    // The explicit membership of someone no source exports grants nothing to anyone.
    expect(plan.changes.some((c) => c.action === "grant")).toBe(false);
  });

  it("while a source fails its gates, a missing owner is unknown: the findings say the NHI is not quarantined, as the plan does", async () => {
    // Scenario gate-failed-owner-unknown: the same files, and an HR export below its minRecords.
    const s = await buildScenario("gate-failed-owner-unknown");
    cleanup = s.cleanup;
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.changes.filter((c) => c.identity === "svc-ci")).toEqual([]);
    const owner = plan.findings.find((f) => f.rule === "nhi-owner-active")!;
    expect(owner.message).toBe('svc-ci\'s owner "linus" is in no source, but source "hr" failed its quality gates, so the owner may be a record the export lost: svc-ci is not quarantined now; it will be if the owner is still missing once the sources pass');
    expect(owner.remediation).not.toContain("quarantined");
    const named = plan.findings.find((f) => f.rule === "person-not-in-sources" && f.location === "identities/nhi/svc-ci.yaml:4")!;
    expect(named.message).toContain("the NHI is not quarantined while a source fails its quality gates");
  });

  it("while a source fails its gates, a missing member is unknown: the findings do not say the membership grants nothing while the plan keeps what it gave", async () => {
    // The same scenario: deployers.yaml names linus, whom the short export lost; his account keeps team:engineering.
    const s = await buildScenario("gate-failed-owner-unknown");
    cleanup = s.cleanup;
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.changes.filter((c) => c.account === "a4" || c.identity === "linus" || c.identity === "hr:W4")).toEqual([]);
    const member = plan.findings.find((f) => f.rule === "person-not-in-sources" && f.location === "identities/groups/deployers.yaml:6")!;
    expect(member.message).toBe(
      'member "linus" is a person no source exports: while a source fails its quality gates the member may be a record the export lost, whose accounts are left as they are (the gate finding names them): nothing they hold is taken away; the membership lapses if they are still missing once the sources pass',
    );
  });
});
