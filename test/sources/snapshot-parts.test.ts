// A snapshot larger than its source's snapshotPartSize is written as parts beside its path and a
// head that lists them (GitHub refuses a pushed file over 100 MiB; a snapshot is about 620 bytes a
// record). Written with the real writer at small sizes, read back with the real reader.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SourceRecord } from "../../src/model/source-record.js";
import { ScopesyncError } from "../../src/model/errors.js";
import { makeSnapshot, readSnapshot, writeSnapshots, type SourceSnapshot } from "../../src/sources/snapshot.js";
import { isPartFileName, partFileName, partOf, partPath } from "../../src/sources/snapshot-parts.js";

const PATH = "state/sources/hr.json";

/** `n` HR records as the csv source reads them, ids W1 … Wn. */
function records(n: number, department = "Engineering"): SourceRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    source: "hr",
    externalId: `W${i + 1}`,
    kind: "person",
    userName: `person${i + 1}`,
    emails: [`person${i + 1}@example.com`],
    name: { given: "Given", family: `Family${i + 1}` },
    department,
    // Stored without position and export time, a record is about 400 bytes with a title this long.
    title: "Senior Software Engineer, Platform Reliability and Developer Experience",
    status: "active",
    groups: [],
    raw: {},
    exportedAt: "2026-12-01T06:00:00.000Z",
    position: `hr.csv row ${i + 1} (line ${i + 2})`,
  }));
}

const snapshotOf = (list: SourceRecord[]): SourceSnapshot => makeSnapshot("hr", { type: "csv" }, list, [{ name: "Engineering", id: "g-1" }]);

/**
 * The snapshot as read back: each record where it is now (snapshot-records.ts), in the snapshot at
 * `path`, or, written in `parts` parts, in its part beside it.
 */
const asRead = (snapshot: SourceSnapshot, parts = 0, path = PATH): SourceSnapshot => ({
  ...snapshot,
  records: snapshot.records.map((r) => ({ ...r, position: `${parts === 0 ? path : partPath(path, partFileName("hr.json", partOf(r.externalId, parts) + 1, parts))} record ${r.externalId}` })),
});

