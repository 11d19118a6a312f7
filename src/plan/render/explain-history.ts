// `explain --history`: every line of apply's journal that ends a change for the identity, whenever
// it was written. explain's own journal lines stop at the state's read, so after a `state pull`
// the evidence for someone who left eleven months ago was a `jq` over the journal, with the
// targets under the names they had then. Here a renamed target's lines are under its name now
// (formerNames), each saying the name it was recorded under; someone no source exports any more
// still has a history (cli/explain.ts asks for it by the names the journal knows them by).
import type { JournalLine } from "../../model/journal-record.js";
import { journalLineText, targetNow, type ExplainJournal } from "./explain-journal.js";
import { termText as t } from "./escape.js";

/** Whose lines make up the history: the names the journal may carry for them, and their accounts by target. */
export interface HistorySubject {
  /** How the history is headed: the identity's id, or the name asked for. */
  shown: string;
  /** The identity's names as a journal line's `identity` may hold them (its id, earlier logins, account:<login>). */
  names: ReadonlySet<string>;
  /** Accounts that are theirs whatever name a line gives, as `<target now>\u0000<account id>`. */
  accounts: ReadonlySet<string>;
}

/** Is `l` one of the subject's lines? */
export function inHistory(l: JournalLine, journal: ExplainJournal, subject: HistorySubject): boolean {
  const r = l.record;
  if (typeof r.identity === "string" && subject.names.has(r.identity)) return true;
  return typeof r.account === "string" && subject.accounts.has(`${targetNow(r, journal)}\u0000${r.account}`);
}

/**
 * The history, per target (by name now, in byte order) and oldest line first, as the journal has
 * them: the same input gives the same text. Every value from the journal is escaped (termText).
 */
export function historyText(journal: ExplainJournal, subject: HistorySubject): string[] {
  const from = t(journal.from);
  const byTarget = new Map<string, JournalLine[]>();
  for (const l of journal.lines) {
    if (!inHistory(l, journal, subject)) continue;
    const target = targetNow(l.record, journal) ?? "(no target)";
    let lines = byTarget.get(target);
    if (!lines) byTarget.set(target, (lines = []));
    lines.push(l);
  }
  if (byTarget.size === 0) return [`journal history (${from}): no line for ${t(subject.shown)}`];
  const out = [`journal history (${from}): every change scopesync ended for ${t(subject.shown)}, oldest first:`];
  for (const target of [...byTarget.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`  target ${t(target)}:`);
    for (const l of byTarget.get(target)!) {
      const r = l.record;
      const recorded = typeof r.target === "string" && r.target !== target ? `, recorded under its former name ${t(r.target)}` : "";
      const as = typeof r.identity === "string" && r.identity !== subject.shown ? `, as ${t(r.identity)}` : "";
      out.push(`    ${journalLineText(l, from)}${as || recorded ? ` [${(as + recorded).slice(2)}]` : ""}`);
    }
  }
  return out;
}
