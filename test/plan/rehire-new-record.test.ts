// A rehire under a new worker id: HR drops W4 (linus, who left) and exports W9 with his login.
// His app account, disabled and marked hr:W4, must come back to him and be re-marked hr:W9, so that
// after the team applies the plan and accepts the next snapshot (which has no W4 left to say whose
// that mark was), the plan is empty: no offboarding of his account, no second account that the app
// refuses for its login. Without evidence that W9 is W4 (no other record, no reviewed link), the plan
// makes no account the app would refuse, and says why (login-held).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

type Account = { id: string; login: string; externalId?: string; active: boolean; entitlements: string[] };

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

async function applyPlan(dir: string): Promise<void> {
  const planPath = join(dir, "plan.json");
  const written = await runCli(["plan", "--repo", dir, "--format", "json", "--out", planPath, "--now", SCENARIO_NOW]);
  expect(written.code, written.stderr).toBe(0);
  const applied = await runCli(["apply", "--repo", dir, "--plan", planPath, "--now", SCENARIO_NOW]);
  expect(applied.code, applied.stderr).toBe(0);
}

const linusAccounts = (dir: string): Account[] => (JSON.parse(readFileSync(join(dir, "state", "app.json"), "utf8")) as { accounts: Account[] }).accounts.filter((a) => a.login === "linus");

describe("a rehire under a new worker id", () => {
  it.each(["rehire-same-records", "rehire-linked"])("%s: the old account is his again, re-marked, and the plan converges after the next snapshot", async (scenario) => {
    const dir = await scenarioForTest(scenario);
    const first = await plan(dir);
    expect(first.changes.map((c) => `${c.action} ${c.account ?? "-"}`)).toEqual(["enable-account a4", "update-account a4", "grant a4"]);
    expect(first.findings.filter((f) => f.rule === "anchor-changed").map((f) => f.identity)).toEqual(["linus"]);

    await applyPlan(dir);
    expect(linusAccounts(dir)).toMatchObject([{ id: "a4", externalId: "hr:W9", active: true, entitlements: ["team:engineering"] }]);
    // The file is the app: as written by apply, its state is as of the apply's clock.
    expect((JSON.parse(readFileSync(join(dir, "state", "app.json"), "utf8")) as { readAt: string }).readAt).toBe("2026-11-26T09:00:00.000Z");

    const accepted = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(accepted.code, accepted.stderr).toBe(0);
    const after = await plan(dir);
    expect(after.changes).toEqual([]);
    // Once the snapshot has W9 as his, only a reviewed link still names W4 (and says so).
    expect(after.findings.filter((f) => f.rule === "anchor-changed").length).toBe(scenario === "rehire-linked" ? 1 : 0);
    expect(linusAccounts(dir)).toHaveLength(1);
  });

  it("a new person given the leaver's login and address is no rehire: the leaver's directory record merging with them is not evidence, the name decides", async () => {
    const dir = await scenarioForTest("rehire-same-records");
    const hr = join(dir, "hr.csv");
    writeFileSync(hr, readFileSync(hr, "utf8").replace("W9,linus,Linus,Torvalds,", "W9,linus,Linus,Berg,"));
    const p = await plan(dir);
    expect(p.findings.filter((f) => f.rule === "anchor-changed")).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "login-reused").map((f) => `${f.severity} ${f.identity}`)).toEqual(["error linus"]);
    expect(p.blocked).toBe(true);
    expect(p.changes.filter((c) => c.action === "enable-account" || c.action === "grant")).toEqual([]);
  });

  it("without evidence, no account is planned that the app would refuse; a reviewed link then gives him the old one", async () => {
    const dir = await scenarioForTest("rehire-login-held");
    const first = await plan(dir);
    expect(first.changes).toEqual([]);
    const held = first.findings.filter((f) => f.rule === "login-held");
    expect(held.map((f) => `${f.severity} ${f.identity} ${f.target}`)).toEqual(["warning linus app"]);
    expect(held[0]!.remediation).toContain("links: [{ records: [hr:W9, hr:W4], reason: … }]");

    writeFileSync(join(dir, "identities", "links.yaml"), "kind: Links\nlinks:\n  - records: [hr:W9, hr:W4]\n    reason: rehired under a new worker id\n");
    const linked = await plan(dir);
    expect(linked.findings.filter((f) => f.rule === "login-held")).toEqual([]);
    expect(linked.changes.map((c) => `${c.action} ${c.identity} ${c.account ?? "-"}`)).toEqual(["enable-account linus a4", "update-account linus a4", "grant linus a4"]);
  });

  it("an HR export that keeps the leaver's row beside the new one keeps the old account the leaver's, and makes no second one with its login", async () => {
    const dir = await scenarioForTest("rehire-same-records");
    const hr = join(dir, "hr.csv");
    writeFileSync(hr, `${readFileSync(hr, "utf8")}W4,linus.old,Linus,Torvalds,linus.old@corp.example,Terminated,Employee,Engineer,Engineering,W1,2022-04-04,2025-06-30\n`);
    const p = await plan(dir);
    expect(p.findings.filter((f) => f.rule === "anchor-changed")).toEqual([]);
    expect(p.changes).toEqual([]);
    const held = p.findings.filter((f) => f.rule === "login-held");
    expect(held.map((f) => f.message)).toEqual([
      'linus (hr:W9) is in the scope of app and has no account there, but the account "linus" (id a4), marked hr:W4, has that login and is linus.old\'s (hr:W4, terminated); app keeps logins unique, so no account is made for linus',
    ]);
  });
});
