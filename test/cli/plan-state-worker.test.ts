import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simpleGit } from "simple-git";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

// The shipped CLI (bin/ → dist/) reads state files on a second thread (targets/read-ahead.ts,
// state-worker.js beside it) and plans from the columns it hands over; tests that run the CLI
// from src/ read them on the planning thread, since no worker starts there. The columns once
// dropped a state file's groupIds and privileged, so every shipped plan granted a renamed team
// again to its members and missed privileged-birthright, while every in-process test passed.
// Held here: the built CLI plans byte for byte as the in-process one. `npm test` builds dist/ first.

const CLI = new URL("../../bin/scopesync.js", import.meta.url).pathname;

/** The example's GitHub state as `state pull` writes it after team platform-admins was renamed platform-owners, with team engineering privileged. */
function renamedAndPrivileged(dir: string): void {
  editFile(join(dir, "examples/state/github.json"), (text) => {
    const state = JSON.parse(text) as Record<string, unknown>;
    const teams = ["ai-agents", "engineering", "firmware", "platform", "platform-admins", "production-deployers", "repo-mirrors", "security", "solutions", "staging-deployers"];
    state.groupIds = teams.map((t, i) => ({ entitlement: `team:${t}`, id: String(1000 + i), ...(t === "platform-admins" ? { renamedTo: "team:platform-owners" } : {}) }));
    state.privileged = ["team:engineering"];
    return `${JSON.stringify(state, null, 2)}\n`;
  });
}

interface Planned { changes: { action: string; identity: string; entitlement?: string; privileged?: boolean }[]; findings: { rule: string }[] }

describe("the built CLI, its state files read on the worker thread", () => {
  it("plans as the CLI run in-process does, with the state files' groupIds and privileged", { timeout: 120_000 }, async () => {
    // main has the pulled state; the pull request writes the team's new name, as group-renamed-in-target says to.
    const dir = exampleForTest();
    renamedAndPrivileged(dir);
    const git = simpleGit({ baseDir: dir });
    await git.init(["--initial-branch=main"]);
    await git.addConfig("user.email", "test@acme.example").addConfig("user.name", "Test");
    await git.add(".").commit("state pulled after the rename");
    await git.checkoutLocalBranch("pr");
    editFile(join(dir, "policies/apps/github.yaml"), (t) => t.replaceAll("entitlement: team:platform-admins", "entitlement: team:platform-owners"));
    await git.add(".").commit("the team's new name");

    const plans: Planned[] = [];
    for (const [branch, more] of [["main", []], ["pr", []], ["pr", ["--base", "main"]]] as const) {
      await git.checkout(branch);
      const args = ["plan", "--repo", dir, "--now", EXAMPLE_NOW, "--format", "json", ...more];
      const built = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
      const here = await runCli(args);
      expect({ branch, more, code: built.status, stderr: built.stderr }).toEqual({ branch, more, code: here.code, stderr: here.stderr });
      expect(built.stdout).toBe(here.stdout);
      plans.push(JSON.parse(here.stdout) as Planned);
    }
    // What the two fields decide, so that a plan equal on both paths is not one that lost them on both.
    const [before, after] = plans as [Planned, Planned];
    expect(before.findings.filter((f) => f.rule === "group-renamed-in-target")).toHaveLength(1);
    expect(after.changes.filter((c) => c.entitlement === "team:platform-owners").map((c) => `${c.action} ${c.identity}`).sort()).toEqual(["revoke marcus.chen", "revoke nikhil.rao"]);
    expect(after.changes.filter((c) => c.entitlement === "team:engineering" && c.action === "grant").every((c) => c.privileged === true)).toBe(true);
    expect(after.findings.some((f) => f.rule === "privileged-birthright")).toBe(true);
  });
});
