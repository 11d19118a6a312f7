import { timeZoneOf } from "../sources/zone-days.js";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { checkGates, churnCounts, holdsNoOne, measureChurn } from "../sources/quality-gates.js";
import { absencesMakeLeavers } from "../model/export-checks.js";
import { FUTURE_EXPORT_RULE } from "../sources/export-time.js";
import type { ExportTimeOrigin } from "../model/export-time-origin.js";
import { linkedRecords } from "../sources/linked-records.js";
import { readSource } from "../sources/registry.js";
import { sourceConfigAt } from "../sources/source.js";
import { makeSnapshot, readSnapshot, snapshotPath, writeSnapshots, type SourceSnapshot } from "../sources/snapshot.js";
import { fileNameOf, partFileName, snapshotPartMib } from "../sources/snapshot-parts.js";
import { resolveIdentities } from "../resolve/resolve-identities.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { SourceConfig } from "../model/documents.js";
import type { SourceRecord } from "../model/source-record.js";
import { recordRef, sourceOfRef } from "../model/keys.js";
import { termText } from "../plan/render/escape.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";
import { parseNow } from "../model/now.js";
import { keepGone } from "./snapshot-gone.js";
import { writeDroppedOwners } from "./snapshot-owners.js";
import { earlierLoginsStillCarried } from "./snapshot-held-logins.js";
import { stampTerminatedSeen } from "./snapshot-left.js";
import { appLoginAttributes, overlayLogins } from "../resolve/snapshot-logins.js";
import type { Identity } from "../model/identity.js";
import { formerIdsOf } from "../resolve/renames.js";
import { checkReferences } from "../config/references.js";
import type { Finding } from "../model/finding.js";
import { UNPROVEN_EXPORT_RULE } from "../model/unknown-absence.js";
import { markLookAlikes } from "../resolve/group-names.js";
import type { GroupNameBinding } from "../model/group-name-binding.js";
import { weigh } from "../compile.js";

export interface SnapshotOptions { repo: string; now?: string }

/**
 * `scopesync snapshot`: reads every source and writes its normalised, sorted, secret-free snapshot
 * under state/sources/. Committing it in a PR is how a reviewer accepts a new baseline; churn
 * against the old one is printed for that review. Data-quality gates still apply; churn does not,
 * because accepting the churn is the point. An export that cannot be proven complete is refused
 * like a failed gate: it is no baseline to accept.
 */
