// Is the commit a job is about to apply still the default branch's tip? Apply and sync re-plan a
// commit against live state and take away what its tree does not want, also where nobody reviewed
// it (a leaver; apply.unreviewed: revocations-only). That is right only while the tree is the
// desired state now. Where the branch has moved past it, the newer commit's tree is: applying the
// older one would take back what later merges granted, and give again what they removed. This is
// how Terraform refuses a saved plan whose state has moved on ("Saved plan is stale").
//
// GitHub re-runs a workflow run at its original GITHUB_SHA, for up to 30 days ("Re-running
// workflows and jobs", docs.github.com), and the daily sync checks main out minutes before it
// reads the live targets: both can hold a commit main has since left behind.
//
// The tip is always GitHub's word (liveBranchTip), never the checkout's. actions/checkout with no
// `ref:` checks out the run's own commit, and where main has moved past it, it fetches that commit
// again into the remote-tracking ref ("When all history is fetched, the ref we're interested in may
// have moved to a different commit (push or force push). If so, fetch again with a targeted
// refspec": getRefSpec gives `+<GITHUB_SHA>:refs/remotes/origin/main`, src/git-source-provider.ts
// and src/ref-helper.ts of actions/checkout v7.0.1, the version the workflows pin). So in any job
// whose commit is no longer the tip, origin/main IS that commit: a "Re-run failed jobs" of an old
// apply run compared its commit with itself and applied the old tree over later merges (rv60 #1).
//
// "Moved past" means moved in what the plan reads: a commit since that changes scopesync.yaml,
// identities/, policies/ or a file the config names (inputs-since.ts). A README-only merge starts
// no apply run (apply.yml's paths: filter), so refusing a run for it left that run's reviewed
// changes, a leaver's revocations among them, waiting for the next policy merge; the sync skipped
// every revocation of the day. Where no input changed, the run's commit plans exactly as the tip
// does, and it is applied.
import { simpleGit } from "simple-git";
import { ScopesyncError } from "../model/errors.js";
import { commitOf } from "../config/git-files.js";
import type { GithubWorkflow } from "./client.js";
import { planInputsSince } from "./inputs-since.js";

/**
 * The branch's tip as GitHub has it now (GET /repos/{owner}/{repo}/git/ref/heads/{branch}: a
 * "git-ref" whose object.sha is the commit; contents: read, docs.github.com "REST API endpoints
 * for Git references").
 */
export async function liveBranchTip(gh: GithubWorkflow, branch: string): Promise<string> {
  const ref = await gh.call(`read the tip of ${branch}`, () => gh.octokit.rest.git.getRef({ ...gh.repo, ref: `heads/${branch}` }));
  return ref.data.object.sha;
}

/** The tip GitHub named, or the one line a job that could not ask says (it applies nothing). */
export type TipRead = { tip: string; unread?: undefined } | { unread: string };

/**
 * For a job about to apply `sha`: the branch's tip as GitHub has it now. Fail-closed: where it
 * cannot be read (no token, a token without `contents: read`, GitHub unreachable), whether the
 * branch moved past `sha` cannot be told, and the job applies nothing, saying so in one line.
 * `gh` is called here, so that a missing token is that line too, not a stack or a bare error.
 */
export async function readTip(gh: () => GithubWorkflow, branch: string, sha: string, what: string): Promise<TipRead> {
  try {
    return { tip: await liveBranchTip(gh(), branch) };
  } catch (e) {
    if (!(e instanceof ScopesyncError)) throw e;
    return { unread: `${what} could not read the tip of ${branch} from GitHub (${e.message}), so whether ${branch} moved past ${sha.slice(0, 12)} cannot be told: it applied nothing; fix: give the job \`permissions: contents: read\` and the Action its \`token\` input (the default, github.token), or wait until GitHub answers; then re-run the job` };
  }
}

