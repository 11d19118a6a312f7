import type { GateSettings } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import { emailKey } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";
import { isExpired, parseDate, parseDuration } from "../model/time.js";
import type { SourceSnapshot } from "./snapshot.js";
import { joinedByLinks, type LinkedRecords } from "./linked-records.js";
import { exportDigest, suggestedAccept, waiverFor, type AcceptContext, type WaivedGate } from "./gate-accept.js";
import { futureExport, newestExportedAt, olderThanSnapshot } from "./export-time.js";
import { servedIn, type ExportTimeOrigin } from "../model/export-time-origin.js";
import type { GateFailure } from "./gate-failure.js";
import { changedAccount, customDomainHint, exportAccounts, mixedAccounts, unboundRecords, undeclaredAccount } from "./export-account.js";

// A sync that trusts a broken export is how mass offboarding happens. Every gate that fails
// yields a blocking finding with the source, the rule, the numbers, and the reviewed way to accept.

export interface GateInput {
  source: string;
  records: SourceRecord[];
  gates: GateSettings;
  /** The last accepted snapshot, for churn; undefined on the first run. */
  snapshot?: SourceSnapshot;
  /**
   * The plan's clock. Undefined in `validate`, which takes no --now: the gates that need a clock
   * (maxAge, an export time after the plan's) are not checked, and no acceptance has expired.
   */
  now: number | undefined;
  /** Where the gate settings live, for remediation text. */
  configAt: string;
  /**
   * Where the export's time came from (the adapter tells it: SourceContext.exportTime; a snapshot
   * read in its place), which the time gates' messages name. Absent: "as its records say".
   */
  origin?: ExportTimeOrigin;
  /**
   * The export's time as the adapter told it (SourceContext.exportTime): the time of an export
   * without records, which no record carries. Without it an empty export had no age, and a stale
   * empty file passed maxAge.
   */
  exportTime?: string;
  /**
   * `plan --from-snapshots`: the records are the committed snapshot at this path, not an export.
   * Said when an empty one records no export time (one written before snapshots recorded it).
   */
  snapshotRead?: string;
  /** The source's records a reviewed `links` entry joins (linked-records.ts): a re-keyed person is no churn. */
  linked?: LinkedRecords;
  /**
   * Apply's re-plan: the gates the reviewed plan passed by an acceptance (gate-accept.ts
   * reviewedAcceptances). An acceptance naming no export then waives only those. Undefined in `plan`.
   */
  reviewedAccepted?: ReadonlySet<string>;
  /**
   * The source is a people source (model/export-checks.ts absencesMakeLeavers): its absences are
   * leavers, whatever it is authoritative for. An export of it without records then fails
   * source-gate-empty whatever `gates` say: a header-only file would otherwise offboard everyone
   * it anchors wherever no gate was set.
   */
  absencesMakeLeavers: boolean;
  /**
   * The accepted snapshot holds no one (holdsNoOne): the source was emptied in a reviewed pull
   * request, and an empty export of it is no news. Not set on a first run, which has no snapshot.
   */
  acceptedEmpty?: boolean;
}

/** The built-in gate on an empty export of a source whose absences are leavers (a people source). */
export const EMPTY_EXPORT_RULE = "source-gate-empty";

/** The snapshot holds no one: no record, or only departed leavers it keeps (SourceRecord.departed). */
export function holdsNoOne(snapshot: SourceSnapshot | undefined): boolean {
  return snapshot !== undefined && !snapshot.records.some((r) => r.departed === undefined);
}

/**
 * Churn of fewer records than this is never over maxChurn, unless gates.churnFloor says otherwise.
 * In a source of 8 people one leaver is 12.5%: without a floor, the init template's 10% blocked
 * every plan at each leaver, and the leaver kept access until someone accepted the gate (rv87 M1).
 * A truncated export loses far more records than this, and a tiny source's few changes still meet
 * the safety limits.
 */
export const CHURN_FLOOR = 3;

