import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { JournalRecord } from "../model/journal-record.js";
import { redact } from "../model/redact.js";

export type { ChangeReview, JournalRecord } from "../model/journal-record.js";

/**
 * One line per event, appended and flushed before the next step: a "start" before each change and
 * a "done", "failed" or "skipped" after it. A process killed mid-apply leaves a "start" without an
 * end, which the next run reports; connectors make re-applying that change safe. The line's
 * fields are model/journal-record.ts (docs/formats.md, "The apply journal").
 */
export class Journal {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  write(record: JournalRecord): void {
    appendFileSync(this.path, `${redact(JSON.stringify(record))}\n`);
  }

  /**
   * Every record so far; a torn last line (the process died while writing it) is ignored. Lines
   * an older scopesync wrote lack review, replan and planTime; only the fields resuming needs
   * (fingerprint, change, phase) are relied on.
   */
  read(): JournalRecord[] {
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      return [];
    }
    const out: JournalRecord[] = [];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as JournalRecord);
      } catch {
        // only the last line can be torn; it carries no completed step
      }
    }
    return out;
  }

  /** Changes of this fingerprint that were started and never finished: a previous run was cut off. */
  interrupted(fingerprint: string): JournalRecord[] {
    const open = new Map<string, JournalRecord>();
    for (const r of this.read()) {
      if (r.fingerprint !== fingerprint) continue;
      if (r.phase === "start") open.set(r.change, r);
      else open.delete(r.change);
    }
    return [...open.values()];
  }
}