/**
 * Makes `sha` (the tip GitHub named) present in the checkout: a commit merged after the job's
 * checkout is fetched by its sha, without moving any ref (origin/<branch> stays the commit that was
 * planned). Nothing is fetched when it is already there. Best effort: a checkout without
 * credentials cannot fetch from a private repository, and then the comparison fails closed
 * (inputs-since.ts); the problem is returned, to be said with it.
 */
export async function fetchCommit(repoDir: string, sha: string): Promise<string | undefined> {
  if (await commitOf(repoDir, sha)) return undefined;
  // simple-git refuses an environment naming an editor or pager; git needs only these. No prompt:
  // a job has nobody to answer it.
  const kept = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(PATH|HOME|SYSTEMROOT|TMPDIR|TMP|TEMP)$/.test(k)));
  const git = simpleGit({ baseDir: repoDir }).env({ ...kept, GIT_TERMINAL_PROMPT: "0" });
  try {
    // --refmap= (empty): the configured refspecs are not used, so origin/<branch> is not updated.
    await git.raw(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--refmap=", "origin", sha]);
    return undefined;
  } catch (e) {
    return `git fetch origin ${sha.slice(0, 12)} failed: ${e instanceof Error ? e.message.trim().split("\n")[0] : String(e)}`;
  }
}

/**
 * The one line a job that applies nothing says: which commit it has, where the branch is, why that
 * matters (`why` completes "and …": inputs-since.ts), and who applies it.
 */
export function supersededLine(what: string, sha: string, branch: string, tip: string, why: string, who: string): string {
  return `${what} is for ${sha.slice(0, 12)}, but ${branch} is now at ${tip.slice(0, 12)}, and ${why}: it applied nothing, so that nothing later merges decided is taken back; ${who}`;
}

/** The line a job that goes ahead says: the branch moved past its commit, but no file the plan reads did. */
export function sameInputsLine(what: string, sha: string, branch: string, tip: string, files: string[]): string {
  const shown = files.slice(0, 5).join(", ") + (files.length > 5 ? `, and ${files.length - 5} more` : "");
  return `${what} is for ${sha.slice(0, 12)} and ${branch} is now at ${tip.slice(0, 12)}, but the commits since change no file the plan reads${shown ? ` (only ${shown})` : ""}: ${sha.slice(0, 12)} plans as ${tip.slice(0, 12)} does, and is applied`;
}

/** Where a job stands against the branch's tip: `moved` (apply nothing, say it), or `note` (moved, no input did: go ahead, log it), or neither (it is the tip). */
export interface AgainstTip {
  tip: string;
  moved?: string;
  note?: string;
}

/**
 * `sha`, the commit a job plans, against `tip`: moved when the commits after it change what the
 * plan reads, or when that cannot be told (inputs-since.ts); `who(newest)` says which run applies
 * then, `newest` being the newest commit that changes an input (else the tip).
 */
export async function againstTip(repoDir: string, branch: string, sha: string, tip: string, what: string, who: (newest: string) => string): Promise<AgainstTip> {
  if (tip === sha) return { tip };
  const fetched = await fetchCommit(repoDir, tip);
  const since = await planInputsSince(repoDir, sha, tip);
  if (since.changed) return { tip, moved: supersededLine(what, sha, branch, tip, fetched ? `${since.why}; ${fetched}` : since.why, who(since.newest ?? tip)) };
  return { tip, note: sameInputsLine(what, sha, branch, tip, since.files) };
}

/**
 * For the sync, right before it revokes: the checkout's `ref` (what it planned) against the branch
 * on GitHub now.
 */
export async function movedSinceCheckout(gh: GithubWorkflow, repoDir: string, branch: string, ref: string): Promise<AgainstTip> {
  const planned = await commitOf(repoDir, ref);
  if (!planned) throw new ScopesyncError(`${ref} is not a commit in the checkout at ${repoDir}, so whether ${branch} moved since it cannot be told; nothing was revoked`, "check out with fetch-depth: 0 (actions/checkout)");
  return againstTip(repoDir, branch, planned, await liveBranchTip(gh, branch), "the revocations phase of this sync", () => "re-run the sync (sync.yml checks out main as it is then, `ref: main`), or the next one applies them");
}
