// Unit tests of reviewed-plan reconciliation (src/apply/reviewed.ts) and of the journal
// (src/apply/journal.ts): what counts as reviewed, what is applied unreviewed, what is held, and
// which changes a cut-off run left open.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Journal, type JournalRecord } from "../../src/apply/journal.js";
import { Resume } from "../../src/apply/cut-off.js";
import { parseReviewedPlan, reconcile } from "../../src/apply/reviewed.js";
import { fingerprint } from "../../src/plan/build-plan.js";
import type { Change } from "../../src/model/change.js";
import type { Plan } from "../../src/plan/plan.js";
import { ScopesyncError } from "../../src/model/errors.js";
import { lineOf, mk } from "./helpers/memory-connector.js";

function plan(changes: Change[], extra: Partial<Plan> = {}): Plan {
  return {
    formatVersion: 1,
    fingerprint: fingerprint(changes),
    generatedAt: "2026-11-26T09:00:00.000Z",
    organisation: "acme",
    summary: {},
    changes,
    findings: [],
    blocked: false,
    blockedReasons: [],
    overrides: [],
    exceptions: [],
    approvals: [],
    targets: {},
    ...extra,
  };
}

const lines = (cs: Change[]) => cs.map(lineOf);

describe("reconcile", () => {
  const create = mk("create-account", "jo", { attributes: { displayName: { from: null, to: "Jo" } } });
  const grant = mk("grant", "jo", { entitlement: "team:a" });
  const revoke = mk("revoke", "lea", { entitlement: "team:a", account: "a9" });
  const disable = mk("disable-account", "lea", { account: "a9" });

  it("sorts the current plan into reviewed, unreviewed revocations, held and obsolete", () => {
    const reviewedGrant = mk("grant", "old", { entitlement: "team:gone" });
    const reviewed = plan([create, grant, reviewedGrant]);
    const newGrant = mk("grant", "max", { entitlement: "team:b" });
    const newCreate = mk("create-account", "max");
    const current = plan([create, grant, revoke, disable, newCreate, newGrant]);
    const r = reconcile(current, reviewed, "revocations-only");
    expect(lines(r.reviewed)).toEqual(["create-account jo", "grant jo team:a"]);
    expect(lines(r.unreviewedRevocations)).toEqual(["revoke lea team:a", "disable-account lea"]);
    expect(lines(r.held)).toEqual(["create-account max", "grant max team:b"]);
    expect(lines(r.obsolete)).toEqual(["grant old team:gone"]);
  });

  it("counts every unreviewed change as held under `none`, revocations too", () => {
    const r = reconcile(plan([create, revoke, disable, mk("revoke-credential", "lea", { credential: "k1" }), mk("delete-account", "lea")]), plan([create]), "none");
    expect(lines(r.reviewed)).toEqual(["create-account jo"]);
    expect(r.unreviewedRevocations).toEqual([]);
    expect(lines(r.held)).toEqual(["revoke lea team:a", "disable-account lea", "revoke-credential lea k1", "delete-account lea"]);
  });

  it("a change with the same id but different content was not reviewed (a create whose attributes changed)", () => {
    const changed = { ...create, attributes: { displayName: { from: null, to: "Joanna" } } };
    const r = reconcile(plan([changed]), plan([create]), "revocations-only");
    expect(r.reviewed).toEqual([]);
    expect(lines(r.held)).toEqual(["create-account jo"]);
    expect(r.obsolete).toEqual([]); // same id: it is still needed, just not as reviewed
  });

  it("prose and provenance do not matter: reason, evidence, origin, reviewers and move may differ", () => {
    const reworded = { ...grant, reason: "other words", evidence: ["x.yaml:3"], origin: "pr" as const, reviewers: ["security"], move: { department: { from: "A", to: "B" } } };
    expect(lines(reconcile(plan([reworded]), plan([grant]), "none").reviewed)).toEqual(["grant jo team:a"]);
  });

  it("an unreviewed revocation whose content changed is still applied under revocations-only", () => {
    const reviewedRevoke = { ...revoke, anchor: "hr:OTHER" };
    const r = reconcile(plan([revoke]), plan([reviewedRevoke]), "revocations-only");
    expect(lines(r.unreviewedRevocations)).toEqual(["revoke lea team:a"]);
  });

  it("a revocation of the same account (id) whose user renamed it since review is the reviewed one, even under none; on another account it is not", () => {
    const renamed = { ...revoke, login: "lea-renamed" };
    expect(lines(reconcile(plan([renamed]), plan([revoke]), "none").reviewed)).toEqual(["revoke lea team:a"]);
    const elsewhere = { ...revoke, login: "lea-renamed", account: "a10" };
    expect(lines(reconcile(plan([elsewhere]), plan([revoke]), "none").held)).toEqual(["revoke lea team:a"]);
  });

  it("refuses another format version, an edited plan and another organisation", () => {
    const ok = plan([grant]);
    const refuse = (reviewed: Plan) => {
      try {
        reconcile(plan([grant]), reviewed, "revocations-only");
      } catch (e) {
        expect(e).toBeInstanceOf(ScopesyncError);
        return (e as Error).message;
      }
      throw new Error("not refused");
    };
    expect(refuse({ ...ok, formatVersion: 2 as unknown as 1 })).toBe("the reviewed plan has formatVersion 2; this scopesync reads 1");
    expect(refuse({ ...ok, changes: [{ ...grant, entitlement: "team:admin" }] })).toBe("the reviewed plan's changes do not match its fingerprint: it was edited after it was made");
    expect(refuse({ ...ok, organisation: "evil" })).toBe('the reviewed plan is for organisation "evil", this repository is "acme"');
  });

  it("parseReviewedPlan refuses what is not a plan", () => {
    expect(() => parseReviewedPlan("{not json", "p.json")).toThrow(/^p\.json is not a plan: not valid JSON at line 1 column 2$/);
    // The parser's own message quotes the text; a file that is not a plan must not be echoed.
    expect(() => parseReviewedPlan("root:x:0:0:root", "p.json")).toThrow(/^p\.json is not a plan: not valid JSON$/);
    expect(() => parseReviewedPlan("[]", "p.json")).toThrow("p.json is not a scopesync plan (no changes or fingerprint)");
    expect(() => parseReviewedPlan('{"changes": []}', "p.json")).toThrow("p.json is not a scopesync plan (no changes or fingerprint)");
    expect(parseReviewedPlan(JSON.stringify(plan([grant])), "p.json").changes).toHaveLength(1);
  });
});

