// The accepted snapshot at the base branch, written as parts (sources/snapshot-parts.ts): plan
// --base reads the head and each part at the base revision through git, as it reads a snapshot of
// one file, and plans the same. Real git repositories; the parts are written by the real writer
// at a small part size (the scenarios' snapshots are a few kB), the day's snapshot by the real
// `snapshot` command on a branch, which puts it back in one file.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { readSnapshot, writeSnapshots } from "../../src/sources/snapshot.js";
import { runCli } from "../helpers/run-cli.js";
import { project, SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

const HR = "state/sources/hr.json";

/** The scenario on main with its accepted snapshot rewritten as parts, then the day's snapshot on a branch. */
async function syncBranchFromParts(scenario: string): Promise<{ dir: string; parts: number }> {
  const dir = await scenarioForTest(scenario);
  const accepted = readSnapshot(dir, HR, "hr")!;
  const parts = writeSnapshots(dir, [{ path: HR, snapshot: () => accepted, partBytes: 700 }])[0]!.parts;
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  await git.add(".").commit("accepted snapshot, in parts");
  await git.checkoutLocalBranch("scopesync/sync");
  const snapshot = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
  expect(snapshot.code, snapshot.stderr).toBe(0);
  await git.add(".").commit("the day's snapshot");
  return { dir, parts };
}

async function plan(dir: string, ...args: string[]): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW, ...args]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

describe("plan --base against an accepted snapshot in parts", () => {
  it("a department move carried with its own snapshot is planned as a mover", async () => {
    const { dir, parts } = await syncBranchFromParts("mover-privileged");
    expect(parts).toBeGreaterThan(1);
    // The branch's snapshot is one file again: its parts are gone from the working tree, not from main.
    expect(readdirSync(join(dir, "state/sources"))).toEqual(["hr.json"]);
    const atBase = await plan(dir, "--base", "main");
    expect(atBase.changes.map((c) => `${c.action} ${c.identity} ${c.entitlement} ${c.origin} ${c.move ? "mover" : ""}`)).toEqual([
      "revoke alan role:admin source mover",
      "grant alan team:engineering source mover",
    ]);
  });

  it("a half-empty export still fails its churn gate against the parts main accepted", async () => {
    const { dir } = await syncBranchFromParts("churn-gate");
    const atBase = await plan(dir, "--base", "main");
    expect(project(atBase)).toContain('source-gate-max-churn: source "hr": 2 records it lacks are left alone, unknown rather than gone: grace, linus; 50.0% of records changed since the accepted snapshot of 2026-11-26 (0 added, 2 gone');
    expect(atBase.changes.filter((c) => c.action === "disable-account" || c.action === "revoke")).toEqual([]);
  });

  it("with --from-snapshots the base plans from main's head and parts, and the branch's edit of them is named", async () => {
    const { dir } = await syncBranchFromParts("mover-privileged");
    const atBase = await plan(dir, "--base", "main", "--from-snapshots", "--fetched-exports");
    expect(atBase.changes.map((c) => `${c.identity} ${c.origin} ${c.move ? "mover" : "-"}`)).toEqual(["alan source mover", "alan source mover"]);
    const edited = await plan(dir, "--base", "main", "--from-snapshots");
    expect(edited.findings.filter((f) => f.rule === "source-unread-at-base")).toEqual([]);
    expect(edited.changes.map((c) => `${c.identity} ${c.origin} ${c.move ? "mover" : "-"}`)).toEqual(["alan pr mover", "alan pr mover"]);
    const named = edited.findings.filter((f) => f.rule === "export-edited-in-pr");
    expect(named.map((f) => f.severity)).toEqual(["warning"]);
    // The parts main has and the branch removed are among the files the edit names.
    expect(named[0]!.message).toMatch(/hr\.part-01-of-\d+\.json/);
  });

  it("a pull request that changes a part and not its head fails its own plan, not every plan after its merge", async () => {
    const dir = await scenarioForTest("mover-privileged");
    const accepted = readSnapshot(dir, HR, "hr")!;
    writeSnapshots(dir, [{ path: HR, snapshot: () => accepted, partBytes: 700 }]);
    const git = simpleGit({ baseDir: dir });
    await git.init(["--initial-branch=main"]);
    await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
    await git.add(".").commit("accepted snapshot, in parts");
    await git.checkoutLocalBranch("edit-a-part");
    const part = readdirSync(join(dir, "state/sources")).find((f) => f.startsWith("hr.part-01-"))!;
    const file = join(dir, "state/sources", part);
    writeFileSync(file, readFileSync(file, "utf8").replace(/"department": "[^"]*"/, '"department": "Finance"'));
    await git.add(".").commit("a part edited by hand");
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW, "--base", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: snapshot ${HR} of source "hr" is unreadable: its part ${part}: not the part the snapshot lists (its SHA-256 differs): the part was changed or replaced without the snapshot\n  fix: restore it and its parts from the last commit where they read (git checkout COMMIT -- state/sources/hr.json 'state/sources/hr.part-*-of-*.json')`);
  });

  it("a part main lists but does not hold stops the plan, naming it", async () => {
    const { dir } = await syncBranchFromParts("mover-privileged");
    const git = simpleGit({ baseDir: dir });
    await git.checkout("main");
    const part = readdirSync(join(dir, "state/sources")).find((f) => f.startsWith("hr.part-02-"))!;
    await git.rm(`state/sources/${part}`).commit("a part lost");
    await git.checkout("scopesync/sync");
    expect(existsSync(join(dir, "state/sources", part))).toBe(false);
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW, "--base", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error: snapshot ${HR} at main of source "hr" is unreadable: its part ${part}: missing (every part the snapshot lists is committed beside it)`);
  });
});
