import type { PolicyRepo } from "../model/policy-repo.js";
import { ScopesyncError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import type { SourceRecord } from "../model/source-record.js";
import { checkGates, holdsNoOne } from "./quality-gates.js";
import { absencesMakeLeavers } from "../model/export-checks.js";
import { linkedRecords } from "./linked-records.js";
import { readSource } from "./registry.js";
import { sourceConfigAt } from "./source.js";
import { readSnapshot, snapshotExportTime, snapshotPath, type SourceSnapshot } from "./snapshot.js";
import type { Revision } from "../config/repo-files.js";
import { noSnapshot, sameSnapshot, snapshotPathsAt, snapshotsAt, snapshotUse } from "./accepted-snapshot.js";
import { append } from "../model/append.js";
import { parseDate } from "../model/time.js";
import { UNPROVEN_EXPORT_RULE } from "../model/unknown-absence.js";
import type { ExportTimeOrigin } from "../model/export-time-origin.js";
import { sourceTimeZone, timeZoneOf, zoneDays } from "./zone-days.js";

export interface IngestOptions {
  repoDir: string;
  env: Record<string, string | undefined>;
  now: number;
  /** Plan from the committed snapshots instead of reading the sources (reproducible review). */
  fromSnapshots?: boolean;
  /**
   * The revision whose source snapshots are the accepted ones (`--base`: the branch a pull request
   * merges into). A snapshot is accepted once merged, so one a pull request carries (the daily
   * sync's) is not the baseline its own plan is measured against. Default: the working tree's.
   */
  acceptedAt?: Revision;
  /** Apply's re-plan: the gates the reviewed plan passed by an acceptance (gate-accept.ts); undefined in `plan`. */
  reviewedAccepted?: ReadonlySet<string>;
}

export interface IngestResult {
  records: Map<string, SourceRecord[]>;
  /** The last accepted snapshot of each source that has one: churn, movers, joiners. */
  snapshots: Map<string, SourceSnapshot>;
  /** Quality-gate failures: each blocks the plan. */
  findings: Finding[];
  /**
   * Sources that failed a quality gate. What such a source no longer exports is unknown, not
   * gone: the planner derives no leaver from its absence.
   */
  gatesFailed: Set<string>;
  /**
   * Sources whose export cannot be proven complete (finding source-unproven-export: a saved page
   * without the response headers that say whether more follow). Like a failing source, what such
   * a source does not export is unknown, not gone; unlike one, the plan is not blocked.
   */
  unproven: Set<string>;
  /**
   * Each source's export time (its records' oldest `exportedAt`; for an export without records,
   * the time its adapter gave it, or for a snapshot without records the export time it records):
   * what the leavers report cites as the export that shows an NHI switched off, or does not show
   * it. Absent: an empty snapshot written before snapshots recorded that time.
   */
  exportedAt: Map<string, string>;
}

/**
 * Reads every configured source (or its snapshot) and runs the quality gates. A source that cannot
 * be read throws: an unreadable source is never an empty one.
 */
export async function ingestSources(repo: PolicyRepo, options: IngestOptions): Promise<IngestResult> {
  const result: IngestResult = { records: new Map(), snapshots: new Map(), findings: [], gatesFailed: new Set(), unproven: new Set(), exportedAt: new Map() };
  const basePaths = await acceptedSnapshotPaths(options);
  for (const name of Object.keys(repo.config.value.sources).sort((a, b) => (a < b ? -1 : 1))) await ingestSource(repo, name, basePaths, options, result);
  return result;
}

/** Where each source keeps its snapshot at the accepted revision (empty without one): for ingestSource. */
export async function acceptedSnapshotPaths(options: IngestOptions): Promise<Map<string, string>> {
  return options.acceptedAt ? await snapshotPathsAt(options.acceptedAt) : new Map<string, string>();
}

/**
 * Reads one configured source (or its snapshot) into `into` and runs its quality gates. Throws
 * when it cannot be read, leaving `into` without it.
 */
export async function ingestSource(repo: PolicyRepo, name: string, basePaths: ReadonlyMap<string, string>, options: IngestOptions, into: IngestResult): Promise<void> {
  const config = repo.config;
  const source = config.value.sources[name]!;
  const findings: Finding[] = [];
  const path = snapshotPath(name, source);
  const pos = config.locate(["sources", name]);
  const configAt = `${config.file}:${pos.line}`;
  const warn = (f: Omit<Finding, "location">) => findings.push({ ...f, location: configAt });
  // `own`: the working tree's snapshot; `snapshot`: the accepted one, the baseline.
  const use = snapshotUse(source);
  const { own, accepted: snapshot } = options.acceptedAt ? await snapshotsAt(options.acceptedAt, basePaths, { repoDir: options.repoDir, name, path, use, warn }) : sameSnapshot(readSnapshot(options.repoDir, path, name));
  if (!snapshot && !options.acceptedAt && !options.fromSnapshots && use) warn(noSnapshot(name, path, use));
  let list: SourceRecord[];
  let unproven = false;
  // The export's time and where it came from (SourceContext.exportTime): no record of an empty
  // export carries the time, and the gates' messages name the origin.
  let told: string | undefined;
  let origin: ExportTimeOrigin | undefined;
  if (options.fromSnapshots) {
    if (!own) throw new ScopesyncError(`source "${name}" has no snapshot at ${path}`, "run scopesync snapshot and commit state/sources/, or plan without --from-snapshots");
    // A snapshot written before the zone was set holds bare dates: they are the zone's days too.
    list = zoneDays(own.records, sourceTimeZone(config.value, name));
    // An empty snapshot's time is the one it records of its export: maxAge judges it as it judges the empty export.
    if (list.length === 0) told = snapshotExportTime(own);
    origin = { kind: "snapshot", path };
  } else {
    list = await readSource({ name, config: source, repoDir: options.repoDir, env: options.env, now: options.now, ...timeZoneOf(config.value, name), warn: (finding) => {
        if (finding.rule === UNPROVEN_EXPORT_RULE) unproven = true;
        findings.push(finding);
      },
      at: sourceConfigAt(config, name), exportTime: (t) => { told = t.at; origin = t.origin; } });
  }
  // Only a source read whole is added: one that throws leaves nothing half-recorded behind.
  if (snapshot) into.snapshots.set(name, snapshot);
  if (unproven) into.unproven.add(name);
  into.records.set(name, list);
  const exported = oldestExport(list) ?? told;
  if (exported !== undefined) into.exportedAt.set(name, exported);
  const failed = checkGates({ source: name, records: list, gates: source.gates ?? {}, ...(snapshot && !options.fromSnapshots ? { snapshot } : {}), now: options.now, configAt, linked: linkedRecords(name, repo.links), ...(options.reviewedAccepted ? { reviewedAccepted: options.reviewedAccepted } : {}), ...(origin !== undefined ? { origin } : {}), ...(told !== undefined ? { exportTime: told } : {}), ...(options.fromSnapshots ? { snapshotRead: path } : {}), absencesMakeLeavers: absencesMakeLeavers(source), acceptedEmpty: holdsNoOne(snapshot) });
  if (failed.some((f) => f.severity === "error")) into.gatesFailed.add(name);
  append(into.findings, findings);
  append(into.findings, failed);
}

/** The oldest `exportedAt` of the records (RFC 3339 instants, compared as instants), or undefined when there is none. */
function oldestExport(list: readonly SourceRecord[]): string | undefined {
  let oldest: string | undefined;
  let at = Number.POSITIVE_INFINITY;
  // The records of one export nearly all carry one time: parsing it once per run of equal times
  // spared 0.3 s of a 100k-person plan.
  let last: string | undefined;
  for (const r of list) {
    if (r.exportedAt === last) continue;
    last = r.exportedAt;
    const ms = parseDate(r.exportedAt);
    if (ms < at) [oldest, at] = [r.exportedAt, ms];
  }
  return oldest;
}
