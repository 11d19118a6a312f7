// The NHIs a leaver owned that are offboarded, and what of each keeps working that no plan revokes:
// a GitHub App installation, an IAM role an OIDC issuer may assume, a key a system no target is of
// issued, a credential a target can only name (`manualRevocation`). No vendor lets scopesync revoke
// those narrowly, so the findings name them (`stillWorking`, model/still-working.ts) with the step a
// person takes; without this the leavers report read "nothing outstanding" while the leaver's NHI
// still signed in. Each is outstanding until the export no longer shows it working: then the NHI
// is done, and the exports that show it, with their times, are the evidence.
//
// Two things are no such evidence, and are said instead: a finding a reviewed exception waives
// still names something working (`waived`, with the exception's ticket and expiry); and an export
// that no longer shows the NHI at all (its file's `discoveredBy` names a record the source did not
// report, or the last accepted snapshot had it from a source that does not show it now) shows
// nothing of what it holds there (`unverified`). Either way the report once read "switched off".
// Nor is a source that failed its quality gates: it decides nothing about who left, so neither
// what its export shows of an NHI nor its absence there is evidence: each NHI it reported, or that
// a file names in it, is unverified there (before, such an NHI read "switched off" on its file).
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { LeaverNhi, LeaverNhiEvidence, LeaverNhiOutstanding, LeaverNhiUnverified, LeaverNhiWaived } from "../model/leavers-report.js";
import { cmp } from "../model/finding.js";
import { groupBy } from "../model/group-by.js";
import { nhiOffboarding } from "../policy/lifecycle.js";
import type { AppliedException } from "../policy/rules/exceptions.js";
import { absenceUnknown } from "../model/unknown-absence.js";

export interface LeaverNhiInput {
  identities: readonly Identity[];
  /** The plan's findings: those with `stillWorking` say what of an NHI keeps working. */
  findings: readonly Finding[];
  now: number;
  /** A source failed its gates or cannot be proven complete: an owner it lacks is unknown, not gone (lifecycle.ts). */
  missingUnknown: boolean;
  /** Each source's export time. */
  exportedAt?: ReadonlyMap<string, string>;
  /** The plan's exceptions in force: those whose waived finding named something still working. */
  exceptions?: readonly AppliedException[];
  /** The identities of the last accepted snapshot: the sources that reported an NHI then. */
  prior?: readonly Identity[];
  /** The sources that failed their quality gates: what they show of an NHI, or do not, is no evidence. */
  failingGates?: ReadonlySet<string>;
  /** The sources whose export cannot be proven complete: an NHI they do not show is unknown there. */
  unproven?: ReadonlySet<string>;
}

/** Per leaver's id: the offboarded NHIs they own (a file's `owner:`, or an owner their system names), sorted. */
export function leaverNhis(input: LeaverNhiInput): (leaver: string) => LeaverNhi[] {
  const byId = new Map(input.identities.map((i) => [i.id, i]));
  const priorById = new Map((input.prior ?? []).filter((i) => i.kind !== "person").map((i) => [i.id, i]));
  // An NHI only the snapshot knows now is still theirs: its owner as the snapshot had it.
  const gone = [...priorById.values()].filter((i) => !byId.has(i.id));
  const owned = groupBy(
    [...input.identities, ...gone].filter((i) => i.kind !== "person").flatMap((i) => [...ownersOf(i)].map((o) => ({ o, i }))),
    (x) => x.o,
  );
  const working = stillWorkingOf(input.findings);
  const waivedOf = waived(input.exceptions ?? []);
  return (leaver) =>
    (owned.get(leaver) ?? [])
      .flatMap(({ i: nhi }): LeaverNhi[] => {
        const off = nhiOffboarding(nhi, byId, input.now, input.missingUnknown);
        if (!off) return [];
        const present = byId.has(nhi.id);
        const outstanding = working(nhi.id);
        const counted = new Set(outstanding.map(itemKey));
        const byException = waivedOf(nhi.id).filter((w) => !counted.has(itemKey(w)));
        const unverified = unverifiedOf(nhi, present ? priorById.get(nhi.id) : nhi, present, input);
        const done = outstanding.length + byException.length + unverified.length === 0;
        return [{
          nhi: nhi.id,
          kind: nhi.kind,
          offboarded: off.reason,
          ...(present ? {} : { present: false as const }),
          outstanding,
          ...(byException.length > 0 ? { waived: byException } : {}),
          ...(unverified.length > 0 ? { unverified } : {}),
          ...(done ? { shownBy: shownBy(nhi, input.exportedAt) } : {}),
        }];
      })
      .sort((a, b) => cmp(a.nhi, b.nhi));
}

/** Who owns an NHI: its file's `owner:`, and every owner its system names. */
function ownersOf(i: Identity): Set<string> {
  return new Set([...(i.owner ? [i.owner] : []), ...(i.systemOwners ?? []).flatMap((o) => (o.id ? [o.id] : []))]);
}

/** Per identity: what the findings name of it as still working, one line per credential and system. */
export function stillWorkingOf(findings: readonly Finding[]): (id: string) => LeaverNhiOutstanding[] {
  const working = groupBy(
    findings.flatMap((f) => (f.stillWorking ?? []).map((w) => ({ ...w, rule: f.rule }))),
    (w) => w.nhi,
  );
  return (id) => merged(working.get(id) ?? []);
}

const itemKey = (o: { system: string; credential: string }): string => `${o.system}\u0000${o.credential}`;

