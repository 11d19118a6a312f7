// A job's checkout made the way actions/checkout makes it with `fetch-depth: 0` and no `ref:`
// input, which is how apply.yml's Revoke and Grant jobs check out. Cloning the policy repository
// would not do: there origin/main is the branch's tip, but actions/checkout points it at the run's
// own commit whenever main has moved past that commit (a re-run, which GitHub makes at the run's
// original GITHUB_SHA; a job that starts after a newer merge). From actions/checkout v7.0.1 (the
// version the workflows pin):
// - src/input-helper.ts: no `ref:` input, so ref = github.context.ref (refs/heads/main) and
//   commit = github.context.sha (GITHUB_SHA);
// - src/git-source-provider.ts: with fetch-depth 0 it fetches getRefSpecForAllHistory
//   (`+refs/heads/*:refs/remotes/origin/*` and the tags), then "When all history is fetched, the
//   ref we're interested in may have moved to a different commit (push or force push). If so,
//   fetch again with a targeted refspec": getRefSpec(ref, commit), which for refs/heads/main is
//   `+<commit>:refs/remotes/origin/main` (src/ref-helper.ts);
// - getCheckoutInfo: `git checkout --force -B main refs/remotes/origin/main`.
import { simpleGit } from "simple-git";

/** Checks `origin` (a repository on disk, GitHub's copy) out into `dir` for a run whose GITHUB_SHA is `sha`, on branch `branch`. */
export async function actionsCheckout(origin: string, sha: string, dir: string, branch = "main"): Promise<void> {
  // GitHub serves any reachable commit by its sha; a repository on disk does so when told to.
  await simpleGit({ baseDir: origin }).raw(["config", "uploadpack.allowAnySHA1InWant", "true"]);
  await simpleGit().raw(["init", "-q", dir]);
  const git = simpleGit({ baseDir: dir });
  await git.raw(["remote", "add", "origin", origin]);
  await git.raw(["fetch", "-q", "--prune", "--no-recurse-submodules", "origin", "+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"]);
  const tracked = (await git.raw(["rev-parse", `refs/remotes/origin/${branch}`])).trim();
  if (tracked !== sha) await git.raw(["fetch", "-q", "--no-recurse-submodules", "origin", `+${sha}:refs/remotes/origin/${branch}`]);
  await git.raw(["checkout", "-q", "--force", "-B", branch, `refs/remotes/origin/${branch}`]);
}
