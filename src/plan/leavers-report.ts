// Builds the leavers report (model/leavers-report.ts) from scopesync's own records: the apply
// journal's lines (what was taken, when, approved where) and one plan with the decisions `explain`
// keeps for the leavers (what the targets still hold, what is still planned). Nothing is decided
// here: a leaver is whom the sources say left, a name the journal offboarded that no source exports
// any more, or someone whose leaving the journal records who is back (leaving-step.ts); what is
// outstanding is what the plan still takes away, a step whose last journal line is a failure, and
// an account the plan's view shows active; what of their own a target cannot revoke through its
// API (credential-manual-revocation); and of an NHI they owned, what keeps working that no plan
// revokes, which a person switches off by hand, what the plan still takes from it on a target, what
// an exception waives, and a source that no longer shows it (leaver-nhis.ts).
//
// The period chooses whose offboarding is shown as done; it never hides one that is not. A leaver
// with something outstanding is listed whatever the period (`placed`): an Okta, Google or disabled
// AD leaver has no termination date at all, and last month's leaver whose account is still active
// is this month's finding. Without those, the report said "nothing outstanding" and exited 0 while
// the plan still took their access away (rv80 #1).
import { lifecycleField } from "../model/leaving-cause.js";
import type { Identity } from "../model/identity.js";
import { shownIdentity } from "../model/shown-identity.js";
import type { JournalLine, JournalRecord } from "../model/journal-record.js";
import { nhiOutstanding, type LeaverEntry, type LeaverNhi, type LeaverOutstanding, type LeaversReport, type LeaverTarget } from "../model/leavers-report.js";
import { GIVING, REVOCATIONS, type Change } from "../model/change.js";
import { groupBy } from "../model/group-by.js";
import { isoString, parseDate } from "../model/time.js";
import { cmp } from "../model/finding.js";
import type { AppDecision } from "./decision.js";
import { ENDED, journalIndex, journalSteps, lastLineByStep, stepKey, type JournalIndex, type Step } from "./leaver-steps.js";
import { isLeavingStep } from "./leaving-step.js";
import { asRecorded, lineOwners, type LineOwner } from "./leaver-owners.js";
import { leaverNhis, stillWorkingOf } from "./leaver-nhis.js";
import type { Plan } from "./plan.js";
import { stateIsCurrent } from "./state-current.js";
import { staleView } from "./stale-view.js";
import { linesSinceRead, viewText, type ExplainJournal } from "./render/explain-journal.js";

export interface LeaversInput {
  since: number;
  until: number;
  /** The organisation's zone, when a bound given as a date was read as its day: said in the report's period. */
  timeZone?: string;
  now: number;
  identities: readonly Identity[];
  /** The people of the last accepted snapshot, when there is one: the day each was first seen terminated. */
  prior?: readonly Identity[];
  plan: Plan;
  /** The decisions the plan kept for the names leaverNames gave (compile's `explain`). */
  decisions: readonly AppDecision[];
  /** The journal's offboarding lines, with the targets' former names and the lines that are no record. */
  journal: ExplainJournal;
  /** There is no file at the journal's path: said in the report, never read as "nothing happened". */
  journalMissing?: boolean;
  /** `--without-journal`: the installation keeps none, so a missing journal hides no step. */
  withoutJournal?: boolean;
  /** The targets scopesync.yaml names now, with their types and maxStateAge: a step on any other is shown, and not counted outstanding. */
  targets: ReadonlyMap<string, { type: string; maxStateAge?: string }>;
  /** A source failed its gates or cannot be proven complete: an NHI's owner it lacks is unknown, not gone. */
  missingUnknown?: boolean;
  /** Each source's export time: the evidence that an owned NHI's offboarding is done (leaver-nhis.ts). */
  exportedAt?: ReadonlyMap<string, string>;
  /** The sources that failed their quality gates: named at the report's head, and no evidence for an NHI (leaver-nhis.ts). */
  failingGates?: ReadonlySet<string>;
  /** The sources whose export cannot be proven complete: an NHI they do not show is unverified there. */
  unproven?: ReadonlySet<string>;
}

/**
 * The names the report is about: people the sources say left; names the journal records
 * offboarding steps for that no identity has now (a person gone from every source, named by the
 * plan as it named them then); people the sources do not call terminated now whose leaving the
 * journal records (isLeavingStep: back, or their login reused); and the names the plan itself
 * offboards that no identity has now (`changes`: a person HR stopped exporting is offboarded by
 * the plan before any apply has written a line for them, rv96 H1). `owner` says whose a journal
 * line is (leaver-owners.ts); compile's `explain` hook, which runs before there is a plan, asks with
 * the names the lines were written under and no changes. Unmanaged accounts (`account:…`) and NHIs
 * no file defines any more (`nhi:…`) are no leavers.
 */
