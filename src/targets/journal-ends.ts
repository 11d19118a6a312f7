// The lines of apply's journal that end a change (done, failed, skipped, abandoned, dropped), for
// `explain`: what scopesync did to an identity's accounts since the state it explains from was
// read. Read by journal-done-lines.ts's one reader: no journal is no record, one that cannot be read stops
// the command with its path (fileError), and a line that is no record is passed over (every apply
// names it by file and line: apply/journal.ts).
import type { JournalLine } from "../model/journal-record.js";
import { journalLines } from "./journal-done-lines.js";

/** Every line of the journal at `path` that ends a change, in order; none when there is no journal. */
export function journalEnds(path: string): JournalLine[] {
  return journalLines(path, (line) => !line.includes('"phase":"start"'), (phase) => phase !== "start");
}