export async function snapshotCommand(options: SnapshotOptions, io: Io): Promise<number> {
  // Refused before anything is read when the sources do not fit the heap (a V8 fatal error before,
  // that left a snapshot's temp file behind).
  const { memory } = weigh({ repoDir: options.repo, files: workingTree(options.repo) }, "snapshot");
  if (memory.tight) warnOnStderr(io)(memory.tight);
  const loaded = loadRepo(workingTree(options.repo));
  const repo = valueOrReport(loaded.repo ? { ok: true, value: loaded.repo } : { ok: false, diagnostics: loaded.diagnostics }, io);
  if (!repo) return ExitCode.invalid;
  const now = parseNow(options.now);
  // `exportTime`: the export's time its adapter told, which the snapshot records when no record gives it (an empty export).
  const pending: Array<{ name: string; path: string; config: SourceConfig; records: SourceRecord[]; what: string; groupNames?: GroupNameBinding[]; exportTime?: string }> = [];
  const previous = new Map<string, SourceSnapshot>();
  let failed = false;
  for (const [name, config] of Object.entries(repo.config.value.sources).sort(([a], [b]) => (a < b ? -1 : 1))) {
    // A source's own warnings are printed as a plan prints them. An export that cannot be proven
    // complete (a saved page without the headers that say whether more follow) is no baseline:
    // accepted, the users it lacks would be kept as gone and offboarded by later plans, though the
    // plan itself takes nothing from its absences (model/unknown-absence.ts). So it is refused,
    // as a failed gate is.
    const refused: Finding[] = [];
    const warn = (f: Finding): void => {
      if (f.rule === UNPROVEN_EXPORT_RULE) refused.push(f);
      else io.err(`warning ${f.rule}: ${termText(f.message, 600)}${f.remediation ? `\n  fix: ${termText(f.remediation, 600)}` : ""}`);
    };
    // An empty export's time, which no record carries: its maxAge is checked by it. `origin`:
    // where the adapter took it from, which the time gates name.
    let told: string | undefined;
    let origin: ExportTimeOrigin | undefined;
    const records = await readSource({ name, config, repoDir: options.repo, env: io.env, now, ...timeZoneOf(repo.config.value, name), warn, at: sourceConfigAt(repo.config, name), exportTime: (t) => { told = t.at; origin = t.origin; } });
    const gates = { ...config.gates };
    delete gates.maxChurn;
    // A gate an accept waives does not stop the snapshot (it is what the accept is for): not a failure here.
    // An export time after the snapshot's clock is said, not refused: the records' own dates were
    // judged at that clock (sources/common/judged-at.ts), and a plan refuses the export
    // (source-gate-future-export), or a corrected later one (source-gate-older-than-snapshot),
    // naming the time, until the baseline is replaced.
    const path = snapshotPath(name, config);
    const before = readSnapshot(options.repo, path, name);
    const gated = checkGates({ source: name, records, gates, now, configAt: repo.config.file, ...(origin !== undefined ? { origin } : {}), ...(told !== undefined ? { exportTime: told } : {}), absencesMakeLeavers: absencesMakeLeavers(config), acceptedEmpty: holdsNoOne(before) }).filter((f) => f.severity === "error");
    for (const f of gated) if (f.rule === FUTURE_EXPORT_RULE) io.err(`warning ${f.rule}: ${termText(f.message, 600)}\n  fix: ${termText(f.remediation ?? "", 600)}`);
    const findings = [...refused, ...gated.filter((f) => f.rule !== FUTURE_EXPORT_RULE)];
    for (const f of findings) io.err(`error ${f.rule}: ${termText(f.message, 600)}\n  fix: ${termText(f.remediation ?? "", 600)}`);
    if (findings.length > 0) {
      failed = true;
      continue;
    }
    if (before) previous.set(name, before);
    const churn = before ? measureChurn(before.records, records, linkedRecords(name, repo.links)) : undefined;
    const what = `${records.length} records → ${path}${churn ? ` (${churnCounts(churn)}: ${churn.percent.toFixed(1)}%)` : " (first snapshot)"}`;
    pending.push({ name, path, config, records, what, ...(told !== undefined ? { exportTime: told } : {}) });
  }
  let kept: string[] = [];
  if (!failed) {
    const resolved = resolveForSnapshot(repo, pending, previous);
    writeOverlayLogins(repo, pending, resolved.identities);
    writeStillNamed(repo, pending, resolved.identities, earlierLoginsStillCarried(repo, options.repo, resolved.identities, resolved.prior));
    writeKeptRecords(pending, resolved.identities);
    writeDroppedOwners(pending, resolved.identities);
    markSettledGroupNames(pending, previous);
    stampTerminatedSeen(pending, previous, new Date(now).toISOString().slice(0, 10));
    kept = keepDeparted(pending, previous, now, resolved);
  }
  // All or nothing: a snapshot set where one source failed would mix two points in time. A line
  // says a snapshot was written only once it was.
  if (failed) {
    for (const p of pending) io.out(`${p.name}: ${p.what}: not written`);
    io.err("no snapshot was written: fix the sources above first");
    return ExitCode.blocked;
  }
  const written = writeSnapshots(options.repo, pending.map((p) => ({ path: p.path, snapshot: () => makeSnapshot(p.name, p.config, p.records, p.groupNames, p.exportTime), partBytes: snapshotPartMib(p.config) * 2 ** 20 })));
  pending.forEach((p, i) => {
    io.out(`${p.name}: ${p.what}`);
    // A reviewer sees the parts in the pull request: which files they are, and why there are several.
    const { parts, removed } = written[i]!;
    const name = fileNameOf(p.path);
    if (parts > 0) io.out(`  written as ${parts} parts of at most ${snapshotPartMib(p.config)} MiB each (sources.${p.name}.snapshotPartSize) beside it, ${partFileName(name, 1, parts)} to ${partFileName(name, parts, parts)}, which it lists`);
    if (removed > 0) io.out(`  ${removed} part${removed === 1 ? "" : "s"} of its earlier layout removed: commit ${removed === 1 ? "its" : "their"} removal with it (git add -A)`);
    // Under the line of the source whose snapshot keeps them.
    for (const line of kept) if (line.startsWith(`${p.name}: `)) io.out(`  ${line}`);
  });
  for (const line of kept) if (!pending.some((p) => line.startsWith(`${p.name}: `))) io.out(line);
  return ExitCode.ok;
}

