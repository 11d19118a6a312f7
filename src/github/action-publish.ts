// The Action's `publish` command: the trusted half of planning. It runs in a `workflow_run` job,
// which GitHub starts from the default branch's workflow file, so its code is the default
// branch's scopesync; the pull request's checkout is read as data only (YAML, CSV), never run.
// It re-plans the PR's files, compares with the plan the untrusted plan job uploaded, and posts
// the sticky comment and the "scopesync plan" check run; it writes the plan for its own artifact
// (`scopesync-reviewed-plan`), the only copy apply will take.
import { existsSync } from "node:fs";
import { readFileBytes } from "../model/file-bytes.js";
import { jsonBytesProblem, parseJsonMember } from "../model/large-json.js";
import { dirname, join, resolve } from "node:path";
import type { Diagnostic } from "../config/diagnostic.js";
import { ScopesyncError } from "../model/errors.js";
import type { Plan } from "../plan/plan.js";
import { mdText } from "../plan/render/escape.js";
import { renderJson } from "../plan/render/json.js";
import { COMMENT_MARKER } from "../plan/render/markdown.js";
import type { ActionContext } from "./action-io.js";
import { annotateDiagnostics, DIAGNOSTICS_FILE, makePlan, PLAN_FILE, writeFile, writeSarif } from "./action-plan.js";
import { mergeAction } from "./action-shards.js";
import { invalidCheck, planCheck, publishCheckRun, type CheckRunContent } from "./check-run.js";
import type { GithubWorkflow } from "./client.js";
import { codeScanningAvailable, parseCodeScanning } from "./code-scanning.js";
import { planCommentBody, upsertStickyComment } from "./comment.js";
import { MergeConflict, mergeIntoBase, PLANNED_FOR_FILE, readPlannedFor, verifiedPlannedBase, type PlannedFor, type TrustedTree } from "./planned-tree.js";
import { REVIEWED_FOR_FILE, type ReviewedFor } from "./reviewed-plan.js";

/** What the triggering run (the untrusted plan workflow) was about, from the workflow_run event. */
export interface PlannedRun {
  runId: number;
  event: string;
  headSha: string;
  pr?: { number: number; baseRef: string };
  /** A merge group's: the branch it merges into and the commit of it the group was built on, from the queue's branch name. */
  group?: QueueBranch;
}

interface WorkflowRunEvent {
  workflow_run?: { id?: number; event?: string; head_sha?: string; head_branch?: string; pull_requests?: Array<{ number: number; head?: { sha?: string }; base?: { ref?: string } }> };
  repository?: { visibility?: string; private?: boolean };
}

/**
 * The PR the untrusted run planned. The event lists it for a branch of this repository; for a
 * fork it is empty and the open PR whose head is the planned commit is looked up. Nothing here
 * comes from the untrusted artifact.
 */
export async function plannedRun(ctx: ActionContext, gh: GithubWorkflow): Promise<PlannedRun> {
  const wr = (ctx.event() as WorkflowRunEvent).workflow_run;
  if (!wr?.id || !wr.head_sha || !wr.event) throw new ScopesyncError("publish needs the workflow_run event of the plan workflow", "run it in a workflow triggered by `workflow_run: { workflows: [scopesync plan], types: [completed] }`");
  const base = { runId: wr.id, event: wr.event, headSha: wr.head_sha };
  if (wr.event === "merge_group") {
    const group = queueBranch(wr.head_branch);
    return group ? { ...base, group } : base;
  }
  if (wr.event !== "pull_request") throw new ScopesyncError(`the plan run was started by "${wr.event}", not a pull request or merge group`, "trigger the plan workflow on pull_request and merge_group only");
  const listed = (wr.pull_requests ?? []).find((p) => p.head?.sha === wr.head_sha);
  if (listed) return { ...base, pr: { number: listed.number, baseRef: listed.base?.ref ?? "main" } };
  const pulls = await gh.call(`find the pull request of ${wr.head_sha.slice(0, 12)}`, () => gh.octokit.paginate(gh.octokit.rest.repos.listPullRequestsAssociatedWithCommit, { ...gh.repo, commit_sha: wr.head_sha!, per_page: 100 }));
  const open = pulls.filter((p) => p.state === "open" && p.head.sha === wr.head_sha);
  if (open.length !== 1) throw new ScopesyncError(`commit ${wr.head_sha.slice(0, 12)} is the head of ${open.length} open pull requests, not one`, "push again so the plan runs for one pull request");
  return { ...base, pr: { number: open[0]!.number, baseRef: open[0]!.base.ref } };
}