const REQUIRED_FIELDS: Record<string, (r: SourceRecord) => unknown> = {
  externalId: (r) => r.externalId,
  userName: (r) => r.userName,
  status: (r) => r.status,
  email: (r) => r.emails[0],
  employeeId: (r) => r.employeeId,
  department: (r) => r.department,
  manager: (r) => r.manager,
  title: (r) => r.title,
  employmentType: (r) => r.employmentType,
};

/** Every failed gate (`error`), and each gate a reviewed `accept` waives (`source-gate-accepted`, a warning). */
export function checkGates(input: GateInput): Finding[] {
  const { source, records, gates } = input;
  const out: Finding[] = [];
  const failed = (f: GateFailure, severity: "error" | "warning" = "error"): void => {
    out.push({ rule: f.rule, severity, message: `source "${source}": ${f.message}`, remediation: f.remediation, location: input.configAt, controls: ["NIST-CSF-PR.AA-01"] });
  };
  const fail = (gate: string, message: string, remediation: string): void => failed({ rule: `source-gate-${gate}`, message, remediation });

  // A gate passed only because a reviewed `accept` waives it is said on every plan it waives, as a
  // safety override is: a reviewer of a later plan in the window must see the gate is relaxed. The
  // acceptance counts only for the export it names (gate-accept.ts).
  let digest: string | undefined;
  const at: AcceptContext = { source, configAt: input.configAt, digest: () => (digest ??= exportDigest(records)), ...(input.reviewedAccepted ? { reviewed: input.reviewedAccepted } : {}) };
  // Each failed gate an acceptance may waive, weighed once all are known: the gates `accept`
  // covers are waived together, by one source-gate-accepted warning (one acceptance, one warning).
  // `rank` orders them in that warning; `verdict` is told undefined (waived), "" (the acceptance's
  // numbers do not cover it, or there is none), or "; why" (they do, but it does not count here).
  const waivable: Array<{ covered: boolean; rank: number; gate: WaivedGate; verdict: (why: string | undefined) => void }> = [];
  // The failed gates an acceptance could waive, told last, each with the whole acceptance to commit.
  const suggest: { records?: number; churnUpTo?: string; account?: string } = {};
  const unaccepted: Unaccepted[] = [];

  for (const field of gates.required ?? []) {
    const get = REQUIRED_FIELDS[field] ?? ((r: SourceRecord) => r.raw[field]);
    const missing = records.filter((r) => { const v = get(r); return v === undefined || v === "" || (Array.isArray(v) && v.length === 0); });
    if (missing.length > 0) {
      fail("required", `${missing.length} of ${records.length} records lack required attribute "${field}" (first: ${missing[0]!.position})`, `fix the export, or remove "${field}" from gates.required in ${input.configAt}`);
    }
  }
  // Each record's keys are visited one by one, none collected in a list: an export can hold a million records.
  // Two records a reviewed `links` entry joins are one person, as correlation merges them: the
  // worker a contractor became, or a rehire under a new worker id, beside the old record HR keeps
  // (same address, same login). The entry says which records are the person, what the gate asks;
  // a third record with the key, or one the entry does not join to the first, still fails. An
  // anchor is never shared that way: two records under one worker id are not two workers.
  const unique = (what: string, keysOf: (r: SourceRecord, visit: (key: string) => boolean) => void, joined = false): void => {
    const seen = new Map<string, SourceRecord>();
    let r: SourceRecord;
    // False once a key of r is another record's: that record's other keys are not looked at.
    const visit = (k: string): boolean => {
      const prior = seen.get(k);
      if (prior && joined && prior !== r && joinedByLinks(input.linked, prior, r)) return true;
      if (prior && prior !== r) {
        fail("unique", `${what} ${JSON.stringify(k)} appears on two records (${prior.position} and ${r.position})`, "fix the duplicate in the source directory; scopesync cannot tell which record is the person");
        return false;
      }
      seen.set(k, r);
      return true;
    };
    for (r of records) keysOf(r, visit);
  };
  unique("anchor", (r, visit) => visit(r.externalId));
  unique("email", (r, visit) => {
    for (const email of r.emails) if (!visit(emailKey(email))) return;
  }, true);
  unique("userName", (r, visit) => {
    if (r.userName) visit(r.userName.toLowerCase());
  }, true);
  // Always on: an export's time decides how its dates are judged and whether its absences are news.
  const empty = records.length === 0;
  const told = empty && input.exportTime !== undefined ? parseDate(input.exportTime) : Number.NaN;
  const exportedAt = newestExportedAt(records) ?? (Number.isNaN(told) ? undefined : told);
  const origin = input.origin;
  const pin = origin?.kind === "pinned" ? origin : undefined;
  const timeFailures = exportedAt === undefined ? [] : [
    input.now === undefined ? undefined : futureExport(exportedAt, input.now, origin),
    input.snapshot ? olderThanSnapshot(exportedAt, input.snapshot.exportedAt, origin) : undefined,
  ];
  for (const f of timeFailures) if (f) failed(f);
  let stale = false;
  // An empty export of unknown time cannot be held to maxAge: as stale, it decides nothing (fail-closed).
  if (gates.maxAge && empty && exportedAt === undefined && input.now !== undefined) {
    stale = true;
    fail("max-age", `export is empty (no records) and its time is unknown: ${unknownTime(input.snapshotRead)}, so maxAge ${gates.maxAge} cannot judge it${staleEmpty(gates, input.snapshot !== undefined, input.absencesMakeLeavers && !input.acceptedEmpty)}`, input.snapshotRead === undefined
      ? "pin the export's time with options.exportedAt, or read the source again"
      : `write the snapshot again with scopesync snapshot (it records the time of the export it is made from) and commit it in a reviewed PR; or plan without --from-snapshots`);
  }
  if (gates.maxAge && exportedAt !== undefined && input.now !== undefined) {
    const age = input.now - exportedAt;
    if (age > parseDuration(gates.maxAge)) {
      stale = true;
      const remediation = pin === undefined
        ? `refresh the export${origin?.kind === "served" && origin.list !== undefined ? `, the ${origin.list} export with the rest` : ""}; a stale export would re-grant access that was already taken away`
        : `the export's time is pinned by ${pin.setting} (${pin.value})${pin.at === undefined ? "" : ` at ${pin.at}`}: refresh the export and update ${pin.setting} with it, or remove it to take ${pin.unpinned}; a stale export would re-grant access that was already taken away`;
      fail("max-age", `export is ${empty ? "empty (no records) and " : ""}${formatAge(age)} old (exported ${new Date(exportedAt).toISOString()}${ageOrigin(origin)}); maxAge is ${gates.maxAge}${empty ? staleEmpty(gates, input.snapshot !== undefined, input.absencesMakeLeavers && !input.acceptedEmpty) : ""}`, remediation);
    }
  }
  const tenants = exportAccounts(records);
  const mixed = mixedAccounts(tenants.named);
  if (mixed !== undefined) failed(mixed);
  // A declared tenant binds every run, the first too; the snapshot's is compared only without one.
  const declared = gates.account === undefined ? undefined : undeclaredAccount(tenants, gates.account, records.length, input.configAt);
  if (declared !== undefined) failed(declared);
  const unbound = gates.account === undefined ? unboundRecords(tenants, input.snapshot?.records) : undefined;
  if (unbound !== undefined) failed(unbound, unbound.severity);
  const moved = gates.account === undefined ? changedAccount(tenants.named, input.snapshot?.records) : undefined;
  if (moved) {
    const covered = gates.accept?.account === moved.account && !expired(gates.accept.expiresAt, input.now);
    const alias = customDomainHint(moved, moved.accepted, "the accepted snapshot", input.configAt);
    const measured = `the export is of ${moved.kind.noun} ${moved.account} (${moved.position}), the accepted snapshot of ${moved.accepted}${alias?.message ?? ""}`;
    waivable.push({ covered, rank: 0, gate: { gate: "account", measured: `${measured}, accepted for ${moved.account}` }, verdict: (why) => {
      if (why === undefined) return;
      suggest.account = moved.account;
      unaccepted.push({
        rule: "source-gate-account",
        message: `${measured}${why}`,
        remediation: (accept) => `${alias?.remediation ?? ""}${moved.kind.why}; if the source really moves to ${moved.kind.short} ${moved.account}, commit ${accept} in ${input.configAt} in a reviewed PR, with the new snapshot (scopesync snapshot)`,
      });
    } });
  }
  // The built-in empty-export gate (below) applies to this export: what it measures, and its waiver.
  const emptyGate = empty && input.absencesMakeLeavers && !input.acceptedEmpty;
  const emptyMeasured = `the export is empty (no records), and "${source}" is a source of people`;
  const emptyWaived: WaivedGate = { gate: "the empty-export gate", measured: `${emptyMeasured}, accepted down to 0 records` };
  if (gates.minRecords !== undefined && records.length < gates.minRecords) {
    const covered = gates.accept?.records !== undefined && records.length >= gates.accept.records && !expired(gates.accept.expiresAt, input.now);
    waivable.push({ covered, rank: 1, gate: { gate: "minRecords", measured: `export has ${records.length} records; minRecords is ${gates.minRecords}, accepted down to ${gates.accept?.records}` }, verdict: (why) => {
      if (why === undefined) return;
      suggest.records = records.length;
      unaccepted.push({ rule: "source-gate-min-records", message: `export has ${records.length} records; minRecords is ${gates.minRecords}${why}`, remediation: (accept) => `if the directory really shrank, commit ${accept} in ${input.configAt} in a reviewed PR` });
    } });
  }
  if (gates.maxChurn && input.snapshot) {
    const churn = measureChurn(input.snapshot.records, records, input.linked);
    const limit = parseFloat(gates.maxChurn);
    const acceptedUpTo = gates.accept?.churnUpTo && !expired(gates.accept.expiresAt, input.now) ? parseFloat(gates.accept.churnUpTo) : -1;
    const measured = `${churn.percent.toFixed(1)}% of records changed since the accepted snapshot${exportDay(input.snapshot)} (${describeChurn(churn)}); maxChurn is ${gates.maxChurn}`;
    const counted = churn.added + churn.removed + churn.statusChanged;
    const floor = gates.churnFloor ?? CHURN_FLOOR;
    const over = churn.percent > limit && counted >= floor;
    // The waiver's words stay `measured` alone: apply matches a reviewed plan's waiver by them (reviewedAccepted).
    if (over) waivable.push({ covered: churn.percent <= acceptedUpTo, rank: 3, gate: { gate: "maxChurn", measured: `${measured}, accepted up to ${gates.accept?.churnUpTo}` }, verdict: (why) => {
      if (why === undefined) return;
      suggest.churnUpTo = `${Math.ceil(churn.percent)}%`;
      // The floor is said with the numbers: a reader of a small source's failure sees why this churn was judged.
      const judged = `, judged when at least ${floor} record${floor === 1 ? " changes" : "s change"} (${gates.churnFloor === undefined ? `churnFloor ${floor}, the default` : `gates.churnFloor: ${floor}`}); ${counted} did`;
      unaccepted.push({
        rule: "source-gate-max-churn",
        message: `${measured}${judged}${why}`,
        remediation: (accept) => `a half-empty export must not become mass offboarding: check the export; if the change is real, commit ${accept} in ${input.configAt} in a reviewed PR, with the new snapshot (scopesync snapshot) or, with the daily sync, on its own, then run the sync again while the export is still this one (the acceptance counts only for the export it names; the sync's pull request carries the snapshot); an unmerged sync pull request lets churn add up from day to day`,
      });
    } });
  }
  // Built in, whatever `gates` say: an export without records from a people source would make
  // everyone it anchors a leaver, stopped only by the targets' safety limits, which a small org or
  // an override raises. Microsoft Entra Connect and cloud sync stop an export of more than 500
  // deletes by default ("prevent accidental deletes", on at install) for the same reason. The
  // acceptance is the one minRecords takes, down to 0 records.
  if (emptyGate) {
    const covered = gates.accept?.records === 0 && !expired(gates.accept.expiresAt, input.now);
    // Ranked after minRecords, which `records: 0` waives with it: the words a plan reviewed before named both by.
    waivable.push({ covered, rank: 2, gate: emptyWaived, verdict: (why) => {
      if (why === undefined) return;
      suggest.records = 0;
      unaccepted.push({
        rule: EMPTY_EXPORT_RULE,
        message: `${emptyMeasured}: it decides nothing about who left, whatever gates say${why}`,
        remediation: (accept) => `an empty export must not offboard everyone: check the export (a failed or filtered query, a file cut off after its header); if "${source}" really has no one now (emptied or retired on purpose), commit ${accept} in ${input.configAt} in a reviewed PR, with the new, empty snapshot (scopesync snapshot), after which an empty export is no news (whatever it is authoritative for, a source of people that no longer exports someone makes them a leaver)`,
      });
    } });
  }
  const covered = waivable.filter((w) => w.covered).sort((a, b) => a.rank - b.rank).map((w) => w.gate);
  const waiver = covered.length > 0 ? waiverFor(gates.accept!, covered, at) : undefined;
  if (waiver && "finding" in waiver) out.push(waiver.finding);
  for (const w of waivable) w.verdict(!w.covered ? "" : waiver && "why" in waiver ? `; ${waiver.why}` : undefined);
  // validate (no clock) reads only whether a gate failed, not the suggestion's expiry.
  for (const u of emptyExport(unaccepted, empty, stale)) failed({ rule: u.rule, message: u.message, remediation: u.remediation(suggestedAccept(suggest, at.digest(), input.now ?? 0)) });
  return out;
}

