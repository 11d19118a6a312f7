// The one review pull request of the scheduled sync: head branch `scopesync/sync`, found by that
// branch, its title and body refreshed on every run, never opened twice.
import { GITHUB_COMMENT_LIMIT } from "../plan/render/markdown.js";
import type { GithubWorkflow } from "./client.js";
import { fitComment } from "./comment.js";

export const SYNC_BRANCH = "scopesync/sync";

export interface SyncPullRequest { branch?: string; base: string; title: string; body: string }
export interface SyncPullResult { action: "created" | "updated" | "unchanged"; number: number; url: string }

async function openSyncPulls(gh: GithubWorkflow, branch: string, base: string) {
  const pulls = await gh.call(`list the open pull requests from ${branch}`, () => gh.octokit.paginate(gh.octokit.rest.pulls.list, { ...gh.repo, state: "open", head: `${gh.repo.owner}:${branch}`, base, per_page: 100 }));
  return pulls.sort((a, b) => a.number - b.number);
}

/**
 * Opens the sync PR, or refreshes the open one. The branch must already hold the commit to review
 * (the workflow pushes it); this only manages the pull request.
 */
export async function openOrRefreshSyncPullRequest(gh: GithubWorkflow, pr: SyncPullRequest): Promise<SyncPullResult> {
  const branch = pr.branch ?? SYNC_BRANCH;
  const body = fitComment(pr.body, GITHUB_COMMENT_LIMIT);
  const refresh = async (existing: { number: number; title: string; body: string | null; html_url: string }): Promise<SyncPullResult> => {
    if (existing.title === pr.title && existing.body === body) return { action: "unchanged", number: existing.number, url: existing.html_url };
    const { data } = await gh.call(`refresh sync pull request #${existing.number}`, () => gh.octokit.rest.pulls.update({ ...gh.repo, pull_number: existing.number, title: pr.title, body }));
    return { action: "updated", number: data.number, url: data.html_url };
  };
  const [open] = await openSyncPulls(gh, branch, pr.base);
  if (open) return refresh(open);
  try {
    const { data } = await gh.octokit.rest.pulls.create({ ...gh.repo, head: branch, base: pr.base, title: pr.title, body });
    return { action: "created", number: data.number, url: data.html_url };
  } catch (e) {
    // Two runs raced: the other one opened it. Refresh that one instead of failing or duplicating.
    if ((e as { status?: unknown }).status === 422) {
      const [raced] = await openSyncPulls(gh, branch, pr.base);
      if (raced) return refresh(raced);
    }
    return gh.call(`open the sync pull request from ${branch}`, () => Promise.reject(e));
  }
}
