// The Action's apply queue and a merged pull request whose reviewed plan was made from a stale
// target state: the github target has `maxStateAge: 1d`, and its saved state was read six days
// before the plans. Such a plan carries a `stale-target-state` warning, not an error, so its check
// passes and it merges. Before, apply refused that whole commit ("blocked"); its reviewed plan
// never changes, so every later run refused it again, and the queue, which stops at a commit that
// does not apply, stopped there for good: a leaver's revocation in a later commit was never applied
// (rv33 finding 1). Now what the stale plan gives is held back and named, its revocations the live
// re-plan still wants apply as unreviewed ones, and the commit is done, so the queue moves on.
// Real parts: a git repository in a temp dir, the OpenAPI-validated GitHub fake driven by
// @octokit/rest, and the Action's own plan, publish, queue, apply and report commands.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APPLY_MARKER } from "../../src/github/action-report.js";
import { MARKER_CONTEXT } from "../../src/github/apply-queue.js";
import type { QueueFile, ResultFile } from "../../src/github/queue-file.js";
import { APPLY_WORKFLOW } from "../../src/github/trusted-run.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import { PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { actionsOf, type GithubFake } from "../servers/github-fake/index.js";
import { APPLY_JOB_TOKEN } from "./job-tokens.js";
import { ActionHarness } from "./action-harness.js";
import { BOT, REPO } from "./helpers.js";
import { closeActionWorld, groupFile, mergePullRequest, reviewedPullRequest, startQueueWorld, type ActionWorld } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

/** When the saved state was read: six days before the harness's NOW (2026-11-26T09:00:00Z). */
const READ_AT = "2026-11-20T06:00:00Z";
const PEOPLE: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W3", login: "grace", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];
const STALE_HELD = 'held back (the reviewed plan was made from a stale state of target "github"; plan again from a fresh state and have that plan reviewed)';

let fake: GithubFake;
let repo: PolicyRepo;
let h: ActionHarness;
let commit: (message: string) => Promise<string>;
let w: ActionWorld;

beforeEach(async () => {
  // The saved state the plans read: the org as it is, but read six days ago (state pull on the 20th),
  // and the github target has `maxStateAge: 1d`. The last apply before these merges marked the base commit as applied.
  w = await startQueueWorld({
    tmpPrefix: "scopesync-stale-queue-",
    markedApplied: true,
    people: PEOPLE,
    teams: { platform: ["ada"], engineering: ["grace", "linus"], oncall: [], security: ["linus"] },
    target: { maxStateAge: "1d" },
    stateReadAt: READ_AT,
  });
  ({ fake, repo, h, commit } = w);
});

afterEach(closeActionWorld);

/** A pull request planned by the untrusted job and published by the trusted one, then merged. */
async function mergedPullRequest(branch: string, file: string, text: string, title: string): Promise<{ number: number; sha: string }> {
  const pr = await reviewedPullRequest(w, branch, title, () => repo.write(file, text));
  // The plan the reviewers approved says its state was stale, as a warning: the check passed.
  expect([pr.plan.blocked, pr.plan.findings.filter((f) => f.rule === "stale-target-state").map((f) => f.severity)]).toEqual([false, ["warning"]]);
  return { number: pr.number, sha: await mergePullRequest(w, pr, branch) };
}

/** The nightly HR export, pushed to main with no pull request: linus has left. */
async function leaverPushed(): Promise<string> {
  repo.setPeople(PEOPLE.map((p) => (p.login === "linus" ? { ...p, status: "Terminated" as const } : p)));
  const sha = await commit("hr export 2026-11-26");
  fake.org.prs.setBranch(REPO, "main", sha);
  return sha;
}

/** apply.yml on a push: the queue job, the Revoke and Grant phases for the github target, the report job. */
async function applyRun(sha: string): Promise<{ runId: number; queue: QueueFile; codes: number[]; text: string; results: ResultFile[] }> {
  const run = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: sha });
  const queueDir = join(h.dir, `queue-${run.id}`);
  const ctx = { runId: run.id, sha, event: { repository: { default_branch: "main" } } };
  const queued = await h.run("queue", { "repository-path": repo.dir, "queue-dir": queueDir, "bot-login": BOT }, ctx);
  expect(queued.code, queued.text).toBe(0);
  const queue = JSON.parse(readFileSync(join(queueDir, "queue.json"), "utf8")) as QueueFile;
  const dir = join(h.dir, `results-${run.id}`);
  const codes: number[] = [];
  const texts: string[] = [];
  for (const phase of ["revocations", "all"]) {
    const applied = await h.run("apply", { "repository-path": repo.dir, "queue-dir": queueDir, target: "github", phase, "result-file": join(dir, `scopesync-apply-${phase}-github.json`) }, { ...ctx, env: { INPUT_TOKEN: APPLY_JOB_TOKEN.value, GH_TOKEN: fake.token } });
    codes.push(applied.code);
    texts.push(applied.text);
  }
  const reported = await h.run("report", { "queue-dir": queueDir, "results-dir": dir, "bot-login": BOT }, ctx);
  codes.push(reported.code);
  const results = ["revocations", "all"].map((phase) => JSON.parse(readFileSync(join(dir, `scopesync-apply-${phase}-github.json`), "utf8")) as ResultFile);
  return { runId: run.id, queue, codes, text: [...texts, reported.text].join("\n"), results };
}

