// The lines of apply's journal that end a change (done, failed, skipped, abandoned, dropped), for
// `explain`: what scopesync did to an identity's accounts since the state it explains from was
// read, or, with --history, ever. Read by journal-done-lines.ts's one reader: no journal is no
// record, one that cannot be read stops the command with its path (fileError), and a line that is
// no record is passed over (every apply names it by file and line: apply/journal.ts).
import type { JournalLine, JournalRecord } from "../model/journal-record.js";
import { journalLines } from "./journal-done-lines.js";

/**
 * Every line of the journal at `path` that ends a change and that `keep` takes (all when absent),
 * in order; none when there is no journal. Only the lines kept are held: a year of journal is
 * streamed past, not gathered.
 */
export function journalEnds(path: string, keep: (record: Partial<JournalRecord>) => boolean = () => true): JournalLine[] {
  const out: JournalLine[] = [];
  for (const l of journalLines(path, (line) => !line.includes('"phase":"start"'), (phase) => phase !== "start")) if (keep(l.record)) out.push(l);
  return out;
}