type Verdict = { kind: "match" } | { kind: "missing"; why: string } | { kind: "differs"; theirs: string };

/** The untrusted plan job's result (data only) against the trusted re-plan. */
function compareWithArtifact(dir: string, plan: Plan | undefined): Verdict {
  const file = join(dir, PLAN_FILE);
  if (!existsSync(file)) return { kind: "missing", why: existsSync(join(dir, DIAGNOSTICS_FILE)) ? "the plan job found the repository invalid" : "the plan job left no plan" };
  let theirs = "";
  try {
    // Checked a piece at a time and let go, then only its fingerprint read: the plan can be longer than a string (model/large-json.ts).
    const bytes = readFileBytes(file);
    const read = jsonBytesProblem(bytes) === undefined ? parseJsonMember(bytes, "fingerprint") : { ok: false as const, problem: "not JSON" };
    const fingerprint = read?.ok ? read.value : undefined;
    theirs = read && !read.ok ? "(not JSON)" : typeof fingerprint === "string" && /^sha256:[0-9a-f]{64}$/.test(fingerprint) ? fingerprint : "(unreadable)";
  } catch {
    theirs = "(not JSON)";
  }
  return plan && theirs === plan.fingerprint ? { kind: "match" } : { kind: "differs", theirs };
}

const DIFFERS_NOTE = (theirs: string, ours: string) =>
  `> ⚠️ **The plan made by this pull request's own code (\`${mdText(theirs)}\`) differs from the plan the default branch's scopesync makes of its files (\`${mdText(ours)}\`).** The pull request changes how scopesync plans (its code, workflows or dependencies). Below is the default branch's plan; merge the tool change on its own first, reviewed by its code owners, then this one.`;

/** What the plan job says it planned, where that is not what the re-plan planned. */
interface PlannedOtherwise {
  tree: TrustedTree;
  /** The plan job's tree and base (its word), each only where it differs from ours. */
  theirTree?: string;
  theirBase?: string;
}

/**
 * The plan job says it planned other files, or against another base (one publish refused). That
 * is its word (it runs the PR's code), so the note says both things the difference can mean, and
 * the check fails either way.
 */
const OTHER_TREE_NOTE = (theirs: string, ours: string, other: PlannedOtherwise) => {
  const said = [other.theirTree ? `tree \`${mdText(other.theirTree.slice(0, 12))}\`` : "", other.theirBase ? `against \`${mdText(other.theirBase.slice(0, 12))}\`` : ""].filter(Boolean).join(", ");
  const { tree } = other;
  return `> ⚠️ **The plan made by this pull request's own code (\`${mdText(theirs)}\`) differs from the plan the default branch's scopesync makes of its files (\`${mdText(ours)}\`), and the plan job says it planned something else** (${said}; the re-plan planned ${tree.merged ? "the head merged into" : "the head against"} \`${tree.base}\`, tree \`${tree.tree.slice(0, 12)}\`). Below is the default branch's plan. Merge the base branch into the pull request and push again; if the plans still differ, the pull request changes how scopesync plans (its code, workflows or dependencies): merge the tool change on its own first, reviewed by its code owners.`;
};