export function leaverNames(identities: readonly Identity[], journal: readonly JournalLine[], owner: LineOwner = asRecorded, changes: readonly Change[] = []): Set<string> {
  // Keyed by the name the journal records them under (a leaver whose id is a secret, by their anchor).
  const known = new Map(identities.map((i) => [shownIdentity(i.id, i.anchor), i]));
  const names = terminatedNames(identities);
  const gone = (name: string) => !known.has(name) && !name.startsWith("account:") && !name.startsWith("nhi:");
  for (const { record: r } of journal) {
    const name = r.action && REVOCATIONS.has(r.action) ? owner(r) : undefined;
    if (name === undefined) continue;
    const identity = known.get(name);
    if (identity ? identity.kind === "person" && isLeavingStep(r) : gone(name)) names.add(name);
  }
  for (const c of changes) if (gone(c.identity) && isLeavingStep({ action: c.action, why: c.reason, ...lifecycleField(c.lifecycle) })) names.add(c.identity);
  return names;
}

/** The people the sources say left, by the names the journal records them under (a leaver whose id is a secret, by their anchor). */
export function terminatedNames(identities: readonly Identity[]): Set<string> {
  return new Set(identities.filter((i) => i.kind === "person" && i.status === "terminated").map((i) => shownIdentity(i.id, i.anchor)));
}

/**
 * The report: each leaver whose leaving or one of whose offboarding steps falls in [since, until),
 * and each one with something outstanding, whenever they left. A leaver who came back is listed
 * for a period their leaving's steps fall in.
 */
