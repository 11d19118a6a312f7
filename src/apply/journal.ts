import { closeSync, fstatSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { dirname } from "node:path";
import type { JournalRecord } from "../model/journal-record.js";
import { fileError } from "../model/file-failure.js";
import { journalFileLines, type UnreadableJournalLine } from "../model/journal-lines.js";
import { redact } from "../model/redact.js";
import { writeAllSync } from "../model/whole-file.js";

export type { ChangeReview, JournalRecord } from "../model/journal-record.js";

/**
 * One line per event, appended and flushed before the next step: a "start" before each change and
 * a "done", "failed" or "skipped" after it. A process killed mid-apply leaves a "start" without an
 * end, which the next run reports and closes (by the change's own lines, or, when its re-plan no
 * longer has it, by a line saying what its read shows: apply/cut-off.ts); connectors make
 * re-applying that change safe. The line's
 * fields are model/journal-record.ts (docs/formats.md, "The apply journal").
 */
export class Journal {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /**
   * Appends the record on a line of its own. A file that does not end in a newline holds a line a
   * full disk or a kill cut off: it is ended first, or this record would be glued onto the
   * fragment and lost to every reader (JSON.parse, jq) with it. A write the machine refuses (a
   * full disk) names the journal and the change in flight, which the next run re-checks.
   */
  write(record: JournalRecord): void {
    const line = `${redact(JSON.stringify(record))}\n`;
    let fd: number | undefined;
    try {
      fd = openSync(this.path, "a+");
      writeAllSync(fd, endsCut(fd) ? `\n${line}` : line);
    } catch (e) {
      throw fileError(e, `cannot write the apply journal ${this.path}`, `${record.action} for ${record.identity} on ${record.target} was ${record.phase === "start" ? "about to start" : "in flight"}: the same apply, run again, re-checks it`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /**
   * Each line of the journal from byte `from` (a mark(), 0 when absent), in order and streamed (a
   * year of it is larger than a string may be: model/journal-lines.ts): its record, or `record:
   * undefined` for a line that is no record: cut off by a kill or a full disk (ended by the next
   * write, so it stands alone), edited by hand, or JSON that is no object (`null`). Those are given,
   * not dropped in silence, for apply to report by file and line. Lines an older scopesync wrote
   * lack review, replan and planTime; only the fields resuming needs (fingerprint, change, phase)
   * are relied on.
   */
  lines(from?: number): Generator<{ record: JournalRecord; line: number } | UnreadableJournalLine, void, undefined> {
    return journalFileLines(this.path, from ? { from } : {}) as Generator<{ record: JournalRecord; line: number } | UnreadableJournalLine, void, undefined>;
  }

  /** Each record from byte `from` (0 when absent), in order, streamed: lines() without the unreadable ones. */
  *records(from?: number): Generator<JournalRecord, void, undefined> {
    for (const l of this.lines(from)) if (l.record) yield l.record;
  }

  /** The journal's size in bytes: what a later write appends comes after it (records(mark)). 0 when there is none. */
  mark(): number {
    try {
      return statSync(this.path).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw fileError(e, `cannot read the apply journal ${this.path}`);
    }
  }

  /** Changes of this fingerprint that were started and never finished: a previous run was cut off. */
  interrupted(fingerprint: string, records: Iterable<JournalRecord> = this.records()): JournalRecord[] {
    return openStarts(records).filter((r) => r.fingerprint === fingerprint);
  }
}

/** Every `start` with no later line for its change, whatever plan it belongs to. */
export function openStarts(records: Iterable<JournalRecord>): JournalRecord[] {
  const open = new Map<string, JournalRecord>();
  for (const r of records) {
    const key = `${r.fingerprint}\u0000${r.change}`;
    if (r.phase === "start") open.set(key, r);
    else open.delete(key);
  }
  return [...open.values()];
}

/** Does the file open at `fd` end in the middle of a line (its last byte is not a newline)? */
function endsCut(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
}
