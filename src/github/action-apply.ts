// The Action's `apply` command: one target (a matrix job) works through the queue in order. Each
// commit is checked out on its own (a git worktree, read as data), re-planned against live state
// and applied with the reviewed plan of its pull request by the library (src/apply/). Phase
// `revocations` applies only what removes access and needs nobody's approval; phase `all` runs
// in the protected environment and applies the reviewed grants too. A target stops at its first
// commit that does not apply: later ones wait for the next run, never skipping ahead. A commit
// that applied with changes held back (unreviewed grants; a reviewed plan made from a stale
// state, apply/stale-review.ts) is done: what was held is named, and the queue goes on. Revocations
// nobody reviewed (a leaver) are applied with the newest commit only, whose tree is the desired
// state now; an older tree would take back what later merges granted. That holds only while the
// queue's newest commit plans as the default branch's tip does: a job that finds a commit since
// that changes what the plan reads (a re-run of an old run's failed job; a policy merge since the
// queue job) applies nothing at all and fails, and the run of the newer commit applies the queue,
// in order. Commits since that change no input (a README merge) do not stop it (branch-tip.ts).
// The tip is asked of GitHub with the workflow token (`contents: read`, the job's only GITHUB_TOKEN
// permission): the checkout's origin/main is the run's own commit whenever main has moved past it
// (actions/checkout), so it could never say so. A job that cannot ask applies nothing either.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { simpleGit } from "simple-git";
import { applyReviewed, type ApplyPhase } from "./apply-reviewed.js";
import { commitOf } from "../config/git-files.js";
import { fileSize } from "../memory-budget.js";
import { applyNowInput } from "./action-now.js";
import { DEFAULT_JOURNAL_PATH } from "../model/journal-record.js";
import { ScopesyncError } from "../model/errors.js";
import type { Plan } from "../plan/plan.js";
import { mdText } from "../plan/render/escape.js";
import type { ActionContext } from "./action-io.js";
import { readPlanFile, readQueue, writeJsonFile, type CommitResult, type QueueFile, type QueueItem, type ResultFile } from "./queue-file.js";
import { readRetryLine } from "../apply/retry.js";
import { journalArtifact, journalMark, reportJournal } from "./journal-report.js";
import { actionJournalPath } from "./action-journal.js";
import { carryJournal } from "./carried-journal.js";
import { againstTip, readTip } from "./branch-tip.js";
import type { GithubWorkflow } from "./client.js";
import { defaultBranch } from "./action-queue.js";
import { logNotMade, notMadeCount } from "./not-made-report.js";

/** The journal the workflows keep and carry (actionJournalPath warns when apply.journal names another). */
export const JOURNAL = DEFAULT_JOURNAL_PATH;

function parsePhase(value: string): ApplyPhase {
  if (value === "revocations" || value === "all") return value;
  throw new ScopesyncError(`input "phase" must be revocations or all, not "${value}"`);
}

/** The queued plan of `item`: the reviewed one, or the empty plan bound to its committed state files. */
function reviewedPlanOf(dir: string, item: QueueItem): Plan {
  return readPlanFile(join(dir, item.planFile), `the reviewed plan of ${item.sha.slice(0, 12)}`);
}

/** Runs `fn` on a detached worktree of `sha` (the policy files as merged), removed afterwards. */
async function atCommit<T>(repo: string, sha: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const git = simpleGit({ baseDir: repo });
  // The worktree goes in a directory of its own, which is removed with it: one run applies many commits.
  const parent = mkdtempSync(join(tmpdir(), "scopesync-commit-"));
  const dir = join(parent, "repo");
  try {
    await git.raw(["worktree", "add", "--detach", "--quiet", dir, sha]);
    return await fn(dir);
  } finally {
    await git.raw(["worktree", "remove", "--force", dir]).catch(() => rmSync(dir, { recursive: true, force: true }));
    rmSync(parent, { recursive: true, force: true });
  }
}