export function leaversReport(input: LeaversInput): LeaversReport {
  const { since, until } = input;
  const inPeriod = (at: number) => at >= since && at < until;
  // Every leaver by the name the plan and the journal give them: a secret id is named by its anchor (shownIdentity).
  const byRawId = new Map(input.identities.map((i) => [i.id, i]));
  const byId = new Map(input.identities.map((i) => [shownIdentity(i.id, i.anchor), i]));
  const priorById = new Map((input.prior ?? []).map((i) => [shownIdentity(i.id, i.anchor), i]));
  const owner = lineOwners(input.identities, input.decisions, input.plan.changes, input.journal);
  const steps = journalSteps(input.journal, owner);
  const changes = groupBy(input.plan.changes, (c) => c.identity);
  const decisions = groupBy(input.decisions, (d) => { const i = byRawId.get(d.identity); return i ? shownIdentity(i.id, i.anchor) : d.identity; });
  const lines = journalIndex(input.journal.lines);
  const nhisOf = leaverNhis({ identities: input.identities, findings: input.plan.findings, now: input.now, missingUnknown: input.missingUnknown === true, ...(input.exportedAt ? { exportedAt: input.exportedAt } : {}), exceptions: input.plan.exceptions, ...(input.prior ? { prior: input.prior } : {}), ...(input.failingGates ? { failingGates: input.failingGates } : {}), ...(input.unproven ? { unproven: input.unproven } : {}) });
  const ownWorking = stillWorkingOf(input.plan.findings);
  // An owned NHI's steps and planned changes, as a leaver's own: planned until the journal records them done.
  const targetsOf = (name: string): LeaverTarget[] => {
    const mine = steps.get(name) ?? [];
    const mineChanges = changes.get(name) ?? [];
    const names = [...new Set([...mine.map((s) => s.target), ...mineChanges.map((c) => c.target)])].sort(cmp);
    return names.map((t) => leaverTarget(input, { name, status: "terminated", target: t, steps: mine.filter((s) => s.target === t), decision: undefined, changes: mineChanges, lines }));
  };
  const leavers: LeaverEntry[] = [];
  for (const name of [...leaverNames(input.identities, input.journal.lines, owner, input.plan.changes)].sort(cmp)) {
    const identity = byId.get(name);
    const status = !identity ? "gone" : identity.status === "terminated" ? "terminated" : "returned";
    const mine = steps.get(name) ?? [];
    const mineChanges = changes.get(name) ?? [];
    const left = leftOf(identity, priorById.get(name), decisions.get(name) ?? [], mine, mineChanges);
    // Whoever is back is in a period for their leaving's steps only: a mover's revoke since is no leaving.
    const listedFor = status === "returned" ? mine.some((s) => s.leaving && inPeriod(s.ms)) : inPeriod(left.at) || mine.some((s) => inPeriod(s.ms));
    const mineDecisions = decisions.get(name) ?? [];
    const targetNames = [...new Set([...mine.map((s) => s.target), ...mineDecisions.map((d) => d.target), ...mineChanges.map((c) => c.target)])].sort(cmp);
    const targets = targetNames.map((t) => leaverTarget(input, { name, status, target: t, steps: mine.filter((s) => s.target === t), decision: mineDecisions.find((d) => d.target === t && d.earlierLogin === undefined), changes: mineChanges, lines }));
    // Someone back owns their NHIs again (an active owner offboards none); a leaver's NHIs still working are owed.
    // byId knows a masked leaver by their shown name (their anchor); what they own is under their id.
    const own = identity?.id ?? name;
    const nhis = status === "returned" ? [] : nhisOf(own).map((n) => withTargets(n, targetsOf(n.nhi)));
    // Their own credentials a target cannot revoke (credential-manual-revocation): a person must.
    const stillWorking = status === "returned" ? [] : ownWorking(own);
    const outstanding = targets.reduce((n, t) => n + t.outstanding.length, 0) + stillWorking.length + nhis.reduce((n, x) => n + nhiOutstanding(x), 0);
    const waived = nhis.reduce((n, x) => n + (x.waived?.length ?? 0), 0);
    const unverified = nhis.reduce((n, x) => n + (x.unverified?.length ?? 0), 0);
    if (!listedFor && outstanding + waived + unverified === 0) continue;
    const placed = listedFor ? "in" : Number.isNaN(left.at) ? "undated" : left.at < since ? "before" : "after";
    leavers.push({ identity: name, status, placed, left: left.said, targets, ...(stillWorking.length > 0 ? { stillWorking } : {}), ...(nhis.length > 0 ? { nhis } : {}), outstanding, ...(waived > 0 ? { waived } : {}), ...(unverified > 0 ? { unverified } : {}) });
  }
  // A name the journal offboarded that no identity has now is listed as `gone`, for the journal
  // does not say whether it was a person or an NHI. Where it is an NHI a leaver's section already
  // lists (one only the last accepted snapshot knows: present: false, with these journal steps),
  // it is that NHI: listed there once, its steps not counted a second time.
  const ownedNhis = new Set(leavers.flatMap((l) => (l.nhis ?? []).map((n) => n.nhi)));
  const listed = leavers.filter((l) => l.status !== "gone" || !ownedNhis.has(l.identity));
  // Without the journal, an account shown disabled or gone is all the report has: when and on
  // whose approval it went is the journal's to show. No leaver is then shown done (a disabled
  // account gave a ✅ under a head that said "not complete"): each is unverified, with why, and
  // the report is not complete (exit 2). Someone back owes nothing (and only the journal knows them).
  const needJournal = input.journalMissing === true && !input.withoutJournal;
  const shown = needJournal ? listed.map((l) => (l.status === "returned" ? l : unverifiedWithoutJournal(l, input.journal.from))) : listed;
  const journalNeeded = shown.filter((l) => l.journalNeeded !== undefined).map((l) => l.identity);
  return {
    report: "leavers",
    period: { since: isoString(since), until: isoString(until), ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}) },
    generatedAt: isoString(input.now),
    journal: input.journal.from,
    ...(input.journalMissing && !input.withoutJournal ? { journalMissing: true as const } : {}),
    ...(journalNeeded.length > 0 ? { journalNeeded } : {}),
    ...(input.withoutJournal ? { withoutJournal: true as const } : {}),
    ...(input.journal.unreadable && input.journal.unreadable.length > 0 ? { journalUnreadable: [...input.journal.unreadable] } : {}),
    ...(input.failingGates && input.failingGates.size > 0 ? { sourcesFailingGates: [...input.failingGates].sort(cmp) } : {}),
    leavers: shown,
    outstanding: shown.reduce((n, l) => n + l.outstanding, 0),
    waived: shown.reduce((n, l) => n + (l.waived ?? 0), 0),
    unverified: shown.reduce((n, l) => n + (l.unverified ?? 0), 0),
  };
}

