// Whose exports a pull request carries. The daily sync commits the exports it fetched to its own
// branch (sync.yml: fetch-exports.sh, then `git add -A` on scopesync/sync): in its pull request
// they are the sources' word, and the changes they cause are the sources' (plan --fetched-exports).
// In any other pull request an edited export is the author's, planned as this pull request's own.
// Only the branch can tell them apart, so the sync branch must be one only the sync can push
// (docs/setup.md); the plan still names every export the pull request carries (export-edited-in-pr).
import type { ActionContext } from "./action-io.js";
import { SYNC_BRANCH } from "./sync-pr.js";

interface RepoRef {
  full_name?: string;
}

interface PlannedEvent {
  pull_request?: { head?: { ref?: string; repo?: RepoRef | null } };
  workflow_run?: { event?: string; head_branch?: string; head_repository?: RepoRef | null };
  repository?: RepoRef;
}

/**
 * Is the pull request this run plans the sync's own: its head is the sync branch (input
 * `sync-branch`) of this repository, not a fork's branch of that name? The plan job reads the
 * pull_request event, publish the workflow_run event of that plan run: both decide alike, so their
 * plans stay byte for byte the same.
 */
export function isSyncPullRequest(ctx: ActionContext): boolean {
  const event = ctx.event() as PlannedEvent;
  const own = event.repository?.full_name;
  const branch = ctx.input("sync-branch", SYNC_BRANCH);
  const run = event.workflow_run;
  const head = event.pull_request?.head ? { ref: event.pull_request.head.ref, repo: event.pull_request.head.repo?.full_name } : run?.event === "pull_request" ? { ref: run.head_branch, repo: run.head_repository?.full_name } : undefined;
  return own !== undefined && head !== undefined && head.ref === branch && head.repo === own;
}
