import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../../src/model/source-record.js";
import { checkGates } from "../../src/sources/quality-gates.js";

const NOW = Date.parse("2026-12-01T09:00:00Z");

function record(n: number, fields: Partial<SourceRecord> = {}): SourceRecord {
  return { source: "hr", externalId: `W${n}`, kind: "person", userName: `user${n}`, emails: [`user${n}@corp.example`], name: {}, status: "active", groups: [], raw: {}, exportedAt: "2026-12-01T08:00:00Z", position: `hr.csv row ${n}`, ...fields };
}

const gate = (records: SourceRecord[], gates: Parameters<typeof checkGates>[0]["gates"] = {}) => checkGates({ source: "hr", records, gates, now: NOW, configAt: "scopesync.yaml:3" }).map((f) => f.message);

describe("source quality gates", () => {
  it("passes distinct anchors, e-mails and logins", () => {
    expect(gate([record(1), record(2), record(3, { emails: ["a@corp.example", "b@corp.example"] })])).toEqual([]);
  });

  it("names each record whose key another record has, by the first such key of that record", () => {
    const records = [
      record(1, { emails: ["Ada@Corp.example", "ada2@corp.example"] }),
      // Its second address is record 1's first (compared as normalised e-mails); its third too, not reported again.
      record(2, { emails: ["bea@corp.example", "ada@corp.example", "ada2@corp.example"] }),
      record(3, { externalId: "W1", userName: "USER1" }),
      // One record naming the same address twice is not a duplicate.
      record(4, { emails: ["dee@corp.example", "dee@corp.example"] }),
    ];
    expect(gate(records)).toEqual([
      'source "hr": anchor "W1" appears on two records (hr.csv row 1 and hr.csv row 3)',
      'source "hr": email "ada@corp.example" appears on two records (hr.csv row 1 and hr.csv row 2)',
      'source "hr": userName "user1" appears on two records (hr.csv row 1 and hr.csv row 3)',
    ]);
  });

  it("skips a record without a login in the login check", () => {
    expect(gate([record(1, { userName: "" }), record(2, { userName: "" })])).toEqual([]);
  });

  it("judges the export's age by its newest record", () => {
    const records = [record(1, { exportedAt: "2026-11-20T00:00:00Z" }), record(2, { exportedAt: "2026-11-29T09:00:00Z" }), record(3, { exportedAt: "2026-11-20T00:00:00Z" })];
    expect(gate(records, { maxAge: "3d" })).toEqual([]);
    expect(gate(records, { maxAge: "1d" })).toEqual(['source "hr": export is 2.0 days old (exported 2026-11-29T09:00:00.000Z); maxAge is 1d']);
  });
});
