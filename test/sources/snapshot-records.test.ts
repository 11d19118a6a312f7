// A snapshot's files keep no export positions and the export time only where a record's is not the
// snapshot's (src/sources/snapshot-records.ts): a day's snapshot diff is the day's changes, not
// every row after a removed one and every record's new export time. Written by the real writer,
// diffed by real git, read back by the real reader.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScopesyncError } from "../../src/model/errors.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { makeSnapshot, readSnapshot, writeSnapshots, type SourceSnapshot } from "../../src/sources/snapshot.js";
import { recordDifference } from "../../src/sources/export-edit-finding.js";

const PATH = "state/sources/hr.json";

/** HR records as the csv source reads them from an export taken at `exportedAt`: row i is the i-th of `ids`. */
function exported(ids: number[], exportedAt: string, department: (id: number) => string = (id) => (id % 2 === 0 ? "Sales" : "Engineering")): SourceRecord[] {
  return ids.map((id, row) => ({
    source: "hr",
    externalId: `W${id}`,
    kind: "person",
    userName: `person${id}`,
    emails: [`person${id}@example.com`],
    name: { given: "Given", family: `Family${id}` },
    department: department(id),
    status: "active",
    groups: [],
    raw: {},
    exportedAt,
    position: `hr.csv row ${row + 1} (line ${row + 2})`,
  }));
}

