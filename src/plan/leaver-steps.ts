// A leaver's steps as the apply journal records them, for the leavers report (leavers-report.ts):
// each line that ends a revocation, under its target's name now (a line recorded under a former
// name, formerNames, is the renamed target's, as plan and `explain --history` read it), placed by
// the instant its `at` names (not its text: a hand-merged journal may write an offset), and
// matched to the plan's changes by what it does rather than by change id, which names the target
// and so changes with a rename.
import type { JournalLine, JournalRecord } from "../model/journal-record.js";
import type { LeaverStep } from "../model/leavers-report.js";
import { REVOCATIONS } from "../model/change.js";
import { groupBy } from "../model/group-by.js";
import { parseDate } from "../model/time.js";
import { stepKey } from "../model/journal-offboarding.js";
import { isLeavingStep } from "./leaving-step.js";
import { asRecorded, type LineOwner } from "./leaver-owners.js";
import { targetNow, type ExplainJournal } from "./render/explain-journal.js";

/** The phases that end a change without doing it. */
export const ENDED: ReadonlySet<string> = new Set(["failed", "skipped", "abandoned", "dropped"]);

/** A step as the report works with it: its target under its name now, its instant (NaN: no time), whether it was a leaving. */
export type Step = LeaverStep & { target: string; ms: number; leaving: boolean };

// What a step does is the journal's and the plan's alike: on the floor (model/journal-offboarding.ts).
export { stepKey } from "../model/journal-offboarding.js";

/** What a step does → the last line that ended it, in journal order: the step's standing now. */
export function lastLineByStep(steps: readonly Step[]): Map<string, Step> {
  const last = new Map<string, Step>();
  for (const s of steps) last.set(stepKey(s), s);
  return last;
}

/** Leaver → their offboarding steps the journal records (lines that end a revocation), under each target's name now, in journal order; `owner` says whose a line is (leaver-owners.ts). */
export function journalSteps(journal: ExplainJournal, owner: LineOwner = asRecorded): Map<string, Step[]> {
  const out = new Map<string, Step[]>();
  for (const { record: r, line } of journal.lines) {
    if (typeof r.identity !== "string" || typeof r.target !== "string" || typeof r.at !== "string" || !r.action || !REVOCATIONS.has(r.action)) continue;
    const result = resultOf(r);
    if (!result) continue;
    const target = targetNow(r, journal)!;
    const name = owner(r) ?? r.identity;
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push({ target, ms: parseDate(r.at), leaving: isLeavingStep(r), ...stepOf(r, result), line: `${journal.from}:${line}`, ...(target !== r.target ? { recordedUnder: r.target } : {}) });
  }
  return out;
}

/** The journal's lines by the identity and by the account they name: one leaver's lines without a pass over the whole journal each. */
export interface JournalIndex {
  of(name: string, account: string | undefined): JournalLine[];
}

export function journalIndex(lines: readonly JournalLine[]): JournalIndex {
  const byName = groupBy(lines.filter((l) => typeof l.record.identity === "string"), (l) => l.record.identity as string);
  const byAccount = groupBy(lines.filter((l) => typeof l.record.account === "string"), (l) => l.record.account as string);
  return {
    of: (name, account) => {
      const mine = new Set([...(byName.get(name) ?? []), ...(account !== undefined ? (byAccount.get(account) ?? []) : [])]);
      return [...mine].sort((a, b) => a.line - b.line);
    },
  };
}


function resultOf(r: Partial<JournalRecord>): LeaverStep["result"] | undefined {
  if (r.phase === "done") return r.outcome === "unchanged" ? "unchanged" : "applied";
  return typeof r.phase === "string" && ENDED.has(r.phase) ? (r.phase as LeaverStep["result"]) : undefined;
}

function stepOf(r: Partial<JournalRecord>, result: LeaverStep["result"]): Omit<LeaverStep, "line"> {
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const fields: Array<[keyof LeaverStep, unknown]> = [["entitlement", text(r.entitlement)], ["credential", text(r.credential)], ["account", text(r.account)], ["login", text(r.login)], ["review", text(r.review)], ["fingerprint", text(r.fingerprint)], ["commit", text(r.commit)], ["pr", typeof r.pr === "number" ? r.pr : undefined], ["run", text(r.run)], ["change", text(r.change)], ["why", text(r.why)], ["error", text(r.error ?? r.reason)]];
  return { at: r.at!, action: r.action!, result, ...Object.fromEntries(fields.filter(([, v]) => v !== undefined)) } as Omit<LeaverStep, "line">;
}
