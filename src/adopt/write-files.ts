// Writing what import (or init) produced without ever overwriting a hand-written file: every path
// is checked first, and only when all of them may be written is anything written, each file by
// write-then-rename. A refusal names every file in the way and leaves the disk as it was.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ScopesyncError } from "../model/errors.js";

/** Path → text to write, or undefined to remove a file an earlier run wrote. */
export type FileSet = ReadonlyMap<string, string | undefined>;

/**
 * `mayReplace(path, existing)` says whether a file already at `path` is one this command wrote and
 * may rewrite. Throws a ScopesyncError naming every other existing file; writes nothing then.
 */
export function writeFiles(root: string, files: FileSet, mayReplace: (path: string, existing: string) => boolean, what: string): { written: string[]; unchanged: string[]; removed: string[] } {
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
    throw new ScopesyncError(`${what} would overwrite ${blocked.length} file${blocked.length === 1 ? "" : "s"} it did not write: ${blocked.join(", ")}`, "move or remove them (or write elsewhere with --out), then run again; nothing was written");
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
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(`${abs}.tmp`, text);
    renameSync(`${abs}.tmp`, abs);
    written.push(path);
  }
  return { written, unchanged, removed };
}