type Unaccepted = { rule: string; message: string; remediation: (accept: string) => string };

/**
 * An empty export fails the empty-export gate, minRecords and maxChurn for one reason, that it is
 * empty: one finding says so, not three (the one acceptance they would suggest is the same), under
 * the built-in gate where it applies. A stale one fails maxAge, which says the rest (staleEmpty):
 * whether the directory really emptied is a question for a fresh export, and accepting a stale
 * empty one would offboard everyone on last month's word.
 */
function emptyExport(unaccepted: Unaccepted[], empty: boolean, stale: boolean): Unaccepted[] {
  if (!empty) return unaccepted;
  const count = unaccepted.filter((u) => u.rule === EMPTY_EXPORT_RULE || u.rule === "source-gate-min-records" || u.rule === "source-gate-max-churn");
  const others = unaccepted.filter((u) => !count.includes(u));
  if (stale || count.length === 0) return others;
  const floor = count.find((u) => u.rule === EMPTY_EXPORT_RULE);
  const gates = count.filter((u) => u !== floor).map((u) => u.message.replace(/^export has 0 records; /, ""));
  const lead = floor ?? count[0]!;
  const message = floor ? [floor.message, ...gates].join("; and ") : `the export is empty (no records): ${gates.join("; and ")}`;
  return [...others, { rule: lead.rule, message, remediation: lead.remediation }];
}