/** Whether the plan job says it planned another tree, or against another base, than ours (its own word, only used to explain a difference). */
function plannedOtherwise(tree: (TrustedTree & { planned?: PlannedFor }) | undefined): PlannedOtherwise | undefined {
  const said = tree?.planned;
  if (!tree || !said) return undefined;
  const theirTree = said.tree && said.tree !== tree.tree ? said.tree : undefined;
  const theirBase = said.base && !said.base.startsWith(tree.base) ? said.base : undefined;
  return theirTree || theirBase ? { tree, ...(theirTree ? { theirTree } : {}), ...(theirBase ? { theirBase } : {}) } : undefined;
}

/**
 * The base the trusted re-plan marks this PR's changes against, and merges its head into: the
 * input, else the commit a merge group was built on (the plan job's merge_group.base_sha: a
 * branch the queue moves while the group is checked would give the two plans different bases),
 * else for a pull request the commit of its base branch the plan job's test merge was built on
 * (`planned`, the plan job's word, taken only for a commit of that branch that contains every
 * commit of it the head has: verifiedPlannedBase), else the branch.
 */
export async function trustedBase(ctx: ActionContext, run: PlannedRun, repo: string, planned: PlannedFor | undefined): Promise<{ base?: string; why: string }> {
  if (ctx.input("base")) return { base: ctx.input("base"), why: "the input base" };
  if (run.group) return run.group.baseSha ? { base: run.group.baseSha, why: "the commit the merge group was built on" } : { base: `origin/${run.group.baseRef}`, why: "the merge group's base branch (its branch name holds no commit)" };
  if (!run.pr) return { why: "no pull request" };
  const branch = `origin/${run.pr.baseRef}`;
  const verified = await verifiedPlannedBase(repo, planned, run.headSha, branch);
  return verified.base ? verified : { base: branch, why: `${branch}: ${verified.why}` };
}

/**
 * The checkout made the tree the plan job planned (the head merged into the trusted base), or
 * undefined where there is no base. `plannedForFile` is the plan job's PLANNED_FOR_FILE.
 */
export async function trustedTree(ctx: ActionContext, run: PlannedRun, repo: string, plannedForFile: string): Promise<(TrustedTree & { planned?: PlannedFor }) | undefined> {
  const planned = plannedForFile ? readPlannedFor(resolve(ctx.io.cwd, plannedForFile)) : undefined;
  const { base, why } = await trustedBase(ctx, run, repo, planned);
  if (!base) return undefined;
  const tree = await mergeIntoBase(repo, base);
  ctx.log(`planning ${tree.merged ? `the head ${run.headSha.slice(0, 12)} merged into` : "the head, which contains"} ${base.startsWith(tree.base) ? tree.base : `${base} (${tree.base})`}: ${why}`);
  return { ...tree, ...(planned ? { planned } : {}) };
}

export interface QueueBranch {
  baseRef: string;
  /** Absent where the name carries no full sha: then, as the plan job without a base_sha, origin/<baseRef>. */
  baseSha?: string;
}

/**
 * The branch a merge group merges into and the commit of it the group was built on, from the
 * branch GitHub's merge queue tests it on: `gh-readonly-queue/<base branch>/pr-<number>-<base
 * sha>` (the base branch may hold slashes; the sha is the event's merge_group.base_sha).
 */
export function queueBranch(headBranch: string | undefined): QueueBranch | undefined {
  const m = /^(?:refs\/heads\/)?gh-readonly-queue\/(.+)\/pr-\d+(?:-([0-9a-fA-F]+))?$/.exec(headBranch ?? "");
  if (!m) return undefined;
  const sha = m[2]?.toLowerCase();
  return sha && /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(sha) ? { baseRef: m[1]!, baseSha: sha } : { baseRef: m[1]! };
}

