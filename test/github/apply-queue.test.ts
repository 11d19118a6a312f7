// The apply queue end to end against the OpenAPI-validated GitHub fake (driven by @octokit/rest):
// a real git repository in a temp dir is the policy repository, three pull requests are planned
// (untrusted plan job) and published (trusted publish run, whose artifact the fake keeps), and
// merged close together. The push runs of the first two merges are cancelled by the concurrency
// group before they start; the third run's queue must still apply all three, in merge order, with
// one result comment on each pull request, and move the applied marker over all three.
// What the fake cannot prove: that GitHub starts, cancels and approves runs as described; the
// tests play those decisions (which run starts, which phase runs) explicitly.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APPLY_MARKER } from "../../src/github/action-report.js";
import { COMMENT_MARKER } from "../../src/plan/render/markdown.js";
import { MARKER_CONTEXT } from "../../src/github/apply-queue.js";
import type { QueueFile } from "../../src/github/queue-file.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { mdText } from "../../src/plan/render/escape.js";
import { SYNC_BRANCH } from "../../src/github/sync-pr.js";
import { APPLY_WORKFLOW } from "../../src/github/trusted-run.js";
import { PolicyRepo } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { parse, stringify } from "yaml";
import { HANDLERS } from "../servers/github-fake/handlers.js";
import { actionsOf, type GithubFake } from "../servers/github-fake/index.js";
import { ActionHarness, NOW, SERVER } from "./action-harness.js";
import { closeActionWorld, groupFile, markApplied, mergePullRequest, reviewedPullRequest as reviewedPullRequestIn, startQueueWorld, type ActionWorld } from "./action-world.js";
import { BOT, ORG, REPO } from "./helpers.js";
import { actionsCheckout } from "./actions-checkout.js";
import { APPLY_JOB_TOKEN, NO_CONTENTS_TOKEN, TOKENS_WITH_JOB_TOKENS } from "./job-tokens.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

let fake: GithubFake;
let repo: PolicyRepo;
let git: SimpleGit;
let h: ActionHarness;
let base: string;
/** This test's own temporary directory (TMPDIR), so that what the Action leaves in it can be seen. */
let tmp: string;
let commit: (message: string) => Promise<string>;
let w: ActionWorld;

beforeEach(async () => {
  // The saved state plans read offline: the org as it is now (a live read through the connector).
  w = await startQueueWorld({
    tmpPrefix: "scopesync-apply-queue-",
    people: [
      { worker: "W1", login: "ada", department: "Platform" },
      { worker: "W2", login: "alan", department: "Platform" },
      { worker: "W3", login: "grace", department: "Engineering" },
      { worker: "W4", login: "linus", department: "Engineering" },
    ],
    teams: { platform: ["ada", "alan"], engineering: ["grace", "linus"], oncall: [], security: ["linus"], release: [] },
  });
  ({ fake, repo, git, h, base, tmp, commit } = w);
});

afterEach(closeActionWorld);

/** A branch from `base` with one group file changed, planned by the untrusted job and published by the trusted one. */
const reviewedPullRequest = (branch: string, file: string, text: string, title: string) => reviewedPullRequestIn(w, branch, title, () => repo.write(file, text));

/** The merge button: a merge commit on main, recorded on the pull request. */
const merge = (pr: { number: number }, branch: string) => mergePullRequest(w, pr, branch);

/** An apply run that did start: its queue job, the apply job's phases for the github target, and (unless cut off) its report job. */
async function applyRun(sha: string, phases: Array<"revocations" | "all">, report = true, applies = true): Promise<{ runId: number; queue: QueueFile; applyLogs: string[] }> {
  // In progress while its jobs run, as GitHub reports a run; its conclusion is set at the end.
  const run = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: sha, status: "in_progress" });
  const queueDir = join(h.dir, `queue-${run.id}`);
  const ctx = { runId: run.id, sha, event: { repository: { default_branch: "main" } } };
  const queued = await h.run("queue", { "repository-path": repo.dir, "queue-dir": queueDir, "bot-login": BOT }, ctx);
  expect(queued.code, queued.text).toBe(0);
  const queue = JSON.parse(readFileSync(join(queueDir, "queue.json"), "utf8")) as QueueFile;
  const results = join(h.dir, `results-${run.id}`);
  const applyLogs: string[] = [];
  for (const phase of phases) {
    // The apply job: target credentials, and its GITHUB_TOKEN (contents: read) to read main's tip.
    const applied = await h.run("apply", { "repository-path": repo.dir, "queue-dir": queueDir, target: "github", phase, "result-file": join(results, `scopesync-apply-${phase}-github.json`) }, { ...ctx, env: { INPUT_TOKEN: APPLY_JOB_TOKEN.value, GH_TOKEN: fake.token } });
    expect(applied.code, applied.text).toBe(applies ? 0 : 1);
    applyLogs.push(applied.text);
  }
  // The report job fails the run as well when a commit did not apply.
  if (report) expect((await h.run("report", { "queue-dir": queueDir, "results-dir": results, "bot-login": BOT }, ctx)).code).toBe(applies ? 0 : 1);
  // A run cut off before its report was cancelled; otherwise it concludes as its jobs did.
  Object.assign(run, { status: "completed", conclusion: !report ? "cancelled" : applies ? "success" : "failure" });
  return { runId: run.id, queue, applyLogs };
}

const teams = () => Object.fromEntries(["oncall", "security", "release"].map((t) => [t, [...fake.org.teams.get(t)!.members.keys()].map((id) => fake.org.userById(id).login).sort()]));
const markers = (sha: string) => actionsOf(fake.org).statusesOf(REPO, sha).filter((s) => s.context === MARKER_CONTEXT).map((s) => `${s.state} ${s.targetUrl?.replace(/^.*\/runs\//, "run ")}`);
/** Team-membership writes in the order the fake received them. */
const teamWrites = () => fake.requests.filter((r) => r.method !== "GET" && r.operationId?.startsWith("teams/")).map((r) => `${r.method === "PUT" ? "add" : "remove"} ${r.path.replace(/^.*\/teams\/([^/]+)\/memberships\/(.+)$/, "$2 $1")}`);

