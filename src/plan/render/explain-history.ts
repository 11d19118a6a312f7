// `explain --history`: every line of apply's journal that ends a change for the identity, whenever
// it was written. explain's own journal lines stop at the state's read, so after a `state pull`
// the evidence for someone who left eleven months ago was a `jq` over the journal, with the
// targets under the names they had then. Here a renamed target's lines are under its name now
// (formerNames), each saying the name it was recorded under; someone no source exports any more
// still has a history (cli/explain.ts asks for it by the names the journal knows them by).
import type { JournalLine } from "../../model/journal-record.js";
import { journalLineText, targetNow, type ExplainJournal } from "./explain-journal.js";
import { termName, termText as t } from "./escape.js";
import { unreadableLinesText } from "../../model/journal-lines.js";
import { parseDate } from "../../model/time.js";

/** Whose lines make up the history: the names the journal may carry for them, and their accounts by target. */
export interface HistorySubject {
  /** How the history is headed: the identity's id, or the name asked for. */
  shown: string;
  /** The identity's names as a journal line's `identity` may hold them (its id, earlier logins, account:<login>). */
  names: ReadonlySet<string>;
  /** Accounts that are theirs whatever name a line gives, as accountKey gives them. */
  accounts: ReadonlySet<string>;
}

/**
 * How a journal line's account is known whatever name the line gives its holder: the target's
 * name now and the target's id of it (`explain --history` and the leavers report ask it alike: a
 * login renamed or reused since the line was written does not move the account).
 */
export function accountKey(target: string | undefined, account: string): string {
  return `${target}\u0000${account}`;
}

/** Is `l` one of the subject's lines? */
export function inHistory(l: JournalLine, journal: ExplainJournal, subject: HistorySubject): boolean {
  const r = l.record;
  if (typeof r.identity === "string" && subject.names.has(r.identity)) return true;
  return typeof r.account === "string" && subject.accounts.has(accountKey(targetNow(r, journal), r.account));
}

/**
 * The history, per target (by name now, in byte order) and oldest line first by the instant its
 * `at` names (a line written with a zone offset, from a hand-merged or exported journal, is placed
 * by its instant, not its text; lines of the same instant, and any whose `at` is no time, last,
 * keep the journal's order): the same input gives the same text. The journal's unreadable lines
 * are named first: a history read past them is not the whole history. Every value from the
 * journal is escaped (termText), and a name that reads as an ASCII one is written with its code
 * points (loginForReview), as the plan writes it.
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
  const unreadable = journal.unreadable && journal.unreadable.length > 0 ? [`  warning: ${unreadableLinesText(journal.from, journal.unreadable, t)}: a line for ${termName(subject.shown)} may be among them`] : [];
  if (byTarget.size === 0) return [`journal history (${from}): no line for ${termName(subject.shown)}`, ...unreadable];
  const out = [`journal history (${from}): every change scopesync ended for ${termName(subject.shown)}, oldest first:`, ...unreadable];
  for (const target of [...byTarget.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`  target ${t(target)}:`);
    for (const l of oldestFirst(byTarget.get(target)!)) {
      const r = l.record;
      const recorded = typeof r.target === "string" && r.target !== target ? `, recorded under its former name ${t(r.target)}` : "";
      const as = typeof r.identity === "string" && r.identity !== subject.shown ? `, as ${termName(r.identity)}` : "";
      out.push(`    ${journalLineText(l, from)}${as || recorded ? ` [${(as + recorded).slice(2)}]` : ""}`);
    }
  }
  return out;
}

/**
 * Why the journal gives no history for the subject when it has lines it could not read, for the
 * error of `explain NAME --history` about a name nothing else knows: the lines that name them
 * (by file:line), or the unreadable lines that may; undefined when every line was read. Said as
 * "no identity" alone, a history a kill cut off read as someone scopesync never touched.
 */
export function unreadHistory(journal: ExplainJournal, subject: HistorySubject): string | undefined {
  const all = journal.unreadable ?? [];
  if (all.length === 0) return undefined;
  const naming = journal.unreadableNaming ?? [];
  const others = all.filter((n) => !naming.includes(n));
  const maybe = others.length === 0 ? "" : `${unreadableLinesText(journal.from, others, t)}: a line for ${termName(subject.shown)} may be among them`;
  if (naming.length === 0) return `the journal has no readable line for it, and ${maybe}`;
  return `the journal names ${termName(subject.shown)} only in lines it cannot read: ${unreadableLinesText(journal.from, naming, t)}${maybe ? `; ${maybe}` : ""}`;
}

/** Lines by the instant of their `at`, the journal's order among equals; a line whose `at` is no time last. */
function oldestFirst(lines: readonly JournalLine[]): JournalLine[] {
  const at = (l: JournalLine) => {
    const ms = typeof l.record.at === "string" ? parseDate(l.record.at) : Number.NaN;
    return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
  };
  return lines.map((l) => ({ l, at: at(l) })).sort((a, b) => a.at - b.at || a.l.line - b.l.line).map(({ l }) => l);
}
