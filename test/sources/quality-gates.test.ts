import { describe, expect, it } from "vitest";
import type { SourceRecord } from "../../src/model/source-record.js";
import { checkGates, measureChurn } from "../../src/sources/quality-gates.js";
import { linkedRecords } from "../../src/sources/linked-records.js";
import { exportDigest } from "../../src/sources/gate-accept.js";

const NOW = Date.parse("2026-12-01T09:00:00Z");

function record(n: number, fields: Partial<SourceRecord> = {}): SourceRecord {
  return { source: "hr", externalId: `W${n}`, kind: "person", userName: `user${n}`, emails: [`user${n}@corp.example`], name: {}, status: "active", groups: [], raw: {}, exportedAt: "2026-12-01T08:00:00Z", position: `hr.csv row ${n}`, ...fields };
}

const gate = (records: SourceRecord[], gates: Parameters<typeof checkGates>[0]["gates"] = {}) => checkGates({ source: "hr", records, gates, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false }).map((f) => f.message);

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

describe("a gate passed only through gates.accept is said (rv75 #2)", () => {
  const findings = (records: SourceRecord[], gates: Parameters<typeof checkGates>[0]["gates"], before?: SourceRecord[]) =>
    checkGates({ source: "hr", records, gates, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, ...(before ? { snapshot: { formatVersion: 1, source: "hr", type: "csv", exportedAt: "2026-11-30T06:00:00Z", records: before } } : {}) });
  const hundred = Array.from({ length: 100 }, (_, i) => record(i + 1));

  it("churn over maxChurn and within churnUpTo: a source-gate-accepted warning with what was measured, the limit, the acceptance, its reason and expiry", () => {
    const out = findings(hundred.slice(0, 80), { maxChurn: "10%", accept: { churnUpTo: "25%", reason: "RIF HR-9001", expiresAt: "2026-12-08" } }, hundred);
    expect(out.map((f) => [f.rule, f.severity])).toEqual([["source-gate-accepted", "warning"]]);
    expect(out[0]!.message).toBe(`source "hr": maxChurn passes only by gates.accept: 20.0% of records changed since the accepted snapshot of 2026-11-30 (0 added, 20 gone, 0 changed status, against 100); maxChurn is 10%, accepted up to 25% (reason: RIF HR-9001; expires 2026-12-08; it names no export; this export is ${exportDigest(hundred.slice(0, 80))})`);
  });

  it("records under minRecords and at least accept.records: the same, for minRecords", () => {
    const out = findings(hundred.slice(0, 40), { minRecords: 50, accept: { records: 40, reason: "sale of a unit" } });
    expect(out.map((f) => f.message)).toEqual([`source "hr": minRecords passes only by gates.accept: export has 40 records; minRecords is 50, accepted down to 40 (reason: sale of a unit; no expiresAt: until removed; it names no export; this export is ${exportDigest(hundred.slice(0, 40))})`]);
  });

  it("nothing when the gate passes on its own", () => {
    expect(findings(hundred.slice(0, 95), { maxChurn: "10%", accept: { churnUpTo: "25%", reason: "RIF" } }, hundred)).toEqual([]);
  });
});

