// The lines of apply's journal that end a change (done, failed, skipped, abandoned, dropped), for
// `explain`: what scopesync did to an identity's accounts since the state it explains from was
// read. Read as journal-done-lines.ts reads: no journal is no record, one that cannot be read stops
// the command with its path (fileError), and a line that is no record is passed over (every apply
// names it by file and line: apply/journal.ts).
import { readFileSync } from "node:fs";
import { fileError } from "../model/file-failure.js";
import type { JournalLine } from "../model/journal-record.js";

/** Every line of the journal at `path` that ends a change, in order; none when there is no journal. */
export function journalEnds(path: string): JournalLine[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw fileError(e, `cannot read the apply journal ${path}`);
  }
  const out: JournalLine[] = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim() || line.includes('"phase":"start"')) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return;
    }
    if (record !== null && typeof record === "object" && !Array.isArray(record) && (record as { phase?: unknown }).phase !== "start") out.push({ record: record as JournalLine["record"], line: i + 1 });
  });
  return out;
}