/** A leaver with no journal to show their offboarding by: unverified once, with why (model/leavers-report.ts journalNeeded). */
function unverifiedWithoutJournal(l: LeaverEntry, journal: string): LeaverEntry {
  const reason = `there is no apply journal at ${journal}: what the targets show now is all there is, not when or on whose approval their access went, so their offboarding is not shown done (an installation that keeps no journal says so with --without-journal)`;
  return { ...l, journalNeeded: reason, unverified: (l.unverified ?? 0) + 1 };
}

/** An owned NHI with the targets the plan or the journal takes something of it on; evidence of done only when none is outstanding there either. */
function withTargets(n: LeaverNhi, targets: LeaverTarget[]): LeaverNhi {
  if (targets.length === 0) return n;
  const { shownBy, ...rest } = n;
  const open = targets.some((t) => t.outstanding.length > 0);
  return { ...rest, targets, ...(shownBy && !open ? { shownBy } : {}) };
}

/**
 * When and where the leaving was known, and the instant that places it against the period: the
 * termination date; without one (Okta, Google, a disabled directory account, a blank HR cell), the
 * earlier of the day a snapshot first saw them terminated and their first step in the journal, the
 * first time scopesync could act on it; NaN when nothing says (no date, no snapshot, no step). The
 * reason is the planner's (a decision's, a step's, else a change the plan still makes: a person
 * HR stopped exporting has only that).
 */
function leftOf(identity: Identity | undefined, prior: Identity | undefined, decisions: readonly AppDecision[], steps: readonly Step[], changes: readonly Change[]): { at: number; said: LeaverEntry["left"] } {
  const date = identity?.attributes.terminationDate;
  const seen = identity?.status === "terminated" ? (identity.terminatedSeen ?? (prior?.status === "terminated" ? prior.terminatedSeen : undefined)) : undefined;
  const from = identity?.provenance.terminationDate ?? identity?.provenance.status;
  const reason = decisions.find((d) => d.offboarding)?.offboarding?.reason ?? steps.find((s) => s.why)?.why ?? changes.find((c) => isLeavingStep({ action: c.action, why: c.reason, ...lifecycleField(c.lifecycle) }))?.reason;
  const first = steps.filter((s) => !Number.isNaN(s.ms)).reduce<Step | undefined>((a, s) => (!a || s.ms < a.ms ? s : a), undefined);
  const dated = typeof date === "string" ? parseDate(date) : Number.NaN;
  const undated = Math.min(seen !== undefined ? parseDate(seen) : Number.POSITIVE_INFINITY, first?.ms ?? Number.POSITIVE_INFINITY);
  return {
    at: !Number.isNaN(dated) ? dated : Number.isFinite(undated) ? undated : Number.NaN,
    said: {
      ...(typeof date === "string" ? { terminationDate: date } : {}),
      ...(seen !== undefined && typeof date !== "string" ? { firstSeenTerminated: seen } : {}),
      ...(from ? { source: from.source, record: from.at } : {}),
      ...(reason ? { reason } : {}),
      ...(first ? { firstStep: first.at } : {}),
    },
  };
}

interface TargetInput {
  name: string;
  status: LeaverEntry["status"];
  target: string;
  steps: readonly Step[];
  decision: AppDecision | undefined;
  changes: readonly Change[];
  lines: JournalIndex;
}

