// Files written whole or not at all: each to a temp file beside it, every byte checked, flushed to
// disk, then renamed over the old one. write(2) may write fewer bytes than it was given when the
// disk fills ("the number of bytes written may be less than count if there is insufficient space";
// Node's fs.writeSync returns that count), and the next write is the one that fails: a writer that
// ignores the count closes and renames a cut-off file as if it were whole.
import { closeSync, fsyncSync, lstatSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileError } from "./file-failure.js";

/** One file to write: where, how it is named in errors, and its text in pieces (written as they come). */
export interface WholeFile {
  path: string;
  shown: string;
  pieces: Iterable<string>;
}

/** Bytes gathered before each write(2): one write per megabyte, not one per line. */
const WRITE_SIZE = 1 << 20;

/** Writes all of `data` at the file's position: a short write is followed by another for the rest. */
export function writeAllSync(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

/** `file` whole or not at all; a failure of the machine's names the file and says it is as it was. */
export function writeWholeFile(file: WholeFile): void {
  writeWholeFiles([file], `${file.shown} is as it was before`);
}

/**
 * Every file whole, or none of them changed: all temp files are written (and flushed) before the
 * first rename, so a full disk stops the run with every file as it was and no temp file left.
 * `unchanged` says so in the error's hint.
 */
export function writeWholeFiles(files: readonly WholeFile[], unchanged: string): void {
  for (const file of files) removeDeadTemps(file.path);
  const temps: string[] = [];
  let current = files[0];
  try {
    for (const file of files) {
      current = file;
      const temp = tempOf(file.path);
      temps.push(temp);
      writeTemp(temp, file.pieces);
    }
  } catch (e) {
    for (const temp of temps) rmSync(temp, { force: true });
    throw fileError(e, `cannot write ${current?.shown ?? "a file"}`, unchanged);
  }
  // Renames need no space: once every temp file is whole, they go in one after the other.
  files.forEach((file, i) => {
    try {
      renameSync(temps[i]!, file.path);
    } catch (e) {
      for (const temp of temps.slice(i)) rmSync(temp, { force: true });
      throw fileError(e, `cannot write ${file.shown}`);
    }
  });
}

function writeTemp(temp: string, pieces: Iterable<string>): void {
  const fd = openSync(temp, "w");
  let open = true;
  try {
    let chunk = "";
    for (const piece of pieces) {
      chunk += piece;
      if (chunk.length > WRITE_SIZE) {
        writeAllSync(fd, chunk);
        chunk = "";
      }
    }
    writeAllSync(fd, chunk);
    // On disk before the rename: after a power cut, the old file or the new one, never an empty one.
    fsyncSync(fd);
    open = false;
    closeSync(fd);
  } finally {
    if (open) closeSync(fd);
  }
}

/** The temp file a write of `path` by this process uses: named so that nothing else is taken for one. */
export function tempOf(path: string): string {
  return `${path}.scopesync-${process.pid}.tmp`;
}

/** A temp file untouched this long is no live write's, in any process namespace (a container beside the host). */
const DEAD_TEMP_AGE_MS = 5 * 60_000;

/**
 * Temp files of `path` (and, with `alsoOf`, of the files beside it whose names it takes) that a
 * write killed midway left (SIGKILL, a cancelled job, a power cut): in a repository, `git add -A`
 * would commit them. Removed before the file is written again when the process that wrote one no
 * longer runs and it is untouched for 5 minutes; another process's, or anything not named as
 * scopesync names its temp files, is left as it is. Best effort: what cannot be looked at or
 * removed stays, and the write goes on.
 */
export function removeDeadTemps(path: string, alsoOf?: (name: string) => boolean, now = Date.now()): void {
  const name = basename(path);
  const folder = dirname(path);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return; // no folder yet: no temp file either
  }
  for (const entry of names) {
    const m = /^(.+)\.scopesync-([1-9][0-9]*)\.tmp$/.exec(entry);
    if (!m || (m[1] !== name && !alsoOf?.(m[1]!))) continue;
    const pid = Number(m[2]);
    if (pid === process.pid || running(pid)) continue;
    try {
      const stat = lstatSync(join(folder, entry));
      if (stat.isFile() && now - stat.mtimeMs > DEAD_TEMP_AGE_MS) rmSync(join(folder, entry));
    } catch {
      // gone meanwhile, or not ours to remove (another user's, in a shared folder): left
    }
  }
}

/** Whether a process of this id runs (signal 0 only asks; EPERM: it runs as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
