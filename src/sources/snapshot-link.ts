// A snapshot in the repository must be the file itself in the working tree, as it must at the
// accepted revision (config/git-files.ts, blob()): git stores a symbolic link as its target's
// path, so a link at the snapshot's path (or a linked folder on the way to it) cannot be read at
// `--base REF`. Let in by the pull request's own plan, which reads the working tree through the
// link, it would stop every plan, apply and daily sync measured against the merged revision,
// including the pull request that removes it. So the working tree refuses it first.
import { lstatSync } from "node:fs";
import { join, posix } from "node:path";
import { ScopesyncError } from "../model/errors.js";

/**
 * Throws when the snapshot path (relative to `repoDir`) is, or lies under, a symbolic link, or is
 * a folder. A path outside the repository is not in git, so a link there is its operator's choice.
 */
export function refuseLinkedSnapshot(repoDir: string, path: string, source: string, head?: string): void {
  const inRepo = posix.normalize(path.replaceAll("\\", "/"));
  if (posix.isAbsolute(inRepo) || inRepo.split("/")[0] === "..") return;
  const parts = inRepo.split("/").filter((p) => p !== "" && p !== ".");
  for (let n = 1; n <= parts.length; n++) {
    const at = parts.slice(0, n).join("/");
    let stat;
    try {
      stat = lstatSync(join(repoDir, at));
    } catch {
      return; // nothing there (yet): no snapshot, as at the revision
    }
    if (stat.isSymbolicLink()) throw linked(path, source, at === inRepo ? "is a symbolic link" : `lies under ${at}, a symbolic link`, head);
    if (n === parts.length && stat.isDirectory()) throw linked(path, source, "is a folder", head);
  }
}

/** `head`: the snapshot `path` is a part of (snapshot-parts.ts), whose path the configuration names instead. */
function linked(path: string, source: string, what: string, head?: string): ScopesyncError {
  return new ScopesyncError(
    `${head ? `part ${path} of snapshot ${head}` : `snapshot ${path}`} of source "${source}" ${what}: git keeps a link as the path it points to, so once merged, every plan, apply and sync measured against that revision (--base) could not read the accepted snapshot and would stop`,
    `commit the file itself at ${path} (remove the link and move the file back)${head ? "" : `, or point sources.${source}.snapshot at the file`}`,
  );
}