describe("a person re-keyed by a reviewed links entry is no churn (rv75 #3)", () => {
  const links = (...pairs: string[][]) => [{ value: { kind: "Links" as const, links: pairs.map((records) => ({ records, reason: "converted (HR-5101)" })) } }];
  const hundred = Array.from({ length: 100 }, (_, i) => record(i + 1));
  // Thirty contractors W71..W100 are employees E71..E100 now: the old ids gone, the new added.
  const converted = [...hundred.slice(0, 70), ...Array.from({ length: 30 }, (_, i) => record(i + 71, { externalId: `E${i + 71}` }))];
  const conversions = links(...Array.from({ length: 30 }, (_, i) => [`hr:W${i + 71}`, `hr:E${i + 71}`]));

  it("thirty linked conversions: 0%, each pair re-keyed, the gate passes (60% without the links entries)", () => {
    expect(measureChurn(hundred, converted).percent).toBe(60);
    expect(measureChurn(hundred, converted, linkedRecords("hr", conversions))).toEqual({ added: 0, removed: 0, statusChanged: 0, rekeyed: 30, base: 100, percent: 0 });
    expect(checkGates({ source: "hr", records: converted, gates: { maxChurn: "10%" }, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, snapshot: { formatVersion: 1, source: "hr", type: "csv", exportedAt: "", records: hundred }, linked: linkedRecords("hr", conversions) })).toEqual([]);
  });

  it("a real leaver beside the conversions still counts, and the message names the re-keyed apart", () => {
    const out = checkGates({ source: "hr", records: converted.filter((r) => r.externalId !== "W1").slice(0, 85), gates: { maxChurn: "10%" }, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, snapshot: { formatVersion: 1, source: "hr", type: "csv", exportedAt: "", records: hundred }, linked: linkedRecords("hr", conversions) });
    expect(out.map((f) => f.message)).toEqual(['source "hr": 15.0% of records changed since the accepted snapshot (0 added, 15 gone, 0 changed status, 16 re-keyed by a links entry (not counted), against 100); maxChurn is 10%, judged when at least 3 records change (churnFloor 3, the default); 15 did']);
  });

  it("the pair counts once as a status change when the new record's status is not the old one's; an old record still exported is the same person's", () => {
    const before = [record(1), record(2), record(3)];
    // W2 is kept terminated beside its successor E2 (active); W3's successor E3 is suspended.
    const after = [record(1), record(2, { status: "terminated" }), record(22, { externalId: "E2" }), record(33, { externalId: "E3", status: "suspended" })];
    const churn = measureChurn(before, after, linkedRecords("hr", links(["hr:W2", "hr:E2"], ["hr:W3", "hr:E3"])));
    expect(churn).toMatchObject({ added: 0, removed: 0, statusChanged: 1, rekeyed: 2, base: 3 });
    expect(churn.percent).toBeCloseTo(33.33, 2);
  });

  it("a links entry joining records of other sources, or two new records, re-keys nothing", () => {
    const before = [record(1), record(2)];
    const after = [record(1), record(3, { externalId: "E3" }), record(4, { externalId: "E4" })];
    const other = links(["globex:W2", "hr:E3"], ["hr:E3", "hr:E4"]);
    expect(measureChurn(before, after, linkedRecords("hr", other))).toEqual({ added: 2, removed: 1, statusChanged: 0, rekeyed: 0, base: 2, percent: 150 });
  });
});

describe("records a reviewed links entry joins may share an address and a login (rv107 M1)", () => {
  const links = (...pairs: string[][]) => linkedRecords("hr", [{ value: { kind: "Links" as const, links: pairs.map((records) => ({ records, reason: "converted (HR-1)" })) } }]);
  const unique = (records: SourceRecord[], linked = links()) => checkGates({ source: "hr", records, gates: {}, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, linked }).map((f) => f.message);
  // Grace's contractor record C3 and the employee record W3 HR entered ahead: same e-mail, same UserID.
  const grace = (externalId: string, n: number) => record(n, { externalId, userName: "grace", emails: ["grace@corp.example"] });

  it("passes when the entry joins the two, as one person", () => {
    expect(unique([record(1), grace("C3", 3), grace("W3", 4)], links(["hr:W3", "hr:C3"]))).toEqual([]);
  });

  it("a third record with the key, or a pair no entry joins, still fails", () => {
    expect(unique([grace("C3", 3), grace("W3", 4), grace("W5", 5)], links(["hr:W3", "hr:C3"]))).toEqual([
      'source "hr": email "grace@corp.example" appears on two records (hr.csv row 3 and hr.csv row 5)',
      'source "hr": userName "grace" appears on two records (hr.csv row 3 and hr.csv row 5)',
    ]);
    expect(unique([grace("C3", 3), grace("W3", 4)], links(["hr:W3", "hr:W9"]))).toHaveLength(2);
  });

  it("never a shared anchor", () => {
    expect(unique([grace("C3", 3), grace("C3", 4)], links(["hr:C3", "hr:C3"]))[0]).toBe('source "hr": anchor "C3" appears on two records (hr.csv row 3 and hr.csv row 4)');
  });
});

