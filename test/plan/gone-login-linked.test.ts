// A leaver's account in an app that links by login (GitHub, linkBy: login, every app `import`
// adopted) or that carries no anchor yet: once HR drops the person, no identity has the login, and
// the account read as "unmanaged" and stayed active. The scenarios gone-from-source-login-linked,
// gone-from-source-overlay-anchor and leaver-unmarked-account hold what is offboarded; here, what
// must not be.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const edit = (path: string, change: (text: string) => string): void => writeFileSync(path, change(readFileSync(path, "utf8")));
const linusChanges = (p: Plan): string[] => p.changes.filter((c) => c.login === "linus").map((c) => `${c.action} ${c.identity}`);

describe("a leaver's account found by login", () => {
  it("is offboarded while the export passes its gates, and left alone when it fails one (the export decides nothing then)", async () => {
    const dir = await scenarioForTest("gone-from-source-login-linked");
    expect(linusChanges(await plan(dir))).toEqual(["revoke linus", "disable-account linus"]);
    // The same export, now failing minRecords: linus's absence says nothing about him.
    edit(join(dir, "scopesync.yaml"), (t) => t.replace("maxChurn: \"60%\"", "maxChurn: \"60%\"\n      minRecords: 10"));
    const failed = await plan(dir);
    expect(failed.findings.map((f) => f.rule)).toContain("source-gate-min-records");
    expect(linusChanges(failed)).toEqual([]);
  });

  it("is not offboarded when two people who left had that login: whose it is, is not guessed", async () => {
    const dir = await scenarioForTest("gone-from-source-overlay-anchor");
    writeFileSync(join(dir, "identities", "people", "linus-two.yaml"), "kind: Person\nid: linus.t\nanchor: hr:W8\nattributes:\n  userName: linus\n");
    const p = await plan(dir);
    expect(linusChanges(p)).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["linus"]);
  });

  it("an unmarked account is not taken for a leaver whose login another identity also has", async () => {
    const dir = await scenarioForTest("leaver-unmarked-account");
    // W5 is active, out of the app's scope (Sales), and has linus's login too.
    edit(join(dir, "hr.csv"), (t) => `${t}W5,linus,Linus,Pauling,pauling@corp.example,Active,Employee,Chemist,Sales,W1,2024-01-08,\n`);
    const p = await plan(dir);
    expect(p.findings.map((f) => f.rule)).toContain("identity-id-collision");
    expect(linusChanges(p)).toEqual([]);
  });
});
