// Builds the leavers report (model/leavers-report.ts) from scopesync's own records: the apply
// journal's lines (what was taken, when, approved where) and one plan with the decisions `explain`
// keeps for the leavers (what the targets still hold, what is still planned). Nothing is decided
// here: a leaver is whom the sources say left, or a name the journal offboarded that no source
// exports any more; what is outstanding is what the plan still takes away, a step whose last
// journal line is a failure, and an account the plan's view shows active.
import type { Identity } from "../model/identity.js";
import type { JournalLine, JournalRecord } from "../model/journal-record.js";
import type { LeaverEntry, LeaverOutstanding, LeaversReport, LeaverStep, LeaverTarget } from "../model/leavers-report.js";
import { REVOCATIONS } from "../model/change.js";
import { isoString, parseDate } from "../model/time.js";
import { cmp } from "../model/finding.js";
import type { AppDecision } from "./decision.js";
import type { Plan } from "./plan.js";
import { linesSinceRead, viewText, type ExplainJournal } from "./render/explain-journal.js";

export interface LeaversInput {
  since: number;
  until: number;
  now: number;
  identities: readonly Identity[];
  plan: Plan;
  /** The decisions the plan kept for the names leaverNames gave (compile's `explain`). */
  decisions: readonly AppDecision[];
  journal: ExplainJournal;
}

const ENDED = new Set(["failed", "skipped", "abandoned", "dropped"]);

/**
 * The names the report is about, for compile's `explain`: people the sources say left, and names
 * the journal records offboarding steps for that no identity has now (a person gone from every
 * source, named by the plan as it named them then). Unmanaged accounts (`account:…`) and NHIs
 * no file defines any more (`nhi:…`) are no leavers.
 */
export function leaverNames(identities: readonly Identity[], journal: readonly JournalLine[]): Set<string> {
  const known = new Set(identities.map((i) => i.id));
  const names = new Set(identities.filter((i) => i.kind === "person" && i.status === "terminated").map((i) => i.id));
  for (const { record: r } of journal) {
    if (typeof r.identity === "string" && !known.has(r.identity) && !r.identity.startsWith("account:") && !r.identity.startsWith("nhi:") && r.action && REVOCATIONS.has(r.action)) names.add(r.identity);
  }
  return names;
}

/** The report: each leaver whose leaving or one of whose offboarding steps falls in [since, until). */
export function leaversReport(input: LeaversInput): LeaversReport {
  const { since, until } = input;
  const inPeriod = (at: number) => at >= since && at < until;
  const byId = new Map(input.identities.map((i) => [i.id, i]));
  const steps = journalSteps(input.journal);
  const leavers: LeaverEntry[] = [];
  for (const name of [...leaverNames(input.identities, input.journal.lines)].sort(cmp)) {
    const identity = byId.get(name);
    const mine = steps.get(name) ?? [];
    const leaving = typeof identity?.attributes.terminationDate === "string" ? parseDate(identity.attributes.terminationDate) : Number.NaN;
    if (!inPeriod(leaving) && !mine.some((s) => inPeriod(parseDate(s.at)))) continue;
    const decisions = input.decisions.filter((d) => d.identity === name);
    const targetNames = [...new Set([...mine.map((s) => s.target), ...decisions.map((d) => d.target), ...input.plan.changes.filter((c) => c.identity === name).map((c) => c.target)])].sort(cmp);
    const targets = targetNames.map((t) => leaverTarget(input, name, t, mine.filter((s) => s.target === t), decisions.find((d) => d.target === t && d.earlierLogin === undefined)));
    const outstanding = targets.reduce((n, t) => n + t.outstanding.length, 0);
    leavers.push({ identity: name, status: identity ? "terminated" : "gone", left: leftOf(identity, decisions, mine), targets, outstanding });
  }
  return {
    report: "leavers",
    period: { since: isoString(since), until: isoString(until) },
    generatedAt: isoString(input.now),
    journal: input.journal.from,
    leavers,
    outstanding: leavers.reduce((n, l) => n + l.outstanding, 0),
  };
}