const teams = () => Object.fromEntries(["oncall", "security", "engineering"].map((t) => [t, [...fake.org.teams.get(t)!.members.keys()].map((id) => fake.org.userById(id).login).sort()]));
const isMember = (login: string) => fake.org.members.has(fake.org.user(login)!.id);
const markers = (sha: string) => actionsOf(fake.org).statusesOf(REPO, sha).filter((s) => s.context === MARKER_CONTEXT).map((s) => `${s.state} ${s.targetUrl?.replace(/^.*\/runs\//, "run ")}`);
const resultComment = (pr: number) => fake.org.prs.commentsOn(REPO, pr).filter((c) => c.body.startsWith(APPLY_MARKER)).map((c) => c.body);
const journal = () => repo.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord).filter((r) => r.phase === "done");

describe("apply queue: a merged plan made from a stale target state", { timeout: 120_000 }, () => {
  it("holds back and names what the stale plan grants, marks its commit done, and applies the leaver of the next commit: the queue does not stop there", async () => {
    const pr = await mergedPullRequest("ada/oncall", "identities/groups/oncall.yaml", groupFile("oncall", ["ada"]), "Ada joins the on-call rota");
    const push = await leaverPushed();

    const first = await applyRun(push);

    expect(first.queue.items.map((i) => [i.sha, i.pr, i.reviewed])).toEqual([[pr.sha, 1, true], [push, undefined, false]]);
    // Exit 0 everywhere: held changes do not fail a commit (the queue's convention for held grants).
    expect(first.codes, first.text).toEqual([0, 0, 0]);
    // The leaver of the later commit lost the org and its teams; Ada's grant, reviewed against stale facts, was not made.
    expect(isMember("linus")).toBe(false);
    expect(teams()).toEqual({ oncall: [], security: [], engineering: ["grace"] });
    for (const r of first.results) {
      expect(r.commits.map((c) => [c.sha, c.status])).toEqual([[pr.sha, "applied"], [push, "applied"]]);
      expect(r.commits[0]!.staleTargets).toEqual([expect.objectContaining({ target: "github" })]);
      expect(r.commits[0]!.problems).toContain(`${STALE_HELD}: github grant ada team:oncall`);
    }
    // The run says what was held and why: in the log, as a warning annotation, and on the pull request.
    expect(first.text).toContain(`  ${STALE_HELD}: github grant ada team:oncall`);
    expect(first.text).toMatch(new RegExp(`^::warning::${pr.sha.slice(0, 12)} \\(#1\\): its reviewed plan was made from a stale state of github; what it gives there is held back \\(1 held back\\)`, "m"));
    const [body] = resultComment(1);
    expect(body!.split("\n")[1]).toBe("## scopesync apply: ⚠️ applied to 1 target(s), reviewed changes held back (stale target state)");
    expect(body).toContain("⚠️ applied, but the reviewed plan was made from a stale target state: what it gives there is held back; plan again from a fresh state and have that plan reviewed");
    expect(body).toContain("github grant ada team:oncall");
    // Both commits are done: the marker moves over them, and the next run has nothing left to do.
    expect([markers(pr.sha), markers(push)]).toEqual([[`success run ${first.runId}`], [`success run ${first.runId}`]]);
    const next = await applyRun(push);
    expect([next.queue.items, next.queue.lastApplied]).toEqual([[], push]);
  });

  it("applies the revocation the stale plan reviewed, as an unreviewed one the live re-plan still wants, and holds back its grant", async () => {
    const pr = await mergedPullRequest("grace/security", "identities/groups/security.yaml", groupFile("security", ["grace"]), "Grace replaces Linus in security");

    const run = await applyRun(pr.sha);

    expect(run.codes, run.text).toEqual([0, 0, 0]);
    expect(teams()).toEqual({ oncall: [], security: [], engineering: ["grace", "linus"] });
    const commit = run.results[1]!.commits[0]!;
    expect([commit.status, commit.applied, commit.unreviewedRevocations, commit.held]).toEqual(["applied", 0, 0, 1]);
    expect(run.results[0]!.commits[0]!).toMatchObject({ status: "applied", applied: 1, unreviewedRevocations: 1, held: 1 });
    expect(run.results[0]!.commits[0]!.problems).toContain(`${STALE_HELD}: github grant grace team:security`);
    // The journal does not call it reviewed: the reviewer saw it against facts six days old.
    expect(journal().filter((r) => r.outcome === "applied").map((r) => `${r.action} ${r.identity} ${r.entitlement} ${r.review}`)).toEqual(["revoke linus team:security unreviewed-revocation"]);
    expect(markers(pr.sha)).toEqual([`success run ${run.runId}`]);
  });
});
