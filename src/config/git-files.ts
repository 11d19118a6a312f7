import { simpleGit } from "simple-git";
import { ScopesyncError } from "../model/errors.js";
import { CONFIG_FILE, POLICY_DIRS } from "./load-repo.js";
import type { RepoFiles } from "./repo-files.js";

/**
 * The policy files as they are at a git revision (the PR's base), read once up front so that the
 * loader stays synchronous and pure. Only scopesync.yaml, identities/ and policies/ are read.
 */
export async function filesAtRevision(repoDir: string, ref: string): Promise<RepoFiles> {
  const git = simpleGit({ baseDir: repoDir });
  let commit = "";
  try {
    commit = (await git.revparse(["--verify", "--quiet", `${ref}^{commit}`])).trim();
  } catch {
    // handled below: git answers an unknown revision with an error or with nothing
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit)) {
    throw new ScopesyncError(`--base ${ref}: no such revision in ${repoDir}`, "fetch the base branch first (actions/checkout with fetch-depth: 0), or name an existing commit");
  }
  const listing = await git.raw(["ls-tree", "-r", "-z", "--name-only", commit, "--", CONFIG_FILE, ...POLICY_DIRS]);
  const paths = listing.split("\u0000").filter(Boolean).sort();
  const contents = new Map<string, Uint8Array>();
  for (const path of paths) {
    // `git show` through simple-git returns text; binary-safe bytes come from cat-file via a buffer.
    const text = await git.binaryCatFile(["blob", `${commit}:${path}`]);
    contents.set(path, new Uint8Array(text));
  }
  return {
    list: (dir) => paths.filter((p) => p.startsWith(`${dir}/`)),
    exists: (path) => contents.has(path),
    read: (path) => {
      const bytes = contents.get(path);
      if (!bytes) throw new ScopesyncError(`${path} does not exist at ${ref}`);
      return bytes;
    },
  };
}
