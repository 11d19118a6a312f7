// A parted snapshot read back (snapshot-parts.ts): its head checked, then each part as it comes,
// from the working tree or a git revision, checked against what the head lists (its SHA-256, its
// record count, its place) and against the records' own shape, and the records put back in one
// list sorted by id, as the snapshot written as one file holds them. A part that is missing,
// changed apart from its head, or of another snapshot stops the read: planning on a snapshot that
// lacks a part's records would take them all for joiners, or their leaving for nothing.
import { createHash } from "node:crypto";
import { cmp } from "../model/finding.js";
import { jsonSyntaxProblem } from "../model/json-error.js";
import type { SourceRecord } from "../model/source-record.js";
import type { SourceSnapshot } from "../model/source-snapshot.js";
import { nfcRecords } from "./nfc-records.js";
import { groupNamesProblem, recordsProblem } from "./snapshot-checks.js";
import { partFileName, partOf, partPath, type PartedSnapshotHead, type SnapshotPart } from "./snapshot-parts.js";
import { snapshotText, unreadableSnapshot } from "./snapshot-text.js";
import { heldRecords, PARTED_FORMAT, PARTED_WITH_POSITIONS, unknownFormat } from "./snapshot-records.js";

const CR = 0x0d;

export class PartedSnapshotReader {
  /** Each part's path, in the head's order, written as the head's path is. */
  readonly parts: string[];
  private readonly head: PartedSnapshotHead;
  private readonly records: SourceRecord[][] = [];

  /** `parsed`: the JSON at the snapshot's path, a formatVersion 4 (or 2) head; refused unless it is one. */
  constructor(parsed: unknown, private readonly path: string, private readonly source: string, private readonly at?: string) {
    this.head = this.checkedHead(parsed);
    this.parts = this.head.parts.map((p) => partPath(path, p.file));
  }

  /**
   * Throws unless `bytes` are part `n` (from 0) as the head lists it: there, and its SHA-256. A
   * part is canonical JSON, which holds no carriage return (a string escapes one): those a checkout
   * put at its line ends (Git for Windows' core.autocrlf, `eol=crlf`) are not its content.
   */
  check(n: number, bytes: Uint8Array | undefined): void {
    const entry = this.head.parts[n]!;
    if (bytes === undefined) throw this.partError(n, "missing (every part the snapshot lists is committed beside it)");
    const content = bytes.includes(CR) ? Buffer.from(bytes).filter((b) => b !== CR) : bytes;
    if (createHash("sha256").update(content).digest("hex") !== entry.sha256) throw this.partError(n, "not the part the snapshot lists (its SHA-256 differs): the part was changed or replaced without the snapshot");
  }

  /** The next part's bytes, undefined when there is no file at its path. */
  add(bytes: Uint8Array | undefined): void {
    const n = this.records.length;
    const entry = this.head.parts[n]!;
    const at = this.parts[n]!;
    const unreadable = (problem: string) => this.partError(n, problem);
    this.check(n, bytes);
    bytes = bytes!;
    const text = snapshotText(bytes, at, this.source, this.at);
    let part: SnapshotPart;
    try {
      part = JSON.parse(text) as SnapshotPart;
    } catch (e) {
      throw unreadable(jsonSyntaxProblem(text, e));
    }
    const count = this.head.parts.length;
    if (part?.source !== this.head.source || part.part !== n + 1 || part.of !== count || !Array.isArray(part.records)) {
      throw unreadable(`not part ${n + 1} of ${count} of source "${this.head.source}"'s snapshot`);
    }
    if (part.formatVersion !== this.head.formatVersion) throw unreadable(`its formatVersion ${JSON.stringify(part.formatVersion)} is not its head's, ${this.head.formatVersion}: every part is written with its head`);
    if (part.records.length !== entry.records) throw unreadable(`it holds ${part.records.length} records where the snapshot lists ${entry.records}`);
    const problem = recordsProblem(part.records, part.formatVersion, this.head.exportedAt, (r) => (partOf(r.externalId, count) === n ? undefined : "not a record of this part (a record's id decides its part)"));
    if (problem) throw unreadable(problem);
    // Each record where it is: in this part (the head lists no records).
    this.records.push(heldRecords(part.records, part.formatVersion, this.head.exportedAt, at));
  }

  /** The snapshot, once every part was added. */
  finish(): SourceSnapshot {
    if (this.records.length !== this.parts.length) throw new Error(`${this.records.length} of ${this.parts.length} parts read`);
    const records = this.records.flat().sort((a, b) => cmp(a.externalId, b.externalId));
    this.records.length = 0;
    // Read as the export is read (nfc-records.ts), as a snapshot of one file is.
    nfcRecords(records);
    const { source, type, exportedAt, groupNames } = this.head;
    return { formatVersion: 1, source, type, exportedAt, records, ...(groupNames ? { groupNames } : {}) };
  }

  private partError(n: number, problem: string): Error {
    return unreadableSnapshot(this.path, this.source, this.at, `its part ${this.head.parts[n]!.file}: ${problem}`, true);
  }

  private checkedHead(parsed: unknown): PartedSnapshotHead {
    const unreadable = (problem: string) => unreadableSnapshot(this.path, this.source, this.at, problem, true);
    const head = parsed as PartedSnapshotHead;
    const text = (v: unknown) => typeof v === "string";
    if (head?.formatVersion !== PARTED_FORMAT && head?.formatVersion !== PARTED_WITH_POSITIONS) throw unreadable(unknownFormat(head?.formatVersion));
    if (!text(head.source) || !text(head.type) || !text(head.exportedAt) || !Array.isArray(head.parts)) {
      throw unreadable(`not a snapshot in parts of formatVersion ${head.formatVersion} (its "source", "type", "exportedAt" and a list of "parts")`);
    }
    if (head.parts.length === 0) throw unreadable("it lists no parts (a snapshot in parts has two or more)");
    const name = this.path.slice(Math.max(this.path.lastIndexOf("/"), this.path.lastIndexOf("\\")) + 1);
    head.parts.forEach((p, i) => {
      const file = partFileName(name, i + 1, head.parts.length);
      const ok = p && typeof p === "object" && p.file === file && Number.isSafeInteger(p.records) && p.records >= 0 && typeof p.sha256 === "string" && /^[0-9a-f]{64}$/.test(p.sha256);
      if (!ok) throw unreadable(`parts entry ${i + 1} must be { "file": "${file}", "records": a count, "sha256": 64 hexadecimal digits }`);
    });
    const bindings = groupNamesProblem(head.groupNames);
    if (bindings) throw unreadable(bindings);
    return head;
  }
}
