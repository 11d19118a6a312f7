// plan --base when the pull request removes, renames or re-points a target (rv36 finding 3): the
// base's desired state was planned only over the pull request's targets and their states, so the
// offboarding the base plans on a target the pull request drops was named nowhere, and merging it
// silently left a leaver's account active. The base is now planned over its own targets, and
// pr-cancels-revocations names what it revokes there. Real git repositories in temp dirs, the real CLI.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch as repoOnBranchOf } from "../helpers/branch-repo.js";
import { edit, FILES, MILTON, NOW, state } from "../helpers/offboarding-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

/** The repository committed on main, on a branch for the pull request's change. */
const repoOnBranch = () => repoOnBranchOf(tempDir("scopesync-base-target-"), FILES);

async function planJson(dir: string, base = true): Promise<Plan> {
  const r = await runCli(["plan", "--repo", dir, ...(base ? ["--base", "main"] : []), "--format", "json", "--now", NOW]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Plan;
}

const line = (c: Plan["changes"][number]): string => [c.action, c.identity, c.entitlement, c.target, c.origin].filter(Boolean).join(" ");
const cancelled = (plan: Plan) => plan.findings.filter((f) => f.rule === "pr-cancels-revocations");

describe("plan --base when the pull request drops or re-points a target", () => {
  it("main offboards milton on erp", async () => {
    const { dir, git } = await repoOnBranch();
    await git.checkout("main");
    expect((await planJson(dir, false)).changes.map(line)).toEqual(["revoke milton.waddams group:finance erp source", "disable-account milton.waddams erp source"]);
  });

  it("a pull request that removes the target: the offboarding it drops is named, and the fix says to apply it first", async () => {
    const { dir, git } = await repoOnBranch();
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "");
    await git.rm("policies/apps/erp.yaml");
    await git.add(".").commit("retire erp");
    const plan = await planJson(dir);
    expect(plan.changes).toEqual([]);
    expect(cancelled(plan)).toEqual([
      {
        rule: "pr-cancels-revocations",
        severity: "warning",
        target: "erp",
        message: `this pull request cancels 2 revocations that main's desired state makes on erp (it removes target erp from scopesync.yaml: once merged, nothing plans them): ${MILTON}`,
        remediation: "apply main's plan for erp before this pull request merges (or revoke this access by hand there), unless the access is meant to stay",
      },
    ]);
    // Same inputs, same plan, byte for byte.
    const again = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", NOW]);
    expect(again.stdout).toBe(JSON.stringify(plan, null, 2) + "\n");
  });

  it("a pull request that renames the target and deletes its state file: the base's state is read at the base revision", async () => {
    const { dir, git } = await repoOnBranch();
    edit(dir, "scopesync.yaml", "  erp:\n    type: file\n    path: state/erp.json\n", "  ledger:\n    type: file\n    path: state/ledger.json\n");
    writeFileSync(join(dir, "state/ledger.json"), state([]));
    await git.rm("state/erp.json");
    await git.mv("policies/apps/erp.yaml", "policies/apps/ledger.yaml");
    edit(dir, "policies/apps/ledger.yaml", "id: erp\ntarget: erp", "id: ledger\ntarget: ledger");
    await git.add(".").commit("erp is ledger now");
    const plan = await planJson(dir);
    // On the new target bill is made an account; milton, a leaver, is not.
    expect(plan.changes.map(line)).toEqual(["create-account bill.lumbergh ledger pr", "grant bill.lumbergh group:finance ledger pr"]);
    expect(cancelled(plan).map((f) => [f.target, f.message])).toEqual([["erp", `this pull request cancels 2 revocations that main's desired state makes on erp (it removes target erp from scopesync.yaml: once merged, nothing plans them): ${MILTON}`]]);
  });

  it("a pull request that points the target at another state file: the base is planned over its own", async () => {
    const { dir, git } = await repoOnBranch();
    edit(dir, "scopesync.yaml", "path: state/erp.json", "path: state/erp-empty.json");
    writeFileSync(join(dir, "state/erp-empty.json"), state([]));
    await git.add(".").commit("point erp elsewhere");
    const plan = await planJson(dir);
    expect(plan.changes.map(line)).toEqual(["create-account bill.lumbergh erp pr", "grant bill.lumbergh group:finance erp pr"]);
    expect(cancelled(plan).map((f) => [f.target, f.message])).toEqual([["erp", `this pull request cancels 2 revocations that main's desired state makes on erp (it points target erp at another state or system: main's were planned over the state main's entry reads): ${MILTON}`]]);
  });

  it("a pull request that changes only how a target is planned (runAs) reads it as the base does: nothing is cancelled", async () => {
    const { dir, git } = await repoOnBranch();
    edit(dir, "scopesync.yaml", "    path: state/wiki.json\n", "    path: state/wiki.json\n    runAs: svc-scopesync\n");
    await git.add(".").commit("runAs on wiki");
    const plan = await planJson(dir);
    expect(plan.changes.map(line)).toEqual(["revoke milton.waddams group:finance erp source", "disable-account milton.waddams erp source"]);
    expect(cancelled(plan)).toEqual([]);
  });

  it("a removed target whose state neither the working tree nor the base has: the plan stops with a one-line error", async () => {
    const { dir, git } = await repoOnBranch();
    // A state file main names but never committed (a live target's unpulled state, say), and that is not here.
    await git.checkout("main");
    edit(dir, "scopesync.yaml", "path: state/wiki.json", "path: state/wiki-local.json");
    await git.add(".").commit("wiki state not committed");
    await git.branch(["-D", "pr"]);
    await git.checkoutLocalBranch("pr");
    edit(dir, "scopesync.yaml", "  wiki:\n    type: file\n    path: state/wiki-local.json\n", "");
    await git.rm("policies/apps/wiki.yaml");
    await git.add(".").commit("retire wiki");
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--now", NOW]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('target "wiki" of main, which this pull request removes: its state state/wiki-local.json is neither in the working tree nor at main, so the revocations main makes there cannot be checked');
    expect(r.stderr).toContain("git checkout main -- state/wiki-local.json");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
