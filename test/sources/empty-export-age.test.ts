// An empty export's age: no record carries its time, so the maxAge gate once skipped it and a stale
// empty file passed. Its time is its file's modification time (no options.exportedAt being set),
// read by `plan` and by `snapshot` as for any export. A source of people, its empty-export gate is
// left to a fresh export (whatever it is authoritative for: this one names nothing).
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-12-01T09:00:00Z";
const dirs = tempDirs();

const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\n";

/** `gates`: the YAML lines under hr's gates (6 spaces in). `csv`: the export's text. */
function repo(gates = "      maxAge: 2d\n", csv = HEADER): string {
  const d = dirs("empty-export-");
  const files: Record<string, string> = {
    "scopesync.yaml": `version: 1\norganisation: northwind\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    gates:\n${gates}targets:\n  local:\n    type: file\n    path: state/local.json\n`,
    "exports/hr.csv": csv,
    "policies/apps/local.yaml": "kind: AppPolicy\nid: local\ntarget: local\nscope:\n  include:\n    - kinds: [person]\n",
    "state/local.json": '{ "formatVersion": 1, "target": "local", "readAt": "2026-12-01T06:00:00Z", "accounts": [], "credentials": [] }\n',
  };
  for (const [path, text] of Object.entries(files)) write(d, path, text);
  // Written twelve days before the plan, and nothing since.
  const old = new Date("2026-11-19T09:00:00Z");
  utimesSync(join(d, "exports/hr.csv"), old, old);
  return d;
}

function write(d: string, path: string, text: string): void {
  mkdirSync(join(d, path, ".."), { recursive: true });
  writeFileSync(join(d, path), text);
}

async function gateFindings(args: string[]): Promise<{ findings: string[][]; blocked: boolean }> {
  const out = await runCli(args, { env: {} });
  const plan = JSON.parse(out.stdout) as { findings: Array<{ rule: string; message: string }>; blocked: boolean };
  return { findings: plan.findings.filter((f) => f.rule.startsWith("source-gate-")).map((f) => [f.rule, f.message]), blocked: plan.blocked };
}

describe("an empty export's age is its file's time", () => {
  it("plan fails maxAge for a stale empty export, saying it is empty", async () => {
    const out = await runCli(["plan", "--repo", repo(), "--now", NOW, "--format", "json"], { env: {} });
    const plan = JSON.parse(out.stdout) as { findings: Array<{ rule: string; message: string }>; blocked: boolean };
    expect(plan.findings.filter((f) => f.rule.startsWith("source-gate-")).map((f) => [f.rule, f.message])).toEqual([
      ["source-gate-max-age", 'source "hr": export is empty (no records) and 12.0 days old (exported 2026-11-19T09:00:00.000Z); maxAge is 2d; the empty-export gate is judged on a fresh export, not on this one'],
    ]);
    expect(plan.blocked).toBe(true);
  });

  it("snapshot refuses it as it refuses a stale export with records", async () => {
    const out = await runCli(["snapshot", "--repo", repo(), "--now", NOW], { env: {} });
    expect(out.stderr).toContain("error source-gate-max-age: source \"hr\": export is empty (no records) and 12.0 days old");
    expect(out.code).not.toBe(0);
  });
});

// A snapshot of an empty export had no export time (exportedAt ""), so plan --from-snapshots could
// not hold it to maxAge, and a month-old empty snapshot passed. It records its export's time now.
describe("an empty snapshot's age is its export's time", () => {
  const ACCEPT = '      maxAge: 2d\n      accept: { records: 0, reason: "HR moved to Workday", expiresAt: "2026-12-31" }\n';

  it("snapshot records the empty export's time, and plan --from-snapshots holds it to maxAge", async () => {
    const d = repo(ACCEPT);
    const snap = await runCli(["snapshot", "--repo", d, "--now", "2026-11-19T10:00:00Z"], { env: {} });
    expect(snap.code, snap.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(d, "state/sources/hr.json"), "utf8")) as { exportedAt: string; records: unknown[] };
    expect([written.exportedAt, written.records]).toEqual(["2026-11-19T09:00:00.000Z", []]);

    const stale = await gateFindings(["plan", "--repo", d, "--now", NOW, "--from-snapshots", "--format", "json"]);
    expect(stale.findings).toEqual([["source-gate-max-age", 'source "hr": export is empty (no records) and 12.0 days old (exported 2026-11-19T09:00:00.000Z); maxAge is 2d']]);
    expect(stale.blocked).toBe(true);
    const fresh = await gateFindings(["plan", "--repo", d, "--now", "2026-11-20T09:00:00Z", "--from-snapshots", "--format", "json"]);
    expect(fresh.findings).toEqual([]);
  });

  it("an empty snapshot that records no export time fails maxAge, saying why and how to write it again", async () => {
    const d = repo(ACCEPT);
    write(d, "state/sources/hr.json", '{ "formatVersion": 1, "source": "hr", "type": "csv", "exportedAt": "", "records": [] }\n');
    const out = await runCli(["plan", "--repo", d, "--now", NOW, "--from-snapshots", "--format", "json"], { env: {} });
    const plan = JSON.parse(out.stdout) as { findings: Array<{ rule: string; message: string; remediation: string }>; blocked: boolean };
    expect(plan.findings.filter((f) => f.rule.startsWith("source-gate-")).map((f) => [f.rule, f.message, f.remediation])).toEqual([[
      "source-gate-max-age",
      'source "hr": export is empty (no records) and its time is unknown: it is the snapshot state/sources/hr.json, which records no export time (written before scopesync snapshot recorded an empty export\'s), so maxAge 2d cannot judge it',
      "write the snapshot again with scopesync snapshot (it records the time of the export it is made from) and commit it in a reviewed PR; or plan without --from-snapshots",
    ]]);
    expect(plan.blocked).toBe(true);
  });
});

// One acceptance waiving an empty export's minRecords, the empty-export gate and maxChurn gave two
// warnings: one for the first two, one for maxChurn.
describe("an empty export's acceptance is one warning", () => {
  it("names minRecords, the empty-export gate and maxChurn in one source-gate-accepted", async () => {
    const d = repo("      minRecords: 2\n      maxChurn: 10%\n", `${HEADER}W1,ada,Ada,Lovelace,ada@northwind.example,Active\nW2,bob,Bob,Ross,bob@northwind.example,Active\nW3,cy,Cy,Twombly,cy@northwind.example,Active\n`);
    expect((await runCli(["snapshot", "--repo", d, "--now", NOW], { env: {} })).code).toBe(0);
    write(d, "exports/hr.csv", HEADER);
    const fresh = new Date("2026-12-01T08:00:00Z");
    utimesSync(join(d, "exports/hr.csv"), fresh, fresh);
    const config = readFileSync(join(d, "scopesync.yaml"), "utf8").replace("      maxChurn: 10%\n", '      maxChurn: 10%\n      accept: { records: 0, churnUpTo: "100%", reason: "HR moved to Workday", expiresAt: "2026-12-31" }\n');
    write(d, "scopesync.yaml", config);
    const { findings, blocked } = await gateFindings(["plan", "--repo", d, "--now", NOW, "--format", "json"]);
    expect(findings.map(([rule]) => rule)).toEqual(["source-gate-accepted"]);
    expect(findings[0]![1]).toMatch(/^source "hr": minRecords, the empty-export gate and maxChurn pass only by gates\.accept: export has 0 records; minRecords is 2, accepted down to 0; and the export is empty \(no records\), and "hr" is a source of people, accepted down to 0 records; and 100\.0% of records changed since the accepted snapshot/);
    expect(blocked).toBe(false);
  });
});
