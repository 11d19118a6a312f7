import { posix } from "node:path";
import { simpleGit } from "simple-git";
import { ScopesyncError } from "../model/errors.js";
import { CONFIG_FILE, POLICY_DIRS } from "./load-repo.js";
import { OUTSIDE_LINK, type RefusedEntry, type RepoFiles } from "./repo-files.js";

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
  const listing = await git.raw(["ls-tree", "-r", "-z", commit, "--", CONFIG_FILE, ...POLICY_DIRS]);
  const contents = new Map<string, Uint8Array>();
  const refused: RefusedEntry[] = [];
  for (const entry of listing.split("\u0000").filter(Boolean)) {
    const tab = entry.indexOf("\t");
    const [mode] = entry.slice(0, tab).split(" ");
    const path = entry.slice(tab + 1);
    // `git show` through simple-git returns text; binary-safe bytes come from cat-file via a buffer.
    const bytes = new Uint8Array(await git.binaryCatFile(["blob", `${commit}:${path}`]));
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
    try {
      contents.set(path, new Uint8Array(await git.binaryCatFile(["blob", `${commit}:${target}`])));
    } catch {
      refused.push({ path, problem: `symbolic link to ${target}, which is not a file at ${ref}; it is not read`, hint: "point the link at a file in the repository" });
    }
  }
  const paths = [...contents.keys()].sort();
  const blob = async (path: string): Promise<Uint8Array | undefined> => {
    const [entry] = (await git.raw(["ls-tree", "-z", commit, "--", path])).split("\u0000").filter(Boolean);
    if (!entry) return undefined;
    // Only a file: a symbolic link's text is its target's path, not the file that was accepted.
    if (!/^100(644|755) blob /.test(entry)) throw new ScopesyncError(`${path} is not a file at ${ref} (a symbolic link or a folder), so what was accepted there cannot be read`, "commit the file itself at that path");
    return new Uint8Array(await git.binaryCatFile(["blob", `${commit}:${path}`]));
  };
  return {
    revision: { ref, blob },
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