/** Why an empty export's time is unknown: no record carries one, and neither its adapter nor its snapshot gave one. */
function unknownTime(snapshotRead: string | undefined): string {
  return snapshotRead === undefined ? "no record carries one, and its adapter told none" : `it is the snapshot ${snapshotRead}, which records no export time (written before scopesync snapshot recorded an empty export's)`;
}

/** What a stale empty export's maxAge failure says of the gates that count records, instead of their own findings. */
function staleEmpty(gates: GateSettings, snapshot: boolean, floor: boolean): string {
  const judged = [...(floor ? ["the empty-export gate"] : []), ...(gates.minRecords !== undefined ? [`minRecords (${gates.minRecords})`] : []), ...(gates.maxChurn && snapshot ? [`maxChurn (${gates.maxChurn})`] : [])];
  return judged.length === 0 ? "" : `; ${judged.length === 1 ? judged[0] : `${judged.slice(0, -1).join(", ")} and ${judged.at(-1)}`} ${judged.length === 1 ? "is" : "are"} judged on a fresh export, not on this one`;
}

/** "20 added, 3 gone, 1 changed status, against 120". */
function describeChurn(churn: Churn): string {
  return `${churnCounts(churn)}, against ${churn.base}`;
}

/** "20 added, 3 gone, 1 changed status", and "30 re-keyed by a links entry (not counted)" when any were: the gate's and `scopesync snapshot`'s words. */
export function churnCounts(churn: Churn): string {
  return `${churn.added} added, ${churn.removed} gone, ${churn.statusChanged} changed status${churn.rekeyed > 0 ? `, ${churn.rekeyed} re-keyed by a links entry (not counted)` : ""}`;
}