describe("an acceptance counts only for the export it names (rv75: a different day's broken export)", () => {
  const hundred = Array.from({ length: 100 }, (_, i) => record(i + 1));
  const snapshot = { formatVersion: 1 as const, source: "hr", type: "csv", exportedAt: "2026-11-30T06:00:00Z", records: hundred };
  const gates = (reviewedAccepted?: ReadonlySet<string>) => (records: SourceRecord[], g: Parameters<typeof checkGates>[0]["gates"]) =>
    checkGates({ source: "hr", records, gates: g, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, snapshot, ...(reviewedAccepted ? { reviewedAccepted } : {}) });
  const layoff = hundred.slice(0, 80);
  // Two days on: the export cut short, 15 who still work there missing; 15% is under the 20% accepted.
  const truncated = hundred.slice(15);
  const accept = { churnUpTo: "20%", export: exportDigest(layoff), reason: "RIF HR-9001", expiresAt: "2026-12-08" };

  it("waives the export it names, and says which", () => {
    const out = gates()(layoff, { maxChurn: "10%", accept });
    expect(out.map((f) => f.rule)).toEqual(["source-gate-accepted"]);
    expect(out[0]!.message).toContain(`(reason: RIF HR-9001; expires 2026-12-08; export ${exportDigest(layoff)})`);
  });

  it("does not waive another export within its numbers: the gate fails, says why, and gives the whole acceptance for this one", () => {
    const out = gates()(truncated, { maxChurn: "10%", accept });
    expect(out.map((f) => f.rule)).toEqual(["source-gate-max-churn"]);
    expect(out[0]!.message).toBe(`source "hr": 15.0% of records changed since the accepted snapshot of 2026-11-30 (0 added, 15 gone, 0 changed status, against 100); maxChurn is 10%, judged when at least 3 records change (churnFloor 3, the default); 15 did; gates.accept does not count: it names export ${exportDigest(layoff).slice(0, 19)}…, and this export is ${exportDigest(truncated).slice(0, 19)}…: it was reviewed for another export`);
    expect(out[0]!.remediation).toContain(`commit gates.accept: { churnUpTo: "15%", export: "${exportDigest(truncated)}", reason: "…", expiresAt: "2026-12-08" } in scopesync.yaml:3`);
  });

  it("binds minRecords too; both gates failing suggest one acceptance covering both", () => {
    const out = gates()(truncated.slice(0, 60), { maxChurn: "10%", minRecords: 70, accept: { records: 60, churnUpTo: "50%", export: exportDigest(layoff), reason: "RIF", expiresAt: "2026-12-08" } });
    expect(out.map((f) => f.rule)).toEqual(["source-gate-min-records", "source-gate-max-churn"]);
    expect(out[0]!.message).toContain("; gates.accept does not count: it names export");
    const whole = `gates.accept: { records: 60, churnUpTo: "40%", export: "${exportDigest(truncated.slice(0, 60))}", reason: "…", expiresAt: "2026-12-08" }`;
    expect(out.map((f) => f.remediation?.includes(whole))).toEqual([true, true]);
  });

  it("one naming no export: waived in plan with a warning that says how to bind it; in apply only where the reviewed plan waived the same gate of the same export", () => {
    const legacy = { churnUpTo: "20%", reason: "RIF HR-9001", expiresAt: "2026-12-08" };
    const planned = gates()(layoff, { maxChurn: "10%", accept: legacy });
    expect(planned.map((f) => f.rule)).toEqual(["source-gate-accepted"]);
    expect(planned[0]!.remediation).toContain(`add export: "${exportDigest(layoff)}" and an expiresAt to gates.accept in scopesync.yaml:3`);
    // Apply of the layoff's reviewed plan: the same export, waived as reviewed.
    const reviewed = new Set(planned.map((f) => f.message));
    expect(gates(reviewed)(layoff, { maxChurn: "10%", accept: legacy }).map((f) => f.rule)).toEqual(["source-gate-accepted"]);
    // The daily sync two days on (an empty reviewed plan), or the layoff's reviewed plan with another export: not waived.
    for (const r of [new Set<string>(), reviewed]) {
      const out = gates(r)(truncated, { maxChurn: "10%", accept: legacy });
      expect(out.map((f) => f.rule)).toEqual(["source-gate-max-churn"]);
      expect(out[0]!.message).toContain("gates.accept does not count: it names no export, and the reviewed plan did not waive this gate for this export");
    }
  });
});

