// Which files a pull request's plan is made of, so that the untrusted plan job and the trusted
// re-plan (publish.yml) plan the same tree. A pull_request run checks out GitHub's test merge
// (refs/pull/N/merge: the head merged into the base branch as it was then); publish checks out the
// head itself, so it merges the head into the same base commit before planning. Planning the head
// alone would miss what the base branch gained since the branch point (a bot added on main would
// look removed by the pull request, and be offboarded in its plan).
import { readFileSync } from "node:fs";
import { simpleGit } from "simple-git";
import { isAncestor } from "../config/git-files.js";
import { ScopesyncError } from "../model/errors.js";

/** File the plan job leaves beside its plan: what it planned (untrusted; publish verifies it). */
export const PLANNED_FOR_FILE = "scopesync-planned-for.json";

export interface PlannedFor {
  formatVersion: 1;
  /** The pull request's head commit. */
  head: string | null;
  /** The commit of the base branch the plan marks this PR's changes against, and merged the head into. */
  base: string | null;
  /** The tree that was planned. */
  tree: string | null;
}

const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

async function revParse(repoDir: string, rev: string): Promise<string | undefined> {
  const out = await simpleGit({ baseDir: repoDir }).raw(["rev-parse", "--verify", "--quiet", rev]).catch(() => "");
  const sha = out.trim();
  return SHA.test(sha) ? sha : undefined;
}

/**
 * How a base commit is named in the plan (its `base`, and reasons such as "… since <base>"): 12
 * hex digits, which the plan job and publish, each in a full clone of the repository, both give.
 */
export async function shortName(repoDir: string, commit: string): Promise<string> {
  const out = await simpleGit({ baseDir: repoDir }).raw(["rev-parse", "--short=12", "--verify", "--quiet", `${commit}^{commit}`]).catch(() => "");
  return /^[0-9a-f]{12,64}$/.test(out.trim()) ? out.trim() : commit;
}

/**
 * The base commit of a pull_request run's checkout: GitHub's test merge has the base branch's
 * commit as first parent and the head as second. The first parent is what was merged, where
 * origin/<base> (fetched later) may already be a newer commit. Undefined when HEAD is not that merge.
 */
export async function testMergeBase(repoDir: string, prHead: string | undefined): Promise<string | undefined> {
  if (!prHead) return undefined;
  const [first, second] = await Promise.all([revParse(repoDir, "HEAD^1^{commit}"), revParse(repoDir, "HEAD^2^{commit}")]);
  return first && second === prHead.toLowerCase() ? first : undefined;
}

/** What the plan job planned, for its artifact: the head, the base commit and the checkout's tree. */
export async function plannedFor(repoDir: string, head: string | undefined, base: string | undefined): Promise<PlannedFor> {
  const [tree, baseCommit] = await Promise.all([revParse(repoDir, "HEAD^{tree}"), base ? revParse(repoDir, `${base}^{commit}`) : undefined]);
  return { formatVersion: 1, head: head && SHA.test(head.toLowerCase()) ? head.toLowerCase() : null, base: baseCommit ?? null, tree: tree ?? null };
}

/** The plan job's file, read as untrusted data: only well-formed shas come out of it. */
export function readPlannedFor(file: string): PlannedFor | undefined {
  let parsed: Partial<Record<keyof PlannedFor, unknown>>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as typeof parsed;
  } catch {
    return undefined;
  }
  const sha = (v: unknown) => (typeof v === "string" && SHA.test(v) ? v : null);
  return parsed && typeof parsed === "object" ? { formatVersion: 1, head: sha(parsed.head), base: sha(parsed.base), tree: sha(parsed.tree) } : undefined;
}

/**
 * The plan job's base commit, if publish may use it: it planned this head, and its base is a
 * commit of the base branch (an ancestor of `branch`) that contains every commit of it the head
 * has. The plan job runs the PR's own code, so its word is taken only for such a commit; anything
 * else is the branch itself.
 */
export async function verifiedPlannedBase(repoDir: string, declared: PlannedFor | undefined, head: string, branch: string): Promise<{ base?: string; why: string }> {
  if (!declared?.base) return { why: "the plan job named no base commit" };
  if (declared.head !== head.toLowerCase()) return { why: `the plan job planned ${declared.head?.slice(0, 12) ?? "another commit"}, not ${head.slice(0, 12)}` };
  if (!(await revParse(repoDir, `${declared.base}^{commit}`))) return { why: `the plan job's base ${declared.base.slice(0, 12)} is not in this checkout` };
  if (!(await isAncestor(repoDir, declared.base, branch))) return { why: `the plan job's base ${declared.base.slice(0, 12)} is not a commit of ${branch}` };
  // And it must contain every commit of the branch the head already has (the merge bases):
  // against an older one, a file the pull request deletes would already be gone, and its
  // offboarding would not be the PR's. A stacked pull request whose lower one was merged after its
  // plan job ran cannot be told from a crafted base by the graph alone, so it is refused too (its
  // check fails with the note to merge the base branch and push again).
  const points = await branchPoints(repoDir, head, branch);
  if (points.length === 0) return { why: `the pull request's head shares no history with ${branch} in this checkout` };
  for (const point of points) {
    if (!(await isAncestor(repoDir, point, declared.base))) return { why: `the plan job's base ${declared.base.slice(0, 12)} does not contain ${point.slice(0, 12)}, a commit of ${branch} the pull request already has` };
  }
  return { base: declared.base, why: `the commit of ${branch} the plan job's test merge was built on` };
}