/** " of 2026-11-12": the day of the accepted snapshot's export, which churn counts from. */
function exportDay(snapshot: { exportedAt?: string }): string {
  return typeof snapshot.exportedAt === "string" && /^\d{4}-\d{2}-\d{2}/.test(snapshot.exportedAt) ? ` of ${snapshot.exportedAt.slice(0, 10)}` : "";
}

/** `rekeyed`: gone/added pairs a reviewed `links` entry joins (linked-records.ts), counted in none of the others. */
export interface Churn { added: number; removed: number; statusChanged: number; rekeyed: number; base: number; percent: number }

/**
 * Records added, gone and changed in status since the snapshot, as a share of the snapshot. An
 * added record that a reviewed `links` entry joins to one the snapshot had (a contractor converted
 * under a new worker id) is that person re-keyed: the pair counts once, as a status change when
 * the new record's status is not the old one's, else not at all; the old record's own absence or
 * status change is the same person's and is not counted again. Pairs are taken in the export's
 * order, each snapshot record once: same inputs, same numbers.
 */
export function measureChurn(beforeAll: SourceRecord[], after: SourceRecord[], linked: LinkedRecords = new Map()): Churn {
  // A departed leaver a snapshot keeps (SourceRecord.departed) was gone from the export already.
  const before = beforeAll.filter((r) => r.departed === undefined);
  const old = new Map(before.map((r) => [r.externalId, r]));
  const present = new Set(after.map((r) => r.externalId));
  const paired = new Set<string>();
  let added = 0;
  let statusChanged = 0;
  let rekeyed = 0;
  for (const r of after) {
    const prior = old.get(r.externalId);
    if (prior) continue;
    // A gone former record first: a conversion's old id usually leaves the export.
    const candidates = (linked.get(r.externalId) ?? []).filter((id) => old.has(id) && !paired.has(id));
    const former = candidates.find((id) => !present.has(id)) ?? candidates[0];
    if (former === undefined) {
      added++;
      continue;
    }
    paired.add(former);
    rekeyed++;
    if (old.get(former)!.status !== r.status) statusChanged++;
  }
  for (const r of after) {
    const prior = old.get(r.externalId);
    if (prior && !paired.has(r.externalId) && prior.status !== r.status) statusChanged++;
  }
  const removed = before.filter((r) => !present.has(r.externalId) && !paired.has(r.externalId)).length;
  const base = Math.max(before.length, 1);
  return { added, removed, statusChanged, rekeyed, base: before.length, percent: ((added + removed + statusChanged) / base) * 100 };
}

/** Like every expiry in scopesync: a date is past from its first instant (00:00 UTC) on. */
function expired(expiresAt: string | undefined, now: number | undefined): boolean {
  return expiresAt !== undefined && now !== undefined && isExpired(expiresAt, now);
}

function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${hours.toFixed(1)} hours` : `${(hours / 24).toFixed(1)} days`;
}

/**
 * Where the time maxAge judged came from, after the time: a pinned setting, or a page's Date header
 * (which a reader would otherwise take for the files' time). The files' time and a snapshot's are
 * what an unqualified export time has always meant here, and are not said.
 */
function ageOrigin(origin: ExportTimeOrigin | undefined): string {
  if (origin?.kind === "pinned") return `, as ${origin.setting} says`;
  if (origin?.kind === "served") return `, as the Date header saved in ${servedIn(origin)} says`;
  return "";
}
