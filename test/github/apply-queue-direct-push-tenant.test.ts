// The apply queue and a commit pushed to main with no pull request (an HR export pushed directly):
// nothing was reviewed, so its reviewed plan is empty, and apply carries out the unreviewed
// revocations the live re-plan finds. That empty plan used to record no `targets`, so it was bound
// to no tenant: with the org's login now another organization's (the old org deleted and its login
// taken; GitHub users are global, so the same people are in it), apply offboarded them there as
// strangers (rv83 finding 1; github-org-rebound.test.ts is the reviewed plan's side). Now the queue
// binds the empty plan to the state files committed at that commit (github/committed-binding.ts),
// as the daily sync binds its own, and apply refuses the live read of the other org.
// Real parts: a git repository in a temp dir, the OpenAPI-validated GitHub fake driven by
// @octokit/rest, and the Action's own queue and apply commands.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { QueueFile } from "../../src/github/queue-file.js";
import type { Plan } from "../../src/plan/plan.js";
import type { Person } from "../apply/helpers/policy-repo.js";
import { APPLY_JOB_TOKEN } from "./job-tokens.js";
import { REPO } from "./helpers.js";
import { closeActionWorld, queueJob, startQueueWorld, type ActionWorld } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const PEOPLE: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "alan", department: "Platform" },
  { worker: "W3", login: "grace", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];

let w: ActionWorld;

beforeEach(async () => {
  w = await startQueueWorld({ tmpPrefix: "scopesync-direct-push-tenant-", markedApplied: true, people: PEOPLE, teams: { platform: ["ada", "alan"], engineering: ["grace", "linus"] } });
});

afterEach(closeActionWorld);

/** HR's export, pushed straight to main: linus has left. */
async function directPush(): Promise<string> {
  w.repo.setPeople(PEOPLE.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" } : p)));
  const sha = await w.commit("HR export");
  w.fake.org.prs.setBranch(REPO, "main", sha);
  return sha;
}

/** The apply run of `sha`: its queue job, then its revocations job for the github target. */
async function applyRun(sha: string): Promise<{ queue: QueueFile; plan: Plan; code: number; text: string }> {
  const { runId, queueDir, ctx, queue } = await queueJob(w, sha);
  const plan = JSON.parse(readFileSync(join(queueDir, queue.items[0]!.planFile), "utf8")) as Plan;
  const applied = await w.h.run("apply", { "repository-path": w.repo.dir, "queue-dir": queueDir, target: "github", phase: "revocations", "result-file": join(w.h.dir, `results-${runId}.json`) }, { ...ctx, env: { INPUT_TOKEN: APPLY_JOB_TOKEN.value, GH_TOKEN: w.fake.token } });
  return { queue, plan, code: applied.code, text: applied.text };
}

const team = (name: string) => [...w.fake.org.teams.get(name)!.members.keys()].map((id) => w.fake.org.userById(id).login).sort();

describe("apply queue: a direct push's unreviewed revocations are bound to the tenant its state files describe", { timeout: 120_000 }, () => {
  it("the queued empty plan records the github target's org id and accounts from the state file committed at that commit", async () => {
    const sha = await directPush();
    const state = JSON.parse(w.repo.read("state/github.json")) as { endpoint: string; tenantId: string };

    const { queue, plan, code, text } = await applyRun(sha);

    expect(queue.items.map((i) => [i.sha, i.reviewed])).toEqual([[sha, false]]);
    expect(plan.changes).toEqual([]);
    expect(plan.targets.github).toMatchObject({ accounts: 5, readFrom: `state/github.json at ${sha.slice(0, 12)}`, endpoint: state.endpoint, tenantId: state.tenantId });
    // Every member's id, the workflow's own user's included (the org's five members).
    expect(plan.targets.github!.accountSample).toHaveLength(5);
    // The same org: linus's offboarding is applied, unreviewed, as before.
    expect(code, text).toBe(0);
    expect(team("engineering")).toEqual(["grace"]);
  });

  it("the org's login now another organization's: the target is refused before anything is written, and the run fails naming both org ids", async () => {
    const sha = await directPush();
    const { tenantId } = JSON.parse(w.repo.read("state/github.json")) as { tenantId: string };
    w.fake.org.orgId = 41_000_999;
    const before = w.fake.requests.length;

    const { code, text } = await applyRun(sha);

    expect(code).toBe(1);
    expect(text).toContain(`the reviewed plan was made from tenant ${tenantId} of `);
    expect(text).toContain("the live read is tenant 41000999");
    expect(text).toContain('check the token the run gives target "github" (GH_TOKEN)');
    expect(w.fake.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
    expect(team("engineering")).toEqual(["grace", "linus"]);
    expect(w.fake.org.members.size).toBe(5);
  });

  it("a state file missing at the commit binds nothing for that target, and the queue says so", async () => {
    w.repo.setPeople(PEOPLE);
    await w.git.raw(["rm", "-q", "state/github.json"]);
    const sha = await directPush();

    const { plan } = await applyRun(sha);

    expect(plan.targets).toEqual({});
    expect(w.h.everything()).toContain(`::warning::${sha.slice(0, 12)}: target "github": state/github.json is not committed at ${sha.slice(0, 12)}, so its revocations there are bound to no tenant`);
  });
});
