// The Action's `queue` command (the apply workflow's first job, no secrets): which merged commits
// are still unapplied, the reviewed plan of each (from the trusted publish run's artifact), and
// the targets for the apply matrix. Writes the queue directory the apply and report jobs read.
import { join, resolve } from "node:path";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { REVOCATIONS } from "../model/change.js";
import type { Plan } from "../plan/plan.js";
import { termMessage } from "../plan/render/escape.js";
import type { ActionContext } from "./action-io.js";
import { MARKER_CONTEXT, pendingCommits } from "./apply-queue.js";
import type { GithubWorkflow } from "./client.js";
import { findMergedPullRequest } from "./find-pr.js";
import { QUEUE_FILE, writeJsonFile, writePlanFile, type QueueFile, type QueueItem } from "./queue-file.js";
import { emptyReviewedPlan, readReviewedPlan } from "./reviewed-plan.js";
import { CommittedStates } from "./committed-binding.js";
import { APPLY_WORKFLOW, PUBLISH_WORKFLOW } from "./trusted-run.js";
import { againstTip, liveBranchTip } from "./branch-tip.js";
import { actionNow } from "./action-now.js";

/** The default branch: input, else the event's repository, else "main". */
export function defaultBranch(ctx: ActionContext): string {
  const repo = (ctx.event().repository ?? {}) as { default_branch?: string };
  return ctx.input("default-branch") || repo.default_branch || "main";
}

function loadConfig(repo: string): { organisation: string; targets: string[] } {
  const loaded = loadRepo(workingTree(repo));
  if (!loaded.repo) throw new ScopesyncError("the policy repository does not validate at the default branch's head", "run `scopesync validate` and fix what it lists in a pull request");
  const config = loaded.repo.config.value;
  return { organisation: config.organisation, targets: Object.keys(config.targets).sort() };
}

