// Few error classes, context in the message. The CLI prints `message` and `hint`, never a stack
// (unless --debug), and never a request object (it can hold a token). Message and hint are
// redacted when the error is made, so no copy of them (journal, result file, stack) holds a secret,
// and a value in them shaped like a secret (a token, a URL password) is not shown.
import { redact } from "./redact.js";
import { maskSecretShapes } from "./secret-shapes.js";
import { showUnseen } from "./unseen-chars.js";

/** Invalid input or an unreadable source/target: the run stops with exit code 1. */
export class ScopesyncError extends Error {
  constructor(
    message: string,
    hint?: string,
  ) {
    super(maskSecretShapes(redact(message)));
    this.name = "ScopesyncError";
    this.hint = hint === undefined ? undefined : maskSecretShapes(redact(hint));
  }

  /** What the person at the terminal can do about it. */
  readonly hint?: string;
}

/** A source could not be read or its export is malformed. Always fatal: never "no records". */
export class SourceError extends ScopesyncError {
  constructor(
    readonly source: string,
    message: string,
    hint?: string,
  ) {
    super(`source "${source}": ${message}`, hint);
    this.name = "SourceError";
  }
}

/**
 * The frames of an error's stack (`    at …` lines), without the message it starts with: that was
 * printed on its own line, escaped, and raw it could carry a server's line breaks and escapes. A
 * line of the message made to look like a frame (it starts with spaces) shows its escapes too.
 */
export function stackFrames(e: Error): string {
  return (e.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line)).map(showUnseen).join("\n");
}
