// Where the scheduled sync finds what was accepted: the base branch the sync PR merges into.
import { simpleGit } from "simple-git";
import { ScopesyncError } from "../model/errors.js";
import { commitOf } from "../config/git-files.js";

/**
 * The base branch as the checkout knows it: its remote-tracking ref (what actions/checkout
 * fetches), else a local branch of that name (a checkout without a remote, as in tests).
 */
export async function acceptedRef(repoDir: string, branch: string): Promise<string> {
  for (const ref of [`origin/${branch}`, branch]) if (await commitOf(repoDir, ref)) return ref;
  throw new ScopesyncError(`the base branch "${branch}" is not in the checkout, so the snapshots it accepted cannot be read`, "check out with fetch-depth: 0 (actions/checkout), or set base-branch to the branch the sync pull request merges into");
}

/** Whether HEAD's files differ from the ref's: the sync branch carries a snapshot to accept. */
export async function carriesChanges(repoDir: string, ref: string): Promise<boolean> {
  const git = simpleGit({ baseDir: repoDir });
  const [head, base] = await Promise.all([git.revparse(["HEAD^{tree}"]), git.revparse([`${ref}^{tree}`])]);
  return head.trim() !== base.trim();
}