export async function queueAction(ctx: ActionContext, gh: GithubWorkflow, author: string): Promise<number> {
  const repo = resolve(ctx.io.cwd, ctx.input("repository-path", "."));
  const dir = resolve(ctx.io.cwd, ctx.input("queue-dir", "scopesync-queue"));
  const head = ctx.input("sha") || ctx.io.env.GITHUB_SHA;
  if (!head) throw new ScopesyncError("no commit to apply", "run on push to the default branch (GITHUB_SHA), or pass the sha input");
  const branch = defaultBranch(ctx);
  const config = loadConfig(repo);
  const max = Number(ctx.input("max-queue", "50"));
  if (!Number.isInteger(max) || max < 1) throw new ScopesyncError(`input "max-queue" must be a positive whole number, not "${ctx.input("max-queue")}"`);

  // A run whose commit main has moved past (a re-run, which GitHub makes at the original commit,
  // or a push run that started behind a newer merge) queues nothing when the commits since change
  // what the plan reads: the run of the newer commit applies everything not yet marked, this one
  // included, in order and with the newest tree. Commits that change none of it (a README merge,
  // which starts no apply run) leave this commit's plan the tip's: it is applied (branch-tip.ts).
  const against = await againstTip(repo, branch, head, await liveBranchTip(gh, branch), "this apply run", (newest) => `the apply run of ${newest.slice(0, 12)} applies every commit not yet applied (if none started, because apply.yml's paths: filter leaves out a file scopesync.yaml names, run apply.yml by hand on ${branch})`);
  if (against.moved) return superseded(ctx, dir, { formatVersion: 1, head, supersededBy: against.tip, organisation: config.organisation, targets: config.targets, items: [] }, against.moved);
  if (against.note) ctx.log(`apply queue: ${against.note}`);

  const pending = await pendingCommits(gh, repo, head, { author, applyWorkflow: ctx.input("apply-workflow", APPLY_WORKFLOW), defaultBranch: branch }, max);
  for (const note of pending.notes) ctx.annotate("warning", note);
  const generatedAt = new Date(actionNow(ctx)).toISOString();
  const items: QueueItem[] = [];
  const states = new CommittedStates(repo, Date.parse(generatedAt));
  for (const sha of pending.commits) items.push(await queueItem(ctx, gh, { author, branch, dir, states }, sha, config.organisation, generatedAt));

  const queue: QueueFile = { formatVersion: 1, head, ...(pending.lastApplied ? { lastApplied: pending.lastApplied } : {}), organisation: config.organisation, targets: config.targets, items };
  writeJsonFile(join(dir, QUEUE_FILE), queue);
  const grants = items.reduce((n, i) => n + i.grants, 0);
  ctx.setOutput("queue-dir", dir);
  ctx.setOutput("targets", JSON.stringify(config.targets));
  ctx.setOutput("commits", String(items.length));
  ctx.setOutput("grants", String(grants > 0));
  const lines = items.map((i) => `| \`${i.sha.slice(0, 12)}\` | ${i.pr ? `#${i.pr}` : "direct push"} | ${i.reviewed ? `\`${i.fingerprint.slice(0, 19)}…\`` : `nothing reviewed${i.note ? `: ${i.note.replace(/\|/g, "\\|")}` : ""}`} | ${i.revocations} | ${i.grants} |`);
  ctx.summary([`### scopesync apply queue: ${items.length} commit(s) since ${pending.lastApplied ? `\`${pending.lastApplied.slice(0, 12)}\`` : "(no marker found)"}`, "", "| commit | from | reviewed plan | revocations | grants |", "|---|---|---|--:|--:|", ...lines, ""].join("\n"));
  ctx.log(`apply queue: ${items.length} commit(s) after ${pending.lastApplied?.slice(0, 12) ?? "(no marker)"} (marker: commit status ${MARKER_CONTEXT}); ${grants} reviewed grant(s) wait for approval`);
  return 0;
}

/** Writes the empty queue of a run that is not for the branch's tip, and says so in one line. */
function superseded(ctx: ActionContext, dir: string, queue: QueueFile & { supersededBy: string }, line: string): number {
  writeJsonFile(join(dir, QUEUE_FILE), queue);
  ctx.annotate("warning", line);
  ctx.summary(`### scopesync apply queue: nothing to apply here\n\n${line}.\n`);
  ctx.log(`apply queue: ${line}`);
  ctx.setOutput("queue-dir", dir);
  ctx.setOutput("targets", JSON.stringify(queue.targets));
  ctx.setOutput("commits", "0");
  ctx.setOutput("grants", "false");
  return 0;
}

/**
 * One commit's reviewed plan. A PR whose plan cannot be trusted counts as nothing reviewed, and the
 * note says why. Nothing reviewed is bound to the tenants the commit's state files describe
 * (committed-binding.ts): its unreviewed revocations are refused on a live read of another.
 */
async function queueItem(ctx: ActionContext, gh: GithubWorkflow, o: { author: string; branch: string; dir: string; states: CommittedStates }, sha: string, organisation: string, generatedAt: string): Promise<QueueItem> {
  const { author, branch, dir } = o;
  const planFile = `plans/${sha}.json`;
  const nothing = async (note: string, pr?: number): Promise<QueueItem> => {
    const binding = await o.states.at(sha);
    for (const line of binding.unbound) ctx.annotate("warning", `${sha.slice(0, 12)}: ${termMessage(line)}`);
    const empty = emptyReviewedPlan(organisation, generatedAt, binding.targets);
    writeJsonFile(join(dir, planFile), empty);
    return { sha, ...(pr ? { pr } : {}), reviewed: false, fingerprint: empty.fingerprint, planFile, grants: 0, revocations: 0, note };
  };
  const pr = await findMergedPullRequest(gh, sha);
  if (!pr) return nothing("a direct push, from no merged pull request");
  let plan: Plan;
  try {
    plan = (await readReviewedPlan(gh, pr, { author, verifyCheckRun: ctx.flag("verify-check-run", true), publishWorkflow: ctx.input("publish-workflow", PUBLISH_WORKFLOW), defaultBranch: branch })).plan;
  } catch (e) {
    if (!(e instanceof ScopesyncError)) throw e;
    ctx.annotate("warning", `#${pr.number} (${sha.slice(0, 12)}): ${termMessage(e.message)}; only revocations are applied for it`);
    return nothing(e.message, pr.number);
  }
  writePlanFile(join(dir, planFile), plan);
  const revocations = plan.changes.filter((c) => REVOCATIONS.has(c.action)).length;
  return { sha, pr: pr.number, reviewed: true, fingerprint: plan.fingerprint, planFile, grants: plan.changes.length - revocations, revocations };
}
