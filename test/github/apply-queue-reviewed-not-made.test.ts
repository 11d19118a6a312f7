// The Action's apply queue and a reviewed change that the merge commit no longer plans (rv58
// finding 3). Two pull requests are reviewed against the same base and merged one after the other
// without being planned on top of each other, as a merge queue does: GitHub's merge queue "provides
// the same benefits as the Require branches to be up to date before merging branch protection, but
// does not require a pull request author to update their pull request branch"
// (https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/configuring-pull-request-merges/managing-a-merge-queue).
// #1 (an access review) takes Linus off the security team; #2 maps a new group with Linus in it
// to the same team. Merged #2 first, #1's revocation is not in the re-plan at its merge commit.
// Before, #1's result comment said "✅ applied … reviewed changes and revocations applied" and no
// line anywhere named the revocation that was not made. Now the log, a warning annotation, the step
// summary, the journal and the result comment name it, with the group and file:line that keep the
// team; and a reviewed revocation found already in place is told apart from one not made.
// Real parts: a git repository in a temp dir, the OpenAPI-validated GitHub fake driven by
// @octokit/rest (the connector's, and the test's own "by hand" change), and the Action's own plan,
// publish, queue, apply and report commands.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APPLY_MARKER } from "../../src/github/action-report.js";
import { MARKER_CONTEXT } from "../../src/github/apply-queue.js";
import type { ResultFile } from "../../src/github/queue-file.js";
import { APPLY_WORKFLOW } from "../../src/github/trusted-run.js";
import type { JournalRecord } from "../../src/model/journal-record.js";
import type { Plan } from "../../src/plan/plan.js";
import { mdText } from "../../src/plan/render/escape.js";
import { PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { actionsOf, type GithubFake } from "../servers/github-fake/index.js";
import { APPLY_JOB_TOKEN } from "./job-tokens.js";
import { ActionHarness } from "./action-harness.js";
import { BOT, ORG, REPO } from "./helpers.js";
import { closeActionWorld, groupFile, mergePullRequest, queuePolicy, reviewedPullRequest as reviewedPullRequestIn, startQueueWorld, type ActionWorld, type ReviewedPullRequest } from "./action-world.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const PEOPLE: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W4", login: "linus", department: "Engineering" },
  { worker: "W5", login: "mira", department: "Engineering" },
];
const TEAMS = ["platform", "engineering", "security"];

let fake: GithubFake;
let repo: PolicyRepo;
let h: ActionHarness;
let w: ActionWorld;

const policy = (mapped: string[]) => queuePolicy(TEAMS, mapped.map((g) => ({ group: g, entitlement: "team:security" })));

beforeEach(async () => {
  // The saved state the plans read: the org as it is, read at the harness's NOW. The last apply
  // before these merges marked the base commit as applied.
  w = await startQueueWorld({ tmpPrefix: "scopesync-not-made-", markedApplied: true, people: PEOPLE, teams: { platform: ["ada"], engineering: ["linus", "mira"], security: ["linus"] } });
  ({ fake, repo, h } = w);
});

afterEach(closeActionWorld);

type Reviewed = ReviewedPullRequest;

/** A pull request from `base`, planned by the untrusted job and published by the trusted one; not merged yet. */
const reviewedPullRequest = (branch: string, title: string, edit: () => void) => reviewedPullRequestIn(w, branch, title, edit);

/** Merged as the queue merges it: the reviewed head itself, as the merge commit's second parent. */
const merge = (pr: Reviewed) => mergePullRequest(w, pr, pr.branch);

