// The lines of apply's journal that end a change (done, failed, skipped, abandoned, dropped), for
// `explain` and `report leavers`: what scopesync did to an identity's accounts since the state it
// explains from was read, or, with --history, ever. Read by model/journal-lines.ts's one reader:
// no journal is no record, one that cannot be read stops the command with its path (fileError),
// and a line that is no record is numbered in `unreadable` for the reader to name, as every apply
// names it by file and line (apply/journal.ts): evidence read past in silence is evidence lost.
import type { JournalLine, JournalRecord } from "../model/journal-record.js";
import { journalFileLines } from "../model/journal-lines.js";

/** What journalEnds read: the lines kept, in order, and the numbers of the lines that are no record. */
export interface JournalEnds {
  lines: JournalLine[];
  unreadable: number[];
  /** Of `unreadable`, the lines whose text `names` takes (a cut-off line that still names the identity asked about). */
  naming: number[];
}

/**
 * Every line of the journal at `path` that ends a change and that `keep` takes (all when absent),
 * in order; none when there is no journal. Only the lines kept are held: a year of journal is
 * streamed past, not gathered. `names` looks at the text of each unreadable line.
 */
export function journalEnds(path: string, keep: (record: Partial<JournalRecord>) => boolean = () => true, names?: (text: string) => boolean): JournalEnds {
  const out: JournalEnds = { lines: [], unreadable: [], naming: [] };
  for (const l of journalFileLines(path, { maybe: (line) => !line.includes('"phase":"start"') })) {
    if (!l.record) {
      out.unreadable.push(l.line);
      if (names?.(l.text)) out.naming.push(l.line);
    } else if (l.record.phase !== "start" && keep(l.record)) out.lines.push(l);
  }
  return out;
}
