// The accepted snapshot is the one the base branch holds: a pull request that carries a new
// snapshot (the daily sync's) is planned against the snapshot it would replace. Real git
// repositories; the day's snapshot is written by the real `snapshot` command on a branch.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { describe, expect, it, onTestFinished } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { project, SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

/** A git repository on main in `dir`, with an author. */
async function gitRepo(dir: string): Promise<SimpleGit> {
  const git = simpleGit({ baseDir: dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  return git;
}

/** The scenario committed on main without its snapshot, which a branch then adds: the first one. */
async function firstSnapshotOnBranch(scenario: string): Promise<{ dir: string; git: SimpleGit; before: Buffer }> {
  const dir = await scenarioForTest(scenario);
  const before = readFileSync(join(dir, "state/sources/hr.json"));
  rmSync(join(dir, "state/sources"), { recursive: true });
  const git = await gitRepo(dir);
  await git.add(".").commit("no snapshot yet");
  await git.checkoutLocalBranch("first-snapshot");
  mkdirSync(join(dir, "state/sources"));
  writeFileSync(join(dir, "state/sources/hr.json"), before);
  await git.add(".").commit("the first snapshot");
  return { dir, git, before };
}

/** The scenario committed on main (with its accepted snapshot), then the day's snapshot on a branch. */
async function syncBranch(scenario: string): Promise<string> {
  const dir = await scenarioForTest(scenario);
  const git = await gitRepo(dir);
  await git.add(".").commit("accepted snapshot");
  await git.checkoutLocalBranch("scopesync/sync");
  const snapshot = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
  expect(snapshot.code, snapshot.stderr).toBe(0);
  await git.add(".").commit("the day's snapshot");
  return dir;
}

async function plan(dir: string, ...args: string[]): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW, ...args]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

describe("plan --base measures the sources against the snapshot the base accepted", () => {
  it("a half-empty export carried with its own snapshot still fails its churn gate, and no leaver is planned", async () => {
    const dir = await syncBranch("churn-gate");
    const atBase = await plan(dir, "--base", "main");
    expect(atBase.code).toBe(3);
    expect(project(atBase.plan)).toContain('source-gate-max-churn: source "hr": 2 records it lacks are left alone, unknown rather than gone: grace, linus; 50.0% of records changed since the accepted snapshot of 2026-11-26 (0 added, 2 gone');
    expect(atBase.plan.changes.filter((c) => c.action === "disable-account" || c.action === "revoke")).toEqual([]);
    // Measured against the branch's own snapshot, the same export passes and offboards both.
    const own = await plan(dir);
    expect(own.plan.findings.some((f) => f.rule === "source-gate-max-churn")).toBe(false);
    expect(own.plan.changes.filter((c) => c.action === "disable-account").map((c) => c.identity).sort()).toEqual(["grace", "linus"]);
  });

  it("a department move carried with its own snapshot is planned as a mover, not as drift", async () => {
    const dir = await syncBranch("mover-privileged");
    const atBase = await plan(dir, "--base", "main");
    expect(atBase.plan.changes.map((c) => `${c.action} ${c.identity} ${c.entitlement} ${c.origin} ${c.move ? "mover" : ""}`)).toEqual([
      "revoke alan role:admin source mover",
      "grant alan team:engineering source mover",
    ]);
    const own = await plan(dir);
    expect(own.plan.changes.map((c) => `${c.identity} ${c.origin} ${c.move ? "mover" : "-"}`)).toEqual(["alan drift -", "alan drift -"]);
  });

  it("a source with no snapshot at the base has none yet: no churn, no mover, whatever the branch carries", async () => {
    // The scenario's snapshot is from before the move.
    const { dir } = await firstSnapshotOnBranch("mover-privileged");
    const atBase = await plan(dir, "--base", "main");
    expect(atBase.plan.changes.map((c) => `${c.identity} ${c.origin} ${c.move ? "mover" : "-"}`)).toEqual(["alan drift -", "alan drift -"]);
    expect((await plan(dir)).plan.changes.every((c) => c.move)).toBe(true);
  });

  it("a snapshot path that is a symbolic link at the base stops the run with what to do", async () => {
    const dir = await scenarioForTest("mover-privileged");
    const git = await gitRepo(dir);
    writeFileSync(join(dir, "state/sources/hr-real.json"), "{}\n");
    rmSync(join(dir, "state/sources/hr.json"));
    symlinkSync("hr-real.json", join(dir, "state/sources/hr.json"));
    await git.add(".").commit("linked snapshot");
    // Committed before the working tree refused links: the pull request that fixes it still meets the base's.
    rmSync(join(dir, "state/sources/hr.json"));
    writeFileSync(join(dir, "state/sources/hr.json"), "{}\n");
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--now", SCENARIO_NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("state/sources/hr.json is not a file at main (a symbolic link, or under one, or a folder)");
    expect(r.stderr).toContain("fix: commit the file itself at that path");
  });

  it("refuses a snapshot the pull request turns into a symbolic link in its own plan, not in every plan after the merge", async () => {
    // The snapshots moved, a link left at the old path for old scripts: --base reads the link's
    // text, not a snapshot, so once merged every plan, apply and sync against it would stop.
    const dir = await scenarioForTest("mover-privileged");
    const git = await gitRepo(dir);
    await git.add(".").commit("accepted snapshot");
    await git.checkoutLocalBranch("move-snapshots");
    mkdirSync(join(dir, "snapshots"));
    await git.raw(["mv", "state/sources/hr.json", "snapshots/hr.json"]);
    symlinkSync("../../snapshots/hr.json", join(dir, "state/sources/hr.json"));
    await git.add(".").commit("move the snapshots; keep a link at the old path");
    for (const args of [["--base", "main"], []]) {
      const r = await runCli(["plan", "--repo", dir, "--now", SCENARIO_NOW, ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('error: snapshot state/sources/hr.json of source "hr" is a symbolic link: git keeps a link as the path it points to');
      expect(r.stderr).toContain("fix: commit the file itself at state/sources/hr.json (remove the link and move the file back), or point sources.hr.snapshot at the file");
    }
    // A linked folder on the way, and a folder at the path, are refused the same way.
    rmSync(join(dir, "state/sources/hr.json"));
    mkdirSync(join(dir, "state/sources/hr.json"));
    expect((await runCli(["plan", "--repo", dir, "--base", "main", "--now", SCENARIO_NOW])).stderr).toContain('snapshot state/sources/hr.json of source "hr" is a folder');
    rmSync(join(dir, "state/sources"), { recursive: true });
    symlinkSync("../snapshots", join(dir, "state/sources"));
    expect((await runCli(["plan", "--repo", dir, "--base", "main", "--now", SCENARIO_NOW])).stderr).toContain('snapshot state/sources/hr.json of source "hr" lies under state/sources, a symbolic link');
  });

  it("still reads the snapshot the pull request carries: a corrupt one fails its plan, not every plan after the merge", async () => {
    const dir = await syncBranch("mover-privileged");
    writeFileSync(join(dir, "state/sources/hr.json"), '{"formatVersion": 1, "records": [');
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--now", SCENARIO_NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: snapshot state/sources/hr.json of source "hr" is unreadable');
  });

  it("reads the snapshot where the base keeps it when the pull request moves it", async () => {
    const dir = await syncBranch("churn-gate");
    const git = simpleGit({ baseDir: dir });
    await git.raw(["mv", "state/sources/hr.json", "state/sources/hr-moved.json"]);
    writeFileSync(join(dir, "scopesync.yaml"), readFileSync(join(dir, "scopesync.yaml"), "utf8").replace("    type: csv\n", "    type: csv\n    snapshot: state/sources/hr-moved.json\n"));
    await git.add(".").commit("move the snapshot");
    const atBase = await plan(dir, "--base", "main");
    expect(atBase.plan.findings.filter((f) => f.rule === "source-gate-max-churn")).toHaveLength(1);
  });

  it("stops at a snapshot under a folder that is a symbolic link at the base", async () => {
    const dir = await scenarioForTest("mover-privileged");
    const git = await gitRepo(dir);
    symlinkSync("state/sources", join(dir, "snaps"));
    writeFileSync(join(dir, "scopesync.yaml"), readFileSync(join(dir, "scopesync.yaml"), "utf8").replace("    type: csv\n", "    type: csv\n    snapshot: snaps/hr.json\n"));
    await git.add(".").commit("snapshot through a linked folder");
    rmSync(join(dir, "snaps"));
    cpSync(join(dir, "state/sources"), join(dir, "snaps"), { recursive: true });
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--now", SCENARIO_NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("snaps/hr.json is not a file at main (a symbolic link, or under one, or a folder)");
  });

  it("warns where the accepted snapshot cannot be read at the base: none yet while the pull request carries one, or outside the repository", async () => {
    // The scenario's snapshot counts churn against today's export.
    const { dir, git, before } = await firstSnapshotOnBranch("churn-gate");
    const first = await plan(dir, "--base", "main");
    expect(first.plan.findings.filter((f) => f.rule === "snapshot-not-at-base").map((f) => f.message)).toEqual([
      'source "hr" has no accepted snapshot at main (state/sources/hr.json): maxChurn was not checked, and no mover, joiner or leaver is measured against an accepted baseline',
    ]);

    // A snapshot kept outside the repository, at main and on the branch alike.
    const outside = mkdtempSync(join(tmpdir(), "scopesync-outside-"));
    onTestFinished(() => rmSync(outside, { recursive: true, force: true }));
    writeFileSync(join(outside, "hr.json"), before);
    await git.checkout("main");
    writeFileSync(join(dir, "scopesync.yaml"), `${readFileSync(join(dir, "scopesync.yaml"), "utf8").replace("    type: csv\n", `    type: csv\n    snapshot: ${join(outside, "hr.json")}\n`)}allowPathsOutsideRepo:\n  - path: ${outside}\n    reason: snapshots kept by the export job\n`);
    await git.add(".").commit("snapshots outside");
    await git.checkoutLocalBranch("outside");
    const away = await plan(dir, "--base", "main");
    expect(away.plan.findings.filter((f) => f.rule === "snapshot-not-at-base").map((f) => f.message)).toEqual([
      `source "hr": its snapshot ${join(outside, "hr.json")} is outside the repository, so the one main accepted cannot be read; churn, movers and leavers are measured against the one on disk`,
    ]);
    expect(away.plan.findings.some((f) => f.rule === "source-gate-max-churn")).toBe(true);
  });

  it("plans from the branch's snapshots with --from-snapshots, measured against the base's", async () => {
    const dir = await syncBranch("mover-privileged");
    // The sync's own pull request: its snapshots were fetched from the sources (--fetched-exports, as the Action passes on the sync branch).
    const atBase = await plan(dir, "--base", "main", "--from-snapshots", "--fetched-exports");
    expect(atBase.plan.changes.map((c) => `${c.identity} ${c.origin} ${c.move ? "mover" : "-"}`)).toEqual(["alan source mover", "alan source mover"]);
    // Any other pull request that edits a snapshot makes the move its own, and the edit is named.
    const edited = await plan(dir, "--base", "main", "--from-snapshots");
    expect(edited.plan.changes.map((c) => `${c.identity} ${c.origin} ${c.move ? "mover" : "-"}`)).toEqual(["alan pr mover", "alan pr mover"]);
    expect(edited.plan.findings.filter((f) => f.rule === "export-edited-in-pr").map((f) => f.severity)).toEqual(["warning"]);
  });

  it("works for a policy repository in a folder of its git repository, and says when there is no git repository", async () => {
    const dir = await scenarioForTest("mover-privileged");
    const root = mkdtempSync(join(tmpdir(), "scopesync-mono-"));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    cpSync(dir, join(root, "policy"), { recursive: true });
    const bare = await runCli(["plan", "--repo", join(root, "policy"), "--base", "main", "--now", SCENARIO_NOW]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toContain(`error: --base main: ${join(root, "policy")} is not in a git repository`);
    const git = await gitRepo(root);
    await git.add(".").commit("the policy repository in a folder");
    const r = await plan(join(root, "policy"), "--base", "main");
    expect(r.plan.changes.map((c) => `${c.identity} ${c.origin} ${c.move ? "mover" : "-"}`)).toEqual(["alan source mover", "alan source mover"]);
  });
});