/** A discovered IAM user as the aws-iam source reads it: credentials, console password, all reported at its row. */
function discovered(exportedAt: string): SourceRecord {
  const position = "aws/credential-report.csv row 3 (line 4)";
  return {
    source: "aws",
    externalId: "svc-deploy",
    kind: "service-account",
    userName: "svc-deploy",
    emails: [],
    name: { display: "svc-deploy" },
    status: "active",
    groups: [],
    raw: {},
    exportedAt,
    position,
    owners: [],
    credentials: [{ id: "access_key_1", type: "api-key", issuedAt: "2026-08-16T09:00:00.000Z", status: "active", principal: "svc-deploy", discoveredBy: "aws", idScope: "arn:aws:iam::123456789012:user/svc-deploy", reportedAt: position, exportedAt }],
    consolePassword: { userName: "svc-deploy", idScope: "arn:aws:iam::123456789012:user/svc-deploy", source: "aws", at: position, lastUsedAt: "2026-11-30T09:00:00.000Z" },
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("a snapshot's records as its files keep them", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-snapshot-records-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (snapshot: SourceSnapshot, path = PATH) => writeSnapshots(dir, [{ path, snapshot: () => structuredClone(snapshot), partBytes: 32 << 20 }]);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" });

  it("the next day's export, one row gone from the middle, one mover and a new export time: the diff is those records only", () => {
    write(makeSnapshot("hr", { type: "csv" }, exported(range(1, 300), "2026-12-01T06:00:00.000Z")));
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "day 1");
    // W100 left (every row after it moves up one), W7 moved to Legal, the export taken a day later.
    const day2 = exported(range(1, 300).filter((id) => id !== 100), "2026-12-02T06:00:00.000Z", (id) => (id === 7 ? "Legal" : id % 2 === 0 ? "Sales" : "Engineering"));
    write(makeSnapshot("hr", { type: "csv" }, day2));
    const [added, deleted] = git("diff", "--numstat", "--", PATH).trim().split(/\s+/).map(Number);
    // The head's exportedAt (1 line each way), W7's department (1 each way) and W100's record
    // (about 20 lines, gone). Before, 200 positions and 300 export times changed as well.
    expect(added).toBe(2);
    expect(deleted).toBeGreaterThan(15);
    expect(deleted).toBeLessThan(30);
    const text = readFileSync(join(dir, PATH), "utf8");
    expect(text).not.toContain("position");
    expect(text.match(/"exportedAt"/g)).toHaveLength(1);
    expect(JSON.parse(text).formatVersion).toBe(3);
  });

  it("reads back each record with the snapshot's export time and, as its position, the snapshot itself", () => {
    write(makeSnapshot("hr", { type: "csv" }, exported([1, 2], "2026-12-01T06:00:00.000Z")));
    const read = readSnapshot(dir, PATH, "hr")!;
    expect(read.formatVersion).toBe(1);
    expect(read.records.map((r) => [r.externalId, r.exportedAt, r.position])).toEqual([
      ["W1", "2026-12-01T06:00:00.000Z", `${PATH} record W1`],
      ["W2", "2026-12-01T06:00:00.000Z", `${PATH} record W2`],
    ]);
  });

  it("a leaver kept from an older export keeps that export's time, written on the record", () => {
    const leaver = { ...exported([5], "2026-11-20T06:00:00.000Z")[0]!, departed: "2026-11-21" };
    write(makeSnapshot("hr", { type: "csv" }, [...exported([1], "2026-12-01T06:00:00.000Z"), leaver]));
    const stored = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    expect(stored.exportedAt).toBe("2026-12-01T06:00:00.000Z");
    expect(stored.records.map((r: { exportedAt?: string }) => r.exportedAt)).toEqual([undefined, "2026-11-20T06:00:00.000Z"]);
    expect(readSnapshot(dir, PATH, "hr")!.records.map((r) => r.exportedAt)).toEqual(["2026-12-01T06:00:00.000Z", "2026-11-20T06:00:00.000Z"]);
  });

  it("a discovered NHI's credentials and console password are stored without the row that reported them, and read back pointing at the snapshot", () => {
    const path = "state/sources/aws.json";
    write(makeSnapshot("aws", { type: "aws-iam" }, [discovered("2026-12-01T06:00:00.000Z")]), path);
    const text = readFileSync(join(dir, path), "utf8");
    expect(text).not.toContain("credential-report.csv");
    expect(text.match(/"exportedAt"/g)).toHaveLength(1);
    const [record] = readSnapshot(dir, path, "aws")!.records;
    const at = `${path} record svc-deploy`;
    expect(record).toEqual({ ...discovered("2026-12-01T06:00:00.000Z"), position: at, credentials: [{ ...discovered("").credentials![0]!, reportedAt: at, exportedAt: "2026-12-01T06:00:00.000Z" }], consolePassword: { ...discovered("").consolePassword!, at } });
  });

  it("a snapshot an earlier version wrote (formatVersion 1, positions kept) reads as it always did", () => {
    const records = exported([1, 2], "2026-12-01T06:00:00.000Z");
    writeFileSync(join(dir, "hr.json"), `${JSON.stringify({ exportedAt: "2026-12-01T06:00:00.000Z", formatVersion: 1, records, source: "hr", type: "csv" }, null, 2)}\n`);
    const read = readSnapshot(dir, "hr.json", "hr")!;
    expect(read.records).toEqual(records);
    expect(read.records[1]!.position).toBe("hr.csv row 2 (line 3)");
  });

  it("a discovered NHI read from a snapshot of either format is the same record to the export-edit check (rv121 f219)", () => {
    const path = "state/sources/aws.json";
    write(makeSnapshot("aws", { type: "aws-iam" }, [discovered("2026-12-01T06:00:00.000Z")]), path);
    const [fromNew] = readSnapshot(dir, path, "aws")!.records;
    expect(fromNew!.credentials![0]!.reportedAt).toBe(`${path} record svc-deploy`);
    expect(recordDifference([discovered("2026-12-01T06:00:00.000Z")], [fromNew!])).toEqual({ added: [], removed: [], changed: [] });
    const moved = { ...fromNew!, credentials: [{ ...fromNew!.credentials![0]!, status: "inactive" as const }] };
    expect(recordDifference([discovered("2026-12-01T06:00:00.000Z")], [moved]).changed).toEqual(['"svc-deploy"']);
  });

  it("a time that is not one, in the head or on a record, or a record of format 1 without its time, is refused by name (rv121 f220)", () => {
    const refused = (file: object, path = PATH): string => {
      writeFileSync(join(dir, path), JSON.stringify(file));
      try {
        readSnapshot(dir, path, "hr");
        return "read";
      } catch (e) {
        expect(e).toBeInstanceOf(ScopesyncError);
        return (e as Error).message;
      }
    };
    write(makeSnapshot("hr", { type: "csv" }, exported([1, 2], "2026-12-01T06:00:00.000Z")));
    const stored = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    const at = `snapshot ${PATH} of source "hr" is unreadable: `;
    expect(refused({ ...stored, exportedAt: "2026-12-02T06:00:00" })).toBe(`${at}its "exportedAt" "2026-12-02T06:00:00" must be the time of the export it was made from, an RFC 3339 date-time with a zone: its records take theirs from it`);
    expect(refused({ ...stored, exportedAt: "" })).toMatch(/its "exportedAt" "" must be the time of the export/);
    expect(refused({ ...stored, records: [{ ...stored.records[0], exportedAt: "2026-02-30T06:00:00Z" }] })).toBe(`${at}record 1 (W1): "exportedAt" must be the time of the export the record was read from, an RFC 3339 date-time with a zone`);
    expect(refused({ ...stored, records: [{ ...stored.records[0], exportedAt: 5 }] })).toMatch(/record 1 \(W1\): "exportedAt" must be/);
    // Relabelled by hand after an older scopesync refused it: its records keep no time of their own.
    expect(refused({ ...stored, formatVersion: 1 })).toBe(`${at}record 1 (W1): no "exportedAt": a snapshot of formatVersion 1 or 2 keeps each record's export time (one of formatVersion 3 or 4 keeps it once, in its head: its formatVersion is not to be changed by hand)`);
    // An empty export's snapshot has no time to give: nothing needs one.
    expect(refused({ ...stored, exportedAt: "", records: [] })).toBe("read");
  });

  it("a format it does not read is named with those it does; a part of another format than its head's says so (rv121 f222)", () => {
    write(makeSnapshot("hr", { type: "csv" }, exported([1], "2026-12-01T06:00:00.000Z")));
    const stored = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    writeFileSync(join(dir, PATH), JSON.stringify({ ...stored, formatVersion: 5 }));
    expect(() => readSnapshot(dir, PATH, "hr")).toThrow(`snapshot ${PATH} of source "hr" is unreadable: formatVersion 5: this scopesync reads snapshots of formatVersion 1 to 4, perhaps written by a newer scopesync: run that version, or snapshot again with this one from the export`);
    writeFileSync(join(dir, PATH), JSON.stringify({ ...stored, records: {} }));
    expect(() => readSnapshot(dir, PATH, "hr")).toThrow(`snapshot ${PATH} of source "hr" is unreadable: a snapshot of formatVersion 3 without its list of "records"`);
    // Two parts (a limit of 400 bytes), the first relabelled 2 under its head's 4, its digest made to agree.
    writeSnapshots(dir, [{ path: PATH, snapshot: () => makeSnapshot("hr", { type: "csv" }, exported(range(1, 4), "2026-12-01T06:00:00.000Z")), partBytes: 800 }]);
    const head = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    expect(head.formatVersion).toBe(4);
    const partFile = join(dir, "state/sources", head.parts[0].file);
    const part = `${JSON.stringify({ ...JSON.parse(readFileSync(partFile, "utf8")), formatVersion: 2 }, null, 2)}\n`;
    writeFileSync(partFile, part);
    head.parts[0].sha256 = createHash("sha256").update(part).digest("hex");
    writeFileSync(join(dir, PATH), JSON.stringify(head));
    expect(() => readSnapshot(dir, PATH, "hr")).toThrow(`snapshot ${PATH} of source "hr" is unreadable: its part ${head.parts[0].file}: its formatVersion 2 is not its head's, 4: every part is written with its head`);
  });

  it("a snapshot of this format whose export time is not text is refused, not read with records of no time", () => {
    write(makeSnapshot("hr", { type: "csv" }, exported([1], "2026-12-01T06:00:00.000Z")));
    const stored = JSON.parse(readFileSync(join(dir, PATH), "utf8"));
    writeFileSync(join(dir, PATH), JSON.stringify({ ...stored, exportedAt: 20261201 }));
    let message = "read";
    try {
      readSnapshot(dir, PATH, "hr");
    } catch (e) {
      expect(e).toBeInstanceOf(ScopesyncError);
      message = (e as Error).message;
    }
    expect(message).toBe(`snapshot ${PATH} of source "hr" is unreadable: its "exportedAt" must be the time of the export it was made from (text): its records take theirs from it`);
  });
});