export async function publishAction(ctx: ActionContext, gh: GithubWorkflow, author: string): Promise<number> {
  const run = await plannedRun(ctx, gh);
  const repo = resolve(ctx.io.cwd, ctx.input("repository-path", "."));
  const planDir = resolve(ctx.io.cwd, ctx.input("plan-dir", "scopesync-plan"));
  // sharding: the trusted resolve and shard jobs of this run planned each target (default
  // branch's code, the PR's files as data); their shards are merged here, as plan.yml's merge job
  // does. The base is in the identities snapshot the trusted resolve job wrote.
  const shardsDir = ctx.input("shards-dir");
  let tree: Awaited<ReturnType<typeof trustedTree>>;
  try {
    tree = await trustedTree(ctx, run, repo, ctx.input("planned-for") || join(planDir, PLANNED_FOR_FILE));
  } catch (e) {
    // The required check must still say why nothing was planned.
    if (e instanceof MergeConflict) return publishConflict(ctx, gh, author, run, e);
    throw e;
  }
  const result = shardsDir ? await mergeAction(ctx, shardsDir) : await makePlan(ctx, repo, tree?.base);
  const runUrl = ctx.runUrl();
  ctx.setOutput("head-sha", run.headSha);
  if (run.pr) ctx.setOutput("pr", String(run.pr.number));

  if (!result.ok) return publishInvalid(ctx, gh, author, run, result.diagnostics);

  const { plan } = result.value;
  const verdict = compareWithArtifact(planDir, plan);
  const out = resolve(ctx.io.cwd, ctx.input("reviewed-plan-file", "scopesync-reviewed-plan/scopesync-plan.json"));
  ctx.setOutput("reviewed-plan-file", writeFile(out, renderJson(plan)));
  const made: ReviewedFor = { formatVersion: 1, pr: run.pr?.number ?? null, head: run.headSha, fingerprint: plan.fingerprint };
  writeFile(join(dirname(out), REVIEWED_FOR_FILE), `${JSON.stringify(made, null, 2)}\n`);
  ctx.setOutput("reviewed-dir", dirname(out));
  ctx.setOutput("fingerprint", plan.fingerprint);
  ctx.setOutput("changes", String(plan.changes.length));
  ctx.setOutput("blocked", String(plan.blocked));
  await publishSarif(ctx, gh, plan, run);

  let check: CheckRunContent = planCheck(plan);
  const other = plannedOtherwise(tree);
  const note = verdict.kind !== "differs" ? undefined : other ? OTHER_TREE_NOTE(verdict.theirs, plan.fingerprint, other) : DIFFERS_NOTE(verdict.theirs, plan.fingerprint);
  if (verdict.kind === "differs") {
    check = { ...check, conclusion: "failure", title: other ? "The plan job's plan differs, and it says it planned something else" : "The pull request's own plan differs", summary: `${note!.slice(2)}\n\n${check.summary}`.slice(0, 65_535) };
    ctx.annotate("error", `the plan job's plan ${verdict.theirs} is not the trusted re-plan ${plan.fingerprint}: ${other ? `the plan job says it planned ${[other.theirTree ? `tree ${other.theirTree.slice(0, 12)}` : "", other.theirBase ? `against ${other.theirBase.slice(0, 12)}` : ""].filter(Boolean).join(", ")}, the re-plan planned tree ${other.tree.tree.slice(0, 12)} against ${other.tree.base}` : "the pull request changes how scopesync plans"}`);
  } else if (verdict.kind === "missing") {
    ctx.annotate("warning", `${verdict.why}; the trusted re-plan is posted`);
  }
  if (run.pr) {
    const artifactUrl = ctx.input("artifact-url") || runUrl;
    const body = planCommentBody(plan, {
      head: run.headSha, ...(ctx.io.env.GITHUB_RUN_ID ? { run: ctx.io.env.GITHUB_RUN_ID } : {}), ...(artifactUrl ? { artifactUrl } : {}),
      ...(note ? { preface: note } : {}),
    });
    const comment = await upsertStickyComment(gh, run.pr.number, body, author);
    ctx.setOutput("comment-url", comment.url);
  }
  const published = await publishCheckRun(gh, run.headSha, check, runUrl);
  ctx.setOutput("check-run-id", String(published.id));
  ctx.log(`published plan ${plan.fingerprint} for ${run.pr ? `#${run.pr.number}` : `merge group ${run.headSha.slice(0, 12)}`}: ${check.conclusion}; the plan job's copy: ${verdict.kind}`);
  return check.conclusion === "failure" ? 1 : 0;
}

/** The head does not merge into the base: nothing is planned, and the check and comment say which files conflict. */
function publishConflict(ctx: ActionContext, gh: GithubWorkflow, author: string, run: PlannedRun, conflict: MergeConflict): Promise<number> {
  const diagnostics = conflict.files.map((file): Diagnostic => ({ file, line: 1, col: 1, message: `conflicts with ${conflict.baseName}: the pull request's head does not merge cleanly into its base branch`, hint: conflict.hint! }));
  const check = { ...invalidCheck(diagnostics), title: `The pull request does not merge cleanly into ${conflict.baseName}`, summary: `${mdText(conflict.message, 2000)}. Nothing was planned.` };
  return publishInvalid(ctx, gh, author, run, diagnostics, { check, heading: `the pull request does not merge cleanly into \`${mdText(conflict.baseName)}\`` });
}

async function publishInvalid(ctx: ActionContext, gh: GithubWorkflow, author: string, run: PlannedRun, diagnostics: Diagnostic[], why?: { check: CheckRunContent; heading: string }): Promise<number> {
  annotateDiagnostics(ctx, diagnostics);
  const check = await publishCheckRun(gh, run.headSha, why?.check ?? invalidCheck(diagnostics), ctx.runUrl());
  ctx.setOutput("check-run-id", String(check.id));
  ctx.setOutput("blocked", "true");
  if (run.pr) {
    const list = diagnostics.slice(0, 200).map((d) => `- \`${mdText(`${d.file}:${d.line}:${d.col}`)}\` ${mdText(d.message, 400)}${d.hint ? ` — fix: ${mdText(d.hint, 300)}` : ""}`);
    const more = diagnostics.length > 200 ? [`- … and ${diagnostics.length - 200} more (see the check run)`] : [];
    const body = [COMMENT_MARKER, `## scopesync plan: ❌ ${why?.heading ?? "the policy repository does not validate"}`, "", "Nothing was planned. Fix these and push again:", "", ...list, ...more, ""].join("\n");
    const comment = await upsertStickyComment(gh, run.pr.number, body, author);
    ctx.setOutput("comment-url", comment.url);
    ctx.summary(body.slice(COMMENT_MARKER.length + 1));
  }
  return 1;
}

/** SARIF of the trusted plan, and whether the workflow should upload it (code scanning available). */
async function publishSarif(ctx: ActionContext, gh: GithubWorkflow, plan: Plan, run: PlannedRun): Promise<void> {
  const file = writeSarif(ctx, resolve(ctx.io.cwd, ctx.input("sarif-file", "scopesync.sarif")), plan);
  ctx.setOutput("sarif-file", file);
  const visibility = (ctx.event() as WorkflowRunEvent).repository?.visibility;
  const setting = parseCodeScanning(ctx.input("code-scanning", "auto"));
  // A merge group's findings were already shown on its pull requests; its branch is deleted after.
  const answer = run.pr ? await codeScanningAvailable(gh, setting, visibility) : { available: false, why: "a merge group: findings are on its pull requests" };
  ctx.setOutput("code-scanning", String(answer.available));
  ctx.setOutput("sarif-ref", run.pr ? `refs/pull/${run.pr.number}/head` : "");
  ctx.log(`code scanning: ${answer.available ? "SARIF will be uploaded" : "SARIF is not uploaded"} (${answer.why})`);
}