describe("a snapshot written as parts", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-snapshot-parts-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // A copy: the writer replaces the records it is given by their stored form.
  const write = (snapshot: SourceSnapshot, partBytes: number) => writeSnapshots(dir, [{ path: PATH, snapshot: () => structuredClone(snapshot), partBytes }])[0]!.parts;
  const files = () => readdirSync(join(dir, "state/sources")).sort();
  const read = () => readSnapshot(dir, PATH, "hr");
  const refusal = (): string => {
    try {
      read();
      return "read";
    } catch (e) {
      expect(e).toBeInstanceOf(ScopesyncError);
      return (e as Error).message;
    }
  };

  it("is one file while it fits, and reads back as the snapshot it was", () => {
    const snapshot = snapshotOf(records(50));
    expect(write(snapshot, 1 << 20)).toBe(0);
    expect(files()).toEqual(["hr.json"]);
    expect(read()).toEqual(asRead(snapshot));
  });

  it("larger than the limit: as few parts (a power of two) as each fit it, a head listing them, and the same records read back", () => {
    const snapshot = snapshotOf(records(2000));
    const whole = Buffer.byteLength(JSON.stringify(snapshot, null, 2));
    const limit = 100_000;
    const parts = write(snapshot, limit);
    // 2,000 records of about 400 bytes: 8 parts of 100 kB are too few to hold them.
    expect(whole).toBeGreaterThan(8 * limit);
    expect(parts).toBe(16);
    expect(files()).toEqual(["hr.json", ...Array.from({ length: 16 }, (_, i) => partFileName("hr.json", i + 1, 16))]);
    expect(files()[1]).toBe("hr.part-01-of-16.json");
    const sizes = files().slice(1).map((f) => readFileSync(join(dir, "state/sources", f)).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(limit);
    // Half the limit would not do for the largest: not more parts than needed.
    expect(Math.max(...sizes)).toBeGreaterThan(limit / 2);
    const head = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    expect(head.formatVersion).toBe(4);
    expect(head.records).toBeUndefined();
    expect(head.groupNames).toEqual([{ id: "g-1", name: "Engineering" }]);
    expect(head.parts.reduce((sum: number, p: { records: number }) => sum + p.records, 0)).toBe(2000);
    for (const p of head.parts) expect(p.sha256).toBe(createHash("sha256").update(readFileSync(join(dir, "state/sources", p.file))).digest("hex"));
    expect(read()).toEqual(asRead(snapshot, 16));
  });

  it("the same snapshot gives the same bytes, and a changed record changes its part and the head only", () => {
    const list = records(2000);
    write(snapshotOf(list), 100_000);
    const before = new Map(files().map((f) => [f, readFileSync(join(dir, "state/sources", f))]));
    write(snapshotOf(list), 100_000);
    for (const [f, bytes] of before) expect(readFileSync(join(dir, "state/sources", f)).equals(bytes), f).toBe(true);
    const moved = list.map((r) => (r.externalId === "W1234" ? { ...r, department: "Legal" } : r));
    write(snapshotOf(moved), 100_000);
    const changed = files().filter((f) => !readFileSync(join(dir, "state/sources", f)).equals(before.get(f)!));
    expect(changed).toEqual(["hr.json", partFileName("hr.json", partOf("W1234", 16) + 1, 16)]);
    expect(read()!.records.find((r) => r.externalId === "W1234")!.department).toBe("Legal");
  });

  it("keeps its part count while it fits, grows it when it does not, and is one file again only under half the limit", () => {
    write(snapshotOf(records(2000)), 100_000);
    expect(files().length).toBe(17);
    // Fewer records would fit in 8 parts: still 16, no file renamed.
    expect(write(snapshotOf(records(1500)), 100_000)).toBe(16);
    // More than 16 parts hold: 32, and the 16 parts of before are gone.
    expect(write(snapshotOf(records(4000)), 100_000)).toBe(32);
    expect(files().filter((f) => f.includes("-of-16"))).toEqual([]);
    expect(files().length).toBe(33);
    // Under the limit but over half of it: still in parts.
    const small = snapshotOf(records(150));
    const bytes = Buffer.byteLength(JSON.stringify(small, null, 2)) + 1;
    expect(write(small, Math.floor(bytes * 1.5))).toBe(32);
    expect(write(small, bytes * 2)).toBe(0);
    expect(files()).toEqual(["hr.json"]);
    expect(read()).toEqual(asRead(small));
  });

  it("a part that is missing, changed without its head, or holding another part's record is refused by name", () => {
    write(snapshotOf(records(2000)), 100_000);
    const part = (n: number) => join(dir, "state/sources", partFileName("hr.json", n, 16));
    const third = readFileSync(part(3), "utf8");
    rmSync(part(3));
    expect(refusal()).toBe(`snapshot ${PATH} of source "hr" is unreadable: its part hr.part-03-of-16.json: missing (every part the snapshot lists is committed beside it)`);
    writeFileSync(part(3), third.replace('"department": "Engineering"', '"department": "Legal"'));
    expect(refusal()).toBe(`snapshot ${PATH} of source "hr" is unreadable: its part hr.part-03-of-16.json: not the part the snapshot lists (its SHA-256 differs): the part was changed or replaced without the snapshot`);
    // A record moved into another part by hand, the head's digests made to agree: still refused.
    const parsed = JSON.parse(third);
    const fourth = JSON.parse(readFileSync(part(4), "utf8"));
    fourth.records.push(parsed.records.pop());
    fourth.records.sort((a: SourceRecord, b: SourceRecord) => (a.externalId < b.externalId ? -1 : 1));
    const text3 = `${JSON.stringify(parsed, null, 2)}\n`;
    const text4 = `${JSON.stringify(fourth, null, 2)}\n`;
    writeFileSync(part(3), text3);
    writeFileSync(part(4), text4);
    const head = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    const sha = (text: string) => createHash("sha256").update(text).digest("hex");
    head.parts[2] = { ...head.parts[2], records: parsed.records.length, sha256: sha(text3) };
    head.parts[3] = { ...head.parts[3], records: fourth.records.length, sha256: sha(text4) };
    writeFileSync(join(dir, PATH), JSON.stringify(head, null, 2));
    expect(refusal()).toMatch(/^snapshot state\/sources\/hr\.json of source "hr" is unreadable: its part hr\.part-04-of-16\.json: record \d+ \(W\d+\): not a record of this part \(a record's id decides its part\)$/);
  });

  it("a head naming a file that is not its own part is refused before any file is read", () => {
    write(snapshotOf(records(2000)), 100_000);
    writeFileSync(join(dir, "secret.json"), "{}");
    const head = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    head.parts[0].file = "../../secret.json";
    writeFileSync(join(dir, PATH), JSON.stringify(head, null, 2));
    expect(refusal()).toBe(`snapshot ${PATH} of source "hr" is unreadable: parts entry 1 must be { "file": "hr.part-01-of-16.json", "records": a count, "sha256": 64 hexadecimal digits }`);
  });

  it("a part checked out with CRLF line ends (Git for Windows' core.autocrlf) reads as the part written", () => {
    const snapshot = snapshotOf(records(2000));
    write(snapshot, 100_000);
    for (const f of files().slice(1)) {
      const file = join(dir, "state/sources", f);
      writeFileSync(file, readFileSync(file, "utf8").replaceAll("\n", "\r\n"));
    }
    expect(read()).toEqual(asRead(snapshot, 16));
  });

  it("a file beside it only named like a part neither sets the part count nor is removed", () => {
    write(snapshotOf(records(50)), 1 << 20);
    writeFileSync(join(dir, "state/sources/hr.part-1-of-9999.json"), "");
    expect(write(snapshotOf(records(2000)), 100_000)).toBe(16);
    expect(files()).toContain("hr.part-1-of-9999.json");
    // Back to one file: the 16 parts its head listed are removed, the stranger is not.
    expect(writeSnapshots(dir, [{ path: PATH, snapshot: () => snapshotOf(records(50)), partBytes: 1 << 20 }])[0]).toEqual({ parts: 0, removed: 16 });
    expect(files()).toEqual(["hr.json", "hr.part-1-of-9999.json"]);
  });

  it("a path written with backslashes puts its parts where its reader looks for them", () => {
    const path = "state\\sources\\hr.json";
    const snapshot = snapshotOf(records(2000));
    expect(writeSnapshots(dir, [{ path, snapshot: () => structuredClone(snapshot), partBytes: 100_000 }])[0]!.parts).toBe(16);
    expect(readdirSync(dir).filter((f) => f.includes("part-01-of-16"))).toEqual(["state\\sources\\hr.part-01-of-16.json"]);
    expect(readSnapshot(dir, path, "hr")).toEqual(asRead(snapshot, 16, path));
  });

  it("a head that lists no parts is refused as such", () => {
    write(snapshotOf(records(2000)), 100_000);
    const head = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    writeFileSync(join(dir, PATH), JSON.stringify({ ...head, parts: [] }));
    expect(refusal()).toBe(`snapshot ${PATH} of source "hr" is unreadable: it lists no parts (a snapshot in parts has two or more)`);
  });

  it("part names belong to their snapshot's name only", () => {
    expect(partFileName("hr.json", 3, 8)).toBe("hr.part-03-of-08.json");
    expect(partFileName("hr", 120, 128)).toBe("hr.part-120-of-128");
    expect(isPartFileName("hr.json", "hr.part-03-of-08.json")).toBe(true);
    expect(isPartFileName("hr.json", "hr.part-03-of-08.json.1234.tmp")).toBe(false);
    expect(isPartFileName("hr.json", "okta.part-03-of-08.json")).toBe(false);
    expect(isPartFileName("hr.json", "hr.part-x-of-08.json")).toBe(false);
    expect(existsSync(join(dir, PATH))).toBe(false);
  });
});
