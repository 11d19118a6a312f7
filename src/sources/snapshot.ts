import { constants } from "node:buffer";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { SourceConfig } from "../model/documents.js";
import { canonicalJsonFilePieces } from "../model/canonical-json.js";
import { cmp } from "../model/finding.js";
import { ScopesyncError } from "../model/errors.js";
import { jsonSyntaxProblem } from "../model/json-error.js";
import type { SourceRecord } from "../model/source-record.js";
import type { DroppedOwner } from "../model/dropped-owner.js";
import { groupNameKey, type GroupNameBinding } from "../model/group-name-binding.js";
import { isBinaryAttribute } from "./common/directory/entry-values.js";
import { maskSecretShapes } from "../model/secret-shapes.js";
import { maskTexts } from "../model/mask-texts.js";
import { fileError } from "../model/file-failure.js";
import { writeWholeFiles } from "../model/whole-file.js";
import { refuseLinkedSnapshot } from "./snapshot-link.js";
import { invalidUtf8 } from "../config/utf8.js";
import { nfcRecords } from "./nfc-records.js";
import { isValidDate } from "../model/time.js";

/**
 * An accepted, normalised, secret-free copy of one source's export, committed under state/sources/.
 * Plans can be reproduced from it in review, and churn is measured against it.
 */
export interface SourceSnapshot {
  formatVersion: 1;
  source: string;
  type: string;
  exportedAt: string;
  records: SourceRecord[];
  /**
   * Each group name bound to the group it was first known by (model/group-name-binding.ts), sorted
   * by name; absent where the source gives no group ids, or the snapshot predates bindings.
   */
  groupNames?: GroupNameBinding[];
}

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

/**
 * Every source's snapshot, or none (model/whole-file.ts): all are written to temp files beside
 * them, each write checked and flushed, before the first is renamed into place. A set where one
 * source is new and another old would mix two points in time, and a crash or a full disk never
 * leaves half a snapshot, or a temp file, behind.
 */
export function writeSnapshots(repoDir: string, snapshots: ReadonlyArray<{ path: string; snapshot: () => SourceSnapshot }>): void {
  const files = snapshots.map(({ path, snapshot }) => {
    const abs = resolve(repoDir, path);
    try {
      mkdirSync(dirname(abs), { recursive: true });
    } catch (e) {
      throw fileError(e, `cannot make the folder of ${path}`, "no snapshot was written");
    }
    // Made as it is written, a record at a time: one source's text may be longer than one string.
    return { path: abs, shown: path, pieces: withinReadableLength(canonicalJsonFilePieces(snapshot()), path) };
  });
  writeWholeFiles(files, "no snapshot was written: every snapshot is as it was");
}

/**
 * The committed snapshot, or undefined when none was accepted yet (nothing at its path). A corrupt
 * one, a link or a folder at its path (snapshot-link.ts), or one the machine will not let be read
 * is an error, never "no snapshot": planning without it would take every record for a joiner.
 */
export function readSnapshot(repoDir: string, path: string, source: string): SourceSnapshot | undefined {
  refuseLinkedSnapshot(repoDir, path, source);
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(repoDir, path));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw fileError(e, `cannot read snapshot ${path} of source "${source}"`);
  }
  return parseSnapshot(snapshotText(bytes, path, source), path, source);
}

/**
 * A snapshot's bytes as text, refused at the first byte that is not UTF-8: decoded leniently, a
 * snapshot an editor re-saved as Windows-1252 read "Jos\uFFFD" for "José", and every such person
 * was a mover in the plan. `at`: the git revision it was read at, if any.
 */
export function snapshotText(bytes: Uint8Array, path: string, source: string, at?: string): string {
  const bad = invalidUtf8(bytes);
  if (bad) throw new ScopesyncError(`snapshot ${path}${at ? ` at ${at}` : ""}:${bad.line}:${bad.col} of source "${source}" is unreadable: invalid UTF-8 byte 0x${bad.byte.toString(16).padStart(2, "0")} (byte ${bad.offset}); a snapshot is UTF-8 JSON`, "restore it from git, or run scopesync snapshot to write a new one");
  try {
    return new TextDecoder().decode(bytes);
  } catch (e) {
    // Never one that snapshot wrote (withinReadableLength): one written by another version, or by hand.
    if (bytes.length > constants.MAX_STRING_LENGTH) throw tooLong(`snapshot ${path}${at ? ` at ${at}` : ""} of source "${source}" is longer`);
    throw e;
  }
}

/**
 * A snapshot's text (from the working tree or a git revision, `at`), checked. A corrupt one is an
 * error, never "no snapshot": planning without it would take every record for a joiner.
 */
