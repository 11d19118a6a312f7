// Did the commits after a run's own change what its plan reads? A run whose commit main has moved
// past must not apply that commit's tree where a later commit changed the desired state (its
// revocations would take back what the later merge granted: branch-tip.ts). But apply.yml runs
// only for the paths the planner reads, so a README-only merge a minute after a policy merge starts
// no run of its own: refusing the policy merge's run because of it left a leaver's reviewed
// revocations waiting for the next policy merge. Where the newer commits change no file the plan
// reads, the run's commit plans exactly as the tip does, and it is applied as before.
//
// Decided by git alone, comparing the trees of those paths (planInputPaths, under scopesync.yaml
// at both commits), and fail-closed: "changed" whenever a path cannot be compared (a commit that
// is not here, history rewritten, a scopesync.yaml that does not load, a symbolic link or
// submodule on the way to an input, a path outside the repository).
import { posix } from "node:path";
import { simpleGit } from "simple-git";
import { CONFIG_FILE, loadConfigOnly } from "../config/load-repo.js";
import { commitOf, isAncestor, revisionAt } from "../config/git-files.js";
import type { ProjectConfig } from "../model/documents.js";
import { ScopesyncError } from "../model/errors.js";
import { pathOutsideRepo } from "../model/repo-path.js";
import { planInputPaths } from "./plan-inputs.js";

export type InputsSince =
  /** Nothing the plan reads differs between the two commits: `from` plans as `to` does. */
  | { changed: false; files: string[] }
  /**
   * `why` completes "main is now at <to>, and …"; `newest` is the newest first-parent commit that
   * changes an input (its apply run, if one started, applies the queue), when git can tell.
   */
  | { changed: true; why: string; newest?: string };

/** How many changed files a line names before "and N more". */
const SHOWN = 5;

/** Whether the commits after `from` up to `to` change a file the plan reads, at either commit's scopesync.yaml. */
export async function planInputsSince(repoDir: string, from: string, to: string): Promise<InputsSince> {
  if (from === to) return { changed: false, files: [] };
  const cannot = (why: string): InputsSince => ({ changed: true, why: `whether the commits since change what the plan reads cannot be told (${why})` });
  for (const sha of [from, to]) if (!(await commitOf(repoDir, sha))) return cannot(`${sha.slice(0, 12)} is not in this checkout`);
  if (!(await isAncestor(repoDir, from, to))) return cannot(`${from.slice(0, 12)} is not an ancestor of ${to.slice(0, 12)}: the branch's history was rewritten`);
  const paths = new Set<string>();
  for (const sha of [from, to]) {
    const config = await configAt(repoDir, sha);
    if (typeof config === "string") return cannot(config);
    for (const path of planInputPaths(config)) {
      if (pathOutsideRepo(path)) return cannot(`scopesync.yaml at ${sha.slice(0, 12)} names ${path}, outside the repository, where git does not see it`);
      paths.add(posix.normalize(path));
    }
  }
  const listed = [...paths].sort();
  const git = simpleGit({ baseDir: repoDir });
  // --literal-pathspecs: a configured path is a name, never a glob.
  const run = (args: string[]): Promise<string> => git.raw(["--literal-pathspecs", ...args]);
  try {
    for (const sha of [from, to]) {
      const link = await linkOnTheWay(run, sha, listed);
      if (link) return cannot(`${link} is a symbolic link or submodule at ${sha.slice(0, 12)}, and what it points to is not compared`);
    }
    const files = (await run(["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", from, to, "--", ...listed])).split("\u0000").filter(Boolean);
    if (files.length === 0) {
      // For the log: what the newer commits did change (none of it read by the plan).
      const other = (await run(["diff", "--name-only", "-z", "--no-renames", "--no-ext-diff", from, to])).split("\u0000").filter(Boolean);
      return { changed: false, files: other };
    }
    const newest = (await run(["log", "--first-parent", "-1", "--format=%H", `${from}..${to}`, "--", ...listed])).trim();
    const more = files.length > SHOWN ? `, and ${files.length - SHOWN} more` : "";
    return { changed: true, why: `the commits since change what the plan reads (${files.slice(0, SHOWN).join(", ")}${more})`, ...(/^[0-9a-f]{40,64}$/.test(newest) ? { newest } : {}) };
  } catch (e) {
    return cannot(`git: ${e instanceof Error ? e.message.trim().split("\n")[0] : String(e)}`);
  }
}

/** scopesync.yaml at a commit, checked as loading checks it; else why it cannot be used. */
async function configAt(repoDir: string, sha: string): Promise<ProjectConfig | string> {
  let bytes: Uint8Array | undefined;
  try {
    bytes = await (await revisionAt(repoDir, sha)).blob(CONFIG_FILE);
  } catch (e) {
    if (!(e instanceof ScopesyncError)) throw e;
    return `${CONFIG_FILE} at ${sha.slice(0, 12)}: ${e.message}`;
  }
  const found = bytes;
  const config = found ? loadConfigOnly({ list: () => [], refused: () => [], exists: (p) => p === CONFIG_FILE, read: () => found }) : undefined;
  return config ?? `${CONFIG_FILE} is missing or does not validate at ${sha.slice(0, 12)}, so which files the plan reads is not known`;
}

/**
 * The first input path at `sha` that is, lies under, or holds a symbolic link or a submodule: git
 * compares the link's text (or the submodule's commit), not the file the plan reads through it.
 */
async function linkOnTheWay(run: (args: string[]) => Promise<string>, sha: string, paths: string[]): Promise<string | undefined> {
  const entries = (out: string) =>
    out.split("\u0000").filter(Boolean).map((e) => ({ mode: e.slice(0, e.indexOf(" ")), path: e.slice(e.indexOf("\t") + 1) }));
  const linked = (mode: string) => mode === "120000" || mode === "160000";
  // The paths and everything under them.
  const under = entries(await run(["ls-tree", "-r", "-z", sha, "--", ...paths])).find((e) => linked(e.mode));
  if (under) return under.path;
  // The folders on the way to each (git does not look through a link there: nothing is listed under it).
  const folders = [...new Set(paths.flatMap((p) => p.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))))].filter((f) => f !== ".").sort();
  if (folders.length === 0) return undefined;
  // Without -r a folder lists its own entries: only the folders' own entries count here.
  const wanted = new Set(folders);
  return entries(await run(["ls-tree", "-z", sha, "--", ...folders])).find((e) => wanted.has(e.path) && linked(e.mode))?.path;
}
