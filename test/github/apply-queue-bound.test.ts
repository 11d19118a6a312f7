// The Action's apply queue and a merged pull request's reviewed plan, bound to the tenant and the
// time it was reviewed at. The plan is made by the Action's own plan and publish jobs from the
// state file `state pull` wrote (action-world.ts), so it records the org's numeric id; apply
// refuses a live read of an org with another id under the same login (deleted and re-created:
// GitHub users are global, so the same people are in it) before it writes anything. And the apply
// job's `now` input is held to what `apply --plan --now` is (github/action-now.ts): a date a year
// ahead, far from the wall clock and from the plan's generatedAt, is refused naming the input,
// unless `allow-any-now: true`.
// Real parts: a git repository in a temp dir, the OpenAPI-validated GitHub fake driven by
// @octokit/rest, and the Action's own plan, publish, queue and apply commands.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Person } from "../apply/helpers/policy-repo.js";
import { APPLY_JOB_TOKEN } from "./job-tokens.js";
import { closeActionWorld, groupFile, mergePullRequest, queueJob, reviewedPullRequest, startQueueWorld, type ActionWorld } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const PEOPLE: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W3", login: "grace", department: "Engineering" },
];
const ONCALL_WITH_ADA = groupFile("oncall", ["ada"]);

let w: ActionWorld;

beforeEach(async () => {
  w = await startQueueWorld({ tmpPrefix: "scopesync-bound-queue-", markedApplied: true, people: PEOPLE, teams: { platform: ["ada"], engineering: ["grace"], oncall: [] } });
});

afterEach(closeActionWorld);

/** Ada joins the on-call rota: reviewed, published and merged. */
async function merged(): Promise<{ sha: string; generatedAt: string }> {
  const pr = await reviewedPullRequest(w, "ada/oncall", "Ada joins the on-call rota", () => w.repo.write("identities/groups/oncall.yaml", ONCALL_WITH_ADA));
  return { sha: await mergePullRequest(w, pr, "ada/oncall"), generatedAt: pr.plan.generatedAt };
}

/** The apply run's grants job (phase all) for the github target, with `inputs` added. */
async function applyJob(sha: string, inputs: Record<string, string> = {}): Promise<{ code: number; text: string }> {
  const { runId, queueDir, ctx } = await queueJob(w, sha);
  return w.h.run("apply", { "repository-path": w.repo.dir, "queue-dir": queueDir, target: "github", phase: "all", "result-file": join(w.h.dir, `results-${runId}.json`), ...inputs }, { ...ctx, env: { INPUT_TOKEN: APPLY_JOB_TOKEN.value, GH_TOKEN: w.fake.token } });
}

const oncall = () => [...w.fake.org.teams.get("oncall")!.members.keys()].map((id) => w.fake.org.userById(id).login).sort();
const writes = (from: number) => w.fake.requests.slice(from).filter((r) => r.method !== "GET");

describe("apply queue: a merged pull request's reviewed plan is bound to its org and its time", { timeout: 120_000 }, () => {
  it("the org's login now another organization's: the reviewed grant is refused before anything is written, naming both org ids (exit 1)", async () => {
    const { sha } = await merged();
    const { tenantId } = JSON.parse(w.repo.read("state/github.json")) as { tenantId: string };
    expect(tenantId).toMatch(/^[0-9]+$/);
    w.fake.org.orgId = 41_000_999;
    const before = w.fake.requests.length;

    const r = await applyJob(sha);

    expect(r.code).toBe(1);
    expect(r.text).toContain(`the reviewed plan was made from tenant ${tenantId} of `);
    expect(r.text).toContain("the live read is tenant 41000999");
    expect(writes(before)).toEqual([]);
    expect(oncall()).toEqual([]);
  });

  it("a `now` input a year ahead of the clock and of the reviewed plan is refused naming the input, before anything is read; allow-any-now: true lets it through", async () => {
    const { sha, generatedAt } = await merged();
    const before = w.fake.requests.length;

    const refused = await applyJob(sha, { now: "2027-11-26T09:00:00Z" });

    expect(refused.code).toBe(1);
    expect(refused.text).toMatch(/::error::input "now" 2027-11-26T09:00:00\.000Z is \d+ days ahead of the wall clock \(/);
    expect(refused.text).toContain(`the reviewed plan's time (its generatedAt, ${generatedAt}): apply would judge every expiry and last day by it`);
    expect(refused.text).toContain(`fix: leave input "now" out (apply then judges dates by the clock), or pass the reviewed plan's own time (with: { now: "${generatedAt}" }); to apply at another time on purpose (tests), set the input allow-any-now: true`);
    expect(refused.text).not.toMatch(/\n\s+at /);
    expect(writes(before)).toEqual([]);
    expect(oncall()).toEqual([]);

    const allowed = await applyJob(sha, { now: "2027-11-26T09:00:00Z", "allow-any-now": "true" });
    expect(allowed.code, allowed.text).toBe(0);
    expect(oncall()).toEqual(["ada"]);
  });
});
