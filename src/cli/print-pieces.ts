import type { Io } from "./io.js";

/** About a megabyte of text per write: one write per change of a large plan took longer than making it. */
const PRINT_SIZE = 1 << 20;

/**
 * Prints a text that comes in pieces (a plan, a list of identities) to standard output, about a
 * megabyte at a time, never the whole text as one string: a million identities' text is longer
 * than V8's longest string (`constants.MAX_STRING_LENGTH`, half a gigabyte of characters), and
 * joining it failed with "Invalid string length" after the whole run's work.
 *
 * Each write ends at a line break, since `io.out` ends a text that lacks one with one (it prints
 * lines), and a cut inside a line would break it in two. A secret that redaction looks for is
 * never cut either: the JSON and the terminal text escape the line breaks inside a value.
 * Printed no faster than standard output takes it (`io.drained`).
 */
export async function printPieces(io: Io, pieces: Iterable<string>): Promise<void> {
  let held = "";
  for (const piece of pieces) {
    held += piece;
    if (held.length < PRINT_SIZE) continue;
    const end = held.lastIndexOf("\n") + 1;
    // One line longer than a write: held until its line break comes.
    if (end === 0) continue;
    io.out(held.slice(0, end));
    held = held.slice(end);
    // The next megabyte is made once the reader has taken this one, not queued behind it (io.ts drained).
    if (io.drained) await io.drained();
  }
  if (held !== "") io.out(held);
}
