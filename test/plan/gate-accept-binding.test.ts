// A gate acceptance is a reviewer's word on one export (rv75): left in scopesync.yaml for its week
// it must not waive a different day's broken export within its numbers. Real CSV exports, the
// real snapshot, plan and apply commands: the failed gate gives the whole acceptance to commit,
// bound to the export's digest; another export is blocked again; one naming no export is not
// applied by the daily sync (an empty reviewed plan).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";
const ROWS: Record<string, string> = {
  W1: "W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,",
  W2: "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,",
  W3: "W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,",
  W4: "W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,",
};
const exportOf = (dir: string, ...ids: string[]) => writeFileSync(join(dir, "hr.csv"), `${[HEADER, ...ids.map((id) => ROWS[id]!)].join("\n")}\n`);
const accept = (dir: string, text: string) => {
  const config = join(dir, "scopesync.yaml");
  writeFileSync(config, readFileSync(config, "utf8").replace(/(\n      maxChurn: "25%"\n)(      accept: .*\n)?/, `$1      accept: ${text}\n`));
};
const plan = async (dir: string) => {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
};
const gate = (p: Plan, rule: string) => p.findings.find((f) => f.rule === rule);
const active = (dir: string) => (JSON.parse(readFileSync(join(dir, "state/app.json"), "utf8")) as { accounts: Array<{ login: string; active: boolean }> }).accounts.filter((a) => a.active).map((a) => a.login);

describe("gates.accept is bound to the export it was reviewed for", () => {
  it("the failed gate gives the acceptance for this export; committed, it waives this export and not another day's", async () => {
    // The accepted snapshot has W1..W4; today's export has W1, W2: 50% churn against maxChurn 25%.
    const dir = await scenarioForTest("churn-gate");
    const blocked = await plan(dir);
    expect(blocked.code).toBe(3);
    const suggested = /gates\.accept: (\{ churnUpTo: "50%", export: "sha256:[0-9a-f]{64}", reason: "…", expiresAt: "2026-12-03" \})/.exec(gate(blocked.plan, "source-gate-max-churn")!.remediation!)?.[1];
    expect(suggested).toBeDefined();
    accept(dir, suggested!.replace('"…"', '"RIF HR-9001"'));
    expect((await runCli(["validate", "--repo", dir])).code).toBe(0);

    const waived = await plan(dir);
    expect(waived.code).toBe(0);
    expect(gate(waived.plan, "source-gate-accepted")?.message).toContain("maxChurn passes only by gates.accept: 50.0%");
    expect(waived.plan.changes.filter((c) => c.action === "disable-account").map((c) => c.identity).sort()).toEqual(["grace", "linus"]);

    // Two days on the export is cut short another way: alan and linus missing, 50% again.
    exportOf(dir, "W1", "W3");
    const again = await plan(dir);
    expect(again.code).toBe(3);
    expect(again.plan.changes.filter((c) => c.action === "disable-account")).toEqual([]);
    expect(gate(again.plan, "source-gate-max-churn")?.message).toContain("gates.accept does not count: it names export sha256:");
  });

  it("validate refuses an acceptance that names its export without expiresAt, at file:line:col", async () => {
    const dir = await scenarioForTest("churn-gate");
    accept(dir, `{ churnUpTo: "50%", export: "sha256:${"0".repeat(64)}", reason: "RIF" }`);
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/scopesync\.yaml:\d+:\d+: sources\.hr\.gates\.accept has "export" without "expiresAt"/);
    expect(r.stderr).toContain("fix: An acceptance that names its export must expire");
  });

  it("one naming no export: the daily sync's apply (an empty reviewed plan) does not take its waiver for a truncated export", async () => {
    const dir = await scenarioForTest("churn-gate");
    // The sync's reviewed plan: nothing (yesterday's export is today's snapshot's).
    exportOf(dir, "W1", "W2", "W3", "W4");
    const empty = await plan(dir);
    expect(empty.plan.changes).toEqual([]);
    writeFileSync(join(dir, "reviewed.json"), JSON.stringify(empty.plan));
    // A standing acceptance from before `export` existed, and today's export cut short.
    accept(dir, '{ churnUpTo: "50%", reason: "RIF HR-9001", expiresAt: "2026-12-03" }');
    exportOf(dir, "W1", "W3");
    const planned = await plan(dir);
    expect(gate(planned.plan, "source-gate-accepted")?.remediation).toContain('add export: "sha256:');
    const r = await runCli(["apply", "--repo", dir, "--plan", join(dir, "reviewed.json"), "--now", SCENARIO_NOW]);
    expect(r.stdout + r.stderr).not.toContain("unreviewed revocation(s) applied anyway");
    expect(active(dir)).toEqual(["ada", "alan", "grace", "linus", "scopesync-bot"]);
  });

  it("one naming no export still applies the reviewed plan that used it, for the export it was reviewed with", async () => {
    const dir = await scenarioForTest("churn-gate");
    accept(dir, '{ churnUpTo: "50%", reason: "RIF HR-9001", expiresAt: "2026-12-03" }');
    const reviewed = await plan(dir);
    expect(reviewed.code).toBe(0);
    writeFileSync(join(dir, "reviewed.json"), JSON.stringify(reviewed.plan));
    const r = await runCli(["apply", "--repo", dir, "--plan", join(dir, "reviewed.json"), "--now", SCENARIO_NOW]);
    expect(r.code).toBe(0);
    expect(active(dir)).toEqual(["ada", "alan", "scopesync-bot"]);
  });
});