export function parseSnapshot(text: string, path: string, source: string, at?: string): SourceSnapshot {
  const where = at ? `${path} at ${at}` : path;
  const unreadable = (problem: string) => new ScopesyncError(`snapshot ${where} of source "${source}" is unreadable: ${problem}`, `restore it from git, or run scopesync snapshot to write a new one`);
  let parsed: SourceSnapshot;
  try {
    parsed = JSON.parse(text) as SourceSnapshot;
  } catch (e) {
    throw unreadable(jsonSyntaxProblem(text, e));
  }
  if (parsed?.formatVersion !== 1 || !Array.isArray(parsed.records)) throw unreadable("not a formatVersion 1 snapshot");
  // What `snapshot` writes for people's accounts: a hand-edited one of another shape is named, not a crash later.
  parsed.records.forEach((r, i) => {
    const problem = recordProblem(r);
    if (problem) throw unreadable(`record ${i + 1}${typeof r?.externalId === "string" ? ` (${r.externalId})` : ""}: ${problem}`);
  });
  const bindings = groupNamesProblem(parsed.groupNames);
  if (bindings) throw unreadable(bindings);
  // Read as the export is read (nfc-records.ts): a snapshot written before records were read in
  // NFC, or edited on a Mac, holds decomposed text that would read as a move against the export.
  nfcRecords(parsed.records);
  return parsed;
}

/** A reviewer edits `groupNames` by hand to rebind a name: a slip is named, not read as "unbound". */
function groupNamesProblem(bindings: unknown): string | undefined {
  if (bindings === undefined) return undefined;
  const what = 'groupNames must be a list of { "name": group name, "id": group id } (text), one per name';
  if (!Array.isArray(bindings)) return what;
  const seen = new Set<string>();
  for (const [i, b] of bindings.entries()) {
    const ok = b && typeof b === "object" && typeof b.name === "string" && b.name !== "" && typeof b.id === "string" && b.id !== "";
    if (!ok) return `groupNames entry ${i + 1}: ${what}`;
    const k = groupNameKey(b.name as string);
    if (seen.has(k)) return `groupNames entry ${i + 1}: the name ${JSON.stringify(b.name)} is bound twice (names compare without case); keep one entry`;
    seen.add(k);
  }
  return undefined;
}

function recordProblem(r: SourceRecord | null): string | undefined {
  if (!r || typeof r !== "object" || typeof r.externalId !== "string") return "not a record with an externalId";
  if (r.logins !== undefined && (!r.logins || typeof r.logins !== "object" || Array.isArray(r.logins) || !Object.values(r.logins).every((v) => typeof v === "string" && v !== ""))) return "logins must map attributes to logins (text)";
  if (r.aliases !== undefined && (!Array.isArray(r.aliases) || !r.aliases.every((v) => typeof v === "string" && v !== ""))) return "aliases must be a list of addresses (text)";
  if (r.formerIds !== undefined && (!Array.isArray(r.formerIds) || !r.formerIds.every((v) => typeof v === "string" && v !== ""))) return "formerIds must be a list of logins (text)";
  if (r.terminatedSeen !== undefined && (typeof r.terminatedSeen !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(r.terminatedSeen))) return "terminatedSeen must be a date (YYYY-MM-DD)";
  if (r.groupRefs !== undefined && (!Array.isArray(r.groupRefs) || !r.groupRefs.every((g) => g && typeof g === "object" && typeof g.id === "string" && g.id !== "" && typeof g.name === "string" && (g.dn === undefined || typeof g.dn === "string") && (g.lookAlike === undefined || g.lookAlike === true)))) return "groupRefs must be a list of groups ({ id, name, dn?, lookAlike?: true }, text)";
  if (r.droppedOwners !== undefined && (!Array.isArray(r.droppedOwners) || !r.droppedOwners.every(droppedOwnerShape))) return "droppedOwners must be a list of owners ({ name, id?, source, droppedAt }, text)";
  if (r.keptRecords !== undefined && (!Array.isArray(r.keptRecords) || !r.keptRecords.every((v) => typeof v === "string" && v.includes(":")))) return "keptRecords must be a list of record references (source:externalId)";
  return undefined;
}

/** What `snapshot` writes for an owner the system dropped (model/dropped-owner.ts); a snapshot without any still reads. */
function droppedOwnerShape(d: DroppedOwner): boolean {
  const text = (v: unknown): boolean => typeof v === "string" && v !== "";
  return !!d && typeof d === "object" && text(d.name) && (d.id === undefined || text(d.id)) && text(d.source) && text(d.droppedAt);
}

/**
 * A snapshot's text, refused before it is written when it is longer than this version can read
 * back: a snapshot is read as one JSON text (readSnapshot), and V8's longest string is 2^29 - 24
 * characters, the snapshot of about 850,000 records of an HR export of the benchmarks' shape. At a
 * million people `scopesync snapshot` failed with "Invalid string length" after reading every
 * source; written in pieces but never readable, it would have stopped every later plan instead.
 */
export function* withinReadableLength(pieces: Iterable<string>, path: string, limit = constants.MAX_STRING_LENGTH): Generator<string> {
  let length = 0;
  for (const piece of pieces) {
    length += piece.length;
    if (length > limit) throw tooLong(`the snapshot ${path} would be longer`, "; no snapshot was written");
    yield piece;
  }
}

function tooLong(what: string, outcome = ""): ScopesyncError {
  return new ScopesyncError(
    `${what} than this version of scopesync can read (${constants.MAX_STRING_LENGTH.toLocaleString("en-US")} characters of JSON, about 850,000 records of an HR export)${outcome}`,
    "a limit of this version, which reads a snapshot as one text: split the export into several sources of fewer records each (a source per country or legal entity), or plan without a committed snapshot of it",
  );
}
