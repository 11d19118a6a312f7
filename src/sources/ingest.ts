import type { PolicyRepo } from "../model/policy-repo.js";
import { ScopesyncError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import type { SourceRecord } from "../model/source-record.js";
import { checkGates } from "./quality-gates.js";
import { readSource } from "./registry.js";
import { sourceConfigAt } from "./source.js";
import { parseSnapshot, readSnapshot, snapshotPath, type SourceSnapshot } from "./snapshot.js";
import type { Revision } from "../config/repo-files.js";
import { readFileSync, statSync } from "node:fs";
import { posix, resolve } from "node:path";
import { parse } from "yaml";
import { CONFIG_FILE } from "../config/load-repo.js";
import { append } from "../model/append.js";

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
}

/**
 * Reads every configured source (or its snapshot) and runs the quality gates. A source that cannot
 * be read throws: an unreadable source is never an empty one.
 */
export async function ingestSources(repo: PolicyRepo, options: IngestOptions): Promise<IngestResult> {
  const records = new Map<string, SourceRecord[]>();
  const snapshots = new Map<string, SourceSnapshot>();
  const findings: Finding[] = [];
  const gatesFailed = new Set<string>();
  const config = repo.config;
  const basePaths = options.acceptedAt ? await snapshotPathsAt(options.acceptedAt) : undefined;
  for (const [name, source] of Object.entries(config.value.sources).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const path = snapshotPath(name, source);
    const pos = config.locate(["sources", name]);
    const configAt = `${config.file}:${pos.line}`;
    let snapshot: SourceSnapshot | undefined;
    let own: SourceSnapshot | undefined; // the working tree's snapshot
    if (options.acceptedAt) {
      const warn = (f: Omit<Finding, "location">) => findings.push({ ...f, location: configAt });
      const atBase = basePaths?.get(name) ?? path;
      const accepted = await acceptedSnapshot(options.acceptedAt, atBase, name, options.repoDir, warn);
      // The working tree's is what the pull request carries: not the baseline, but still read
      // (unless it is the same file), so that a corrupt one cannot be merged.
      own = accepted && sameFile(options.repoDir, path, accepted.bytes) ? accepted.snapshot : readSnapshot(options.repoDir, path, name);
      snapshot = accepted?.snapshot;
      if (!accepted && own && source.gates?.maxChurn !== undefined) warn(churnUnchecked(name, options.acceptedAt.ref, atBase));
    } else {
      snapshot = own = readSnapshot(options.repoDir, path, name);
    }
    if (snapshot) snapshots.set(name, snapshot);
    let list: SourceRecord[];
    if (options.fromSnapshots) {
      const from = own;
      if (!from) throw new ScopesyncError(`source "${name}" has no snapshot at ${path}`, "run scopesync snapshot and commit state/sources/, or plan without --from-snapshots");
      list = from.records;
    } else {
      list = await readSource({ name, config: source, repoDir: options.repoDir, env: options.env, now: options.now, warn: (finding) => findings.push(finding), at: sourceConfigAt(config, name) });
    }
    records.set(name, list);
    const pinned = (source.options as { exportedAt?: unknown } | undefined)?.exportedAt;
    const failed = checkGates({ source: name, records: list, gates: source.gates ?? {}, ...(snapshot && !options.fromSnapshots ? { snapshot } : {}), now: options.now, configAt, ...(typeof pinned === "string" && !options.fromSnapshots ? { pinnedExportedAt: pinned } : {}) });
    if (failed.length > 0) gatesFailed.add(name);
    append(findings, failed);
  }
  return { records, snapshots, findings, gatesFailed };
}

/**
 * Each source's snapshot path in scopesync.yaml at the accepted revision: a pull request that
 * moves a snapshot is measured against the file where the base keeps it. Empty when the base has
 * no scopesync.yaml that parses (the working tree's paths are used then).
 */
async function snapshotPathsAt(revision: Revision): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  const bytes = await revision.blob(CONFIG_FILE);
  let doc: unknown;
  try {
    doc = bytes ? parse(new TextDecoder().decode(bytes)) : undefined;
  } catch {
    return paths;
  }
  const sources = (doc as { sources?: unknown } | undefined)?.sources;
  if (!sources || typeof sources !== "object") return paths;
  for (const [name, source] of Object.entries(sources as Record<string, unknown>)) {
    const snapshot = (source as { snapshot?: unknown } | null)?.snapshot;
    paths.set(name, typeof snapshot === "string" ? snapshot : `state/sources/${name}.json`);
  }
  return paths;
}

/**
 * The source's snapshot at the accepted revision, with its bytes. A path outside the repository
 * is not in git: the working tree's is read, and a finding says that the baseline is not the
 * accepted one. Undefined when the revision has no snapshot for it (none accepted yet).
 */
async function acceptedSnapshot(revision: Revision, path: string, source: string, repoDir: string, warn: (f: Omit<Finding, "location">) => void): Promise<{ snapshot: SourceSnapshot; bytes?: Uint8Array } | undefined> {
  const inRepo = posix.normalize(path.replaceAll("\\", "/"));
  if (posix.isAbsolute(inRepo) || inRepo.split("/")[0] === "..") {
    warn({ rule: "snapshot-not-at-base", severity: "warning", message: `source "${source}": its snapshot ${path} is outside the repository, so the one ${revision.ref} accepted cannot be read; churn, movers and leavers are measured against the one on disk`, remediation: `keep the snapshot in the repository (sources.${source}.snapshot), so that a pull request that carries a new one is measured against the one ${revision.ref} accepted` });
    const snapshot = readSnapshot(repoDir, path, source);
    return snapshot ? { snapshot } : undefined;
  }
  const bytes = await revision.blob(inRepo);
  return bytes ? { snapshot: parseSnapshot(new TextDecoder().decode(bytes), path, source, revision.ref), bytes } : undefined;
}

function churnUnchecked(source: string, ref: string, path: string): Omit<Finding, "location"> {
  return { rule: "snapshot-not-at-base", severity: "warning", message: `source "${source}" has no accepted snapshot at ${ref} (${path}): maxChurn was not checked, and no mover, joiner or leaver is measured against an accepted baseline`, remediation: "merge the pull request that adds the source's first snapshot on its own, before one that changes who is in the export" };
}

/** Is the working tree's file at `path` these bytes? (Most pull requests do not touch the snapshot.) */
function sameFile(repoDir: string, path: string, bytes: Uint8Array | undefined): boolean {
  if (!bytes) return false;
  const abs = resolve(repoDir, path);
  try {
    return statSync(abs).size === bytes.length && readFileSync(abs).equals(bytes);
  } catch {
    return false;
  }
}