/**
 * A job whose queue's head the branch has moved past in what the plan reads (or where that cannot
 * be told), or that could not read the branch's tip at all: nothing is applied, reviewed or not.
 * Every commit is `superseded` or `tip-unread` in the result file (the report job then marks and
 * comments nothing), and the job fails so that the run does not vouch for its commits.
 */
function applyNothing(ctx: ActionContext, s: { file: string; name: string; phase: ApplyPhase; status: "superseded" | "tip-unread"; line: string; items: QueueFile["items"] }): number {
  const { line, status } = s;
  const commits: CommitResult[] = s.items.map((i) => ({ sha: i.sha, ...(i.pr ? { pr: i.pr } : {}), status, matchesReviewed: false, applied: 0, unchanged: 0, failed: 0, skipped: 0, held: 0, unreviewedRevocations: 0, deferred: 0, problems: [line] }));
  writeJsonFile(s.file, { formatVersion: 1, target: s.name, phase: s.phase, commits } satisfies ResultFile);
  ctx.annotate("error", line);
  ctx.summary(`### scopesync apply (${s.phase}): ${mdText(s.name)}\n\n${mdText(line, 1000)}.\n`);
  return 1;
}

/** `gh`: the workflow's client, made only when the queue has commits (it reads the `token` input). */
export async function applyAction(ctx: ActionContext, gh: () => GithubWorkflow): Promise<number> {
  const repo = resolve(ctx.io.cwd, ctx.input("repository-path", "."));
  const dir = resolve(ctx.io.cwd, ctx.input("queue-dir", "scopesync-queue"));
  const phase = parsePhase(ctx.input("phase", "all"));
  const target = ctx.input("target") || undefined;
  const queue = readQueue(dir);
  // Before anything is read or applied: a `now` far from the clock and from a queued plan's own time is refused (action-now.ts).
  const now = applyNowInput(ctx, () => queue.items.map((i) => reviewedPlanOf(dir, i).generatedAt));
  const name = target ?? "all";
  const file = resolve(ctx.io.cwd, ctx.input("result-file", `scopesync-apply-${phase}-${name}.json`));
  ctx.setOutput("result-file", file);
  if (queue.items.length) {
    const branch = defaultBranch(ctx);
    const who = (newest: string) => `the apply run of ${newest.slice(0, 12)} applies these commits in order; re-run that run, or run apply.yml on ${branch}, never an older one`;
    const what = `this apply job (${phase}, ${name})`;
    const read = await readTip(gh, branch, queue.head, what);
    if (read.unread !== undefined) return applyNothing(ctx, { file, name, phase, status: "tip-unread", line: read.unread, items: queue.items });
    const against = await againstTip(repo, branch, queue.head, read.tip, what, who);
    if (against.moved) return applyNothing(ctx, { file, name, phase, status: "superseded", line: against.moved, items: queue.items });
    if (against.note) ctx.log(against.note);
  }
  const journalPath = actionJournalPath(ctx, repo, "apply.yml");
  // Every earlier job's lines for this target, merged (carried-journal.ts): only a job with commits to apply asks.
  if (queue.items.length && ctx.flag("carry-journal", false)) await carryJournal(ctx, gh(), repo, journalPath, { defaultBranch: defaultBranch(ctx), ...(target ? { target } : {}) });
  // The journal may hold earlier runs' lines (apply.yml merges them in): this run's are reported.
  const mark = journalMark(journalPath);
  const commits: CommitResult[] = [];
  let stopped = false;
  try {
    for (const [index, item] of queue.items.entries()) {
      const base = { sha: item.sha, ...(item.pr ? { pr: item.pr } : {}) };
      if (stopped) {
        commits.push({ ...base, status: "waiting", matchesReviewed: false, applied: 0, unchanged: 0, failed: 0, skipped: 0, held: 0, unreviewedRevocations: 0, deferred: 0, problems: ["an earlier commit did not apply to this target; it is retried first"] });
        continue;
      }
      const reviewed = reviewedPlanOf(dir, item);
      ctx.log(`${item.sha.slice(0, 12)}${item.pr ? ` (#${item.pr})` : ""}: ${phase === "all" ? "applying" : "applying the revocations of"} ${item.reviewed ? `reviewed plan ${item.fingerprint}` : "nothing reviewed"}${target ? ` to ${target}` : ""}`);
      let result: CommitResult;
      try {
        // Measured against the snapshots accepted before this commit, as its pull request's plan was.
        // The first parent: the default branch before the merge (none for a root commit).
        const parent = await commitOf(repo, `${item.sha}^`);
        const r = await atCommit(repo, item.sha, (worktree) => applyReviewed({ repoDir: worktree, ...(parent ? { acceptedAt: parent } : {}), reviewed, reviewedBytes: fileSize(join(dir, item.planFile)), ...(item.reviewed ? { approval: { commit: item.sha, ...(item.pr !== undefined ? { pr: item.pr } : {}) } } : {}), phase, env: ctx.libraryEnv(), journalPath, onRetry: (...why) => ctx.logMessage(readRetryLine(...why), "  "), unreviewedRevocations: index === queue.items.length - 1, ...(target ? { target } : {}), ...(now !== undefined ? { now } : {}) }));
        result = { ...base, ...r };
      } catch (e) {
        if (!(e instanceof ScopesyncError)) throw e;
        result = { ...base, status: "error", matchesReviewed: false, applied: 0, unchanged: 0, failed: 0, skipped: 0, held: 0, unreviewedRevocations: 0, deferred: 0, problems: [ctx.scrub(`${e.message}${e.hint ? ` (fix: ${e.hint})` : ""}`)] };
      }
      for (const p of result.problems) ctx.logMessage(p, "  ");
      for (const n of result.notes ?? []) ctx.logMessage(`note: ${n}`, "  ");
      logNotMade(ctx, `${item.sha.slice(0, 12)}${item.pr ? ` (#${item.pr})` : ""}`, result.notMade);
      ctx.log(`  ${result.status}: applied ${result.applied}, already in place ${result.unchanged}, failed ${result.failed}, skipped ${result.skipped}, held back ${result.held}${result.deferred ? `, ${result.deferred} left for the approved grants job` : ""}; re-plan ${result.matchesReviewed ? "matches" : "differs from"} the reviewed plan`);
      // Done, but with reviewed changes held back (a stale state): the queue moves on, and the run's
      // page says what to do, as the PR's result comment does (action-report.ts).
      if (result.status === "applied" && result.staleTargets?.length) ctx.annotate("warning", `${item.sha.slice(0, 12)}${item.pr ? ` (#${item.pr})` : ""}: its reviewed plan was made from a stale state of ${result.staleTargets.map((s) => s.target ?? "every target").join(", ")}; what it gives there is held back (${result.held} held back), its revocations applied only as unreviewed ones. Plan again from a fresh state and have that plan reviewed`);
      commits.push(result);
      if (result.status !== "applied") stopped = true;
    }
  } catch (e) {
    // A run stopped by an unexpected error still names what it changed before it stopped.
    reportJournal(ctx, journalPath, mark, journalArtifact(phase, target ?? "all"));
    throw e;
  }
  const out: ResultFile = { formatVersion: 1, target: name, phase, commits };
  writeJsonFile(file, out);
  const failed = commits.filter((c) => c.status !== "applied" && c.status !== "waiting");
  ctx.summary([`### scopesync apply (${phase}): ${mdText(name)}`, "", ...commits.map((c) => `- \`${c.sha.slice(0, 12)}\`${c.pr ? ` #${c.pr}` : ""}: ${c.status}, applied ${c.applied}, failed ${c.failed}, held back ${c.held}${notMadeCount(c.notMade)}`), ""].join("\n"));
  // What was given and taken away, by identity, as the journal has it (journal-report.ts).
  reportJournal(ctx, journalPath, mark, journalArtifact(phase, name));
  if (failed.length) ctx.annotate("error", `${failed.length} commit(s) did not apply to ${name}; the report job comments on their pull requests and the next run retries from the first`);
  return failed.length ? 1 : 0;
}
