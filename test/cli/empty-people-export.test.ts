// An empty export of a source of people. With no gate configured (or gates that do not count
// records) it "passed every quality gate", and every person became a leaver: a header-only HR file
// offboarded the company wherever the safety limits let it (here, three people, under their floor
// of 10). Now it fails source-gate-empty whatever `gates` say, so the source decides nothing about
// who left; a source emptied on purpose is accepted as minRecords is. The gate first held only a
// source authoritative for status, but an anchor a source no longer exports is a leaver's whatever
// the source is authoritative for: a source authoritative for name alone still offboarded everyone.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-12-01T09:00:00Z";
const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\n";
const dirs = tempDirs();

interface Plan { blocked: boolean; changes: Array<{ action: string; reason: string }>; findings: Array<{ rule: string; message: string; remediation?: string }> }

const config = (gates: string, authoritative = "[status]"): string =>
  `version: 1\norganisation: northwind\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    authoritative: ${authoritative}\n${gates}    options:\n      exportedAt: "2026-12-01T06:00:00Z"\ntargets:\n  local:\n    type: file\n    path: state/local.json\n`;

/** Three people with accounts, their snapshot accepted; then the export is cut to its header. */
async function repo(gates = "", authoritative?: string): Promise<string> {
  const d = dirs("empty-people-export-");
  const people = ["ada", "bea", "cai"];
  const files: Record<string, string> = {
    "scopesync.yaml": config(gates, authoritative),
    "exports/hr.csv": HEADER + people.map((p, i) => `W${i + 1},${p},${p},X,${p}@corp.example,Active\n`).join(""),
    "policies/apps/local.yaml": "kind: AppPolicy\nid: local\ntarget: local\nscope:\n  include:\n    - kinds: [person]\n",
    "state/local.json": JSON.stringify({ formatVersion: 1, target: "local", readAt: "2026-12-01T06:00:00Z", accounts: people.map((p, i) => ({ id: `u${i + 1}`, login: p, externalId: `hr:W${i + 1}`, active: true, attributes: {}, entitlements: [] })), credentials: [] }),
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(d, path, ".."), { recursive: true });
    writeFileSync(join(d, path), text);
  }
  const snap = await runCli(["snapshot", "--repo", d, "--now", NOW], { env: {} });
  expect(snap.code, snap.stderr).toBe(0);
  writeFileSync(join(d, "exports/hr.csv"), HEADER);
  return d;
}

async function plan(d: string): Promise<{ code: number; plan: Plan }> {
  const out = await runCli(["plan", "--repo", d, "--now", NOW, "--format", "json"], { env: {} });
  return { code: out.code, plan: JSON.parse(out.stdout) as Plan };
}

const gateFindings = (p: Plan) => p.findings.filter((f) => f.rule.startsWith("source-gate-")).map((f) => [f.rule, f.message]);
const leavers = (p: Plan) => p.changes.filter((c) => c.reason.includes("is no longer in source"));
const EMPTY = 'the export is empty (no records), and "hr" is a source of people: it decides nothing about who left, whatever gates say';

describe("an empty export of a source of people", () => {
  it("without any gate: blocked by source-gate-empty, and nobody is planned as a leaver", async () => {
    const { code, plan: p } = await plan(await repo());
    expect(code).toBe(3);
    expect(p.blocked).toBe(true);
    expect(gateFindings(p)).toEqual([["source-gate-empty", expect.stringContaining(EMPTY)]]);
    expect(leavers(p)).toEqual([]);
    expect(p.changes.filter((c) => c.action !== "update-account")).toEqual([]);
  });

  // Its records still anchor the people (externalId hr:W1 on their accounts): their absence is a
  // leaver's, and the gate's fix once offered taking status out of `authoritative` as a way out.
  for (const authoritative of ["[name]", "[]"]) {
    it(`authoritative: ${authoritative}, not for status: blocked alike, and the fix does not point at authoritative`, async () => {
      const { code, plan: p } = await plan(await repo("", authoritative));
      expect(code).toBe(3);
      expect(gateFindings(p)).toEqual([["source-gate-empty", expect.stringContaining(EMPTY)]]);
      expect(leavers(p)).toEqual([]);
      expect(p.findings.find((f) => f.rule === "source-gate-empty")!.remediation).not.toMatch(/remove status/);
    });
  }

  it("with minRecords and maxChurn: one finding, under source-gate-empty, naming both", async () => {
    const { code, plan: p } = await plan(await repo('    gates:\n      minRecords: 2\n      maxChurn: "10%"\n'));
    expect(code).toBe(3);
    expect(gateFindings(p)).toEqual([["source-gate-empty", expect.stringContaining(`${EMPTY}; and minRecords is 2; and 100.0% of records changed`)]]);
    expect(leavers(p)).toEqual([]);
  });

  it("emptied on purpose: the acceptance the finding gives passes it, and the leavers say what was checked", async () => {
    const d = await repo();
    const fix = (await plan(d)).plan.findings.find((f) => f.rule === "source-gate-empty")!.remediation!;
    const accept = /gates\.accept: (\{ records: 0, export: "sha256:[0-9a-f]{64}", reason: "…", expiresAt: "[0-9-]+" \})/.exec(fix)![1]!.replace("…", "HR moved to another system");
    writeFileSync(join(d, "scopesync.yaml"), config(`    gates:\n      accept: ${accept}\n`));
    const { plan: p } = await plan(d);
    expect(gateFindings(p).map(([rule]) => rule)).toEqual(["source-gate-accepted"]);
    expect(leavers(p).map((c) => c.reason)).toEqual(["hr:W1", "hr:W2", "hr:W3"].map((a) => `${a} is no longer in source "hr" (the export passed only the built-in checks (unique keys, export time): no gates are configured)`));
    // Its empty snapshot accepted, the acceptance can go: an empty export is then no news.
    expect((await runCli(["snapshot", "--repo", d, "--now", NOW], { env: {} })).code).toBe(0);
    // It keeps the three as departed leavers (SourceRecord.departed), no one present.
    expect((JSON.parse(readFileSync(join(d, "state/sources/hr.json"), "utf8")) as { records: Array<{ departed?: unknown }> }).records.filter((r) => r.departed === undefined)).toEqual([]);
    writeFileSync(join(d, "scopesync.yaml"), config(""));
    expect(gateFindings((await plan(d)).plan)).toEqual([]);
  });
});
