// Writing what import (or init) produced without ever overwriting a hand-written file: every path
// is checked first, and only when all of them may be written is anything written, each file by
// write-then-rename. A refusal names every file in the way and leaves the disk as it was.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ScopesyncError } from "../model/errors.js";
import { fileError } from "../model/file-failure.js";

/** Path → text to write, or undefined to remove a file an earlier run wrote. */
export type FileSet = ReadonlyMap<string, string | undefined>;

/**
 * `mayReplace(path, existing)` says whether a file already at `path` is one this command wrote and
 * may rewrite. Throws a ScopesyncError naming every other existing file; writes nothing then.
 * `elsewhere` is the command's own way to write somewhere else, for the error's fix line.
 */
export function writeFiles(root: string, files: FileSet, mayReplace: (path: string, existing: string) => boolean, what: string, elsewhere = "write elsewhere with --out"): { written: string[]; unchanged: string[]; removed: string[] } {
  // A file where a folder must go (--out naming a file) would stop the writing half-way: refuse first.
  const notFolder = [root, ...[...files.keys()].flatMap((p) => folders(p).map((f) => join(root, f)))].find((f) => existsSync(f) && !statSync(f).isDirectory());
  if (notFolder) throw new ScopesyncError(`${what} needs a folder at ${notFolder}, but that is a file`, "name a folder (it is created if missing), or move the file away; nothing was written");
  const blocked: string[] = [];
  const current = new Map<string, string>();
  for (const path of [...files.keys()].sort()) {
    const abs = join(root, path);
    if (!existsSync(abs)) continue;
    const existing = readFileSync(abs, "utf8");
    current.set(path, existing);
    if (!mayReplace(path, existing)) blocked.push(path);
  }
  if (blocked.length > 0) {
    throw new ScopesyncError(`${what} would overwrite ${blocked.length} file${blocked.length === 1 ? "" : "s"} it did not write: ${blocked.join(", ")}`, `move or remove them (or ${elsewhere}), then run again; nothing was written`);
  }
  const written: string[] = [];
  const unchanged: string[] = [];
  const removed: string[] = [];
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const abs = join(root, path);
    if (text === undefined) {
      if (current.has(path)) {
        rmSync(abs);
        removed.push(path);
      }
      continue;
    }
    if (current.get(path) === text) {
      unchanged.push(path);
      continue;
    }
    try {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(`${abs}.tmp`, text);
      renameSync(`${abs}.tmp`, abs);
    } catch (e) {
      // A full disk names the file, and leaves no cut-off temp file beside it.
      rmSync(`${abs}.tmp`, { force: true });
      throw fileError(e, `cannot write ${path}`, `${path} is as it was before`);
    }
    written.push(path);
  }
  return { written, unchanged, removed };
}

/** "a/b/c.yaml" → ["a", "a/b"]: the folders a path needs. */
function folders(path: string): string[] {
  const parts = path.split("/").slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}