/** apply.yml on a push: the queue job, the Revoke and Grant phases for the github target, the report job. */
async function applyRun(sha: string): Promise<{ runId: number; codes: number[]; text: string; summary: string; results: ResultFile[] }> {
  const run = actionsOf(fake.org).addRun(REPO, { event: "push", path: APPLY_WORKFLOW, headBranch: "main", headSha: sha });
  const queueDir = join(h.dir, `queue-${run.id}`);
  const ctx = { runId: run.id, sha, event: { repository: { default_branch: "main" } } };
  const queued = await h.run("queue", { "repository-path": repo.dir, "queue-dir": queueDir, "bot-login": BOT }, ctx);
  expect(queued.code, queued.text).toBe(0);
  const dir = join(h.dir, `results-${run.id}`);
  const codes: number[] = [];
  const texts: string[] = [];
  const summaries: string[] = [];
  for (const phase of ["revocations", "all"]) {
    const applied = await h.run("apply", { "repository-path": repo.dir, "queue-dir": queueDir, target: "github", phase, "result-file": join(dir, `scopesync-apply-${phase}-github.json`) }, { ...ctx, env: { INPUT_TOKEN: APPLY_JOB_TOKEN.value, GH_TOKEN: fake.token } });
    codes.push(applied.code);
    texts.push(applied.text);
    summaries.push(readFileSync(join(h.dir, "summary.md"), "utf8"));
  }
  const reported = await h.run("report", { "queue-dir": queueDir, "results-dir": dir, "bot-login": BOT }, ctx);
  codes.push(reported.code);
  const results = ["revocations", "all"].map((phase) => JSON.parse(readFileSync(join(dir, `scopesync-apply-${phase}-github.json`), "utf8")) as ResultFile);
  return { runId: run.id, codes, text: [...texts, reported.text].join("\n"), summary: summaries.at(-1)!, results };
}

const security = () => [...fake.org.teams.get("security")!.members.keys()].map((id) => fake.org.userById(id).login).sort();
const resultComment = (pr: number) => fake.org.prs.commentsOn(REPO, pr).filter((c) => c.body.startsWith(APPLY_MARKER)).map((c) => c.body);
const markers = (sha: string) => actionsOf(fake.org).statusesOf(REPO, sha).filter((s) => s.context === MARKER_CONTEXT).map((s) => `${s.state}: ${s.description}`);
const journal = () => repo.read(".scopesync/journal.jsonl").trim().split("\n").map((l) => JSON.parse(l) as JournalRecord);
const show = (p: Plan) => p.changes.map((c) => `${c.action} ${c.identity} ${c.entitlement ?? ""}`.trim());

/** #1: the quarterly access review takes Linus off the security team. */
const accessReview = () => reviewedPullRequest("review/security-q4", "Q4 access review: Linus leaves the security team", () => repo.write("identities/groups/security.yaml", groupFile("security", [])));
/** #2: the incident responders (Linus, Mira) get the security team, in other files: git merges both cleanly. */
const incidentRota = () => reviewedPullRequest("ir/rota", "Incident responders get the security team", () => {
  repo.write("identities/groups/incident.yaml", groupFile("incident", ["linus", "mira"]));
  repo.writePolicy(policy(["incident"]));
});