describe("churn of a few records in a small source is under the churn floor (rv87 M1)", () => {
  const eight = Array.from({ length: 8 }, (_, i) => record(i + 1));
  const snapshot = { formatVersion: 1 as const, source: "hr", type: "csv", exportedAt: "2026-11-30T06:00:00Z", records: eight };
  const rules = (records: SourceRecord[], gates: Parameters<typeof checkGates>[0]["gates"]) => checkGates({ source: "hr", records, gates, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, snapshot }).map((f) => f.rule);
  const leavers = (n: number) => eight.map((r, i) => (i < n ? { ...r, status: "terminated" as const } : r));

  it("one leaver of eight (12.5%) and two (25%) pass init's maxChurn 10% under the default floor of 3", () => {
    expect(rules(leavers(1), { maxChurn: "10%" })).toEqual([]);
    expect(rules(leavers(2), { maxChurn: "10%" })).toEqual([]);
  });

  it("three changed records are judged by the percentage: a half-empty export of a small source still fails", () => {
    expect(rules(leavers(3), { maxChurn: "10%" })).toEqual(["source-gate-max-churn"]);
    expect(rules(eight.slice(0, 4), { maxChurn: "10%" })).toEqual(["source-gate-max-churn"]);
  });

  it("gates.churnFloor sets the floor: 1 judges every churn by its percentage, a higher one lets more through", () => {
    expect(rules(leavers(1), { maxChurn: "10%", churnFloor: 1 })).toEqual(["source-gate-max-churn"]);
    expect(rules(leavers(4), { maxChurn: "10%", churnFloor: 5 })).toEqual([]);
  });

  it("the failure states the floor it applied, the default's or gates.churnFloor's, and how many records changed", () => {
    const messages = (records: SourceRecord[], gates: Parameters<typeof checkGates>[0]["gates"]) => checkGates({ source: "hr", records, gates, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, snapshot }).map((f) => f.message);
    expect(messages(leavers(3), { maxChurn: "10%" })).toEqual(['source "hr": 37.5% of records changed since the accepted snapshot of 2026-11-30 (0 added, 0 gone, 3 changed status, against 8); maxChurn is 10%, judged when at least 3 records change (churnFloor 3, the default); 3 did']);
    expect(messages(leavers(2), { maxChurn: "10%", churnFloor: 2 })).toEqual(['source "hr": 25.0% of records changed since the accepted snapshot of 2026-11-30 (0 added, 0 gone, 2 changed status, against 8); maxChurn is 10%, judged when at least 2 records change (gates.churnFloor: 2); 2 did']);
  });

  it("a large source's truncated export fails whatever the floor's default", () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => record(i + 1));
    expect(checkGates({ source: "hr", records: thousand.slice(0, 800), gates: { maxChurn: "10%" }, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, snapshot: { ...snapshot, records: thousand } }).map((f) => f.rule)).toEqual(["source-gate-max-churn"]);
  });
});

