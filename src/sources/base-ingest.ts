// `plan --base REF`: the base's desired state is made from the same exports read the way REF's
// scopesync.yaml reads them. Resolving this pull request's records with the base's YAML would
// credit the sources with what the pull request's own source configuration does (a status
// mapping that re-enables everyone on leave would read as rehires), so a source whose entry
// differs is read again with the base's entry. Where that cannot be done the plan says so: the
// source's records are then missing from the base, and every change they cause counts as this
// pull request's (shown to the reviewer, never hidden as the sources' doing).
//
// The same holds for the export itself where the repository commits it: a source whose export
// files the pull request edits is read for the base from REF's copy (export-edits.ts), so what the
// edit does is the pull request's too, and a finding names the files and the records that differ.
// Unless the plan is told the exports were fetched from the sources (the sync workflow's own pull
// request: --fetched-exports): then they are the sources' word, and only named.
import { sameSourceEntry } from "../config/source-config-changes.js";
import { ScopesyncError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { acceptedSnapshotPaths, ingestSource, type IngestOptions, type IngestResult } from "./ingest.js";
import type { Revision } from "../config/repo-files.js";
import { exportEdit, withBaseExports, type ExportEdit } from "./export-edits.js";
import { exportEdited, exportFetched, recordDifference } from "./export-edit-finding.js";

/** `plan --base` at a git revision: the base's exports are read from it where the checkout's differ. */
export interface BaseExports {
  revision: Revision;
  /** The checkout's exports were fetched from the sources (--fetched-exports): they count as the sources'. */
  fetched: boolean;
}

export interface BaseIngest {
  /** The sources as the base reads them: for the base's resolve. */
  ingest: IngestResult;
  /** For this pull request's plan: the sources the base does not read, or could not read. */
  findings: Finding[];
}

/**
 * The sources the base configures, read with its entries: this pull request's reading where the
 * entry is the same (no second read), read again where it differs. A source the base could not
 * read (its export is not in the checkout, a live read failed) is left out and named.
 */
export async function ingestAtBase(base: PolicyRepo, pr: PolicyRepo, prIngest: IngestResult, options: IngestOptions, ref: string, exports?: BaseExports): Promise<BaseIngest> {
  const ingest: IngestResult = { records: new Map(), snapshots: new Map(), findings: [], gatesFailed: new Set(), unproven: new Set(), exportedAt: new Map() };
  const findings: Finding[] = [];
  const names = Object.keys(base.config.value.sources).sort((a, b) => (a < b ? -1 : 1));
  const edits = new Map<string, ExportEdit>();
  const unreadable = new Set<string>();
  for (const name of exports ? names : []) {
    try {
      const edit = await exportEdit(name, base.config.value.sources[name]!, { repoDir: options.repoDir, revision: exports!.revision, fromSnapshots: options.fromSnapshots === true });
      if (edit) edits.set(name, edit);
    } catch (e) {
      // git could not list REF's copy: the base has none of the source's records, and says so.
      if (!(e instanceof ScopesyncError)) throw e;
      unreadable.add(name);
      findings.push(unread(name, ref, e, pr));
    }
  }
  // Fetched exports are the sources' word: the base reads them as the pull request does.
  const fromRef = exports?.fetched ? new Map<string, ExportEdit>() : edits;
  for (const edit of exports?.fetched ? edits.values() : []) findings.push(exportFetched(edit, ref, edit.files[0]!));
  const reread = names.filter((name) => !sameSourceEntry(base.config.value, pr.config.value, name) || !prIngest.records.has(name) || fromRef.has(name));
  const basePaths = reread.length > 0 ? await acceptedSnapshotPaths(options) : new Map<string, string>();
  for (const name of names) {
    if (unreadable.has(name)) continue;
    if (!reread.includes(name)) {
      ingest.records.set(name, prIngest.records.get(name)!);
      const snapshot = prIngest.snapshots.get(name);
      if (snapshot) ingest.snapshots.set(name, snapshot);
      if (prIngest.gatesFailed.has(name)) ingest.gatesFailed.add(name);
      if (prIngest.unproven.has(name)) ingest.unproven.add(name);
      continue;
    }
    try {
      const edit = fromRef.get(name);
      if (!edit) await ingestSource(base, name, basePaths, options, ingest);
      else {
        await withBaseExports(edit, exports!.revision, base, options.repoDir, options.now, (repo, dir) => ingestSource(repo, name, basePaths, { ...options, repoDir: dir }, ingest));
        const theirs = prIngest.records.get(name);
        if (theirs) findings.push(exportEdited(edit, recordDifference(ingest.records.get(name)!, theirs), ref, edit.files[0]!));
      }
    } catch (e) {
      // Only a read that failed the way a source fails (a missing export, a refused request);
      // anything else is a defect and stops the plan.
      if (!(e instanceof ScopesyncError)) throw e;
      findings.push(unread(name, ref, e, pr));
    }
  }
  for (const name of Object.keys(pr.config.value.sources).sort((a, b) => (a < b ? -1 : 1))) {
    if (base.config.value.sources[name] === undefined) findings.push(added(name, ref, pr));
  }
  return { ingest, findings };
}

function where(pr: PolicyRepo, name: string): string {
  return pr.config.value.sources[name] === undefined ? pr.config.file : `${pr.config.file}:${pr.config.locate(["sources", name]).line}`;
}

function unread(name: string, ref: string, e: ScopesyncError, pr: PolicyRepo): Finding {
  return {
    rule: "source-unread-at-base",
    severity: "warning",
    message: `source "${name}" could not be read with its configuration at ${ref} (${e.message}), so the base's desired state has none of its records: every change about them counts as this pull request's, whether this pull request or the export caused it`,
    remediation: `keep what ${ref}'s entry for "${name}" reads (its export path) in the checkout while this pull request changes the entry, or change the entry and the export in pull requests of their own`,
    location: where(pr, name),
  };
}

function added(name: string, ref: string, pr: PolicyRepo): Finding {
  return {
    rule: "source-added-in-pr",
    severity: "info",
    message: `source "${name}" is new in this pull request: ${ref} does not read it, so every change its records cause counts as this pull request's`,
    location: where(pr, name),
  };
}
