// Apply's journal, line by line: the one reader of it for plan, explain, apply and the Action. The
// journal is only ever appended to and the workflows carry it from run to run, so after a year it
// is larger than a string may be (file-lines.ts); each reader keeps only what it needs of it.
// The same rules for all: no journal is no lines; one that cannot be read stops the run with its
// path (fileError), never a stack trace; a line that is no record (cut off by a kill, edited by
// hand, JSON that is not an object such as `null`) is given as unreadable, with its number.
import { fileError } from "./file-failure.js";
import { fileLines, type FileLinesOptions } from "./file-lines.js";
import type { JournalLine, JournalRecord } from "./journal-record.js";

/** A line that is no whole record: reported by apply by file and line, passed over by the plan's readers. */
export interface UnreadableJournalLine {
  record: undefined;
  line: number;
  /** The line as written: a reader may look for a name in it (explain: whose line it was), never keep it. */
  text: string;
}

export interface JournalReadOptions extends FileLinesOptions {
  /** A cheap test of a line's text: lines it refuses are neither parsed nor given (nor counted as unreadable). */
  maybe?: (text: string) => boolean;
  /** The number of the first line read (a read `from` a byte mark): 1 when absent. */
  firstLine?: number;
}

/**
 * Each non-blank line of the journal at `path` that `maybe` takes, in order: its record (any field
 * may be missing or wrong: check it), or `record: undefined` when it is no JSON object. Lines are
 * numbered from 1. None when there is no journal.
 */
export function* journalFileLines(path: string, options: JournalReadOptions = {}): Generator<JournalLine | UnreadableJournalLine, void, undefined> {
  const lines = fileLines(path, options);
  let number = (options.firstLine ?? 1) - 1;
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = lines.next();
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
        throw fileError(e, `cannot read the apply journal ${path}`);
      }
      if (next.done) return;
      number++;
      const text = next.value;
      if (!text.trim() || (options.maybe && !options.maybe(text))) continue;
      const record = parsed(text);
      yield record ? { record, line: number } : { record: undefined, line: number, text };
    }
  } finally {
    // A reader that stops early (break) closes the file.
    lines.return();
  }
}

/** The line's record, or undefined when it is not a JSON object (cut off, `null`, `[1]`, `42`). */
function parsed(text: string): Partial<JournalRecord> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Partial<JournalRecord>) : undefined;
}

/**
 * The journal's unreadable lines in words: the first five by file:line, then how many more. Every
 * reader that passes them over says so (apply, `report leavers`, `explain --history`): an audit
 * that read "nothing happened" from a journal it could not read would be wrong.
 */
export function unreadableLinesText(path: string, lines: readonly number[], show: (text: string) => string = (t) => t): string {
  const shown = lines.slice(0, 5).map((n) => `${show(path)}:${n}`).join(", ");
  return `${shown}${lines.length > 5 ? ` and ${lines.length - 5} more lines` : ""} ${lines.length === 1 ? "is" : "are"} not a whole journal record (cut off by a kill or a full disk, or edited by hand), so not read`;
}