/** When and where the leaving was known: the termination date's source record, the plan's reason, the first step taken. */
function leftOf(identity: Identity | undefined, decisions: readonly AppDecision[], steps: readonly (LeaverStep & { target: string })[]): LeaverEntry["left"] {
  const date = identity?.attributes.terminationDate;
  const from = identity?.provenance.terminationDate ?? identity?.provenance.status;
  const reason = decisions.find((d) => d.offboarding)?.offboarding?.reason ?? steps.find((s) => s.why)?.why;
  const first = steps.map((s) => s.at).sort(cmp)[0];
  return {
    ...(typeof date === "string" ? { terminationDate: date } : {}),
    ...(from ? { source: from.source, record: from.at } : {}),
    ...(reason ? { reason } : {}),
    ...(first ? { firstStep: first } : {}),
  };
}

function leaverTarget(input: LeaversInput, name: string, target: string, steps: readonly (LeaverStep & { target: string })[], decision: AppDecision | undefined): LeaverTarget {
  const facts = input.plan.targets[target];
  const view = viewText(facts);
  const account = decision?.account;
  // A state file read before an apply still shows what the apply took: a planned change the journal
  // records done since that read is done, not outstanding (as `explain` says of it).
  const since = linesSinceRead({ journal: input.journal, facts, target, names: new Set([name]), ...(account ? { account: account.id } : {}) });
  const doneSince = new Set(since.filter(({ record: r }) => r.phase === "done" && typeof r.change === "string").map(({ record: r }) => r.change as string));
  const outstanding: LeaverOutstanding[] = [];
  const planned = input.plan.changes.filter((c) => c.target === target && c.identity === name && REVOCATIONS.has(c.action) && c.action !== "delete-account" && !doneSince.has(c.id));
  const last = lastLineByChange(steps);
  for (const c of planned) {
    const tried = last.get(c.id);
    const lastAttempt = tried && tried.result !== "applied" && tried.result !== "unchanged" ? `${tried.result} at ${tried.at}${tried.error ? `: ${tried.error}` : ""} (${tried.line})` : undefined;
    outstanding.push({ kind: "planned", action: c.action, ...(c.entitlement ? { entitlement: c.entitlement } : {}), ...(c.credential ? { credential: c.credential } : {}), change: c.id, reason: c.reason, ...(lastAttempt ? { lastAttempt } : {}) });
  }
  const plannedIds = new Set(planned.map((c) => c.id));
  for (const [change, s] of last) {
    if (!ENDED.has(s.result) || plannedIds.has(change) || doneSince.has(change)) continue;
    outstanding.push({ kind: "failed", action: s.action, ...(s.entitlement ? { entitlement: s.entitlement } : {}), ...(s.credential ? { credential: s.credential } : {}), change, at: s.at, result: s.result, ...(s.error ? { error: s.error } : {}), line: s.line });
  }
  // Active in the view, no disable planned, and none the journal records since the read.
  const disabledSince = since.some(({ record: r }) => r.phase === "done" && (r.action === "disable-account" || r.action === "delete-account"));
  if (account?.active && !planned.some((c) => c.action === "disable-account") && !disabledSince) outstanding.push({ kind: "enabled", account: account.id, login: account.login, decision: decision!.outcome });
  return { target, ...(view ? { view } : {}), ...(account ? { account: { id: account.id, login: account.login, active: account.active } } : {}), steps: steps.map(({ target: _t, ...s }) => s), outstanding };
}

/** Change id → the last line that ended it: the step's standing now. */
function lastLineByChange(steps: readonly LeaverStep[]): Map<string, LeaverStep> {
  const last = new Map<string, LeaverStep>();
  for (const s of steps) if (s.change !== undefined) last.set(s.change, s);
  return last;
}

/** Identity → its offboarding steps the journal records (lines that end a revocation), in journal order. */
function journalSteps(journal: ExplainJournal): Map<string, Array<LeaverStep & { target: string }>> {
  const out = new Map<string, Array<LeaverStep & { target: string }>>();
  for (const { record: r, line } of journal.lines) {
    if (typeof r.identity !== "string" || typeof r.target !== "string" || typeof r.at !== "string" || !r.action || !REVOCATIONS.has(r.action)) continue;
    const result = resultOf(r);
    if (!result) continue;
    let list = out.get(r.identity);
    if (!list) out.set(r.identity, (list = []));
    list.push({ target: r.target, ...stepOf(r, result), line: `${journal.from}:${line}` });
  }
  return out;
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