describe("Journal", () => {
  let dir: string;
  let journal: Journal;
  const rec = (change: string, phase: JournalRecord["phase"], fp = "sha256:a", run = "r1"): JournalRecord => ({ at: "2026-11-26T09:00:00.000Z", run, fingerprint: fp, review: "reviewed", replan: fp, planTime: "2026-11-26T09:00:00.000Z", change, target: "crm", action: "grant", identity: change, phase });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scopesync-journal-"));
    journal = new Journal(join(dir, "nested", "journal.jsonl"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads nothing when there is no journal yet", () => {
    expect([...journal.records()]).toEqual([]);
    expect(journal.interrupted("sha256:a")).toEqual([]);
  });

  it("reports changes started and never finished, of this fingerprint only", () => {
    for (const r of [rec("c1", "start"), rec("c1", "done"), rec("c2", "start"), rec("c3", "start"), rec("c3", "failed"), rec("c4", "start", "sha256:other")]) journal.write(r);
    expect(journal.interrupted("sha256:a").map((r) => r.change)).toEqual(["c2"]);
    expect(journal.interrupted("sha256:other").map((r) => r.change)).toEqual(["c4"]);
  });

  it("a later run that finishes the change closes it", () => {
    for (const r of [rec("c2", "start", "sha256:a", "r1"), rec("c2", "start", "sha256:a", "r2"), rec("c2", "done", "sha256:a", "r2")]) journal.write(r);
    expect(journal.interrupted("sha256:a")).toEqual([]);
  });

  it("ignores a torn last line (the process died while writing it)", () => {
    journal.write(rec("c1", "start"));
    journal.write(rec("c2", "start"));
    const done = JSON.stringify(rec("c2", "done"));
    appendFileSync(journal.path, done.slice(0, done.length - 9)); // no newline, cut mid-record
    expect([...journal.records()].map((r) => `${r.change} ${r.phase}`)).toEqual(["c1 start", "c2 start"]);
    expect(journal.interrupted("sha256:a").map((r) => r.change)).toEqual(["c1", "c2"]);
    // The next run appends after the torn line; its records still read.
    writeFileSync(journal.path, `${JSON.stringify(rec("c1", "start"))}\n{"torn":\n${JSON.stringify(rec("c1", "done"))}\n`);
    expect(journal.interrupted("sha256:a")).toEqual([]);
  });

  it("ends a torn last line before the next record, which would otherwise be glued to it and lost; the torn line is named", () => {
    journal.write(rec("c1", "start"));
    const done = JSON.stringify(rec("c1", "done"));
    appendFileSync(journal.path, done.slice(0, 100)); // a full disk cut the line: no newline
    journal.write(rec("c1", "start", "sha256:a", "r2"));
    journal.write(rec("c1", "done", "sha256:a", "r2"));
    expect([...journal.records()].map((r) => `${r.change} ${r.phase} ${r.run}`)).toEqual(["c1 start r1", "c1 start r2", "c1 done r2"]);
    expect(readFileSync(journal.path, "utf8").split("\n")[1]).toBe(done.slice(0, 100));
    expect([...journal.lines()].filter((l) => !l.record).map((l) => l.line)).toEqual([2]);
    expect(journal.interrupted("sha256:a")).toEqual([]);
  });

  it("names a line that is JSON but no record (null, [1], 42) as unreadable, as a cut line, instead of stopping on it (rv76 #4)", () => {
    journal.write(rec("c1", "start"));
    appendFileSync(journal.path, "null\n[1]\n42\n");
    journal.write(rec("c2", "start"));
    journal.write(rec("c2", "done"));
    // What apply's resume reads: before, `null` was taken for a record and openStarts read its fingerprint.
    const resume = new Resume(journal, "sha256:a");
    expect(resume.unreadable).toEqual([2, 3, 4]);
    expect(resume.cutOff("sha256:a").map((r) => r.change)).toEqual(["c1"]);
    expect([...resume.carried]).toEqual(["c2"]);
    expect(journal.interrupted("sha256:a").map((r) => r.change)).toEqual(["c1"]);
  });
});
