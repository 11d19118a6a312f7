import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { SourceConfig } from "../model/documents.js";
import { cmp } from "../model/finding.js";
import { jsonSyntaxProblem } from "../model/json-error.js";
import type { SourceRecord } from "../model/source-record.js";
import type { SourceSnapshot } from "../model/source-snapshot.js";
import type { GroupNameBinding } from "../model/group-name-binding.js";
import { groupNamesProblem, recordsProblem } from "./snapshot-checks.js";
import { isBinaryAttribute } from "./common/directory/entry-values.js";
import { maskSecretShapes } from "../model/secret-shapes.js";
import { maskTexts } from "../model/mask-texts.js";
import { fileError } from "../model/file-failure.js";
import { removeDeadTemps, writeWholeFiles, type WholeFile } from "../model/whole-file.js";
import { refuseLinkedSnapshot } from "./snapshot-link.js";
import { snapshotText, unreadableSnapshot } from "./snapshot-text.js";
import { fileNameOf, isPartFileName, listedPartFiles, partPath, snapshotLayout } from "./snapshot-parts.js";
import { PartedSnapshotReader } from "./snapshot-part-reader.js";
import { nfcRecords } from "./nfc-records.js";
import { heldRecords, ONE_FILE_FORMAT, ONE_FILE_WITH_POSITIONS, PARTED_FORMAT, PARTED_WITH_POSITIONS, unknownFormat, type StoredRecord } from "./snapshot-records.js";
import { isValidDate } from "../model/time.js";

export type { SourceSnapshot };

export function snapshotPath(name: string, config: SourceConfig): string {
  return config.snapshot ?? `state/sources/${name}.json`;
}

// A snapshot is committed to git: it keeps what planning reads and nothing more. Of `raw`, that is
// `dn` (manager references name a DN), the attributes `gates.required` checks, and what the source
// lists in `snapshotAttributes`; the rest (addresses, phone numbers, photos) stays in the export.
const RAW_PLANNING_READS = ["dn"];

/** The raw attribute names (lower case) a snapshot of this source keeps. */
export function keptRawAttributes(config: SourceConfig): Set<string> {
  return new Set([...RAW_PLANNING_READS, ...(config.gates?.required ?? []), ...(config.snapshotAttributes ?? [])].map((name) => name.toLowerCase()));
}

function trimRaw(record: SourceRecord, kept: ReadonlySet<string>): SourceRecord {
  const raw: SourceRecord["raw"] = {};
  for (const [name, value] of Object.entries(record.raw)) {
    if (kept.has(name.toLowerCase()) && !isBinaryAttribute(name)) raw[name] = value;
  }
  return { ...record, raw };
}

/**
 * Every text of the record with secret-shaped values hidden (maskTexts: tokens, an AWS secret
 * access key, a URL's password), as every plan format shows them: a snapshot is committed, and an
 * export can hold a token pasted into a title or a free-text column that snapshotAttributes keeps.
 * The record's source and externalId stay as they are: they tie the snapshot to the export.
 */
function maskRecord(record: SourceRecord): SourceRecord {
  const masked = maskTexts(record);
  return masked === record ? record : { ...masked, source: record.source, externalId: record.externalId, hidden: true };
}

/**
 * A snapshot's records as the "before" of a plan: where the snapshot hid a value that the export
 * still has (the export's value, hidden, is the snapshot's), the export's value, so that a hidden
 * value does not read as a change (a mover) in every plan after it. The same list when nothing
 * was hidden.
 */
export function restoreHidden(before: SourceRecord[], now: readonly SourceRecord[]): SourceRecord[] {
  if (before === now || !before.some((r) => r.hidden)) return before;
  const wanted = new Set(before.filter((r) => r.hidden).map((r) => r.externalId));
  const current = new Map(now.filter((r) => wanted.has(r.externalId)).map((r) => [r.externalId, r]));
  return before.map((r) => (r.hidden && current.has(r.externalId) ? (restore(r, current.get(r.externalId)) as SourceRecord) : r));
}