describe("apply queue: a reviewed change the merge commit no longer plans", { timeout: 120_000 }, () => {
  it("names the reviewed revocation another merge overtook, with the group and file:line that keep the access, and does not call the commit plainly applied", async () => {
    const review = await accessReview();
    const rota = await incidentRota();
    expect([show(review.plan), show(rota.plan)]).toEqual([["revoke linus team:security"], ["grant mira team:security"]]);

    // The queue merges #2, then #1: each applied by its own apply.yml run.
    const first = await applyRun(await merge(rota));
    expect(first.codes, first.text).toEqual([0, 0, 0]);
    const m1 = await merge(review);
    const run = await applyRun(m1);

    // Not a failure: the merged policy (#2, reviewed too) keeps the team, and a run again finds the same.
    expect(run.codes, run.text).toEqual([0, 0, 0]);
    expect(security()).toEqual(["linus", "mira"]);
    const why = `the merged policy at ${m1.slice(0, 12)} no longer plans it: group incident gives linus team:security in app github (identities/groups/incident.yaml:4); this run's read of github shows "linus" (account ${fake.org.user("linus")!.id}) still holds team:security`;
    for (const r of run.results) {
      expect(r.commits.map((c) => [c.status, c.notMade])).toEqual([["applied", [expect.objectContaining({ action: "revoke", identity: "linus", entitlement: "team:security", kind: "not-planned", reason: why })]]]);
    }
    // The log names it, and the run's page carries a warning.
    expect(run.text).toContain(`  reviewed change not made: github revoke linus team:security: ${why}`);
    expect(run.text).toMatch(new RegExp(`^::warning::${m1.slice(0, 12)} \\(#${review.number}\\): 1 reviewed change\\(s\\) not made, 1 of them revocation\\(s\\): access a reviewer approved taking away is still there: github revoke linus team:security`, "m"));
    // The step summary counts it for the commit, and its journal table says why.
    expect(run.summary).toContain(`- \`${m1.slice(0, 12)}\` #${review.number}: applied, applied 0, failed 0, held back 0, 1 reviewed not made`);
    expect(run.summary).toContain(`| linus | revoke team:security | github | login linus, id ${fake.org.user("linus")!.id} | ${mdText(`dropped: ${why}`, 600)} |`);
    // The journal records it, marked reviewed, under the reviewed plan.
    const dropped = journal().filter((l) => l.phase === "dropped");
    expect(dropped.map((l) => [l.action, l.identity, l.entitlement, l.review, l.fingerprint, l.reason])).toEqual([
      ["revoke", "linus", "team:security", "reviewed", review.plan.fingerprint, why],
      ["revoke", "linus", "team:security", "reviewed", review.plan.fingerprint, why],
    ]);
    // The pull request's result comment: not "✅ applied", and the change and its why are named.
    const [body] = resultComment(review.number);
    expect(body!.split("\n")[1]).toBe("## scopesync apply: ⚠️ applied to 1 target(s), but 1 reviewed change(s) not made (1 revocation(s): the access is still there)");
    expect(body).not.toContain("✅");
    expect(body).toContain("**1 reviewed change(s) not made**, 1 of them revocation(s): the access is still there.");
    expect(body).toContain(`- ⚠️ not made: github revoke linus team:security: ${mdText(why, 600)}`);
    // The commit is done (the queue goes on), and its marker says what was not.
    expect(markers(m1)).toEqual(["success: applied to 1 target(s) (" + review.plan.fingerprint.slice(0, 19) + "…); 1 reviewed change(s) not made (1 revocation(s): the access is still there)"]);
    // #2's own comment is plainly applied: its one reviewed change was made.
    expect(resultComment(rota.number)[0]!.split("\n")[1]).toBe("## scopesync apply: ✅ applied to 1 target(s)");
  });

  it("tells a reviewed revocation someone made by hand before the merge (already in place) apart from one not made", async () => {
    const review = await accessReview();
    // Between review and merge an org owner takes Linus off the team on GitHub itself.
    await new Octokit({ baseUrl: fake.url, auth: fake.token }).rest.teams.removeMembershipForUserInOrg({ org: ORG, team_slug: "security", username: "linus" });
    const m1 = await merge(review);

    const run = await applyRun(m1);

    expect(run.codes, run.text).toEqual([0, 0, 0]);
    const inPlace = `this run's read of github shows "linus" (account ${fake.org.user("linus")!.id}) does not hold team:security, as the reviewed change was to make it; the re-plan at ${m1.slice(0, 12)} no longer has it`;
    expect(run.results[1]!.commits[0]!.notMade).toEqual([expect.objectContaining({ action: "revoke", identity: "linus", kind: "in-place", reason: inPlace })]);
    expect(run.text).toContain(`  reviewed change already in place: github revoke linus team:security: ${inPlace}`);
    expect(run.text).not.toMatch(/^::warning::/m);
    // The journal says it is in place on this run's read, as a cut-off change found in place is.
    expect(journal().filter((l) => l.identity === "linus").map((l) => [l.phase, l.outcome, l.review, l.reason])).toEqual([
      ["done", "unchanged", "reviewed", inPlace],
      ["done", "unchanged", "reviewed", inPlace],
    ]);
    const [body] = resultComment(review.number);
    expect(body!.split("\n")[1]).toBe("## scopesync apply: ✅ applied to 1 target(s)");
    expect(body).toContain(`- already in place: github revoke linus team:security: ${mdText(inPlace, 600)}`);
    expect(markers(m1)).toEqual(["success: applied to 1 target(s) (" + review.plan.fingerprint.slice(0, 19) + "…)"]);
  });
});
