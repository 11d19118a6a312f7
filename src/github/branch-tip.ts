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
import { ScopesyncError } from "../model/errors.js";
import { commitOf } from "../config/git-files.js";
import type { GithubWorkflow } from "./client.js";

/**
 * The branch's tip as GitHub has it now (GET /repos/{owner}/{repo}/git/ref/heads/{branch}: a
 * "git-ref" whose object.sha is the commit; contents: read, docs.github.com "REST API endpoints
 * for Git references").
 */
export async function liveBranchTip(gh: GithubWorkflow, branch: string): Promise<string> {
  const ref = await gh.call(`read the tip of ${branch}`, () => gh.octokit.rest.git.getRef({ ...gh.repo, ref: `heads/${branch}` }));
  return ref.data.object.sha;
}

/**
 * The branch's tip as the job's checkout has it: its remote-tracking ref (actions/checkout with
 * fetch-depth: 0 fetches every branch when the job starts, after GitHub let it into its
 * concurrency group), else a local branch of that name (a checkout without a remote).
 */
export async function checkoutBranchTip(repoDir: string, branch: string): Promise<string> {
  for (const ref of [`origin/${branch}`, branch]) {
    const sha = await commitOf(repoDir, ref);
    if (sha) return sha;
  }
  throw new ScopesyncError(`the branch "${branch}" is not in the checkout at ${repoDir}, so whether this run's commit is still its tip cannot be told; nothing was applied`, "check out with fetch-depth: 0 (actions/checkout), which fetches every branch");
}

/** The one line a job that applies nothing says: which commit it has, where the branch is, who applies it. */
export function supersededLine(what: string, sha: string, branch: string, tip: string, who: string): string {
  return `${what} is for ${sha.slice(0, 12)}, but ${branch} is now at ${tip.slice(0, 12)}: it applied nothing, so that nothing later merges decided is taken back; ${who}`;
}

/**
 * For the sync, right before it revokes: the line to say when `branch` moved on GitHub since the
 * checkout's `ref` (what it planned) was fetched, else undefined.
 */
export async function movedSinceCheckout(gh: GithubWorkflow, repoDir: string, branch: string, ref: string): Promise<string | undefined> {
  const planned = await commitOf(repoDir, ref);
  const tip = await liveBranchTip(gh, branch);
  if (planned === tip) return undefined;
  return supersededLine("the revocations phase of this sync", planned ?? ref, branch, tip, "re-run the sync (it checks the new tip out), or the next one applies them");
}