/** The merge bases of the head and the branch (one, unless the history criss-crosses); none where they share no history. */
async function branchPoints(repoDir: string, head: string, branch: string): Promise<string[]> {
  const out = await simpleGit({ baseDir: repoDir }).raw(["merge-base", "--all", head, branch, "--"]).catch(() => "");
  return out.split("\n").map((l) => l.trim()).filter((l) => SHA.test(l));
}

/** The head does not merge cleanly into the base: publish reports it on the pull request. */
export class MergeConflict extends ScopesyncError {
  constructor(
    readonly head: string,
    readonly base: string,
    readonly baseName: string,
    readonly files: string[],
  ) {
    super(`the pull request's head ${head.slice(0, 12)} does not merge cleanly into ${base}${base.startsWith(baseName) ? "" : ` (${baseName})`}: ${files.slice(0, 5).join(", ")}${files.length > 5 ? `, and ${files.length - 5} more` : ""}`, "merge the base branch into the pull request, resolve the conflicts and push again");
  }
}

export interface TrustedTree {
  /** The base commit, by its short name (as the plan job names it). */
  base: string;
  /** The commit planned: HEAD, or the merge of HEAD into the base made here. */
  commit: string;
  tree: string;
  merged: boolean;
}

/** A merge made here is the same commit wherever it is made: fixed names and dates. */
const MERGE_ENV = { GIT_AUTHOR_NAME: "scopesync", GIT_AUTHOR_EMAIL: "scopesync@invalid", GIT_AUTHOR_DATE: "@0 +0000", GIT_COMMITTER_NAME: "scopesync", GIT_COMMITTER_EMAIL: "scopesync@invalid", GIT_COMMITTER_DATE: "@0 +0000" };

/**
 * Makes the checkout the tree the plan job planned: HEAD (the PR's head) merged into `base`, as
 * GitHub's test merge is, and checks it out (detached). Nothing to do where the head already
 * contains the base (a branch kept up to date, a merge group's commit). A head that does not merge
 * cleanly is an error: GitHub runs no pull_request workflow for it either.
 */
export async function mergeIntoBase(repoDir: string, base: string): Promise<TrustedTree> {
  const [head, baseCommit] = await Promise.all([revParse(repoDir, "HEAD^{commit}"), revParse(repoDir, `${base}^{commit}`)]);
  if (!head) throw new ScopesyncError(`${repoDir} has no commit checked out`, "check out the pull request's head with actions/checkout");
  if (!baseCommit) throw new ScopesyncError(`the base ${base} is not a commit in ${repoDir}`, "check out the pull request with fetch-depth: 0, so the base branch's history is there");
  const name = await shortName(repoDir, baseCommit);
  if (await isAncestor(repoDir, baseCommit, head)) return { base: name, commit: head, tree: (await revParse(repoDir, "HEAD^{tree}"))!, merged: false };
  // A change in the checkout would be planned as if the pull request had it, or stop the checkout.
  const dirty = await simpleGit({ baseDir: repoDir }).raw(["status", "--porcelain", "--untracked-files=no"]).catch(() => "");
  if (dirty.trim()) throw new ScopesyncError(`the checkout ${repoDir} has changes that are not committed (${dirty.trim().split("\n")[0]!.trim()}), so the pull request's head cannot be merged into ${base} there`, "check out the pull request's head clean (actions/checkout), as publish.yml does");
  // simple-git refuses an environment that names an editor or pager; git needs only these.
  const kept = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(PATH|HOME|SYSTEMROOT|TMPDIR|TMP|TEMP)$/.test(k)));
  const git = simpleGit({ baseDir: repoDir }).env({ ...kept, ...MERGE_ENV });
  // --write-tree (git 2.38+) merges without a worktree or an index. A conflict is exit code 1,
  // which simple-git does not report when stderr is empty: the conflicted files, listed after the
  // tree on stdout, are what tells it.
  const out = await git.raw(["merge-tree", "--write-tree", "--no-messages", "--name-only", baseCommit, head]).catch((e: unknown) => {
    throw new ScopesyncError(`git could not merge the pull request's head ${head.slice(0, 12)} into ${base}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, "use git 2.38 or later (git merge-tree --write-tree)");
  });
  const [tree, ...conflicted] = out.split("\n").map((l) => l.trim()).filter(Boolean);
  if (conflicted.length) throw new MergeConflict(head, base, name, conflicted);
  if (!tree || !SHA.test(tree)) throw new ScopesyncError(`git merge-tree gave no tree for ${head.slice(0, 12)} into ${baseCommit.slice(0, 12)}`, "use git 2.38 or later");
  const commit = (await git.raw(["commit-tree", tree, "-p", baseCommit, "-p", head, "-m", "scopesync: the pull request merged into its base, as planned"])).trim();
  await git.raw(["checkout", "--quiet", "--detach", commit]);
  return { base: name, commit, tree, merged: true };
}
