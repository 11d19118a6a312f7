// The `done` lines of apply's journal, for the readers that take a record from it at plan time:
// the logins accounts had (journal-logins.ts), the e-mail invitations scopesync cancelled
// (cancelled-invitations.ts) and what its offboardings took away (journal-offboardings.ts). One
// reading, one way (model/journal-lines.ts): streamed line by line, so that a year of journal is
// never one string; no journal is no record; a journal that cannot be read stops the run with the
// path (fileError), never a stack trace; a line that is no record (cut off by a kill, edited by
// hand) is passed over, as every apply names it by file and line (apply/journal.ts).
import type { JournalLine } from "../model/journal-record.js";
import { journalFileLines } from "../model/journal-lines.js";

/** One `done` line: what it says (any field may be missing or wrong: check it), and its line number from 1. */
export type DoneLine = JournalLine;

/**
 * The `done` lines of the journal at `path`, in order, as they are read; none when there is no
 * journal. `mention`: a text every wanted line holds as written (`"target":"github"`), to skip
 * the others before parsing.
 */
export function journalDoneLines(path: string, mention?: string): Generator<DoneLine, void, undefined> {
  // Most lines are `start` lines, or another target's: skipped before parsing.
  return journalLines(path, (line) => line.includes('"done"') && (mention === undefined || line.includes(mention)), (phase) => phase === "done");
}

/**
 * The lines of the journal at `path` whose phase `wanted` takes, in order, as they are read; none
 * when there is no journal. `maybe`: a cheap test of a line's text, to skip most lines before
 * parsing them. The caller keeps what it needs of each: the lines are not gathered.
 */
export function* journalLines(path: string, maybe: (line: string) => boolean, wanted: (phase: unknown) => boolean): Generator<JournalLine, void, undefined> {
  for (const l of journalFileLines(path, { maybe })) if (l.record && wanted(l.record.phase)) yield l;
}