function leaverTarget(input: LeaversInput, t: TargetInput): LeaverTarget {
  const { name, target, steps, decision } = t;
  const facts = input.plan.targets[target];
  const view = viewText(facts);
  const account = decision?.account ?? plannedAccount(t.changes.filter((c) => c.target === target));
  const config = input.targets.get(target);
  const configured = config !== undefined;
  const shown = { target, ...(configured ? {} : { configured: false as const }), ...(view ? { view } : {}), ...(account ? { account: { id: account.id, login: account.login, ...(account.active !== undefined ? { active: account.active } : {}) } } : {}), steps: steps.map(({ target: _t, ms: _m, leaving: _l, ...s }) => s) };
  // Someone back has today's access by today's policy: their old offboarding is no longer owed.
  if (t.status === "returned") return { ...shown, outstanding: [] };
  // A state file read before an apply still shows what the apply took: a planned change the journal
  // records done since that read is done, not outstanding (as `explain` says of it). Steps are
  // matched by what they do, not their change id: the id names the target, which a rename changes.
  // A `file` target or a live read is the target now, as the plan judges it (plan/state-current.ts).
  const current = facts !== undefined && stateIsCurrent(config?.type, facts.readFrom);
  const since = linesSinceRead({ journal: { ...input.journal, lines: t.lines.of(name, account?.id) }, facts, target, names: new Set([name]), current, ...(account ? { account: account.id } : {}) });
  const doneSince = new Set(since.filter(({ record: r }) => r.phase === "done").map(({ record: r }) => stepKey(r)));
  const outstanding: LeaverOutstanding[] = [];
  const planned = t.changes.filter((c) => c.target === target && REVOCATIONS.has(c.action) && c.action !== "delete-account" && !doneSince.has(stepKey(c)));
  const last = lastLineByStep(steps);
  for (const c of planned) {
    const tried = last.get(stepKey(c));
    const lastAttempt = tried && tried.result !== "applied" && tried.result !== "unchanged" ? `${tried.result} at ${tried.at}${tried.error ? `: ${tried.error}` : ""} (${tried.line})` : undefined;
    outstanding.push({ kind: "planned", action: c.action, ...(c.entitlement ? { entitlement: c.entitlement } : {}), ...(c.credential ? { credential: c.credential } : {}), change: c.id, reason: c.reason, ...(lastAttempt ? { lastAttempt } : {}) });
  }
  const plannedKeys = new Set(planned.map(stepKey));
  // A target scopesync.yaml no longer names can be planned and applied no more: its failures are
  // shown (configured: false), not owed for ever.
  for (const [key, s] of configured ? last : []) {
    if (!ENDED.has(s.result) || plannedKeys.has(key) || doneSince.has(key)) continue;
    outstanding.push({ kind: "failed", action: s.action, ...(s.entitlement ? { entitlement: s.entitlement } : {}), ...(s.credential ? { credential: s.credential } : {}), change: s.change ?? "", at: s.at, result: s.result, ...(s.error ? { error: s.error } : {}), line: s.line });
  }
  // Active in the view, no disable planned, and none the journal records since the read.
  const disabledSince = since.some(({ record: r }) => r.phase === "done" && (r.action === "disable-account" || r.action === "delete-account"));
  if (decision?.account?.active && !planned.some((c) => c.action === "disable-account") && !disabledSince) outstanding.push({ kind: "enabled", account: decision.account.id, login: decision.account.login, decision: decision.outcome });
  for (const o of givenSince(since, planned, input.journal.from, facts?.readAt)) outstanding.push(o);
  // A state the plan itself calls stale (or of unknown age) shows nothing done: "no account" there
  // may be one created since. Said once per target, with when it was read and the command to read it now.
  const stale = configured ? staleView(target, config, facts, input.plan.findings) : undefined;
  if (stale) outstanding.push({ kind: "unverified", ...stale });
  return { ...shown, outstanding };
}

/**
 * The account the plan's changes on one target name, for a leaver no decision is kept for (a
 * person no source exports any more: the plan offboards them before any journal line names
 * them, rv96 H1). Active when the plan disables it: the planner disables only an active account.
 */
function plannedAccount(changes: readonly Change[]): { id: string; login: string; active?: boolean } | undefined {
  const named = changes.find((c) => c.account !== undefined && c.login !== undefined);
  if (!named?.account || named.login === undefined) return undefined;
  return { id: named.account, login: named.login, ...(changes.some((c) => c.action === "disable-account") ? { active: true } : {}) };
}

/**
 * What the journal records scopesync gave the leaver after the state was read (an account created
 * or enabled, an entitlement granted), with no later line and no planned change taking it away: a
 * state read before the account existed shows "no account", and the report called that done while
 * scopesync's own records said otherwise (rv96 M2). `since` holds only lines later than the read.
 */
function givenSince(since: readonly JournalLine[], planned: readonly Change[], from: string, readAt: string | undefined): LeaverOutstanding[] {
  const removes = (r: Partial<JournalRecord>, given: Partial<JournalRecord>) => r.action === "disable-account" || r.action === "delete-account" || (given.action === "grant" && r.action === "revoke" && r.entitlement === given.entitlement);
  const out: LeaverOutstanding[] = [];
  since.forEach(({ record: r, line }, i) => {
    if (r.phase !== "done" || !r.action || !GIVING.has(r.action) || typeof r.at !== "string") return;
    if (planned.some((c) => removes(c, r)) || since.slice(i + 1).some((l) => l.record.phase === "done" && removes(l.record, r))) return;
    out.push({ kind: "unconfirmed", action: r.action, ...(typeof r.entitlement === "string" ? { entitlement: r.entitlement } : {}), at: r.at, line: `${from}:${line}`, ...(readAt ? { readAt } : {}) });
  });
  return out;
}
