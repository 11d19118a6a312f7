// A committed snapshot's bytes as text: UTF-8, and short enough to be one JavaScript string.
import { constants } from "node:buffer";
import { invalidUtf8 } from "../config/utf8.js";
import { ScopesyncError } from "../model/errors.js";
import { partsPathspec } from "./snapshot-parts.js";

/**
 * A snapshot's bytes as text, refused at the first byte that is not UTF-8: decoded leniently, a
 * snapshot an editor re-saved as Windows-1252 read "Jos\uFFFD" for "José", and every such person
 * was a mover in the plan. `at`: the git revision it was read at, if any.
 */
export function snapshotText(bytes: Uint8Array, path: string, source: string, at?: string): string {
  const bad = invalidUtf8(bytes);
  if (bad) throw new ScopesyncError(`snapshot ${path}${at ? ` at ${at}` : ""}:${bad.line}:${bad.col} of source "${source}" is unreadable: invalid UTF-8 byte 0x${bad.byte.toString(16).padStart(2, "0")} (byte ${bad.offset}); a snapshot is UTF-8 JSON`, restoreHint(path));
  try {
    return new TextDecoder().decode(bytes);
  } catch (e) {
    // Never one that snapshot wrote (its files are at most 256 MiB): one written by hand, or by an older version.
    if (bytes.length > constants.MAX_STRING_LENGTH) throw tooLong(`snapshot ${path}${at ? ` at ${at}` : ""} of source "${source}" is longer`);
    throw e;
  }
}

/**
 * `snapshot` never writes a file this long (its parts are at most 256 MiB, snapshot-parts.ts): one
 * written by hand, or by a version before parts, is refused by name, not by "Invalid string length".
 */
function tooLong(what: string): ScopesyncError {
  return new ScopesyncError(
    `${what} than this version of scopesync can read as one file (${constants.MAX_STRING_LENGTH.toLocaleString("en-US")} characters of JSON)`,
    "run scopesync snapshot to write it again: a snapshot larger than its source's snapshotPartSize is written as parts",
  );
}

/** The error for a snapshot (or a part of one) that does not read as one: `problem` says why. `parted`: a snapshot in parts. */
export function unreadableSnapshot(path: string, source: string, at: string | undefined, problem: string, parted = false): ScopesyncError {
  return new ScopesyncError(`snapshot ${at ? `${path} at ${at}` : path} of source "${source}" is unreadable: ${problem}`, restoreHint(path, parted));
}

/**
 * How to get a readable snapshot back. Not "run scopesync snapshot": it reads the last snapshot
 * first (who left, who is kept until when), and stops on the same error.
 */
function restoreHint(path: string, parted = false): string {
  // Only the snapshot's own files: its folder may hold other sources' newer snapshots, and "--
  // ./" would put every file of the checkout back.
  const files = parted ? `${path} '${partsPathspec(path)}'` : path;
  return `restore ${parted ? "it and its parts from the last commit where they read" : "it from the last commit where it reads"} (git checkout COMMIT -- ${files}): scopesync snapshot reads it too, to carry over who left, so it cannot write a new one over it`;
}
