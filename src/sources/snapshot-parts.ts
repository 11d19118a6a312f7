// A snapshot too large for one file in git, written as parts. A git host limits a file's size:
// GitHub refuses a push with a file over 100 MiB and warns over 50 MiB, and a snapshot is about
// 525 bytes a record of a plain HR export (more with DNs, groups or snapshotAttributes), so a
// 200,000-person organisation's snapshot could not be pushed at all. Larger than its source's
// `snapshotPartSize` (32 MiB unless set), a snapshot is written as parts beside its path, each
// holding the records whose id hashes to it, and a head at the path itself listing each part
// with its record count and SHA-256. The head is what tells a reader, git and a reviewer that a
// part changed: a part that is not the one its head lists is refused, never read.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { canonicalJsonFilePieces } from "../model/canonical-json.js";
import type { SourceConfig } from "../model/documents.js";
import type { GroupNameBinding } from "../model/group-name-binding.js";
import type { SourceSnapshot } from "../model/source-snapshot.js";
import { ONE_FILE_FORMAT, PARTED_FORMAT, PARTED_WITH_POSITIONS, storeRecords, type StoredRecord } from "./snapshot-records.js";

/** A source's `snapshotPartSize` when it sets none, in MiB: under GitHub's 50 MiB warning. */
export const DEFAULT_SNAPSHOT_PART_MIB = 32;
/** The most MiB one file of the source's snapshot holds (its `snapshotPartSize`). */
export function snapshotPartMib(config: SourceConfig): number {
  return config.snapshotPartSize ?? DEFAULT_SNAPSHOT_PART_MIB;
}

/** Parts are never more than this many, whatever the limit: 4,096 parts of 256 MiB is a terabyte. */
const MAX_PARTS = 4096;

/** One part as its head lists it. */
export interface SnapshotPartEntry {
  /** The part's file name, in the head's folder: `hr.part-01-of-04.json` beside `hr.json`. */
  file: string;
  records: number;
  /** SHA-256 of the part's bytes as written (a carriage return a checkout adds is not counted), hexadecimal. */
  sha256: string;
}

/** The file at a parted snapshot's path: what SourceSnapshot holds beside its records, and its parts. */
export interface PartedSnapshotHead {
  /** 4; 2 where its parts keep each record's export position (snapshot-records.ts). */
  formatVersion: typeof PARTED_FORMAT | typeof PARTED_WITH_POSITIONS;
  source: string;
  type: string;
  exportedAt: string;
  groupNames?: GroupNameBinding[];
  parts: SnapshotPartEntry[];
}

/** One part file: its place among the parts, and its records, sorted by id. */
export interface SnapshotPart {
  /** Its head's. */
  formatVersion: typeof PARTED_FORMAT | typeof PARTED_WITH_POSITIONS;
  source: string;
  part: number;
  of: number;
  records: StoredRecord[];
}

/** A file of a snapshot to write: its path (as the snapshot's, relative to the repository) and its text. */
export interface SnapshotFile {
  path: string;
  pieces: () => Iterable<string>;
}

/** How a snapshot is written: its files (parts first, the head last), and how many parts (0: one file). */
export interface SnapshotLayout {
  files: SnapshotFile[];
  parts: number;
}

/**
 * The name of part `n` (from 1) of `count` of the snapshot named `name`: `hr.json` →
 * `hr.part-01-of-04.json`; a name without an extension gets none (`hr` → `hr.part-01-of-04`).
 */
export function partFileName(name: string, n: number, count: number): string {
  const [stem, ext] = stemAndExtension(name);
  const width = Math.max(2, String(count).length);
  return `${stem}.part-${String(n).padStart(width, "0")}-of-${String(count).padStart(width, "0")}${ext}`;
}

/** Whether `file` (a name) is named as a part of the snapshot named `name`, of any layout. */
export function isPartFileName(name: string, file: string): boolean {
  const [stem, ext] = stemAndExtension(name);
  if (!file.startsWith(`${stem}.part-`) || !file.endsWith(ext)) return false;
  return /^[0-9]+-of-[0-9]+$/.test(file.slice(stem.length + 6, file.length - ext.length));
}

/** Every part of the snapshot at `path`, of any layout, as a git pathspec: `state/sources/hr.part-*-of-*.json`. */
export function partsPathspec(path: string): string {
  const [stem, ext] = stemAndExtension(fileNameOf(path));
  return partPath(path, `${stem}.part-*-of-*${ext}`);
}

/** `hr.json` → ["hr", ".json"]; a name without an extension (or a dotfile's) has "". */
function stemAndExtension(name: string): [string, string] {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
}

/** The file name at the end of `path`, split at either separator as partPath joins them. */
export function fileNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

/** The path of a part beside its snapshot's `path`, written as `path` is (posix or not). */
export function partPath(path: string, file: string): string {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return slash < 0 ? file : `${path.slice(0, slash + 1)}${file}`;
}

/**
 * The names of the part files the snapshot at `abs` (an absolute path) lists now (its head's),
 * none when it is one file or not there. Only those are its layout: a file beside it that is only
 * named like a part is nobody's to remove, to weigh or to keep the count of. A head is small
 * (4,096 parts: about 600 kB), so a file larger than 1 MiB is a snapshot of one file, never
 * parsed here.
 */
