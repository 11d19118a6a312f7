import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from "node:fs";
import { dirname } from "node:path";
import type { JournalRecord } from "../model/journal-record.js";
import { fileError } from "../model/file-failure.js";
import { redact } from "../model/redact.js";
import { writeAllSync } from "../model/whole-file.js";

export type { ChangeReview, JournalRecord } from "../model/journal-record.js";

/** The records of a journal, and the lines of it that are none (numbered from 1). */
export interface JournalContents {
  records: JournalRecord[];
  unreadable: number[];
}

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
   * Every record so far, and the lines that are no record: a line cut off by a kill or a full disk
   * (ended by the next write, so it stands alone), or one edited by hand. They are returned, not
   * dropped in silence, for apply to report by file and line. Lines an older scopesync wrote lack
   * review, replan and planTime; only the fields resuming needs (fingerprint, change, phase) are
   * relied on.
   */
  contents(): JournalContents {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return { records: [], unreadable: [] };
      throw fileError(e, `cannot read the apply journal ${this.path}`);
    }
    const records: JournalRecord[] = [];
    const unreadable: number[] = [];
    text.split("\n").forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch {
        unreadable.push(i + 1);
      }
    });
    return { records, unreadable };
  }

  /** Every record so far (contents() without the unreadable lines). */
  read(): JournalRecord[] {
    return this.contents().records;
  }

  /** Changes of this fingerprint that were started and never finished: a previous run was cut off. */
  interrupted(fingerprint: string, records: readonly JournalRecord[] = this.read()): JournalRecord[] {
    return openStarts(records).filter((r) => r.fingerprint === fingerprint);
  }
}

/** Every `start` with no later line for its change, whatever plan it belongs to. */
export function openStarts(records: readonly JournalRecord[]): JournalRecord[] {
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