// An empty export has no record to carry its time: the gates once read its age from its records
// alone, so a stale empty file passed maxAge. Its time is the one its adapter tells
// (options.exportedAt, or the files' modification time), and an empty export fails for being
// empty once, not once per gate that counts records.
describe("an empty export", () => {
  const eight = Array.from({ length: 8 }, (_, i) => record(i + 1));
  const snapshot = { formatVersion: 1 as const, source: "hr", type: "csv", exportedAt: "2026-11-20T06:00:00Z", records: eight };
  const empty = (gates: Parameters<typeof checkGates>[0]["gates"], exportTime: string | undefined, withSnapshot = true) =>
    checkGates({ source: "hr", records: [], gates, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: false, ...(withSnapshot ? { snapshot } : {}), ...(exportTime ? { exportTime } : {}) }).map((f) => [f.rule, f.message]);

  it("is judged by maxAge at the time its adapter told, and the finding says it is empty", () => {
    expect(empty({ maxAge: "1d" }, "2026-11-21T09:00:00Z", false)).toEqual([["source-gate-max-age", 'source "hr": export is empty (no records) and 10.0 days old (exported 2026-11-21T09:00:00.000Z); maxAge is 1d']]);
    expect(empty({ maxAge: "1d" }, "2026-12-01T06:00:00Z", false)).toEqual([]);
  });

  it("stale: one maxAge finding, which says minRecords and maxChurn are judged on a fresh export", () => {
    expect(empty({ maxAge: "1d", minRecords: 5, maxChurn: "10%" }, "2026-11-21T09:00:00Z")).toEqual([
      ["source-gate-max-age", 'source "hr": export is empty (no records) and 10.0 days old (exported 2026-11-21T09:00:00.000Z); maxAge is 1d; minRecords (5) and maxChurn (10%) are judged on a fresh export, not on this one'],
    ]);
  });

  it("fresh: one finding for minRecords and maxChurn, which says it is empty", () => {
    const out = empty({ maxAge: "1d", minRecords: 5, maxChurn: "10%" }, "2026-12-01T06:00:00Z");
    expect(out).toEqual([
      ["source-gate-min-records", 'source "hr": the export is empty (no records): minRecords is 5; and 100.0% of records changed since the accepted snapshot of 2026-11-20 (0 added, 8 gone, 0 changed status, against 8); maxChurn is 10%, judged when at least 3 records change (churnFloor 3, the default); 8 did'],
    ]);
    expect(empty({ maxChurn: "10%" }, undefined)).toEqual([
      ["source-gate-max-churn", 'source "hr": the export is empty (no records): 100.0% of records changed since the accepted snapshot of 2026-11-20 (0 added, 8 gone, 0 changed status, against 8); maxChurn is 10%, judged when at least 3 records change (churnFloor 3, the default); 8 did'],
    ]);
  });
});

