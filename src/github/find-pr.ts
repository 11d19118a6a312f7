// The merged pull request a commit on the default branch came from.
import type { GithubWorkflow } from "./client.js";

export interface MergedPullRequest { number: number; headSha: string; baseRef: string; title: string; url: string; mergeCommitSha: string }

/**
 * `GET /repos/{owner}/{repo}/commits/{sha}/pulls`: the merged PR whose merge commit is `sha`
 * (merge, squash, or the last commit of a rebase merge). Undefined for a direct push: nothing was
 * reviewed, and the caller decides what that means (apply: revocations only).
 */
export async function findMergedPullRequest(gh: GithubWorkflow, sha: string): Promise<MergedPullRequest | undefined> {
  const pulls = await gh.call(`list the pull requests of commit ${sha.slice(0, 12)}`, () => gh.octokit.paginate(gh.octokit.rest.repos.listPullRequestsAssociatedWithCommit, { ...gh.repo, commit_sha: sha, per_page: 100 }));
  const merged = pulls.filter((p) => p.merged_at !== null);
  const exact = merged.filter((p) => p.merge_commit_sha === sha);
  // Several merged PRs can contain the commit (a branch merged twice); only one can have produced it.
  const pick = exact.length === 1 ? exact[0] : exact.length === 0 && merged.length === 1 ? merged[0] : undefined;
  if (!pick) return undefined;
  return { number: pick.number, headSha: pick.head.sha, baseRef: pick.base.ref, title: pick.title, url: pick.html_url, mergeCommitSha: pick.merge_commit_sha ?? sha };
}