interface SnapshotIdentities {
  /** The identities the previous snapshots give (with today's overlays); undefined without one. */
  prior: Identity[] | undefined;
  /** Today's identities, resolved against the prior (renames, departures, logins carried over). */
  identities: Identity[];
  departed: string[];
}

/** Today's identities as a plan would resolve them: against the previous snapshots, where there are any. */
function resolveForSnapshot(repo: PolicyRepo, pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, previous: ReadonlyMap<string, SourceSnapshot>): SnapshotIdentities {
  const current = new Map(pending.map((p) => [p.name, p.records] as const));
  if (previous.size === 0) return { prior: undefined, ...resolveIdentities(repo, current) };
  const before = new Map(pending.map((p) => [p.name, previous.get(p.name)?.records ?? p.records] as const));
  const prior = resolveIdentities(repo, before).identities;
  const { identities, departed } = resolveIdentities(repo, current, new Set(), prior, new Set(), previous);
  return { prior, identities, departed };
}

/**
 * Each person's logins in apps that link by an overlay's attribute (githubLogin), on their anchor
 * record: once they leave and their overlay goes, the snapshot still says which account was theirs
 * (src/resolve/snapshot-logins.ts).
 */
function writeOverlayLogins(repo: PolicyRepo, pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, identities: readonly Identity[]): void {
  const attributes = appLoginAttributes(repo);
  if (attributes.length === 0) return;
  const byRef = new Map<string, { list: SourceRecord[]; i: number }>();
  for (const p of pending) p.records.forEach((r, i) => byRef.set(recordRef(p.name, r.externalId), { list: p.records, i }));
  for (const identity of identities) {
    const logins = identity.kind === "person" ? overlayLogins(identity, attributes) : undefined;
    const at = logins ? byRef.get(identity.anchor) : undefined;
    if (at) at.list[at.i] = { ...at.list[at.i]!, logins };
  }
}

/**
 * A renamed person's earlier logins that files still name (an overlay's id, a group member, an
 * NHI's owner), or under which an app that links by login still has their account (`carried`: a
 * rename login-held or account-login-stale keeps waiting, snapshot-held-logins.ts), on their
 * anchor record: accepted without them, the rename would be forgotten and what those files name
 * would be nobody's (the overlay, its GitHub login with it) until someone rewrote them, and the
 * account would be left unmanaged while another under the new login was taken for theirs. Written
 * again at every snapshot while a file names them or an app's account carries them.
 */