/** Per NHI: what exceptions waive of it as still working, one line per credential, system and exception. */
function waived(exceptions: readonly AppliedException[]): (id: string) => LeaverNhiWaived[] {
  const items = groupBy(
    exceptions.flatMap((e) => (e.stillWorking ?? []).map((w): LeaverNhiWaived & { nhi: string } => ({ nhi: w.nhi, credential: w.credential, system: w.system, step: w.step, rules: [e.rule], exception: { ticket: e.ticket, at: e.at, expiresAt: e.expiresAt, approver: e.approver } }))),
    (w) => w.nhi,
  );
  return (id) => {
    const byKey = new Map<string, LeaverNhiWaived>();
    for (const { nhi: _n, ...w } of items.get(id) ?? []) {
      const key = `${itemKey(w)}\u0000${w.exception.at}`;
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { ...w, rules: [...w.rules] });
      else if (!seen.rules.includes(w.rules[0]!)) seen.rules.push(w.rules[0]!);
    }
    for (const w of byKey.values()) w.rules.sort(cmp);
    return [...byKey.values()].sort((a, b) => cmp(a.system, b.system) || cmp(a.credential, b.credential) || cmp(a.exception.at, b.exception.at));
  };
}

/**
 * The sources that once reported the NHI and do not show it in this run's export: the records its
 * file names that a source read whole did not report (`notFoundIn`), or that a source failing its
 * gates or unproven did not (`unconfirmedIn`), and the sources the last accepted snapshot had it
 * from that do not report it now (all of them, for an NHI no file declares and no export shows).
 * Deleted there, or missing from the export: only that system says. And every source failing its
 * gates that shows it: what that export shows is no evidence either.
 */
function unverifiedOf(nhi: Identity, before: Identity | undefined, present: boolean, input: Pick<LeaverNhiInput, "exportedAt" | "failingGates" | "unproven">): LeaverNhiUnverified[] {
  const failing = input.failingGates ?? new Set<string>();
  const exportOf = (s: string) => `the export of ${s}${exportTimeText(s, input.exportedAt)}`;
  // Why a source's word counts for nothing here, said after what it shows: "" for a source that passed.
  const distrust = (s: string) => (failing.has(s) || input.unproven?.has(s) ? `; ${s} ${absenceUnknown(s, input.unproven ?? [], failing).why}, so it decides nothing about it` : "");
  const check = (s: string) => `check it in ${s}${failing.has(s) ? `, and fix ${s}'s export until it passes` : ""}`;
  const out = new Map<string, LeaverNhiUnverified>();
  for (const ref of [...(nhi.notFoundIn ?? []), ...(nhi.unconfirmedIn ?? [])]) {
    const source = ref.slice(0, ref.indexOf(":"));
    const read = failing.has(source) || input.unproven?.has(source) ? "" : ", read whole,";
    out.set(source, { source, reason: `${nhi.definedAt ?? "its file"} names it as ${ref}, and ${exportOf(source)}${read} does not show it${distrust(source)}: deleted there, or missing from the export; ${check(source)}` });
  }
  const now = new Set(present ? (nhi.discoveredBy ?? []) : []);
  for (const source of before?.discoveredBy ?? []) {
    if (now.has(source) || out.has(source)) continue;
    const what = present ? `${exportOf(source)} does not show it` : `no file declares it and no export shows it now (${source}'s${exportTimeText(source, input.exportedAt, "")} included)`;
    out.set(source, { source, reason: `the last accepted snapshot had it from ${source}; ${what}${distrust(source)}: deleted there, or missing from the export; ${check(source)}` });
  }
  for (const source of now) {
    if (!failing.has(source) || out.has(source)) continue;
    out.set(source, { source, reason: `${exportOf(source)} shows it, but ${source} failed its quality gates, so it decides nothing about it: what that export shows of it still working, or switched off, is no evidence, and what it lost of it is not there; ${check(source)}` });
  }
  return [...out.values()].sort((a, b) => cmp(a.source, b.source));
}

/**
 * " at TIME" for an export with a time; for one without (an empty snapshot: no record carries
 * one), says so: the reader is not left to guess whether the export is today's.
 */
function exportTimeText(source: string, exportedAt: ReadonlyMap<string, string> | undefined, none = " (no export time: it has no record that gives one)"): string {
  const at = exportedAt?.get(source);
  return at ? ` at ${at}` : none;
}

/** One line per credential and system, however many findings name it (an unrevocable key is named by two), with its rules. */
function merged(items: ReadonlyArray<{ credential: string; system: string; step: string; rule: string }>): LeaverNhiOutstanding[] {
  const byKey = new Map<string, LeaverNhiOutstanding>();
  for (const w of items) {
    const key = itemKey(w);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { credential: w.credential, system: w.system, step: w.step, rules: [w.rule] });
    else if (!seen.rules.includes(w.rule)) seen.rules.push(w.rule);
  }
  for (const o of byKey.values()) o.rules.sort(cmp);
  return [...byKey.values()].sort((a, b) => cmp(a.system, b.system) || cmp(a.credential, b.credential));
}

/** The exports that reported the NHI, with their times; the file that declares it, for one no source reports. */
function shownBy(nhi: Identity, exportedAt: ReadonlyMap<string, string> | undefined): LeaverNhiEvidence[] {
  const sources = nhi.discoveredBy ?? [];
  if (sources.length === 0) return nhi.definedAt ? [{ file: nhi.definedAt }] : [];
  return sources.map((s) => {
    const at = exportedAt?.get(s);
    return at ? { source: s, exportedAt: at } : { source: s };
  });
}