function restore(was: unknown, now: unknown): unknown {
  if (typeof was === "string") return typeof now === "string" && now !== was && maskSecretShapes(now) === was ? now : was;
  if (Array.isArray(was)) return was.map((v, i) => restore(v, Array.isArray(now) ? now[i] : undefined));
  if (was && typeof was === "object") {
    const other = now && typeof now === "object" ? (now as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(was).map(([k, v]) => [k, restore(v, other[k])]));
  }
  return was;
}

/**
 * `exportTime`: the export's time as its adapter told it (SourceContext.exportTime), recorded when
 * no record of the export gives one: an empty export's snapshot had `exportedAt: ""`, and a plan
 * --from-snapshots could not hold it to maxAge. A departed leaver the snapshot keeps carries the
 * time of an older export, not this one's.
 */
export function makeSnapshot(name: string, config: SourceConfig, records: SourceRecord[], groupNames: readonly GroupNameBinding[] = [], exportTime?: string): SourceSnapshot {
  const kept = keptRawAttributes(config);
  const sorted = records.map((record) => maskRecord(trimRaw(record, kept))).sort((a, b) => cmp(a.externalId, b.externalId));
  const newest = sorted.reduce((latest, r) => (r.departed === undefined && r.exportedAt > latest ? r.exportedAt : latest), "");
  const exportedAt = newest !== "" ? newest : (exportTime ?? sorted.reduce((latest, r) => (r.exportedAt > latest ? r.exportedAt : latest), ""));
  const snapshot: SourceSnapshot = { formatVersion: 1, source: name, type: config.type, exportedAt, records: sorted };
  if (groupNames.length > 0) snapshot.groupNames = [...groupNames];
  return snapshot;
}

/** The export time a snapshot records, when it is a date: an empty export's snapshot written before it was recorded has `""`. */
export function snapshotExportTime(snapshot: SourceSnapshot): string | undefined {
  return typeof snapshot.exportedAt === "string" && isValidDate(snapshot.exportedAt) ? snapshot.exportedAt : undefined;
}

/** A snapshot to write: where (its source's `snapshot` path), what, and its source's part size in bytes. */
export interface SnapshotToWrite {
  path: string;
  snapshot: () => SourceSnapshot;
  partBytes: number;
}

/** How a snapshot was written: in how many parts (0: one file), and how many parts of its earlier layout were removed. */
export interface SnapshotWritten {
  parts: number;
  removed: number;
}

/**
 * Every source's snapshot, or none (model/whole-file.ts): all are written to temp files beside
 * them, each write checked and flushed, before the first is renamed into place. A set where one
 * source is new and another old would mix two points in time, and a full disk never leaves half a
 * snapshot, or a temp file, behind (a killed run's temp file is removed by the next write). A snapshot larger than its part size is written
 * as parts, each put in place before the head that lists them (snapshot-parts.ts); the parts of
 * its earlier layout (as its head listed them) that the new one does not use are removed once it is.
 */
export function writeSnapshots(repoDir: string, snapshots: readonly SnapshotToWrite[]): SnapshotWritten[] {
  const files: WholeFile[] = [];
  const replaced: Array<{ abs: string; shown: string }> = [];
  const written = snapshots.map(({ path, snapshot, partBytes }) => {
    const abs = resolve(repoDir, path);
    try {
      mkdirSync(dirname(abs), { recursive: true });
    } catch (e) {
      throw fileError(e, `cannot make the folder of ${path}`, "no snapshot was written");
    }
    // Temp files of a part a killed run left, of this layout or an earlier one (whole-file.ts).
    removeDeadTemps(abs, (name) => isPartFileName(fileNameOf(abs), name));
    const listed = listedPartFiles(abs);
    const layout = snapshotLayout(snapshot(), path, partBytes, listed.length);
    for (const file of layout.files) files.push({ path: resolve(repoDir, file.path), shown: file.path, pieces: file.pieces() });
    const kept = new Set(layout.files.map((file) => resolve(repoDir, file.path)));
    const gone = listed.filter((file) => !kept.has(resolve(dirname(abs), file)));
    for (const file of gone) replaced.push({ abs: resolve(dirname(abs), file), shown: partPath(path, file) });
    return { parts: layout.parts, removed: gone.length };
  });
  writeWholeFiles(files, "no snapshot was written: every snapshot is as it was");
  for (const file of replaced) {
    try {
      rmSync(file.abs, { force: true });
    } catch (e) {
      throw fileError(e, `cannot remove ${file.shown}, a part of the snapshot's earlier layout that nothing reads now`, "every snapshot was written: remove the file by hand (git rm) before committing them");
    }
  }
  return written;
}