function writeStillNamed(repo: PolicyRepo, pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, identities: readonly Identity[], carried: ReadonlyMap<string, ReadonlySet<string>>): void {
  const renamed = formerIdsOf(identities);
  if (renamed.size === 0) return;
  const named = new Set<string>();
  checkReferences(repo, new Set(identities.map((i) => i.id)), { renamed, onRenamed: ({ name }) => named.add(name), onUnknownPerson: () => undefined });
  if (named.size === 0 && carried.size === 0) return;
  const byRef = new Map<string, { list: SourceRecord[]; i: number }>();
  for (const p of pending) p.records.forEach((r, i) => byRef.set(recordRef(p.name, r.externalId), { list: p.records, i }));
  for (const identity of identities) {
    const still = identity.formerIds?.filter((f) => named.has(f) || (carried.get(identity.id)?.has(f) ?? false));
    const at = still?.length ? byRef.get(identity.anchor) : undefined;
    if (at) at.list[at.i] = { ...at.list[at.i]!, formerIds: still! };
  }
}

/**
 * Records kept with a person though no correlation key joins them any more (an e-mail changed in
 * one source only: src/resolve/split-off.ts), on the person's anchor record: accepted without
 * them, the next plan would know nothing that ties the records and make a new person of the one
 * left over. Written again at every snapshot until the keys agree again.
 */
function writeKeptRecords(pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, identities: readonly Identity[]): void {
  const kept = identities.filter((i) => i.keptRecords !== undefined);
  if (kept.length === 0) return;
  const byRef = new Map<string, { list: SourceRecord[]; i: number }>();
  for (const p of pending) p.records.forEach((r, i) => byRef.set(recordRef(p.name, r.externalId), { list: p.records, i }));
  for (const identity of kept) {
    const at = byRef.get(identity.anchor);
    if (at) at.list[at.i] = { ...at.list[at.i]!, keptRecords: identity.keptRecords! };
  }
}

/**
 * Each group name stays bound to the group it was first known by (resolve/group-bindings.ts): the
 * new snapshot carries the last one's bindings as they are, though the bound group was renamed or
 * is gone, and binds a name only the day one group alone carries it. The look-alikes' refs are
 * marked. A look-alike never becomes the name's meaning by being accepted in a routine snapshot;
 * only a reviewer's edit of the binding, or a policy naming the group by id (groupIds), does.
 */
function markSettledGroupNames(pending: Array<{ name: string; records: SourceRecord[]; groupNames?: GroupNameBinding[] }>, previous: ReadonlyMap<string, SourceSnapshot>): void {
  for (const p of pending) {
    const marked = markLookAlikes(p.records, p.name, previous.get(p.name));
    p.records = marked.records;
    p.groupNames = marked.groupNames;
  }
}

/**
 * The leavers whose anchor record is gone from the source that decides their status while other
 * sources still export them (src/resolve/departed.ts) are known only from the snapshot that still
 * has the record. Accepting a snapshot without it would make their other records a new person in
 * the next plan. So the record is kept in the new snapshot, terminated and marked `departed`,
 * until no other source exports them as active. A person gone from every source is kept for a
 * while too (snapshot-gone.ts). Returns a line for each one kept.
 */
function keepDeparted(pending: Array<{ name: string; records: SourceRecord[] }>, previous: ReadonlyMap<string, SourceSnapshot>, now: number, resolved: SnapshotIdentities): string[] {
  const { prior, departed, identities } = resolved;
  if (!prior) return [];
  const lines: string[] = [];
  for (const anchor of departed) {
    const source = sourceOfRef(anchor);
    const externalId = anchor.slice(source.length + 1);
    const record = previous.get(source)?.records.find((r) => r.externalId === externalId);
    const target = pending.find((p) => p.name === source);
    if (!record || !target) continue;
    target.records.push({ ...record, status: "terminated", departed: record.departed ?? new Date(now).toISOString().slice(0, 10) });
    lines.push(`${source}: keeps ${termText(anchor)} (${termText(record.userName)}) as a leaver: no longer in the export, but other sources still export them as active (departed-still-exported)`);
  }
  return [...lines, ...keepGone(prior, identities, previous, pending, now, new Set(departed))];
}