export function listedPartFiles(abs: string): string[] {
  let text: string;
  try {
    if (statSync(abs).size > 1 << 20) return [];
    text = readFileSync(abs, "utf8");
  } catch {
    return [];
  }
  let head: { formatVersion?: unknown; parts?: unknown };
  try {
    head = JSON.parse(text) as typeof head;
  } catch {
    return [];
  }
  if ((head?.formatVersion !== PARTED_FORMAT && head?.formatVersion !== PARTED_WITH_POSITIONS) || !Array.isArray(head.parts)) return [];
  const name = fileNameOf(abs);
  const files = head.parts.map((p: { file?: unknown } | null, i: number, all: unknown[]) => (p?.file === partFileName(name, i + 1, all.length) ? p.file : undefined));
  return files.every((f): f is string => f !== undefined) && isPowerOfTwo(files.length) ? files : [];
}

function isPowerOfTwo(n: number): boolean {
  return n > 1 && (n & (n - 1)) === 0;
}

/**
 * The files `snapshot` is written as at `path`, no file larger than `limit` bytes unless one
 * record is: the snapshot itself when it fits, else 2, 4, 8 … parts (a power of two, so that a
 * record stays in its part or moves to one other when the count doubles), enough that each fits
 * (a growth may take one doubling more than the fewest), and a head. `previous`: how many parts the snapshot has now (0: one file). A count that fits is kept:
 * an organisation near a boundary would otherwise rename every part back and forth, one day to the
 * next; and a parted snapshot becomes one file again only at half the limit, for the same reason.
 * The snapshot's records are replaced by their stored form, in its list (snapshot-records.ts).
 */
export function snapshotLayout(snapshot: SourceSnapshot, path: string, limit: number, previous: number): SnapshotLayout {
  const records = storeRecords(snapshot.records, snapshot.exportedAt);
  const stored: StoredSnapshot = { ...snapshot, formatVersion: ONE_FILE_FORMAT, records };
  const whole = () => canonicalJsonFilePieces(stored);
  if (fitsIn(whole(), previous > 0 ? limit / 2 : limit)) return { files: [{ path, pieces: whole }], parts: 0 };
  let count = Math.min(MAX_PARTS, Math.max(2, previous));
  for (;;) {
    const parts = measuredParts(stored, count, fileNameOf(path));
    const largest = parts.reduce((most, p) => (p.bytes > most ? p.bytes : most), 0);
    if (largest <= limit || count >= MAX_PARTS || count >= records.length) return partedLayout(stored, path, parts);
    count = Math.min(MAX_PARTS, nextPowerOfTwo(count * Math.ceil(largest / limit)));
  }
}

/** A snapshot as its file of one holds it: records in their stored form. */
type StoredSnapshot = Omit<SourceSnapshot, "formatVersion" | "records"> & { formatVersion: typeof ONE_FILE_FORMAT; records: StoredRecord[] };

interface MeasuredPart {
  part: SnapshotPart;
  file: string;
  bytes: number;
  sha256: string;
}

function partedLayout(snapshot: StoredSnapshot, path: string, parts: MeasuredPart[]): SnapshotLayout {
  const head: PartedSnapshotHead = {
    formatVersion: PARTED_FORMAT,
    source: snapshot.source,
    type: snapshot.type,
    exportedAt: snapshot.exportedAt,
    ...(snapshot.groupNames ? { groupNames: snapshot.groupNames } : {}),
    parts: parts.map((p) => ({ file: p.file, records: p.part.records.length, sha256: p.sha256 })),
  };
  const files: SnapshotFile[] = parts.map((p) => ({ path: partPath(path, p.file), pieces: () => canonicalJsonFilePieces(p.part) }));
  files.push({ path, pieces: () => canonicalJsonFilePieces(head) });
  return { files, parts: parts.length };
}

/** Each part of `count` with its size and digest, rendered once here to measure (and again to write). */
function measuredParts(snapshot: StoredSnapshot, count: number, name: string): MeasuredPart[] {
  const buckets: StoredRecord[][] = Array.from({ length: count }, () => []);
  // The snapshot's records are sorted by id: so is each part.
  for (const record of snapshot.records) buckets[partOf(record.externalId, count)]!.push(record);
  return buckets.map((records, i) => {
    const part: SnapshotPart = { formatVersion: PARTED_FORMAT, source: snapshot.source, part: i + 1, of: count, records };
    const hash = createHash("sha256");
    let bytes = 0;
    for (const piece of canonicalJsonFilePieces(part)) {
      hash.update(piece, "utf8");
      bytes += Buffer.byteLength(piece, "utf8");
    }
    return { part, file: partFileName(name, i + 1, count), bytes, sha256: hash.digest("hex") };
  });
}

/**
 * Which of `count` parts (a power of two) holds the record `id`: FNV-1a over its UTF-16 code
 * units, mixed by MurmurHash3's finaliser so that every character reaches the low bits the part
 * is taken from. Fixed for good: a reader checks each record is where this puts it.
 */
export function partOf(id: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % count;
}

/** Whether the pieces' UTF-8 bytes are `limit` or fewer; stops reading them once they are more. */
function fitsIn(pieces: Iterable<string>, limit: number): boolean {
  let bytes = 0;
  for (const piece of pieces) {
    bytes += Buffer.byteLength(piece, "utf8");
    if (bytes > limit) return false;
  }
  return true;
}

function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
