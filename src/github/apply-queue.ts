// The apply queue: every commit merged into the default branch since the last one applied, oldest
// first. GitHub keeps at most one running and one pending run per concurrency group and cancels
// the older pending one, so a run cannot assume it is the only merge since the last apply: each run
// works out for itself what is still unapplied, and a cancelled or failed run only delays.
//
// The marker. Each commit that every target applied gets the commit status `scopesync/apply` =
// success, whose target_url is the apply run that did it. A status is only believed when the bot
// wrote it, the Actions API says that run is the apply workflow on the default branch, that run
// has completed with conclusion `success`, and the commit is an ancestor of the commit that run
// applied: a branch's own workflow can write statuses as the same bot, but cannot make its run
// look like that. The conclusion matters as much as the rest: a branch workflow with
// `statuses: write` can name a trusted run that failed, and a run can mark commits and fail later;
// either way the commits it names may never have reached the targets, and skipping them would lose
// their reviewed revocations. A run that has not finished (this one included, on a re-run) proves
// nothing yet. Not believing a marker costs only a re-apply, which finds everything in place.
import { simpleGit } from "simple-git";
import { isAncestor } from "../config/git-files.js";
import { ScopesyncError } from "../model/errors.js";
import type { GithubWorkflow } from "./client.js";
import { verifyTrustedRun, type RunFacts } from "./trusted-run.js";

export const MARKER_CONTEXT = "scopesync/apply";

export interface MarkerRule {
  /** The login whose statuses count (the workflow's own user). */
  author: string;
  applyWorkflow: string;
  defaultBranch: string;
}

/** First-parent history of `head`, newest first: the merges as the default branch took them. */
export async function firstParentHistory(repoDir: string, head: string, max: number): Promise<string[]> {
  const out = await simpleGit({ baseDir: repoDir }).raw(["rev-list", "--first-parent", `--max-count=${max}`, head]);
  return out.split("\n").filter((l) => /^[0-9a-f]{40,64}$/.test(l));
}

/** Why a commit does or does not count as applied; `applied` only for a believable marker. */
export async function markerOf(gh: GithubWorkflow, repoDir: string, sha: string, rule: MarkerRule): Promise<{ applied: boolean; why: string }> {
  const statuses = await gh.call(`list the statuses of ${sha.slice(0, 12)}`, () => gh.octokit.rest.repos.listCommitStatusesForRef({ ...gh.repo, ref: sha, per_page: 100 }));
  // GitHub lists a commit's statuses newest first; the newest of a context is the one in force.
  const latest = statuses.data.find((s) => s.context === MARKER_CONTEXT);
  if (!latest) return { applied: false, why: "no marker" };
  if (latest.state !== "success") return { applied: false, why: `marker is ${latest.state}` };
  if (latest.creator?.login.toLowerCase() !== rule.author.toLowerCase()) return { applied: false, why: `marker written by ${latest.creator?.login ?? "nobody"}, not ${rule.author}` };
  const run = /\/actions\/runs\/(\d+)(?:\/|$)/.exec(latest.target_url ?? "")?.[1];
  if (!run) return { applied: false, why: "marker names no apply run" };
  try {
    const facts = await verifyTrustedRun(gh, run, { path: rule.applyWorkflow, events: ["push", "workflow_dispatch"], defaultBranch: rule.defaultBranch });
    const unfinished = unsuccessful(facts);
    if (unfinished) return { applied: false, why: `marker names run ${run}, which ${unfinished}` };
    if (!(await isAncestor(repoDir, sha, facts.headSha))) return { applied: false, why: `run ${run} applied ${facts.headSha.slice(0, 12)}, which does not contain this commit` };
  } catch (e) {
    return { applied: false, why: e instanceof ScopesyncError ? e.message : String(e) };
  }
  return { applied: true, why: `applied by run ${run}` };
}

/** Why a trusted apply run does not vouch for what it marked (it has not completed with `success`), or undefined when it does. */
function unsuccessful(run: RunFacts): string | undefined {
  if (run.status !== "completed") return `has not finished (status ${run.status ?? "unknown"})`;
  if (run.conclusion === "success") return undefined;
  return run.conclusion === "failure" ? "failed" : `ended ${run.conclusion ?? "without a conclusion"}, not success`;
}

export interface Pending {
  /** Unapplied commits, oldest first; the last one is `head`. */
  commits: string[];
  lastApplied?: string;
  /** Notes for the log: markers that were not believed, or that no marker was found at all. */
  notes: string[];
}

/**
 * Walks the first-parent history back from `head` until a believable marker; what lies after it
 * is pending. With no marker within `max` commits (a first run, or a long outage), only `head` is
 * pending and a note says so: older merges were either applied before the queue existed or must
 * be re-planned in a new pull request, and this run cannot tell which.
 */
export async function pendingCommits(gh: GithubWorkflow, repoDir: string, head: string, rule: MarkerRule, max = 50): Promise<Pending> {
  const history = await firstParentHistory(repoDir, head, max);
  if (!history.length) throw new ScopesyncError(`no commit ${head} in ${repoDir}`, "check out the default branch with its history (actions/checkout with fetch-depth: 0)");
  const notes: string[] = [];
  const newestFirst: string[] = [];
  for (const sha of history) {
    const marker = await markerOf(gh, repoDir, sha, rule);
    if (marker.applied) return { commits: newestFirst.reverse(), lastApplied: sha, notes };
    if (marker.why !== "no marker") notes.push(`${sha.slice(0, 12)}: ${marker.why}`);
    newestFirst.push(sha);
  }
  notes.push(`no applied commit among the last ${history.length}: only ${head.slice(0, 12)} is applied now; re-plan older merges in a new pull request if they never reached the targets`);
  return { commits: [history[0]!], notes };
}

/** Sets the marker (or a failure/pending status saying why not) on a commit. */
export async function setMarker(gh: GithubWorkflow, sha: string, state: "success" | "failure" | "pending", description: string, targetUrl: string | undefined): Promise<void> {
  await gh.call(`set the ${MARKER_CONTEXT} status of ${sha.slice(0, 12)}`, () =>
    gh.octokit.rest.repos.createCommitStatus({ ...gh.repo, sha, state, context: MARKER_CONTEXT, description: description.slice(0, 140), ...(targetUrl ? { target_url: targetUrl } : {}) }),
  );
}