async function threeMerges(): Promise<string[]> {
  // Three pull requests, opened and reviewed in parallel from the same base.
  const prs = [
    await reviewedPullRequest("ada/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["ada"]), "Ada joins the on-call rota"),
    await reviewedPullRequest("grace/security", "identities/groups/security.yaml", groupFile("security", ["grace"]), "Grace replaces Linus in security"),
    await reviewedPullRequest("linus/release", "identities/groups/release.yaml", groupFile("release", ["linus"]), "Linus joins release"),
  ];
  const branches = ["ada/oncall", "grace/security", "linus/release"];
  const shas: string[] = [];
  for (const [i, pr] of prs.entries()) shas.push(await merge(pr, branches[i]!));
  return shas;
}

/** The last apply before these merges marked the base commit as applied. */
const baseApplied = () => markApplied(fake, base);

/**
 * One Revoke or Grant job of the apply run of `sha` (GITHUB_SHA), as GitHub runs it: its own
 * checkout, made as actions/checkout makes it (origin/main is `sha` whenever main has moved past
 * it), the run's queue artifact, the target's credentials and the job's GITHUB_TOKEN (`token`,
 * apply.yml's `contents: read` one unless said otherwise).
 */
async function applyJob(o: { runId: number; sha: string; queueDir: string; phase: "revocations" | "all"; results: string; token?: string }): Promise<{ code: number; text: string; originMain: string }> {
  const checkout = mkdtempSync(join(tmp, "job-checkout-"));
  await actionsCheckout(repo.dir, o.sha, checkout);
  const originMain = (await simpleGit({ baseDir: checkout }).revparse(["refs/remotes/origin/main"])).trim();
  const ctx = { runId: o.runId, sha: o.sha, event: { repository: { default_branch: "main" } } };
  const applied = await h.run("apply", { "repository-path": checkout, "queue-dir": o.queueDir, target: "github", phase: o.phase, "result-file": join(o.results, `scopesync-apply-${o.phase}-github.json`) }, { ...ctx, env: { INPUT_TOKEN: o.token ?? APPLY_JOB_TOKEN.value, GH_TOKEN: fake.token } });
  return { ...applied, originMain };
}

// A run whose commit main has moved past (rv58 #1). GitHub re-runs a run at its original commit
// ("Re-running a workflow or jobs in a workflow uses the same GITHUB_SHA (commit SHA) and
// GITHUB_REF", docs.github.com, "Re-running workflows and jobs"), for 30 days. That commit's tree
// is no longer the desired state: applying it took back what later merges granted (as unreviewed
// revocations, in the job that needs no approval) and gave again what they removed.
describe("apply queue: a run for a commit main has moved past", { timeout: 120_000 }, () => {
  /** Monday's #1 (Ada on call) applied by R1, Tuesday's #2 (Linus joins release) applied by R2. */
  async function mondayAndTuesday(): Promise<{ m1: string; m2: string; r1: { runId: number }; pr1: number }> {
    baseApplied();
    const pr1 = await reviewedPullRequest("ada/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["ada"]), "Ada joins the on-call rota");
    const pr2 = await reviewedPullRequest("linus/release", "identities/groups/release.yaml", groupFile("release", ["linus"]), "Linus joins release");
    const m1 = await merge(pr1, "ada/oncall");
    const r1 = await applyRun(m1, ["revocations", "all"]);
    const m2 = await merge(pr2, "linus/release");
    await applyRun(m2, ["revocations", "all"]);
    expect(teams()).toEqual({ oncall: ["ada"], security: ["linus"], release: ["linus"] });
    return { m1, m2, r1, pr1: pr1.number };
  }

  it("re-running an old run (Re-run all jobs): its queue job queues nothing, says main moved on, and no target is written", async () => {
    const { m1, m2, r1 } = await mondayAndTuesday();
    const before = teamWrites().length;
    const run = actionsOf(fake.org).runs.get(r1.runId)!;
    Object.assign(run, { status: "in_progress", conclusion: null });
    const queueDir = join(h.dir, `queue-${r1.runId}-rerun`);

    const queued = await h.run("queue", { "repository-path": repo.dir, "queue-dir": queueDir, "bot-login": BOT }, { runId: r1.runId, sha: m1, event: { repository: { default_branch: "main" } } });

    expect(queued.code, queued.text).toBe(0);
    expect(queued.outputs.commits).toBe("0");
    const queue = JSON.parse(readFileSync(join(queueDir, "queue.json"), "utf8")) as QueueFile;
    expect([queue.head, queue.supersededBy, queue.items]).toEqual([m1, m2, []]);
    const line = `this apply run is for ${m1.slice(0, 12)}, but main is now at ${m2.slice(0, 12)}, and the commits since change what the plan reads (identities/groups/release.yaml): it applied nothing, so that nothing later merges decided is taken back; the apply run of ${m2.slice(0, 12)} applies every commit not yet applied`;
    expect(queued.text).toContain(`::warning::${line}`);
    expect(readFileSync(join(h.dir, "summary.md"), "utf8")).toContain(line);
    // The revoke and grant jobs are skipped (commits: 0); nothing reached the org.
    expect(teamWrites().slice(before)).toEqual([]);
    expect(teams()).toEqual({ oncall: ["ada"], security: ["linus"], release: ["linus"] });
  });

  // "Re-run failed jobs" re-runs the failed job with the old run's queue artifact and GITHUB_SHA,
  // and "Any deployment protection rules that passed in the previous run will automatically pass in
  // the re-run" (docs.github.com, "Re-running workflows and jobs"): no reviewer stops its grant job
  // either. Its checkout's origin/main is the old commit (actions/checkout), so only GitHub can say
  // that main moved on (rv60 #1).
  for (const phase of ["revocations", "all"] as const) {
    it(`re-running an old run's failed ${phase === "all" ? "grant" : "revoke"} job (Re-run failed jobs, with that run's queue; its checkout's origin/main is the old commit): it applies nothing, fails, and its report neither comments nor marks`, async () => {
      const { m1, m2, r1, pr1 } = await mondayAndTuesday();
      const before = teamWrites().length;
      const comments = fake.org.prs.commentsOn(REPO, pr1).map((c) => c.body);
      const statuses = actionsOf(fake.org).statuses.length;
      // The job downloads the old run's own artifact, whose only commit is m1.
      const queueDir = join(h.dir, `queue-${r1.runId}`);
      const results = join(h.dir, `results-${r1.runId}-rerun-${phase}`);

      const applied = await applyJob({ runId: r1.runId, sha: m1, queueDir, phase, results });

      // The hazard this test is about: the checkout cannot tell that main moved on.
      expect(applied.originMain).toBe(m1);
      expect(applied.code, applied.text).toBe(1);
      expect(applied.text).toContain(`::error::this apply job (${phase}, github) is for ${m1.slice(0, 12)}, but main is now at ${m2.slice(0, 12)}, and the commits since change what the plan reads (identities/groups/release.yaml): it applied nothing`);
      expect(teamWrites().slice(before)).toEqual([]);
      expect(teams()).toEqual({ oncall: ["ada"], security: ["linus"], release: ["linus"] });
      const result = JSON.parse(readFileSync(join(results, `scopesync-apply-${phase}-github.json`), "utf8")) as { commits: Array<{ sha: string; status: string }> };
      expect(result.commits.map((c) => [c.sha, c.status])).toEqual([[m1, "superseded"]]);
      // The tip came from GitHub, with the job's own token (contents: read).
      expect(fake.requests.filter((r) => r.operationId === "git/get-ref").at(-1)).toMatchObject({ status: 200, by: TOKENS_WITH_JOB_TOKENS.indexOf(APPLY_JOB_TOKEN) });

      const reported = await h.run("report", { "queue-dir": queueDir, "results-dir": results, "bot-login": BOT }, { runId: r1.runId, sha: m1, event: { repository: { default_branch: "main" } } });
      expect(reported.code, reported.text).toBe(0);
      expect(reported.text).toContain(`no result comment and no marker: this apply job (${phase}, github) is for`);
      expect(fake.org.prs.commentsOn(REPO, pr1).map((c) => c.body)).toEqual(comments);
      expect(actionsOf(fake.org).statuses.length).toBe(statuses);
    });
  }
});

// What "moved past" means (f69b): apply.yml starts on push only for the paths the planner reads, so
// a README-only merge a minute after a policy merge starts no run of its own. Refusing the policy
// merge's run because main was at the README merge left its reviewed changes, a leaver's reviewed
// revocations among them, waiting under a green run until the next policy merge. Only commits that
// change what the plan reads stop a run; the others leave its commit's plan the tip's.
describe("apply queue: main moved past the run's commit, in what the plan reads or not", { timeout: 120_000 }, () => {
  const comments = (pr: number) => fake.org.prs.commentsOn(REPO, pr).filter((c) => c.body.startsWith(APPLY_MARKER)).map((c) => c.body.split("\n")[1]);

  it("a README-only merge lands before the policy merge's run starts: that run queues, applies, comments on and marks the policy merge, and says why", async () => {
    baseApplied();
    const pr1 = await reviewedPullRequest("linus/security", "identities/groups/security.yaml", groupFile("security", []), "Linus leaves the security team");
    const docs = await reviewedPullRequest("docs/readme", "README.md", "# Acme access\n\nOpen a pull request to ask for access.\n", "Docs: how to ask for access");
    const m1 = await merge(pr1, "linus/security");
    // A minute later, before m1's queue job starts (apply.yml's paths: filter starts no run for it).
    const m2 = await merge(docs, "docs/readme");

    const r1 = await applyRun(m1, ["revocations", "all"]);

    expect([r1.queue.head, r1.queue.supersededBy, r1.queue.items.map((i) => [i.sha, i.pr, i.reviewed])]).toEqual([m1, undefined, [[m1, pr1.number, true]]]);
    expect(teamWrites()).toEqual(["remove linus security"]);
    expect(teams().security).toEqual([]);
    expect(comments(pr1.number)).toEqual(["## scopesync apply: ✅ applied to 1 target(s)"]);
    expect(markers(m1)).toEqual([`success run ${r1.runId}`]);
    // The apply jobs (their checkout has main at m2) went ahead for the same reason, and said so.
    const same = `is for ${m1.slice(0, 12)} and main is now at ${m2.slice(0, 12)}, but the commits since change no file the plan reads (only README.md): ${m1.slice(0, 12)} plans as ${m2.slice(0, 12)} does, and is applied`;
    expect(r1.applyLogs[0]).toContain(`this apply job (revocations, github) ${same}`);
    expect(r1.applyLogs[1]).toContain(`this apply job (all, github) ${same}`);
  });

  it("a README-only merge lands after the queue job, before the grants job is approved: the grants job applies the queue", async () => {
    baseApplied();
    const pr1 = await reviewedPullRequest("ada/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["ada"]), "Ada joins the on-call rota");
    const docs = await reviewedPullRequest("docs/readme", "README.md", "# Acme access\n", "Docs: a title");
    const m1 = await merge(pr1, "ada/oncall");
    const run = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: m1, status: "in_progress" });
    const queueDir = join(h.dir, `queue-${run.id}`);
    const ctx = { runId: run.id, sha: m1, event: { repository: { default_branch: "main" } } };
    expect((await h.run("queue", { "repository-path": repo.dir, "queue-dir": queueDir, "bot-login": BOT }, ctx)).outputs.commits).toBe("1");
    const m2 = await merge(docs, "docs/readme");

    // The grants job's checkout, made when it starts: origin/main is m1 (actions/checkout), main on GitHub is m2.
    const applied = await applyJob({ runId: run.id, sha: m1, queueDir, phase: "all", results: join(h.dir, `results-${run.id}`) });

    expect(applied.originMain).toBe(m1);
    expect(applied.code, applied.text).toBe(0);
    expect(applied.text).toContain(`this apply job (all, github) is for ${m1.slice(0, 12)} and main is now at ${m2.slice(0, 12)}, but the commits since change no file the plan reads (only README.md)`);
    expect(teams().oncall).toEqual(["ada"]);
  });

  it("a policy merge lands before the first merge's run starts: that run applies nothing and names the file; the policy merge's run applies both", async () => {
    baseApplied();
    const pr1 = await reviewedPullRequest("ada/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["ada"]), "Ada joins the on-call rota");
    const pr2 = await reviewedPullRequest("linus/release", "identities/groups/release.yaml", groupFile("release", ["linus"]), "Linus joins release");
    const m1 = await merge(pr1, "ada/oncall");
    const m2 = await merge(pr2, "linus/release");

    const r1 = await applyRun(m1, ["revocations", "all"]);

    expect([r1.queue.supersededBy, r1.queue.items]).toEqual([m2, []]);
    expect(h.everything()).toContain(`::warning::this apply run is for ${m1.slice(0, 12)}, but main is now at ${m2.slice(0, 12)}, and the commits since change what the plan reads (identities/groups/release.yaml): it applied nothing, so that nothing later merges decided is taken back; the apply run of ${m2.slice(0, 12)} applies every commit not yet applied`);
    expect(teamWrites()).toEqual([]);
    expect(markers(m1)).toEqual([]);
    const r2 = await applyRun(m2, ["revocations", "all"]);
    expect(r2.queue.items.map((i) => i.sha)).toEqual([m1, m2]);
    expect(teams()).toEqual({ oncall: ["ada"], security: ["linus"], release: ["linus"] });
  });

  it("a commit that changes only a file scopesync.yaml names (the target's state file, as a state pull does) counts as a change of the desired state", async () => {
    baseApplied();
    const pr1 = await reviewedPullRequest("ada/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["ada"]), "Ada joins the on-call rota");
    const m1 = await merge(pr1, "ada/oncall");
    const state = JSON.parse(repo.read("state/github.json")) as { readAt: string };
    repo.write("state/github.json", `${JSON.stringify({ ...state, readAt: "2026-11-26T08:30:00.000Z" }, null, 2)}\n`);
    const pulled = await commit("state pull");
    fake.org.prs.setBranch(REPO, "main", pulled);

    const r1 = await applyRun(m1, ["revocations", "all"]);

    expect([r1.queue.supersededBy, r1.queue.items]).toEqual([pulled, []]);
    expect(h.everything()).toContain(`this apply run is for ${m1.slice(0, 12)}, but main is now at ${pulled.slice(0, 12)}, and the commits since change what the plan reads (state/github.json): it applied nothing`);
    expect(teamWrites()).toEqual([]);
  });
});

// The apply jobs learn main's tip from GitHub alone (their checkout's origin/main is their run's
// commit: actions/checkout). Where GitHub does not answer, whether the run is still the newest
// cannot be told, and a job that went ahead could be an old run's re-run taking back later merges.
describe("apply job: main's tip cannot be read from GitHub", { timeout: 120_000 }, () => {
  /** #1 (Linus leaves security: a revocation) merged as m1, queued by its own run; main is still m1. */
  async function queued(): Promise<{ m1: string; pr1: number; runId: number; queueDir: string }> {
    baseApplied();
    const pr1 = await reviewedPullRequest("linus/security", "identities/groups/security.yaml", groupFile("security", []), "Linus leaves the security team");
    const m1 = await merge(pr1, "linus/security");
    const run = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: m1, status: "in_progress" });
    const queueDir = join(h.dir, `queue-${run.id}`);
    expect((await h.run("queue", { "repository-path": repo.dir, "queue-dir": queueDir, "bot-login": BOT }, { runId: run.id, sha: m1, event: { repository: { default_branch: "main" } } })).outputs.commits).toBe("1");
    return { m1, pr1: pr1.number, runId: run.id, queueDir };
  }

  const cases = [
    // A workflow that gave the job `permissions: {}`: GitHub's answer to an installation token without the permission.
    { name: "the job's token lacks contents: read", token: NO_CONTENTS_TOKEN.value, why: "GitHub: read the tip of main: 403 Resource not accessible by integration" },
    // The Action's token input emptied (`token: ""`).
    { name: "the job has no token", token: "", why: 'input "token" is required' },
    // GitHub answers 500 to every try (Octokit's retry plugin tries again first).
    { name: "GitHub does not answer", token: APPLY_JOB_TOKEN.value, fault: true, why: "GitHub: read the tip of main: 500 Server Error" },
  ];
  for (const c of cases) {
    it(`${c.name}: the revoke job applies nothing, says why in one line with the fix, fails, and its report neither comments nor marks`, async () => {
      const { m1, pr1, runId, queueDir } = await queued();
      const statuses = actionsOf(fake.org).statuses.length;
      const results = join(h.dir, `results-${runId}`);
      if (c.fault) fake.injectFault({ kind: "server-error", operationId: "git/get-ref", times: 20 });

      const applied = await applyJob({ runId, sha: m1, queueDir, phase: "revocations", results, token: c.token });

      expect(applied.code, applied.text).toBe(1);
      const line = `this apply job (revocations, github) could not read the tip of main from GitHub (${c.why}), so whether main moved past ${m1.slice(0, 12)} cannot be told: it applied nothing; fix: give the job \`permissions: contents: read\` and the Action its \`token\` input (the default, github.token), or wait until GitHub answers; then re-run the job`;
      expect(applied.text.split("\n").filter((l) => l.startsWith("::error::"))).toEqual([`::error::${line}`]);
      expect(applied.text).not.toMatch(/\n\s+at /);
      expect(teamWrites()).toEqual([]);
      expect(teams().security).toEqual(["linus"]);
      const result = JSON.parse(readFileSync(join(results, "scopesync-apply-revocations-github.json"), "utf8")) as { commits: Array<{ sha: string; status: string; problems: string[] }> };
      expect(result.commits.map((x) => [x.sha, x.status, x.problems])).toEqual([[m1, "tip-unread", [line]]]);

      const reported = await h.run("report", { "queue-dir": queueDir, "results-dir": results, "bot-login": BOT }, { runId, sha: m1, event: { repository: { default_branch: "main" } } });
      expect(reported.code, reported.text).toBe(0);
      expect(reported.text).toContain(`no result comment and no marker: ${line}`);
      expect(fake.org.prs.commentsOn(REPO, pr1).filter((x) => x.body.startsWith(APPLY_MARKER))).toEqual([]);
      expect(actionsOf(fake.org).statuses.length).toBe(statuses);
    });
  }
});

describe("apply queue: three merges close together", { timeout: 120_000 }, () => {
  it("the third merge's run applies all three in merge order, comments on each pull request and marks each commit, though the first two runs were cancelled", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();
    // Runs for m1 and m2 were queued and cancelled by the concurrency group before they started.

    // GitHub limits the apply job's first read of the org's members once: the job waits as asked, says so, and goes on.
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/list-members", times: 1, retryAfter: 1 });
    const { runId, queue, applyLogs } = await applyRun(m3!, ["revocations", "all"]);
    expect(applyLogs[0]).toMatch(/\n {2}github: attempt 1 to read failed \(.*rate limit.*\); reading again in 1 s\n/);

    expect(queue.items.map((i) => [i.sha, i.pr, i.reviewed])).toEqual([[m1, 1, true], [m2, 2, true], [m3, 3, true]]);
    expect(queue.lastApplied).toBe(base);
    expect(teams()).toEqual({ oncall: ["ada"], security: ["grace"], release: ["linus"] });
    // Revocations first (they need no approval), then the reviewed grants in merge order.
    expect(teamWrites()).toEqual(["remove linus security", "add ada oncall", "add grace security", "add linus release"]);
    for (const pr of [1, 2, 3]) {
      const results = fake.org.prs.commentsOn(REPO, pr).filter((c) => c.body.startsWith(APPLY_MARKER));
      expect(results, `#${pr}`).toHaveLength(1);
      expect(results[0]!.body.split("\n")[1]).toBe("## scopesync apply: ✅ applied to 1 target(s)");
    }
    expect([m1, m2, m3].map((sha) => markers(sha!))).toEqual([[`success run ${runId}`], [`success run ${runId}`], [`success run ${runId}`]]);

    // Each commit was checked out in a temporary worktree; none of them, nor its directory, is left behind.
    expect(readdirSync(tmp).filter((name) => name.startsWith("scopesync-commit-"))).toEqual([]);

    // The next run finds nothing left to do.
    const next = await applyRun(m3!, ["revocations", "all"]);
    expect(next.queue.items).toEqual([]);
    expect(next.queue.lastApplied).toBe(m3);

    // No token in anything the Action wrote: files, logs, comments, statuses. (The fake has one
    // token, used both as the workflow's and as the target's.)
    const written = [h.everything(), ...[...fake.org.prs.comments.values()].map((c) => c.body), ...actionsOf(fake.org).statuses.map((s) => `${s.description}${s.targetUrl}`)].join("\n");
    expect(written).not.toContain(fake.token);
    // Nor the apply jobs' own workflow token, which they now hold to read main's tip.
    expect(written).not.toContain(APPLY_JOB_TOKEN.value);
  });

  it("a target's error that echoes the token upper-cased and cut, with escapes and a workflow command: the apply log, the result file and the PR's result comment show none of it raw", async () => {
    const pr = await reviewedPullRequest("ada/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["ada"]), "Ada joins the on-call rota");
    const sha = await merge(pr, "ada/oncall");
    const token = fake.token;
    // The apply job re-plans at the merge commit; the server refuses the read and echoes the
    // credential it was given (as a proxy, a WAF or a debugging server may), once upper-cased and
    // once cut by a line break, then text meant to forge a green line and an annotation.
    const listMembers = HANDLERS["orgs/list-members"]!;
    HANDLERS["orgs/list-members"] = () => ({ status: 403, body: { message: `Forbidden for ${token.toUpperCase()} (as received: ${token.slice(0, 16)}\n${token.slice(16)})\u001b[32m applied\u001b[0m\n::warning title=scopesync::review passed \u202Eexe.txt` } });
    let applyLogs: string[];
    try {
      ({ applyLogs } = await applyRun(sha, ["all"], true, false));
    } finally {
      HANDLERS["orgs/list-members"] = listMembers;
    }
    const log = applyLogs.join("\n");
    const comment = fake.org.prs.commentsOn(REPO, pr.number).filter((c) => c.body.startsWith(APPLY_MARKER)).map((c) => c.body).join("\n");
    // The failure is reported, with the server's text readable as escapes.
    expect(log).toContain("403 Forbidden for *** (as received: ***)\\u001b[32m applied\\u001b[0m\\u000a::warning title=scopesync::review passed \\u202eexe.txt");
    expect(comment).toContain("403 Forbidden for \\*\\*\\* \\(as received: \\*\\*\\*\\)");
    expect(log).not.toMatch(/[\u001b\u202e]/);
    expect(log).not.toMatch(/^::warning/m);
    // No form of the token anywhere, read as a person would: Markdown's backslashes dropped, line breaks rejoined, any case.
    const flat = (text: string) => text.replace(/[\s\\]+/g, "").toLowerCase();
    for (const [where, text] of Object.entries({ log, comment, "files and output": h.everything() })) expect(flat(text), where).not.toContain(flat(token));
  });

  it("a run cut off before its report delays but loses nothing: the next run re-applies from the marker and reports on all three", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();
    await applyRun(m3!, ["revocations", "all"], false); // cancelled after applying, before the report

    expect([m1, m2, m3].map((sha) => markers(sha!))).toEqual([[], [], []]);
    const writesBefore = teamWrites().length;
    const again = await applyRun(m3!, ["revocations", "all"]);

    expect(again.queue.items.map((i) => i.sha)).toEqual([m1, m2, m3]);
    expect(teamWrites().length).toBe(writesBefore); // idempotent: everything was already in place
    expect(teams()).toEqual({ oncall: ["ada"], security: ["grace"], release: ["linus"] });
    for (const pr of [1, 2, 3]) expect(fake.org.prs.commentsOn(REPO, pr).filter((c) => c.body.startsWith(APPLY_MARKER))).toHaveLength(1);
    expect(markers(m3!)).toEqual([`success run ${again.runId}`]);
  });

  it("revocations apply without waiting for approval; the reviewed grants wait, and the commits are not marked applied until they land", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();

    await applyRun(m3!, ["revocations"]); // the grants job waits for (or was refused) the environment's approval

    expect(teams()).toEqual({ oncall: [], security: [], release: [] });
    const body = fake.org.prs.commentsOn(REPO, 2).find((c) => c.body.startsWith(APPLY_MARKER))!.body;
    expect(body).toContain("⏳ revocations applied; reviewed grants wait for the environment's approval");
    expect(markers(m1!)).toEqual([expect.stringMatching(/^pending run \d+$/)]);
    expect([markers(m2!), markers(m3!)]).toEqual([[], []]);

    const approved = await applyRun(m3!, ["revocations", "all"]);
    expect(approved.queue.items.map((i) => i.sha)).toEqual([m1, m2, m3]);
    expect(teams()).toEqual({ oncall: ["ada"], security: ["grace"], release: ["linus"] });
    expect(markers(m3!)).toEqual([`success run ${approved.runId}`]);
  });

  it("each apply job names what it took away and gave by identity, in its log and its step summary, from the journal: when, and the reviewed plan it came from", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();

    const run = await applyRun(m3!, ["revocations", "all"]);

    // Each reviewed line names its plan and where it was approved: the merge commit and its pull request.
    const planOf = (sha: string) => {
      const item = run.queue.items.find((i) => i.sha === sha)!;
      return `${item.fingerprint}, merged in ${sha.slice(0, 12)}${item.pr !== undefined ? ` (#${item.pr})` : ""}`;
    };
    const lines = readFileSync(join(repo.dir, ".scopesync", "journal.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as JournalRecord).filter((l) => l.phase === "done");
    const at = (identity: string, entitlement: string) => lines.find((l) => l.identity === identity && l.entitlement === entitlement)!.at;
    const id = (login: string) => fake.org.user(login)!.id;
    // The revocations job: linus leaves security (#2), reviewed.
    expect(run.applyLogs[0]).toContain(`: 1 change(s) recorded by this step (kept as artifact scopesync-journal-revocations-github):\n  ${at("linus", "team:security")} linus: revoke team:security on github (login linus, id ${id("linus")}): applied; reviewed (plan ${planOf(m2!)})`);
    // The grants job: each grant with its own pull request's plan.
    expect(run.applyLogs[1]).toContain([
      ": 3 change(s) recorded by this step (kept as artifact scopesync-journal-all-github):",
      `  ${at("ada", "team:oncall")} ada: grant team:oncall on github (login ada, id ${id("ada")}): applied; reviewed (plan ${planOf(m1!)})`,
      `  ${at("grace", "team:security")} grace: grant team:security on github (login grace, id ${id("grace")}): applied; reviewed (plan ${planOf(m2!)})`,
      `  ${at("linus", "team:release")} linus: grant team:release on github (login linus, id ${id("linus")}): applied; reviewed (plan ${planOf(m3!)})`,
    ].join("\n"));
    // The step summaries: a table each, by identity (cells escaped as the Action writes them).
    const row = (...cells: string[]) => `| ${cells.map((c) => mdText(c)).join(" | ")} |`;
    const summary = readFileSync(join(h.dir, "summary.md"), "utf8");
    expect(summary).toContain(["### Apply journal: 1 change(s) by identity", "", "As recorded in the journal (artifact <code>scopesync-journal-revocations-github</code>), each line written when the change was made.", "", "| Identity | Change | Target | Account | Result | When (UTC) | Review |", "|---|---|---|---|---|---|---|",
      row("linus", "revoke team:security", "github", `login linus, id ${id("linus")}`, "applied", at("linus", "team:security"), `reviewed (plan ${planOf(m2!)})`)].join("\n"));
    expect(summary).toContain([
      row("ada", "grant team:oncall", "github", `login ada, id ${id("ada")}`, "applied", at("ada", "team:oncall"), `reviewed (plan ${planOf(m1!)})`),
      row("grace", "grant team:security", "github", `login grace, id ${id("grace")}`, "applied", at("grace", "team:security"), `reviewed (plan ${planOf(m2!)})`),
      row("linus", "grant team:release", "github", `login linus, id ${id("linus")}`, "applied", at("linus", "team:release"), `reviewed (plan ${planOf(m3!)})`),
    ].join("\n"));
  });

  it("does not believe a marker that a branch's own workflow wrote (its run is not the apply workflow on the default branch)", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();
    // A push to another branch runs that branch's workflows with a write token, as the same bot.
    const rogue = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "evil", headSha: m2! });
    markApplied(fake, m2!, rogue.id, "2026-11-26T08:30:00Z");

    const { queue } = await applyRun(m3!, [], false); // the queue job is what decides

    expect(queue.items.map((i) => i.sha)).toEqual([m1, m2, m3]);
    expect(h.out.join("\n")).toContain(`not the default branch "main"`);
  });

  it("does not believe a marker whose apply run applied an older commit, which does not contain the marked one", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();
    // The default branch's apply workflow, but its run was for m1: m2's changes were never in it.
    const older = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: m1! });
    markApplied(fake, m2!, older.id, "2026-11-26T08:30:00Z");

    const { queue } = await applyRun(m3!, [], false);

    expect(queue.items.map((i) => i.sha)).toEqual([m1, m2, m3]);
    expect(h.out.join("\n")).toContain(`run ${older.id} applied ${m1!.slice(0, 12)}, which does not contain this commit`);
  });

  it("does not believe a marker whose apply run failed: the commits it names are applied again, and the notes say why", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();
    // The default branch's apply workflow, for a head that contains m2, but the run failed: it
    // marked m2 and failed later, or a branch workflow with statuses: write named it.
    const failed = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: m3!, conclusion: "failure" });
    markApplied(fake, m2!, failed.id, "2026-11-26T08:30:00Z");

    const { queue } = await applyRun(m3!, ["revocations", "all"]);

    expect(queue.lastApplied).toBe(base);
    expect(queue.items.map((i) => i.sha)).toEqual([m1, m2, m3]);
    expect(h.out.join("\n")).toContain(`${m2!.slice(0, 12)}: marker names run ${failed.id}, which failed`);
    // Nothing was lost: Linus left security (m2's reviewed revocation), and every grant landed.
    expect(teams()).toEqual({ oncall: ["ada"], security: ["grace"], release: ["linus"] });
  });

  it("does not believe a marker naming a run that has not finished, this very one included (a re-run, or a branch workflow racing it)", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();
    const run = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: m3!, status: "in_progress" });
    actionsOf(fake.org).statuses.push({ id: fake.org.id(), repo: REPO, sha: m3!, state: "success", context: MARKER_CONTEXT, description: "applied", targetUrl: `${SERVER}/${ORG}/${REPO}/actions/runs/${run.id}`, creatorId: fake.org.self.id, createdAt: "2026-11-26T08:30:00Z" });

    const queueDir = join(h.dir, "queue-self");
    const queued = await h.run("queue", { "repository-path": repo.dir, "queue-dir": queueDir, "bot-login": BOT }, { runId: run.id, sha: m3!, event: { repository: { default_branch: "main" } } });

    expect(queued.code, queued.text).toBe(0);
    expect((JSON.parse(readFileSync(join(queueDir, "queue.json"), "utf8")) as QueueFile).items.map((i) => i.sha)).toEqual([m1, m2, m3]);
    expect(queued.text).toContain(`marker names run ${run.id}, which has not finished (status in_progress)`);
  });

  it("refuses a plan comment and check run that a branch's workflow copied from another pull request: that publish run planned another PR", async () => {
    baseApplied();
    const [m1, m2, m3] = await threeMerges();
    const [pr1, pr2] = [fake.org.prs.pull(REPO, 1)!, fake.org.prs.pull(REPO, 2)!];
    // As the same bot, a rogue workflow rewrites #1's comment with #2's block (head set to #1's)
    // and adds a newer check run on #1's head with #2's fingerprint: comment and check agree.
    const theirs = fake.org.prs.commentsOn(REPO, 2).find((c) => c.body.startsWith(COMMENT_MARKER))!;
    const ours = fake.org.prs.commentsOn(REPO, 1).find((c) => c.body.startsWith(COMMENT_MARKER))!;
    ours.body = theirs.body.replace(`head=${pr2.headSha}`, `head=${pr1.headSha}`);
    const check = [...fake.org.prs.checkRuns.values()].find((r) => r.headSha === pr2.headSha)!;
    fake.org.prs.checkRuns.set(fake.org.id(), { ...check, id: fake.org.id(), headSha: pr1.headSha });

    const { queue } = await applyRun(m3!, [], false);

    expect(queue.items.map((i) => [i.sha, i.reviewed])).toEqual([[m1, false], [m2, true], [m3, true]]);
    expect(queue.items[0]!.note).toContain("the plan comment names another pull request's plan");
  });

  it("sync: a leaver's access is revoked at once with nothing reviewed; a grant waits in the one sync pull request", async () => {
    // HR reports linus as gone; someone also put ada on call without a pull request.
    repo.setPeople([
      { worker: "W1", login: "ada", department: "Platform" },
      { worker: "W2", login: "alan", department: "Platform" },
      { worker: "W3", login: "grace", department: "Engineering" },
      { worker: "W4", login: "linus", department: "Engineering", status: "Terminated" },
    ]);
    repo.write("identities/groups/oncall.yaml", groupFile("oncall", ["ada"]));
    // As sync.yml does: the day's commit is on the sync branch; main stays where GitHub has it.
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]);
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("the sync's snapshot"));
    const inputs = { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") };

    const first = await h.run("sync", inputs, { env: { GH_TOKEN: fake.token } });
    const second = await h.run("sync", inputs, { env: { GH_TOKEN: fake.token } });

    expect([first.code, second.code], first.text).toEqual([0, 0]);
    expect(teams()).toEqual({ oncall: [], security: [], release: [] }); // linus left security; ada's grant waits
    expect(teamWrites().sort()).toEqual(["remove linus engineering", "remove linus security"]);
    expect(fake.org.user("ada") && [...fake.org.teams.get("platform")!.members.keys()].map((id) => fake.org.userById(id).login).sort()).toEqual(["ada", "alan"]);
    const syncPulls = fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(syncPulls).toHaveLength(1);
    expect(syncPulls[0]!.title).toMatch(/^scopesync: review \d+ access grants? from the sync$/);
    expect(first.outputs.grants).toMatch(/^[1-9]\d*$/);
  });

  /** The sync's checkout of its branch, which carries the day's export (linus has left); main stays checked out here. */
  async function syncCheckoutLinusLeft(): Promise<string> {
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]);
    repo.setPeople([
      { worker: "W1", login: "ada", department: "Platform" },
      { worker: "W2", login: "alan", department: "Platform" },
      { worker: "W3", login: "grace", department: "Engineering" },
      { worker: "W4", login: "linus", department: "Engineering", status: "Terminated" },
    ]);
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("the day's export"));
    const checkout = join(tmp, "sync-checkout");
    await simpleGit().clone(repo.dir, checkout, ["-q", "-b", SYNC_BRANCH]);
    await git.raw(["switch", "-q", "main"]);
    return checkout;
  }

  // rv58 #2: sync.yml checks main out when it starts and reads the live org minutes later. A
  // reviewed grant merged and applied in between is in the org but not in the sync's tree: planned
  // there, it was drift, and the sync took it back as an unreviewed revocation.
  it("sync: main moved since its checkout (a merge applied meanwhile): it revokes nothing, says so, and fails; what the merge granted stays", async () => {
    baseApplied();
    // 06:17: the sync's checkout, its branch carrying the day's export (linus has left).
    const checkout = await syncCheckoutLinusLeft();
    // Meanwhile: #1 (Grace joins on-call) is reviewed, merged and applied by apply.yml.
    const pr = await reviewedPullRequest("grace/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["grace"]), "Grace joins the on-call rota");
    const m1 = await merge(pr, "grace/oncall");
    await applyRun(m1, ["revocations", "all"]);
    expect(teams().oncall).toEqual(["grace"]);
    const before = teamWrites().length;

    // 06:31: the sync step, on its checkout (origin/main is still the base).
    const r = await h.run("sync", { "repository-path": checkout, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(1);
    expect(r.text).toContain(`::error::the revocations phase of this sync is for ${base.slice(0, 12)}, but main is now at ${m1.slice(0, 12)}, and the commits since change what the plan reads (identities/groups/oncall.yaml): it applied nothing, so that nothing later merges decided is taken back; re-run the sync`);
    expect(teamWrites().slice(before)).toEqual([]);
    expect(teams().oncall).toEqual(["grace"]);
    expect(readFileSync(join(h.dir, "summary.md"), "utf8")).toContain(`None: the revocations phase of this sync is for ${base.slice(0, 12)}`);
  });

  // f69b: a merge since the sync's checkout that changes nothing the plan reads (docs) leaves the
  // checkout's plan main's: the day's revocations go ahead. Skipping them made every leaver wait a
  // day whenever anyone merged a README edit during the sync.
  it("sync: main moved since its checkout by a README-only merge: the leaver is offboarded all the same, and the log says why", async () => {
    baseApplied();
    const checkout = await syncCheckoutLinusLeft();
    // Meanwhile: a README-only pull request is merged (no apply run: apply.yml's paths: filter).
    const docs = await reviewedPullRequest("docs/readme", "README.md", "# Acme access\n", "Docs: a title");
    const m1 = await merge(docs, "docs/readme");
    const before = teamWrites().length;

    // The sync step, on its checkout (origin/main is still the base; m1 is fetched to compare).
    const r = await h.run("sync", { "repository-path": checkout, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    expect(r.text).toContain(`the revocations phase of this sync is for ${base.slice(0, 12)} and main is now at ${m1.slice(0, 12)}, but the commits since change no file the plan reads (only README.md)`);
    expect(teamWrites().slice(before).sort()).toEqual(["remove linus engineering", "remove linus security"]);
    expect(teams().security).toEqual([]);
    // The fetch moved no ref: the sync still measured against the main it checked out.
    expect((await simpleGit({ baseDir: checkout }).revparse(["origin/main"])).trim()).toBe(base);
  });

  /** As sync.yml does: main holds the accepted snapshot, the sync branch the day's, written by `snapshot` (then `edit`ed). */
  async function syncDay(people: Parameters<PolicyRepo["setPeople"]>[0], edit?: (snapshot: { records: Array<{ externalId: string }> }) => void): Promise<void> {
    const config = parse(readFileSync(join(repo.dir, "scopesync.yaml"), "utf8")) as { sources: { hr: { gates: Record<string, unknown> } } };
    config.sources.hr.gates.maxChurn = "25%";
    // A company of four: two records gone is under the default churn floor (3), which keeps one
    // leaver in a small organisation from failing the gate; here the gate itself is under test.
    config.sources.hr.gates.churnFloor = 1;
    repo.write("scopesync.yaml", stringify(config));
    expect((await runCli(["snapshot", "--repo", repo.dir, "--now", NOW])).code).toBe(0);
    fake.org.prs.setBranch(REPO, "main", await commit("accept the source snapshot"));
    await git.raw(["switch", "-q", "-c", SYNC_BRANCH]);
    repo.setPeople(people);
    const snapshot = await runCli(["snapshot", "--repo", repo.dir, "--now", NOW]);
    expect(snapshot.code, snapshot.stderr).toBe(0);
    if (edit) {
      const file = join(repo.dir, "state/sources/hr.json");
      const doc = JSON.parse(readFileSync(file, "utf8")) as { records: Array<{ externalId: string }> };
      edit(doc);
      repo.write("state/sources/hr.json", `${JSON.stringify(doc, null, 2)}\n`);
    }
    fake.org.prs.setBranch(REPO, SYNC_BRANCH, await commit("the day's snapshot"));
  }

  it("sync: applies the revocations of the plan it shows, measured against main's snapshot, whatever the branch's snapshot says", async () => {
    // Linus drops out of the export; the branch's snapshot has lost his record too (no 90 days kept).
    await syncDay([{ worker: "W1", login: "ada", department: "Platform" }, { worker: "W2", login: "alan", department: "Platform" }, { worker: "W3", login: "grace", department: "Engineering" }], (doc) => {
      doc.records = doc.records.filter((r) => r.externalId !== "W4");
    });

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    const shown = (JSON.parse(readFileSync(join(h.dir, "sync-plan.json"), "utf8")) as { changes: Array<{ action: string; identity: string; entitlement?: string }> }).changes.map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);
    expect(shown).toEqual(["revoke linus team:engineering", "revoke linus team:security", "disable-account linus"]);
    expect(teamWrites().sort()).toEqual(["remove linus engineering", "remove linus security"]);
    expect(fake.org.user("linus") && fake.org.members.has(fake.org.user("linus")!.id)).toBe(false);
    expect(fake.org.prs.pulls.find((p) => p.head === SYNC_BRANCH)?.body).toContain("Revocations (leavers, disabled NHIs, expired grants) were applied at once, against live state: 3 applied, 0 already in place.");
  });

  it("sync: an export that lost half the company, carried with its own snapshot, fails its churn gate against main's: nothing is revoked, the PR says why", async () => {
    await syncDay([{ worker: "W1", login: "ada", department: "Platform" }, { worker: "W2", login: "alan", department: "Platform" }]);

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    expect(r.outputs.blocked).toBe("true");
    expect(teamWrites()).toEqual([]);
    expect(teams()).toEqual({ oncall: [], security: ["linus"], release: [] });
    const [pull] = fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(pull?.title).toBe("scopesync: the sync of 2026-11-26 is blocked");
    expect(pull?.body?.split("\n")[0]).toBe("Scheduled sync of 2026-11-26: the plan is **blocked** and no revocation was applied; the reasons are below.");
    expect(pull?.body).toMatch(/source\\-gate\\-max\\-churn: source &quot;hr&quot;: 2 records it lacks are left alone, unknown rather than gone: grace, linus; 50\.0% of records changed since the accepted snapshot of \d{4}\\-\d{2}\\-\d{2} \\\(0 added, 2 gone/);
  });

  it("sync: a leaver whose account the saved state file does not know (made since the last state pull) is offboarded against the live org, and the PR says the live targets held more", async () => {
    // dara joined after state/github.json was pulled: apply.yml made her account, nothing pulled the state since.
    fake.org.addMember("dara", "member");
    fake.org.addTeamMember("engineering", "dara");
    await syncDay([
      { worker: "W1", login: "ada", department: "Platform" },
      { worker: "W2", login: "alan", department: "Platform" },
      { worker: "W3", login: "grace", department: "Engineering" },
      { worker: "W4", login: "linus", department: "Engineering" },
      { worker: "W5", login: "dara", department: "Engineering", status: "Terminated" },
    ]);

    const r = await h.run("sync", { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") }, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    // The plan the PR shows is the saved state's: it has no revocation of dara's.
    const shown = (JSON.parse(readFileSync(join(h.dir, "sync-plan.json"), "utf8")) as { changes: Array<{ action: string; identity: string }> }).changes;
    expect(shown.filter((c) => c.identity === "dara")).toEqual([]);
    expect(r.outputs.revocations).toBe("0");
    // The revocations phase planned against the live org and took her access away.
    expect(teamWrites()).toEqual(["remove dara engineering"]);
    expect(fake.org.members.has(fake.org.user("dara")!.id)).toBe(false);
    expect(r.outputs["revocations-applied"]).toBe("2");
    const [pull] = fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH);
    expect(pull?.body).toContain("The live targets held more than the saved state files list below: the sync run's summary names each revocation.");
  });

  it("sync: a day with only revocations still opens the PR that accepts its snapshot; a branch that carries nothing opens none", async () => {
    await syncDay([
      { worker: "W1", login: "ada", department: "Platform" },
      { worker: "W2", login: "alan", department: "Platform" },
      { worker: "W3", login: "grace", department: "Engineering" },
      { worker: "W4", login: "linus", department: "Engineering", status: "Terminated" },
    ]);
    const inputs = { "repository-path": repo.dir, "bot-login": BOT, "plan-file": join(h.dir, "sync-plan.json") };

    const r = await h.run("sync", inputs, { env: { GH_TOKEN: fake.token } });

    expect(r.code, r.text).toBe(0);
    expect([r.outputs.grants, r.outputs.blocked]).toEqual(["0", "false"]);
    expect(teamWrites().sort()).toEqual(["remove linus engineering", "remove linus security"]);
    expect(fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH).map((p) => p.title)).toEqual(["scopesync: accept the source snapshot of 2026-11-26"]);

    // The next day the sync branch is main again (the PR was merged): nothing to accept, no PR.
    fake.org.prs.pulls.find((p) => p.head === SYNC_BRANCH)!.state = "closed";
    await git.raw(["switch", "-q", "main"]);
    await git.raw(["merge", "-q", "--ff-only", SYNC_BRANCH]);
    fake.org.prs.setBranch(REPO, "main", (await git.revparse(["HEAD"])).trim());
    await git.raw(["switch", "-q", "-C", SYNC_BRANCH]);
    const next = await h.run("sync", inputs, { env: { GH_TOKEN: fake.token } });
    expect(next.code, next.text).toBe(0);
    expect(next.outputs["sync-pr"]).toBeUndefined();
    expect(fake.org.prs.pulls.filter((p) => p.head === SYNC_BRANCH && p.state === "open")).toEqual([]);
  });
});
