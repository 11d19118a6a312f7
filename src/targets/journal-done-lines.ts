// The `done` lines of apply's journal, for the readers that take a record from it at plan time:
// the logins accounts had (journal-logins.ts), the e-mail invitations scopesync cancelled
// (cancelled-invitations.ts) and what its offboardings took away (journal-offboardings.ts). One
// reading, one way: no journal is no record; a journal that cannot be read stops the run with the
// path (fileError), never a stack trace; a line that is no record (cut off by a kill, edited by
// hand) is passed over, as every apply names it by file and line (apply/journal.ts).
import { readFileSync } from "node:fs";
import { fileError } from "../model/file-failure.js";
import type { JournalLine, JournalRecord } from "../model/journal-record.js";

/** One `done` line: what it says (any field may be missing or wrong: check it), and its line number from 1. */
export type DoneLine = JournalLine;

/**
 * The `done` lines of the journal at `path`, in order; none when there is no journal. `mention`: a
 * text every wanted line holds as written (`"target":"github"`), to skip the others before parsing.
 */
export function journalDoneLines(path: string, mention?: string): DoneLine[] {
  // Most lines are `start` lines, or another target's: skipped before parsing.
  return journalLines(path, (line) => line.includes('"done"') && (mention === undefined || line.includes(mention)), (phase) => phase === "done");
}

/**
 * The lines of the journal at `path` whose phase `wanted` takes, in order; none when there is no
 * journal. `maybe`: a cheap test of a line's text, to skip most lines before parsing them.
 */
export function journalLines(path: string, maybe: (line: string) => boolean, wanted: (phase: unknown) => boolean): JournalLine[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw fileError(e, `cannot read the apply journal ${path}`);
  }
  const out: JournalLine[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim() || !maybe(line)) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return;
    }
    if (record !== null && typeof record === "object" && !Array.isArray(record) && wanted((record as { phase?: unknown }).phase)) out.push({ record: record as Partial<JournalRecord>, line: i + 1 });
  });
  return out;
}
