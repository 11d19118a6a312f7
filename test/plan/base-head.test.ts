import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit } from "simple-git";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A real git repository: the base commit on main, the pull request's change on a branch. */
async function repoWithPullRequest(): Promise<string> {
  const s = await buildScenario("leaver");
  cleanup = s.cleanup;
  const git = simpleGit({ baseDir: s.dir });
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
  await git.add(".").commit("base");
  await git.checkoutLocalBranch("grant-grace-admin");
  appendFileSync(join(s.dir, "identities/groups/platform-admins.yaml"), "members:\n  - identity: grace\n    reason: on-call lead for Q1 (IAM-42)\n");
  await git.add(".").commit("grant grace platform admin");
  return s.dir;
}

describe("plan --base on a real git history", () => {
  it("marks what the pull request changes as origin pr, and keeps source-driven changes apart", async () => {
    const dir = await repoWithPullRequest();
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.base).toBe("main");
    const lines = plan.changes.map((c) => [c.action, c.identity, c.entitlement, c.origin].filter(Boolean).join(" "));
    expect(lines).toEqual([
      "grant grace role:admin pr",
      "revoke linus team:engineering source",
      "disable-account linus source",
    ]);
  });

  it("shows the YAML the pull request changed as a real diff, fenced so it cannot break out", async () => {
    const dir = await repoWithPullRequest();
    const r = await runCli(["plan", "--repo", dir, "--base", "main", "--format", "json", "--now", SCENARIO_NOW]);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.desiredStateDiff?.map((d) => d.file)).toEqual(["identities/groups/platform-admins.yaml"]);
    expect(plan.desiredStateDiff![0]!.patch).toContain("+members:\n+  - identity: grace\n+    reason: on-call lead for Q1 (IAM-42)");
    expect(plan.desiredStateDiff![0]!.patch).not.toContain("state/"); // only desired-state files
  });

  it("keeps YAML that holds a code fence inside the diff block of the comment", async () => {
    const s = await buildScenario("leaver");
    cleanup = s.cleanup;
    const git = simpleGit({ baseDir: s.dir });
    await git.init(["--initial-branch=main"]);
    await git.addConfig("user.email", "test@example.com").addConfig("user.name", "Test");
    // The base file ends with a block scalar whose lines would close a ``` fence and open a heading.
    appendFileSync(join(s.dir, "identities/groups/platform-admins.yaml"), "description: |\n  ```\n  # injected heading\n");
    await git.add(".").commit("base");
    appendFileSync(join(s.dir, "identities/groups/platform-admins.yaml"), "members:\n  - identity: grace\n");
    const md = await runCli(["plan", "--repo", s.dir, "--base", "main", "--format", "markdown", "--now", SCENARIO_NOW]);
    expect(md.stdout).toContain("Desired state changed by this PR");
    expect(md.stdout).toMatch(/^   ```$/m); // the context line is there, inside the block
    expect(md.stdout).toContain("````diff");
    expect(md.stdout).not.toMatch(/^ {0,3}```diff/m);
  });

  it("without --base nothing is attributed to the pull request", async () => {
    const dir = await repoWithPullRequest();
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.changes.find((c) => c.identity === "grace")?.origin).toBe("drift");
    expect(plan.changes.some((c) => c.origin === "pr")).toBe(false);
  });

  it("an unknown base revision is a clear error", async () => {
    const dir = await repoWithPullRequest();
    const r = await runCli(["plan", "--repo", dir, "--base", "no-such-branch", "--now", SCENARIO_NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: --base no-such-branch: no such revision");
    expect(r.stderr).toContain("fix: fetch the base branch first");
  });
});
