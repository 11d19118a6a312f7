// The Action tells the sync's own pull request by its head branch, in this repository: there the
// exports it carries are the ones the sync fetched (plan --fetched-exports), anywhere else an
// export edited in a pull request is its author's (rv78 finding 1). The plan job reads the
// pull_request event, publish the workflow_run of that plan run: they must decide alike, or their
// plans would differ. The real Action entry point, in a real git repository.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ActionContext } from "../../src/github/action-io.js";
import { runAction } from "../../src/github/action.js";
import { isSyncPullRequest } from "../../src/github/sync-pr-exports.js";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { EXPORT_EDIT_FILES } from "../helpers/export-edit-repo.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const OWN = { full_name: "chotchkies/policy" };
const FORK = { full_name: "mallory/policy" };

/** The Action's plan of the checkout `dir` against main, for the pull_request event `event`: the plan it leaves for publish. */
async function actionPlan(dir: string, event: unknown): Promise<Plan> {
  const eventPath = join(dir, "..", `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(eventPath, JSON.stringify(event));
  const out: string[] = [];
  const planDir = join(dir, "..", "plan-out");
  const env = { PATH: process.env.PATH ?? "", INPUT_COMMAND: "plan", INPUT_NOW: "2026-11-26T09:00:00Z", INPUT_BASE: "main", "INPUT_REPOSITORY-PATH": dir, "INPUT_PLAN-DIR": planDir, GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: OWN.full_name };
  const code = await runAction({ out: (t) => out.push(t), err: (t) => out.push(t), env, cwd: dir });
  expect(code, out.join("\n")).toBe(0);
  return JSON.parse(readFileSync(join(planDir, "scopesync-plan.json"), "utf8")) as Plan;
}

const pullRequest = (ref: string, repo: { full_name: string }) => ({ pull_request: { number: 7, head: { ref, sha: "a".repeat(40), repo }, base: { ref: "main" } }, repository: OWN });

describe("the sync's own pull request in the Action", () => {
  it("plans its exports as fetched; the same edit from another branch, or from a fork's branch of the same name, is the pull request's", async () => {
    const { dir, git } = await repoOnBranch(join(tempDir("scopesync-sync-exports-"), "repo"), EXPORT_EDIT_FILES);
    const file = join(dir, "exports/workday.csv");
    writeFileSync(file, readFileSync(file, "utf8").replace("Joanna,Lee,Active,Sales", "Joanna,Lee,Active,Finance"));
    await git.add(".").commit("the day's export");
    const origins = (p: Plan) => p.changes.filter((c) => c.identity === "joanna.sales").map((c) => `${c.action} ${c.origin}`);
    const severity = (p: Plan) => p.findings.filter((f) => f.rule === "export-edited-in-pr").map((f) => f.severity);

    const sync = await actionPlan(dir, pullRequest("scopesync/sync", OWN));
    expect(origins(sync)).toEqual(["create-account source", "grant source"]);
    expect(severity(sync)).toEqual(["info"]);
    for (const event of [pullRequest("joanna/raise", OWN), pullRequest("scopesync/sync", FORK)]) {
      const other = await actionPlan(dir, event);
      expect(origins(other)).toEqual(["create-account pr", "grant pr"]);
      expect(severity(other)).toEqual(["warning"]);
    }
  });

  it("publish decides from the workflow_run of the plan run as the plan job did from its pull_request", () => {
    const dir = tempDir("scopesync-sync-exports-event-");
    const decide = (event: unknown, inputs: Record<string, string> = {}) => {
      const path = join(dir, "event.json");
      writeFileSync(path, JSON.stringify(event));
      return isSyncPullRequest(new ActionContext({ out: () => {}, err: () => {}, cwd: dir, env: { GITHUB_EVENT_PATH: path, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])) } }));
    };
    const run = (head_branch: string, head_repository: { full_name: string }, event = "pull_request") => ({ workflow_run: { id: 1, event, head_branch, head_repository }, repository: OWN });
    expect(decide(run("scopesync/sync", OWN))).toBe(true);
    expect(decide(run("scopesync/sync", FORK))).toBe(false);
    expect(decide(run("feature", OWN))).toBe(false);
    // A merge group's run names the queue's branch, never the sync's.
    expect(decide(run("scopesync/sync", OWN, "merge_group"))).toBe(false);
    // The input sync-branch, as sync.yml names the branch.
    expect(decide(run("bots/sync", OWN), { "sync-branch": "bots/sync" })).toBe(true);
    expect(decide(run("scopesync/sync", OWN), { "sync-branch": "bots/sync" })).toBe(false);
    expect(decide({})).toBe(false);
  });
});
