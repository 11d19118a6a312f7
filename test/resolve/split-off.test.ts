// keepSplitRecords on its own: which fragments of an earlier person are kept with them, which are
// left alone, and which are not planned (src/resolve/split-off.ts).
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../src/resolve/correlate.js";
import { keepSplitRecords } from "../../src/resolve/split-off.js";
import type { LinksDoc } from "../../src/model/documents.js";
import type { Located } from "../../src/model/located.js";
import type { SourceRecord } from "../../src/model/source-record.js";

function record(source: string, externalId: string, email: string): SourceRecord {
  return { source, externalId, kind: "person", userName: externalId.toLowerCase(), emails: [email], name: {}, status: "active", groups: [], raw: {}, exportedAt: "2026-11-26T06:00:00Z", position: `${source} row ${externalId}` };
}

// hr:W1 renamed with a new e-mail; dir:D1 (hers in the snapshot) keeps the old one; okta:O9 is new.
const records = [record("hr", "W1", "new@x.example"), record("okta", "O9", "old@x.example"), record("dir", "D1", "old@x.example")];
const earlier = [{ id: "w1", anchor: "hr:W1", records: ["dir:D1", "hr:W1"] }];
const cluster = (...members: number[]): Cluster => ({ members, reasons: [] });
const separate = (refs: string[]): Located<LinksDoc> => ({ value: { kind: "Links", separate: [{ records: refs, reason: "two people" }] }, file: "identities/links.yaml", line: 1, col: 1, locate: () => ({ line: 3, col: 1 }), locateKey: () => ({ line: 3, col: 1 }) });

describe("keepSplitRecords", () => {
  it("keeps a fragment made only of the earlier person's records with the cluster holding their anchor", () => {
    const out = keepSplitRecords({ clusters: [cluster(0), cluster(2)], records, earlier, links: [], keys: ["anchor", "email"] });
    expect(out.map((c) => c.members)).toEqual([[0, 2]]);
    expect(out[0]!.kept).toEqual(["dir:D1"]);
    expect(out[0]!.findings?.map((f) => [f.rule, f.severity])).toEqual([["split-record-kept", "warning"]]);
    expect(out[0]!.findings?.[0]!.message).toContain('hr:W1 has email "new@x.example"; dir:D1 has email "old@x.example"');
  });

  it("plans nothing for a fragment that now goes with a record the person never had", () => {
    const out = keepSplitRecords({ clusters: [cluster(0), cluster(1, 2)], records, earlier, links: [], keys: ["anchor", "email"] });
    expect(out.map((c) => c.members)).toEqual([[0], [1, 2]]);
    expect(out[1]!.disputed).toMatchObject({ rule: "split-record-unclear", severity: "error" });
    expect(out[0]!.findings).toBeUndefined();
  });

  it("leaves the records apart when a reviewed separate entry says they are two people", () => {
    const out = keepSplitRecords({ clusters: [cluster(0), cluster(2)], records, earlier, links: [separate(["hr:W1", "dir:D1"])], keys: ["anchor", "email"] });
    expect(out.map((c) => [c.members, c.findings, c.disputed])).toEqual([[[0], undefined, undefined], [[2], undefined, undefined]]);
  });
});