describe("an empty people export accepted down to 0 records: one acceptance, one warning", () => {
  const d = exportDigest([]);
  const check = (accept: NonNullable<Parameters<typeof checkGates>[0]["gates"]["accept"]>, reviewedAccepted?: ReadonlySet<string>) =>
    checkGates({ source: "hr", records: [], gates: { minRecords: 2, accept }, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: true, ...(reviewedAccepted ? { reviewedAccepted } : {}) });
  const unbound = { records: 0, reason: "HR retired", expiresAt: "2026-12-08" };
  const joint = `source "hr": minRecords and the empty-export gate pass only by gates.accept: export has 0 records; minRecords is 2, accepted down to 0; and the export is empty (no records), and "hr" is a source of people, accepted down to 0 records (reason: HR retired; expires 2026-12-08; it names no export; this export is ${d})`;
  // The words a plan reviewed before this change carries: one warning per gate.
  const old = [
    `source "hr": minRecords passes only by gates.accept: export has 0 records; minRecords is 2, accepted down to 0 (reason: HR retired; expires 2026-12-08; it names no export; this export is ${d})`,
    `source "hr": the empty-export gate passes only by gates.accept: the export is empty (no records), and "hr" is a source of people, accepted down to 0 records (reason: HR retired; expires 2026-12-08; it names no export; this export is ${d})`,
  ];

  it("waives minRecords and the built-in source-gate-empty in one source-gate-accepted warning that names both", () => {
    const bound = check({ ...unbound, export: d });
    expect(bound.map((f) => [f.rule, f.severity])).toEqual([["source-gate-accepted", "warning"]]);
    expect(bound[0]!.message).toBe(joint.replace(`it names no export; this export is ${d}`, `export ${d}`));
    expect(check(unbound).map((f) => f.message)).toEqual([joint]);
  });

  it("apply's re-plan waives both where the reviewed plan did: in its one warning, or in the two an older plan has; else neither", () => {
    for (const reviewed of [[joint], old]) expect(check(unbound, new Set(reviewed)).map((f) => [f.rule, f.message])).toEqual([["source-gate-accepted", joint]]);
    for (const reviewed of [[], [old[0]!], [old[1]!]]) {
      const out = check(unbound, new Set(reviewed));
      expect(out.map((f) => f.rule)).toEqual(["source-gate-empty"]);
      expect(out[0]!.message).toContain("gates.accept does not count: it names no export, and the reviewed plan did not waive this gate for this export");
    }
  });
});

// The same acceptance waives maxChurn too where the accepted snapshot had people (churnUpTo): it
// gave a warning of its own beside the one for minRecords and the empty-export gate.
describe("an empty people export accepted down to 0 records and up to 100% churn: one warning", () => {
  const d = exportDigest([]);
  const eight = Array.from({ length: 8 }, (_, i) => record(i + 1));
  const snapshot = { formatVersion: 1 as const, source: "hr", type: "csv", exportedAt: "2026-11-20T06:00:00Z", records: eight };
  const unbound = { records: 0, churnUpTo: "100%", reason: "HR retired", expiresAt: "2026-12-08" };
  const check = (reviewedAccepted?: ReadonlySet<string>) =>
    checkGates({ source: "hr", records: [], gates: { minRecords: 2, maxChurn: "10%", accept: unbound }, snapshot, now: NOW, configAt: "scopesync.yaml:3", absencesMakeLeavers: true, ...(reviewedAccepted ? { reviewedAccepted } : {}) });
  const tail = `(reason: HR retired; expires 2026-12-08; it names no export; this export is ${d})`;
  const minRecords = "export has 0 records; minRecords is 2, accepted down to 0";
  const floor = 'the export is empty (no records), and "hr" is a source of people, accepted down to 0 records';
  const churn = "100.0% of records changed since the accepted snapshot of 2026-11-20 (0 added, 8 gone, 0 changed status, against 8); maxChurn is 10%, accepted up to 100%";
  const one = `source "hr": minRecords, the empty-export gate and maxChurn pass only by gates.accept: ${minRecords}; and ${floor}; and ${churn} ${tail}`;

  it("names minRecords, the empty-export gate and maxChurn in one source-gate-accepted warning", () => {
    expect(check().map((f) => [f.rule, f.message])).toEqual([["source-gate-accepted", one]]);
  });

  it("apply's re-plan waives them where the reviewed plan did, in its one warning or in the two or three an older plan has", () => {
    const two = [`source "hr": minRecords and the empty-export gate pass only by gates.accept: ${minRecords}; and ${floor} ${tail}`, `source "hr": maxChurn passes only by gates.accept: ${churn} ${tail}`];
    const three = [`source "hr": minRecords passes only by gates.accept: ${minRecords} ${tail}`, `source "hr": the empty-export gate passes only by gates.accept: ${floor} ${tail}`, two[1]!];
    for (const reviewed of [[one], two, three]) expect(check(new Set(reviewed)).map((f) => [f.rule, f.message])).toEqual([["source-gate-accepted", one]]);
    expect(check(new Set([two[0]!])).map((f) => f.rule)).toEqual(["source-gate-empty"]);
  });
});
