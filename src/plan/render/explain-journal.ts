// What `explain` says of the view it explains from, per app: where the account it shows was read
// (a state file, and how old it is, or live), and what apply's journal records for the identity
// on that target since that read. A state file committed before an apply still shows a leaver's
// account active and the offboarding "planned" after the journal records it done: without both,
// explain contradicted the journal, the evidence an auditor is shown (rv69 #1).
import type { JournalLine, JournalRecord } from "../../model/journal-record.js";
import type { TargetStateFacts } from "../../model/target-state-facts.js";
import { describeAge, statePullCommand } from "../state-age.js";
import { termName, termText as t } from "./escape.js";

/** The journal explain reads (the repository's, or `--journal`), as the path it names it by. */
export interface ExplainJournal {
  from: string;
  /** The lines that may concern the identity explained (cli/explain.ts keeps only those), in order. */
  lines: readonly JournalLine[];
  /**
   * A renamed target's former name → its name now (formerNames in scopesync.yaml): the journal's
   * lines under the old name are the renamed target's, as the planner reads them
   * (targets/journal-offboardings.ts). Absent: no target was renamed.
   */
  formerNames?: ReadonlyMap<string, string>;
  /** The numbers of the journal's lines that are no whole record (cut off, edited): named, never read past in silence. */
  unreadable?: readonly number[];
  /** Of `unreadable`, the lines whose text names the identity explained: theirs, though not readable. */
  unreadableNaming?: readonly number[];
}

/** The target a line is about, under its name now (a line under a former name is the renamed target's). */
export function targetNow(r: Partial<JournalRecord>, journal: ExplainJournal): string | undefined {
  if (typeof r.target !== "string") return undefined;
  return journal.formerNames?.get(r.target) ?? r.target;
}

/** Lines shown per app: the newest; an identity with a long history has the journal itself. */
const MAX_LINES = 20;

/** "in state/crm.json, read at 2026-12-07T10:00:00Z, state 7 d old", or "read live"; undefined when the plan does not say. */
export function viewText(facts: TargetStateFacts | undefined): string | undefined {
  if (!facts) return undefined;
  if (facts.readFrom.startsWith("live")) return "read live";
  return `in ${t(facts.readFrom)}, ${facts.readAt ? `read at ${t(facts.readAt)}, ` : ""}${describeAge(facts, facts.readFrom)}`;
}

export interface JournalSince {
  journal: ExplainJournal | undefined;
  facts: TargetStateFacts | undefined;
  target: string;
  /** The names the journal's lines may carry for the identity here (its id, or account:<login>). */
  names: ReadonlySet<string>;
  /** The target's id of the account shown, whose lines count whatever name they carry. */
  account?: string;
  /**
   * The view is the target now (plan/state-current.ts: a `file` target, a live read): no line can
   * be later than it, and what it shows stands against the journal, as in the plan.
   */
  current?: boolean;
}

/**
 * The journal's lines for the identity on the target that may postdate the state explain read. A
 * line counts when its wall-clock `at` or its `planTime` is later than the state's `readAt`:
 * `state pull --now` stamps `readAt` with the time it is given, so either clock may be the one the
 * read used, and a line that might be newer is shown rather than hidden. None for a view that is
 * the target now (`current`: a live read, a `file` target, whatever its file's readAt: restored
 * from a backup, it shows the account given back, not a read from before the journal's lines) or
 * without a journal.
 */
export function linesSinceRead(s: JournalSince): JournalLine[] {
  if (!s.journal || !s.facts || s.current === true || s.facts.readFrom.startsWith("live")) return [];
  const readAt = s.facts.readAt !== undefined ? Date.parse(s.facts.readAt) : Number.NaN;
  const journal = s.journal;
  return journal.lines.filter(({ record: r }) =>
    targetNow(r, journal) === s.target &&
    ((typeof r.identity === "string" && s.names.has(r.identity)) || (s.account !== undefined && r.account === s.account)) &&
    (Number.isNaN(readAt) || after(r.at, readAt) || after(r.planTime, readAt)));
}

/** The lines of linesSinceRead, newest last, and what they mean for the account shown above them. */
export function journalSinceText(mine: readonly JournalLine[], s: JournalSince): string[] {
  if (mine.length === 0 || !s.journal || !s.facts) return [];
  const shown = mine.slice(-MAX_LINES);
  const from = t(s.journal.from);
  return [
    s.facts.readAt !== undefined ? `  journal since that read (${from}):` : `  journal (${from}; the state has no readAt, so every line for this account):`,
    ...(mine.length > shown.length ? [`    (${mine.length - shown.length} earlier line(s) in the journal)`] : []),
    ...shown.map((l) => `    ${journalLineText(l, from)}`),
    `    the account above, and what is planned, come from ${t(s.facts.readFrom)} as it was read then, and these lines may have changed it since: ${statePullCommand(t(s.target))}, or explain --live, shows the account as it is now`,
  ];
}

/** For a planned change the journal records done since the read: "; the journal records it done at … (file:line)". */
export function doneSinceRead(mine: readonly JournalLine[], change: string, journal: ExplainJournal | undefined): string {
  const done = mine.filter(({ record: r }) => r.change === change && r.phase === "done").at(-1);
  if (!done || !journal) return "";
  return `; the journal records it done at ${t(String(done.record.at ?? "(no time)"))}${done.record.outcome === "unchanged" ? " (already in place)" : ""} (${t(journal.from)}:${done.line})`;
}

/**
 * One journal line as explain shows it: "2026-12-05T07:00:05.000Z disable-account: done, applied;
 * unreviewed revocation, run r-1 (.scopesync/journal.jsonl:4)". `from`: the journal's name, escaped.
 */
export function journalLineText({ record: r, line }: JournalLine, from: string): string {
  return `${t(String(r.at ?? "(no time)"))} ${what(r)}: ${result(r)}; ${review(r)} (${from}:${line})`;
}

function after(time: unknown, than: number): boolean {
  if (typeof time !== "string") return false;
  const at = Date.parse(time);
  return !Number.isNaN(at) && at > than;
}

/**
 * "revoke group:Engineering", "disable-account", "revoke-credential key-1". An entitlement or
 * credential that reads as an ASCII one is written with its code points, as the plan writes it
 * (loginForReview): "revoke team:Рlatform" with a Cyrillic "Р" is not a revoke of team:Platform.
 */
function what(r: Partial<JournalRecord>): string {
  const on = r.entitlement ?? r.credential;
  return `${t(String(r.action ?? "(no action)"))}${typeof on === "string" ? ` ${termName(on)}` : ""}`;
}

function result(r: Partial<JournalRecord>): string {
  const said = r.phase === "done" ? (r.outcome === "unchanged" ? "done, already in place" : "done, applied") : t(String(r.phase ?? "(no phase)"));
  const why = r.reason ?? r.error;
  return typeof why === "string" ? `${said}: ${t(why, 200)}` : said;
}

function review(r: Partial<JournalRecord>): string {
  const run = typeof r.run === "string" ? `, run ${t(r.run)}` : "";
  if (r.review === "reviewed") {
    const merged = typeof r.commit === "string" ? `, merged in ${t(r.commit.slice(0, 12))}${typeof r.pr === "number" ? ` (#${r.pr})` : ""}` : "";
    return `reviewed plan ${t(String(r.fingerprint))}${merged}${run}`;
  }
  if (r.review === "unreviewed-revocation") return `unreviewed revocation${run}`;
  if (r.review === "auto-approved") return `auto-approved${run}`;
  return `review not recorded${run}`;
}
