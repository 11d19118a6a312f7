import { createHash } from "node:crypto";
import { CONFIG_FILE, POLICY_DIRS } from "./load-repo.js";
import type { RepoFiles } from "./repo-files.js";

/**
 * sha256 of every file the policy repository is loaded from (scopesync.yaml, identities/,
 * policies/): path and bytes, in path order. An identities snapshot records it, so a shard is
 * never planned against policies other than those the identities were resolved with.
 */
export function repoDigest(files: RepoFiles): string {
  const hash = createHash("sha256");
  const paths = [CONFIG_FILE, ...POLICY_DIRS.flatMap((d) => files.list(d))].filter((f) => files.exists(f)).sort();
  for (const path of paths) {
    const bytes = files.read(path);
    hash.update(`${path}\u0000${bytes.length}\u0000`).update(bytes);
  }
  return `sha256:${hash.digest("hex")}`;
}