/**
 * The committed snapshot, or undefined when none was accepted yet (nothing at its path). A corrupt
 * one, a link or a folder at its path (snapshot-link.ts), or one the machine will not let be read
 * is an error, never "no snapshot": planning without it would take every record for a joiner. A
 * parted snapshot's parts are read beside it, each held to the same (snapshot-part-reader.ts).
 */
export function readSnapshot(repoDir: string, path: string, source: string): SourceSnapshot | undefined {
  const bytes = snapshotFile(repoDir, path, source);
  if (!bytes) return undefined;
  const stored = storedSnapshot(bytes, path, source);
  if ("whole" in stored) return stored.whole;
  for (const part of stored.parted.parts) stored.parted.add(snapshotFile(repoDir, part, source, path));
  return stored.parted.finish();
}

/**
 * Throws unless every part the working tree's head lists is beside it as listed (its SHA-256),
 * without reading their records: where the head is the accepted revision's byte for byte, the
 * accepted snapshot is read at that revision, and a pull request that changed or removed only a
 * part would pass its plan check and stop every plan after its merge.
 */
export function checkSnapshotParts(repoDir: string, path: string, source: string): void {
  const bytes = snapshotFile(repoDir, path, source);
  const stored = bytes ? storedSnapshot(bytes, path, source) : undefined;
  if (!stored || "whole" in stored) return;
  stored.parted.parts.forEach((part, n) => stored.parted.check(n, snapshotFile(repoDir, part, source, path)));
}

/** A snapshot file's bytes (`head`: of the snapshot whose part it is), undefined when there is none at `path`. */
function snapshotFile(repoDir: string, path: string, source: string, head?: string): Buffer | undefined {
  refuseLinkedSnapshot(repoDir, path, source, head);
  try {
    return readFileSync(resolve(repoDir, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw fileError(e, `cannot read snapshot ${path} of source "${source}"`);
  }
}

/** The file at a snapshot's path: the whole snapshot, or the head of a parted one, whose parts are read next. */
export type StoredSnapshot = { whole: SourceSnapshot } | { parted: PartedSnapshotReader };

/**
 * A snapshot file's bytes (from the working tree or a git revision, `at`), checked. A corrupt one
 * is an error, never "no snapshot": planning without it would take every record for a joiner.
 */
export function storedSnapshot(bytes: Uint8Array, path: string, source: string, at?: string): StoredSnapshot {
  const text = snapshotText(bytes, path, source, at);
  const unreadable = (problem: string) => unreadableSnapshot(path, source, at, problem);
  let parsed: SourceSnapshot;
  try {
    parsed = JSON.parse(text) as SourceSnapshot;
  } catch (e) {
    throw unreadable(jsonSyntaxProblem(text, e));
  }
  const version = (parsed as { formatVersion?: unknown } | null)?.formatVersion;
  if (version === PARTED_FORMAT || version === PARTED_WITH_POSITIONS) return { parted: new PartedSnapshotReader(parsed, path, source, at) };
  if (version !== ONE_FILE_FORMAT && version !== ONE_FILE_WITH_POSITIONS) throw unreadable(unknownFormat(version));
  if (!Array.isArray(parsed.records)) throw unreadable(`a snapshot of formatVersion ${version} without its list of "records"`);
  // What `snapshot` writes for people's accounts: a hand-edited one of another shape is named, not a crash later.
  const problem = recordsProblem(parsed.records, version, parsed.exportedAt);
  if (problem) throw unreadable(problem);
  const bindings = groupNamesProblem(parsed.groupNames);
  if (bindings) throw unreadable(bindings);
  heldRecords(parsed.records as StoredRecord[], version, parsed.exportedAt, path);
  // Read as the export is read (nfc-records.ts): a snapshot written before records were read in
  // NFC, or edited on a Mac, holds decomposed text that would read as a move against the export.
  nfcRecords(parsed.records);
  return { whole: { ...parsed, formatVersion: 1 } };
}
