// Where `--out PATH` sends its bytes, decided from what PATH is before anything is written.
//
// A regular file (or a path that does not exist yet) is written whole or not at all: a temp file
// beside it, renamed over it. Renaming over anything else is wrong: `--out /dev/stdout` (a
// symbolic link to /proc/self/fd/1) used to replace the link with a regular file and send nothing
// to standard output, and as root that file became the container's /dev/stdout. Tools with an
// atomic --output made the same fix (twpayne/chezmoi#2367, nao1215/gup#402): what is not a regular
// file is written in place, as the shell's `>` writes it.
import { lstatSync, readlinkSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ScopesyncError } from "../model/errors.js";

/**
 * `file`: `path` is (or becomes) a regular file, written through a temp file beside it and renamed.
 * `stream`: a FIFO, a device, a socket or another descriptor (/dev/fd/3): opened and written in
 * place; a temp file and a rename would replace it instead of writing to it.
 * `stdout`: this process's own standard output (/dev/stdout): written as with no --out at all.
 * Opening /proc/self/fd/1 again fails with ENXIO when it is a socket (what Node's child_process
 * and many supervisors give a child), and would write at the start of a redirected file instead
 * of where the process is writing it.
 */
export type OutDestination = { kind: "file"; path: string } | { kind: "stream"; path: string } | { kind: "stdout" };

/** `--out -` is standard output, as for most command-line tools (`tar -f -`, `curl -o -`). */
export const STDOUT_OUT = "-";

/**
 * The --out value, or undefined when it names standard output (`-`, or a path that leads to this
 * process's descriptor 1, such as /dev/stdout): the command then prints as with no --out at all.
 * `cwd` resolves a relative path. A link to nothing is refused here, before any work.
 */
export function outFile(out: string | undefined, cwd: string): string | undefined {
  if (out === undefined || out === STDOUT_OUT) return undefined;
  return outDestination(resolve(cwd, out), out).kind === "stdout" ? undefined : out;
}

/** For commands whose --out is a folder of several files: `-` cannot be one, and says so. */
export function refuseStdoutFolder(out: string | undefined, command: string): void {
  if (out === STDOUT_OUT) throw new ScopesyncError(`${command} --out -: ${command} writes several files, so its --out is a folder, not standard output`, "name a folder: --out DIR");
}

/** Links followed before giving up, as the kernel's own limit (MAXSYMLINKS, 40 on Linux). */
const MAX_LINKS = 40;

/** /proc/self/fd/N, /proc/PID/fd/N, /dev/fd/N: an open descriptor (of this process, or of PID). */
const DESCRIPTOR = /^\/(?:proc\/(self|\d+)|dev)\/fd\/(\d+)$/;

/**
 * Where `path` (absolute) is written. Symbolic links are followed to what they name:
 * - this process's descriptor 1 (/dev/stdout → /proc/self/fd/1) is standard output, even when it
 *   is a redirected file (`--out /dev/stdout > plan.json` writes into the shell's plan.json where
 *   the process writes, never a file renamed beside it);
 * - another descriptor, a FIFO, a device or a socket is a stream;
 * - a regular file behind a link is written through the link, atomically: the temp file goes
 *   beside the link's target and is renamed over it, so the link stays a link and its target
 *   becomes the whole new file. Replacing the link would silently cut whatever the link was for
 *   (a plan.json that points into a shared folder); refusing would turn away a normal setup with
 *   nothing gained, since the target is what a reader of the link sees either way;
 * - a link to nothing is refused: it is not clear whether the file should be made where it points.
 * A directory, directly or behind a link, is refused by checkOutputPath's message.
 */
export function outDestination(path: string, shown: string): OutDestination {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const descriptor = DESCRIPTOR.exec(current);
    if (descriptor) {
      const own = descriptor[1] === undefined || descriptor[1] === "self" || descriptor[1] === String(process.pid);
      return own && descriptor[2] === "1" ? { kind: "stdout" } : { kind: "stream", path };
    }
    const link = lstatOrUndefined(current);
    if (!link) {
      if (current === path) return { kind: "file", path };
      throw new ScopesyncError(`--out ${shown} is a symbolic link to ${current}, which does not exist`, `create ${current} first, or name the file itself rather than the link`);
    }
    if (link.isSymbolicLink()) {
      current = resolve(dirname(current), readlinkSync(current));
      continue;
    }
    if (link.isFile()) return { kind: "file", path: current };
    if (link.isDirectory()) return { kind: "file", path }; // refused by checkOutputPath, with its message
    return { kind: "stream", path };
  }
  throw new ScopesyncError(`--out ${shown}: more than ${MAX_LINKS} symbolic links in a row (a loop?)`, "name the file itself");
}

/** What a path is without following a last link; undefined when nothing is there. */
function lstatOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw e;
  }
}
