import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { ScopesyncError } from "../model/errors.js";
import { fileFailure } from "../model/file-failure.js";
import { writeAllSync } from "../model/whole-file.js";
import { outDestination, type OutDestination } from "./out-destination.js";

/**
 * Writes `text` to `path` whole or not at all (a temp file beside it, then rename), for `--out`.
 * A path that cannot be a file is named with what to do instead, never "EISDIR"; nothing is
 * left behind on failure. A FIFO, a device or /dev/stdout is written in place (out-destination.ts).
 */
export function writeOutputFile(path: string, text: string, shown: string): void {
  const to = writable(path, shown);
  if (to.kind === "stream") {
    try {
      const fd = openSync(to.path, "a");
      try {
        writeAllSync(fd, text);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw outError(e, shown);
    }
    return;
  }
  const temp = tempBeside(to.path, shown);
  try {
    const fd = openSync(temp, "w");
    try {
      writeAllSync(fd, text);
      // On disk before the rename: after a power cut, the old file or the new one, never an empty one.
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, to.path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw outError(e, shown);
  }
}

/**
 * writeOutputFile for a text that comes in pieces (a plan too large for one string), written as
 * they come while the next are made.
 */
export async function writeOutputPieces(path: string, pieces: Iterable<string>, shown: string): Promise<void> {
  const to = writable(path, shown);
  if (to.kind === "stream") {
    try {
      await writePieces(to.path, pieces, "a");
    } catch (e) {
      throw outError(e, shown);
    }
    return;
  }
  const temp = tempBeside(to.path, shown);
  try {
    await writePieces(temp, pieces, "w");
    renameSync(temp, to.path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw outError(e, shown);
  }
}

/**
 * Where `path` is written. Standard output is not: the commands print instead (outFile), since
 * opening /proc/self/fd/1 again fails where it is a socket.
 */
function writable(path: string, shown: string): Exclude<OutDestination, { kind: "stdout" }> {
  const to = outDestination(path, shown);
  if (to.kind === "stdout") throw new Error(`--out ${shown} names standard output: the command should have printed instead (outFile)`);
  return to;
}

/** The temp file to write `path` through, its folders made; fails early when `path` cannot become a file. */
function tempBeside(path: string, shown: string): string {
  checkOutputPath(path, shown);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (e) {
    throw outError(e, shown);
  }
  return `${path}.${process.pid}.tmp`;
}

/** Bytes gathered before each write(2): one write per megabyte, not one per change. */
const WRITE_SIZE = 1 << 20;

/**
 * Each piece is encoded straight into one of two reused buffers (no joined string and no fresh
 * buffer per batch, which for a plan of a gigabyte were a third of writing it). A full buffer is
 * written by libuv's thread pool while the pieces of the next one are made: where the kernel holds
 * writers back (its dirty-page limits, a slow disk), waiting for each write took 9 of the 23 s of
 * writing a 1.75 GB plan. One write at a time, so the file is written in order. `flags` "w" for
 * the temp file, "a" for a stream (out-destination.ts): appended, so that a descriptor that is a
 * redirected file keeps what the process wrote there before.
 */
async function writePieces(path: string, pieces: Iterable<string>, flags: "w" | "a"): Promise<void> {
  const file = await open(path, flags);
  let writing: Promise<void> = Promise.resolve();
  let failed = false;
  try {
    let filling = Buffer.allocUnsafe(WRITE_SIZE);
    let spare = Buffer.allocUnsafe(WRITE_SIZE);
    let used = 0;
    const send = async (bytes: Buffer, length: number): Promise<void> => {
      // The other buffer is free again, and the file's bytes stay in order, once its write is done.
      await writing;
      writing = writeAll(file, bytes, length);
      // Its failure is thrown by the next await; this only keeps it from counting as unhandled meanwhile.
      writing.catch(() => undefined);
    };
    for (const piece of pieces) {
      // Three bytes at most per UTF-16 unit: a piece that may not fit is measured before it is copied.
      if (used + piece.length * 3 > WRITE_SIZE) {
        const size = Buffer.byteLength(piece, "utf8");
        if (used + size > WRITE_SIZE) {
          await send(filling, used);
          [filling, spare] = [spare, filling];
          used = 0;
          if (size > WRITE_SIZE) {
            await send(Buffer.from(piece, "utf8"), size);
            continue;
          }
        }
      }
      used += filling.write(piece, used, "utf8");
    }
    await send(filling, used);
    await writing;
    // On disk before the rename, as writeOutputFile's. A stream ("a": a pipe, a device) has no
    // disk to flush to, and fsync(2) on one fails with EINVAL.
    if (flags === "w") await file.sync();
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await writing.catch(() => undefined);
    // After a failure the file is removed anyway: a close that fails too must not hide why.
    if (failed) await file.close().catch(() => undefined);
    else await file.close();
  }
}

/** One write(2) may take less than it was given: write the rest until none is left. */
async function writeAll(file: FileHandle, bytes: Buffer, length: number): Promise<void> {
  for (let done = 0; done < length; ) done += (await file.write(bytes, done, length - done)).bytesWritten;
}

/**
 * Each piece passed through `each` (redaction) on its way out. A piece is a change, a finding or
 * the punctuation between them, never cut: what `each` looks for (a secret inside a JSON string)
 * is never split between two.
 */
export function* eachPiece(pieces: Iterable<string>, each: (text: string) => string): Generator<string> {
  for (const piece of pieces) yield each(piece);
}

/** Fails early, before any work, when `path` cannot be written: a directory, under a file, a link to nothing. */
export function checkOutputPath(path: string, shown: string): void {
  // A link to nothing, or a loop of links, is refused now, before any work (out-destination.ts).
  outDestination(path, shown);
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
  // Only a stream (out-destination.ts) answers these: a socket cannot be opened, a FIFO's reader left.
  if (code === "ENXIO") return new ScopesyncError(`--out ${shown}: cannot be opened for writing (ENXIO: a socket, or a device that is not there)`, "name a file, a FIFO, or - for standard output");
  if (code === "EPIPE") return new ScopesyncError(`--out ${shown}: the reader of the pipe closed it before everything was written (EPIPE)`, "keep the reader open until the writer is done, or write to a file");
  if (code === "ENOSPC") return new ScopesyncError(`--out ${shown}: the disk is full`, "free some space, or write elsewhere");
  // A quota or a file size limit: said as the whole-file writers say it (model/file-failure.ts).
  const failure = code === "EDQUOT" || code === "EFBIG" ? fileFailure(e) : undefined;
  if (failure) return new ScopesyncError(`--out ${shown}: ${failure.reason}`, failure.hint);
  return new ScopesyncError(`--out ${shown}: cannot write the file (${code ?? (e as Error).message})`, "choose another path");
}
