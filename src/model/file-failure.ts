// A file the run could not write (or read) because of the machine, not of scopesync: a full disk,
// a used-up quota, a file size limit, a folder it may not write to. Named as what it is, with the
// file, so that the operator frees space or fixes a permission instead of being told "this is a
// bug in scopesync", or sent looking for tampering by a later "damaged or was edited".
import { ScopesyncError } from "./errors.js";

const REASONS: Readonly<Record<string, { reason: string; hint: string }>> = {
  ENOSPC: { reason: "the disk is full (ENOSPC)", hint: "free some space on that disk, then run it again" },
  EDQUOT: { reason: "the disk quota is used up (EDQUOT)", hint: "free some space or raise the quota, then run it again" },
  // What write(2) answers past RLIMIT_FSIZE (`ulimit -f`) or the file system's largest file.
  EFBIG: { reason: "the file grew past the size this process may write (EFBIG: a file size limit such as ulimit -f, or the file system's largest file)", hint: "raise the limit or write to another disk, then run it again" },
  EACCES: { reason: "not allowed (EACCES)", hint: "fix the permissions of the file or its folder, or run it where it may write" },
  EPERM: { reason: "not allowed (EPERM)", hint: "fix the permissions of the file or its folder, or run it where it may write" },
  EROFS: { reason: "the file system is read-only (EROFS)", hint: "run it where the file system is writable" },
  ENOTDIR: { reason: "a part of its path is a file, not a folder (ENOTDIR)", hint: "choose a path whose folders are folders (or do not exist yet)" },
  EISDIR: { reason: "it is a folder (EISDIR)", hint: "name a file, not a folder" },
  EIO: { reason: "the disk answered with an input/output error (EIO)", hint: "check the disk, then run it again" },
  // A pipe (`--journal /dev/stdin` from a shell) has no positions to read at, and a socket cannot
  // be opened as /dev/stdin is (ENXIO): those files are read more than once, or from a mark.
  ESPIPE: { reason: "it is a pipe, which cannot be read from a place in it (ESPIPE)", hint: "name a regular file (save what the pipe gives to a file first)" },
  ENXIO: { reason: "it is a socket or a device that cannot be opened as a file (ENXIO)", hint: "name a regular file (save what it gives to a file first)" },
};

/** The failure in words, when it is one of the machine's (above); undefined otherwise. */
export function fileFailure(e: unknown): { reason: string; hint: string } | undefined {
  const { code, syscall } = (e ?? {}) as NodeJS.ErrnoException;
  // mkdir -p answers EEXIST where a file stands in the way of a folder it must make.
  if (code === "EEXIST" && syscall === "mkdir") return { reason: "a file is where a folder is needed (EEXIST)", hint: REASONS.ENOTDIR!.hint };
  return typeof code === "string" ? REASONS[code] : undefined;
}

/**
 * `e` as a ScopesyncError that names what failed (`cannot write ids.snapshot`) and why, with
 * `after` (what state the file was left in) after the hint; `e` itself when it is not a failure
 * of the machine's (a bug stays a bug).
 */
export function fileError(e: unknown, what: string, after?: string): unknown {
  if (e instanceof ScopesyncError) return e;
  const failure = fileFailure(e);
  return failure ? new ScopesyncError(`${what}: ${failure.reason}`, after ? `${failure.hint}; ${after}` : failure.hint) : e;
}
