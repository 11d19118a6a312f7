import { posix } from "node:path";
import { simpleGit } from "simple-git";
import { ScopesyncError } from "../model/errors.js";
import { CONFIG_FILE, POLICY_DIRS } from "./load-repo.js";
import { GIT_DIR_LINK, inGitDir, OUTSIDE_LINK, type RefusedEntry, type RepoFiles, type Revision } from "./repo-files.js";

/** The commit `ref` names in the repository around `repoDir`, or undefined when it names none. */
export async function commitOf(repoDir: string, ref: string): Promise<string | undefined> {
  try {
    const sha = (await simpleGit({ baseDir: repoDir }).revparse(["--verify", "--quiet", `${ref}^{commit}`])).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    // git answers an unknown revision with an error or with nothing
    return undefined;
  }
}

/**
 * Whether `commit` is `of` or one of its ancestors. Not `merge-base --is-ancestor`: it answers
 * "no" with exit code 1 and nothing on stderr, which simple-git resolves like a "yes". Here "no"
 * is a commit listed; an unknown commit (an error on stderr) is a "no" too.
 */
export async function isAncestor(repoDir: string, commit: string, of: string): Promise<boolean> {
  try {
    const out = await simpleGit({ baseDir: repoDir }).raw(["rev-list", "--max-count=1", commit, "--not", of, "--"]);
    return out.trim() === "";
  } catch {
    return false;
  }
}

/** The commit `ref` names in the repository around `repoDir`, or a clear error. */
async function resolveCommit(repoDir: string, ref: string): Promise<string> {
  const inside = await simpleGit({ baseDir: repoDir }).raw(["rev-parse", "--is-inside-work-tree"]).catch(() => "");
  if (inside.trim() !== "true") throw new ScopesyncError(`--base ${ref}: ${repoDir} is not in a git repository`, "run it inside a clone of the policy repository, where git knows the revision");
  const commit = await commitOf(repoDir, ref);
  if (!commit) throw new ScopesyncError(`--base ${ref}: no such revision in ${repoDir}`, "fetch the base branch first (actions/checkout with fetch-depth: 0), or name an existing commit");
  return commit;
}

/**
 * Paths are the policy repository's (relative to repoDir, which may be a folder inside the git
 * repository): `commit:./path` reads them from there, where `commit:path` would start at the root.
 */
const at = (commit: string, path: string): string => `${commit}:./${path}`;

/** The revision `ref` of the repository around `repoDir` (the accepted source snapshots are read through it). */
export async function revisionAt(repoDir: string, ref: string): Promise<Revision> {
  return revisionOf(repoDir, ref, await resolveCommit(repoDir, ref));
}

function revisionOf(repoDir: string, ref: string, commit: string): Revision {
  const git = simpleGit({ baseDir: repoDir });
  const notFile = (path: string) => new ScopesyncError(`${path} is not a file at ${ref} (a symbolic link, or under one, or a folder), so what was accepted there cannot be read`, "commit the file itself at that path");
  return {
    ref,
    blob: async (path) => {
      const [entry] = (await git.raw(["ls-tree", "-z", commit, "--", path])).split("\u0000").filter(Boolean);
      if (entry) {
        // Only a file: a symbolic link's text is its target's path, not the file that was accepted.
        if (!/^100(644|755) blob /.test(entry)) throw notFile(path);
        return new Uint8Array(await git.binaryCatFile(["blob", at(commit, path)]));
      }
      // Nothing there, unless a folder on the way is a symbolic link (git does not look through it).
      const parts = path.split("/");
      for (let n = 1; n < parts.length; n++) {
        const [parent] = (await git.raw(["ls-tree", "-z", commit, "--", parts.slice(0, n).join("/")])).split("\u0000").filter(Boolean);
        if (parent?.startsWith("120000 ")) throw notFile(path);
      }
      return undefined;
    },
    files: async (path) => {
      const out: Array<[string, string]> = [];
      // "<mode> blob <id>\t<path>"; -z: a path is never quoted or escaped.
      for (const entry of (await git.raw(["ls-tree", "-r", "-z", commit, "--", path])).split("\u0000")) {
        const m = /^100(?:644|755) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
        if (m) out.push([m[2]!, m[1]!]);
      }
      return new Map(out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
  };
}

/**
 * The policy files as they are at a git revision (the PR's base), read once up front so that the
 * loader stays synchronous and pure. Only scopesync.yaml, identities/ and policies/ are read.
 */
export async function filesAtRevision(repoDir: string, ref: string): Promise<RepoFiles> {
  const git = simpleGit({ baseDir: repoDir });
  const commit = await resolveCommit(repoDir, ref);
  const listing = await git.raw(["ls-tree", "-r", "-z", commit, "--", CONFIG_FILE, ...POLICY_DIRS]);
  const contents = new Map<string, Uint8Array>();
  const refused: RefusedEntry[] = [];
  for (const entry of listing.split("\u0000").filter(Boolean)) {
    const tab = entry.indexOf("\t");
    const [mode] = entry.slice(0, tab).split(" ");
    const path = entry.slice(tab + 1);
    // `git show` through simple-git returns text; binary-safe bytes come from cat-file via a buffer.
    const bytes = new Uint8Array(await git.binaryCatFile(["blob", at(commit, path)]));
    if (mode !== "120000") {
      contents.set(path, bytes);
      continue;
    }
    // A symbolic link is stored as its target's path: read through it when it stays in the tree.
    const link = new TextDecoder().decode(bytes);
    const target = posix.isAbsolute(link) ? link : posix.normalize(posix.join(posix.dirname(path), link));
    if (posix.isAbsolute(target) || target.split("/")[0] === "..") {
      refused.push({ path, ...OUTSIDE_LINK });
      continue;
    }
    if (inGitDir(target)) {
      refused.push({ path, ...GIT_DIR_LINK });
      continue;
    }
    try {
      contents.set(path, new Uint8Array(await git.binaryCatFile(["blob", at(commit, target)])));
    } catch {
      refused.push({ path, problem: `symbolic link to ${target}, which is not a file at ${ref}; it is not read`, hint: "point the link at a file in the repository" });
    }
  }
  const paths = [...contents.keys()].sort();
  return {
    revision: revisionOf(repoDir, ref, commit),
    list: (dir) => paths.filter((p) => p.startsWith(`${dir}/`)),
    refused: (dir) => refused.filter((r) => r.path.startsWith(`${dir}/`)),
    exists: (path) => contents.has(path),
    read: (path) => {
      const bytes = contents.get(path);
      if (!bytes) throw new ScopesyncError(`${path} does not exist at ${ref}`);
      return bytes;
    },
  };
}
