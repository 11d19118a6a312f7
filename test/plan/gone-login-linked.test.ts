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
import { editFile } from "../helpers/example-copy.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

async function plan(dir: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const linusChanges = (p: Plan): string[] => p.changes.filter((c) => c.login === "linus").map((c) => `${c.action} ${c.identity}`);

describe("a leaver's account found by login", () => {
  it("is offboarded while the export passes its gates, and left alone when it fails one (the export decides nothing then)", async () => {
    const dir = await scenarioForTest("gone-from-source-login-linked");
    expect(linusChanges(await plan(dir))).toEqual(["revoke linus", "disable-account linus"]);
    // The same export, now failing minRecords: linus's absence says nothing about him.
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace("maxChurn: \"60%\"", "maxChurn: \"60%\"\n      minRecords: 10"));
    const failed = await plan(dir);
    expect(failed.findings.map((f) => f.rule)).toContain("source-gate-min-records");
    expect(linusChanges(failed)).toEqual([]);
  });

  it("is offboarded when two people who left had that login: whose it was does not matter, both left", async () => {
    const dir = await scenarioForTest("gone-from-source-overlay-anchor");
    writeFileSync(join(dir, "identities", "people", "linus-two.yaml"), "kind: Person\nid: linus.t\nanchor: hr:W8\nattributes:\n  userName: linus\n");
    const p = await plan(dir);
    expect(linusChanges(p)).toEqual(["revoke linus.t", "disable-account linus.t"]);
    expect(p.changes.find((c) => c.action === "disable-account")!.reason).toBe('hr:W8 (linus.t) and hr:W4 (linus) are no longer in source "hr" (the export passed its gates (required, maxChurn 60%) and the built-in checks); the account has that login, as identities/people/linus-two.yaml:1 gives it');
    expect(p.findings.filter((f) => f.rule === "unmanaged-account")).toEqual([]);
  });

  it("is left alone, neither a leaver's nor unmanaged, while the export fails a gate, even where unmanaged accounts are disabled", async () => {
    const dir = await scenarioForTest("gone-from-source-login-linked");
    editFile(join(dir, "scopesync.yaml"), (t) => t.replace("maxChurn: \"60%\"", "maxChurn: \"60%\"\n      minRecords: 10"));
    editFile(join(dir, "policies", "apps", "app.yaml"), (t) => `${t}unmanagedAccounts: disable\n`);
    const p = await plan(dir);
    expect(linusChanges(p)).toEqual([]);
    expect(p.findings.find((f) => f.rule === "source-gate-min-records")!.message).toContain("hr:W4 (linus). They are unknown, not gone");
  });

  it("explain finds the account by account:LOGIN, by the anchor and by the person's earlier id", async () => {
    const dir = await scenarioForTest("gone-from-source-login-linked");
    for (const name of ["account:linus", "hr:W4", "linus"]) {
      const r = await runCli(["explain", name, "--repo", dir, "--now", SCENARIO_NOW]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("decision: offboard: a leaver's account, found by login (hr:W4 (linus), the last accepted snapshot)");
      expect(r.stdout).toContain("disable-account (source): hr:W4 (linus) is no longer in source");
    }
  });

  it("survives accepting the next snapshot (a merged daily sync PR), for 90 days", async () => {
    const dir = await scenarioForTest("gone-from-source-login-linked");
    const accepted = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
    expect(accepted.code, accepted.stderr).toBe(0);
    // Said under the line of the snapshot that keeps the record.
    expect(accepted.stdout).toMatch(/^hr: \d+ records → state\/sources\/hr\.json .*\n {2}hr: keeps hr:W4 \(linus\) as a leaver until 2027-02-24: gone from every source/m);
    expect(linusChanges(await plan(dir))).toEqual(["revoke linus", "disable-account linus"]);
    // Accepted again two months on, the record stays with the date it was first kept; after 90 days it goes.
    expect((await runCli(["snapshot", "--repo", dir, "--now", "2027-01-26T09:00:00Z"])).stdout).toContain("until 2027-02-24");
    const later = await runCli(["snapshot", "--repo", dir, "--now", "2027-02-24T09:00:00Z"]);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).not.toContain("keeps");
    const snapshot = JSON.parse(readFileSync(join(dir, "state", "sources", "hr.json"), "utf8")) as { records: Array<{ externalId: string }> };
    expect(snapshot.records.map((r) => r.externalId)).toEqual(["W1", "W2", "W3"]);
  });

  it("validate warns about a leaver's imported overlay rather than failing on it: it still ties the account to them", async () => {
    const dir = await scenarioForTest("gone-from-source-overlay-anchor");
    const r = await runCli(["validate", "--repo", dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('identities/people/linus.yaml:2:5: warning: Person overlay "linus" (anchor hr:W4) names nobody the sources export');
  });

  it("an unmarked account is not taken for a leaver whose login another identity also has", async () => {
    const dir = await scenarioForTest("leaver-unmarked-account");
    // W5 is active, out of the app's scope (Sales), and has linus's login too.
    editFile(join(dir, "hr.csv"), (t) => `${t}W5,linus,Linus,Pauling,pauling@corp.example,Active,Employee,Chemist,Sales,W1,2024-01-08,\n`);
    const p = await plan(dir);
    expect(p.findings.map((f) => f.rule)).toContain("identity-id-collision");
    expect(linusChanges(p)).toEqual([]);
  });
});
