import type { Io } from "./io.js";

/** About a megabyte of text per write: one write per change of a large plan took longer than making it. */
const PRINT_SIZE = 1 << 20;

/**
 * Prints a text that comes in pieces (a plan, a list of identities) to standard output, about a
 * megabyte at a time, never the whole text as one string: a million identities' text is longer
 * than V8's longest string (`constants.MAX_STRING_LENGTH`, half a gigabyte of characters), and
 * joining it failed with "Invalid string length" after the whole run's work.
 *
 * A write ends where a piece ends with a line break, never inside a piece: `io.out` ends a text
 * that lacks a line break with one (it prints lines), and each write is redacted on its own
 * (io.ts redactingIo), where a secret wrapped onto the next line is found only whole
 * (model/echo-matcher.ts). So a piece holds what must stay together (the text plan's: a change, a
 * file's diff); JSON is passed through jsonLines. Printed no faster than standard output takes it
 * (`io.drained`). False when its reader closed it before the end, and the rest was not made.
 */
export async function printPieces(io: Io, pieces: Iterable<string>): Promise<boolean> {
  let held = "";
  for (const piece of pieces) {
    held += piece;
    if (held.length < PRINT_SIZE || !piece.endsWith("\n")) continue;
    io.out(held);
    held = "";
    // The next megabyte is made once the reader has taken this one, not queued behind it, and none
    // once the reader has gone (io.ts drained).
    if (io.drained && !(await io.drained())) return false;
  }
  if (held !== "") io.out(held);
  return true;
}

/**
 * JSON's pieces (canonicalJsonPieces: a change or an identity each, beginning with "," or a line
 * break) as pieces that end with a line break, for printPieces. JSON holds no raw line break inside
 * a value, so no value is cut: each line break of its text is a place to cut.
 */
export function* jsonLines(pieces: Iterable<string>): Generator<string> {
  let held = "";
  for (const piece of pieces) {
    held += piece;
    const end = held.lastIndexOf("\n") + 1;
    if (end === 0) continue;
    yield held.slice(0, end);
    held = held.slice(end);
  }
  if (held !== "") yield held;
}
