import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { ScopesyncError } from "../model/errors.js";

/**
 * Writes `text` to `path` whole or not at all (a temp file beside it, then rename), for `--out`.
 * A path that cannot be a file is named with what to do instead, never "EISDIR"; nothing is
 * left behind on failure. `text` may come in pieces (a plan too large for one string), written
 * as they come.
 */
export function writeOutputFile(path: string, text: string | Iterable<string>, shown: string): void {
  checkOutputPath(path, shown);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw outError(e, shown);
  }
  const temp = `${path}.${process.pid}.tmp`;
  try {
    if (typeof text === "string") writeFileSync(temp, text);
    else writePieces(temp, text);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw outError(e, shown);
  }
}

function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    for (const batch of pieces) {
      // One write(2) may take less than it was given: write the rest until none is left.
      const bytes = Buffer.from(batch, "utf8");
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The pieces joined into strings of about `size` characters, each a whole number of pieces and
 * each passed through `each` (redaction): one write per megabyte, not one per change. A piece is
 * never cut, so what `each` looks for (a secret inside a JSON string) is never split in two.
 */
export function* batched(pieces: Iterable<string>, each: (text: string) => string, size = 1 << 20): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= size) {
      yield each(batch.join(""));
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield each(batch.join(""));
}

/** Fails early, before any work, when `path` cannot become a file: it is a directory, or under a file. */
export function checkOutputPath(path: string, shown: string): void {
  if (kind(path) === "directory") throw new ScopesyncError(`--out ${shown} is a directory`, `name a file, such as ${shown.replace(/\/+$/, "")}/plan.json`);
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const k = kind(dir);
    if (k === "file") throw new ScopesyncError(`--out ${shown}: ${dir} is a file, not a directory`, "choose a path whose folders are folders (or do not exist yet)");
    if (k === "directory" || dirname(dir) === dir) return;
  }
}

function kind(path: string): "file" | "directory" | undefined {
  try {
    return statSync(path).isDirectory() ? "directory" : "file";
  } catch {
    return undefined;
  }
}

function outError(e: unknown, shown: string): ScopesyncError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "EEXIST" || code === "ENOTDIR") return new ScopesyncError(`--out ${shown}: a part of the path is a file, not a directory`, "choose a path whose folders are folders (or do not exist yet)");
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") return new ScopesyncError(`--out ${shown}: not allowed to write there (${code})`, "choose a path you can write to");
  if (code === "ENOSPC") return new ScopesyncError(`--out ${shown}: the disk is full`, "free some space, or write elsewhere");
  return new ScopesyncError(`--out ${shown}: cannot write the file (${code ?? (e as Error).message})`, "choose another path");
}
