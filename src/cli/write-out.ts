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

/** Bytes gathered before each write(2): one write per megabyte, not one per change. */
const WRITE_SIZE = 1 << 20;

function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    // Each piece is encoded straight into one reused buffer: no joined string and no fresh buffer
    // per batch, which for a plan of a gigabyte were a third of writing it.
    const buffer = Buffer.allocUnsafe(WRITE_SIZE);
    let used = 0;
    const flush = (bytes: Buffer, length: number): void => {
      // One write(2) may take less than it was given: write the rest until none is left.
      for (let done = 0; done < length; ) done += writeSync(fd, bytes, done, length - done);
    };
    for (const piece of pieces) {
      // Three bytes at most per UTF-16 unit: a piece that may not fit is measured before it is copied.
      if (used + piece.length * 3 > WRITE_SIZE) {
        const size = Buffer.byteLength(piece, "utf8");
        if (used + size > WRITE_SIZE) {
          flush(buffer, used);
          used = 0;
          if (size > WRITE_SIZE) {
            flush(Buffer.from(piece, "utf8"), size);
            continue;
          }
        }
      }
      used += buffer.write(piece, used, "utf8");
    }
    flush(buffer, used);
  } finally {
    closeSync(fd);
  }
}

/**
 * Each piece passed through `each` (redaction) on its way out. A piece is a change, a finding or
 * the punctuation between them, never cut: what `each` looks for (a secret inside a JSON string)
 * is never split between two.
 */
export function* eachPiece(pieces: Iterable<string>, each: (text: string) => string): Generator<string> {
  for (const piece of pieces) yield each(piece);
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
