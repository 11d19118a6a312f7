// An empty export's age: no record carries its time, so the maxAge gate once skipped it and a stale
// empty file passed. Its time is its file's modification time (no options.exportedAt being set),
// read by `plan` and by `snapshot` as for any export. A source of people, its empty-export gate is
// left to a fresh export (whatever it is authoritative for: this one names nothing).
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-12-01T09:00:00Z";
const dirs = tempDirs();

function repo(): string {
  const d = dirs("empty-export-");
  const files: Record<string, string> = {
    "scopesync.yaml": "version: 1\norganisation: northwind\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    gates:\n      maxAge: 2d\ntargets:\n  local:\n    type: file\n    path: state/local.json\n",
    "exports/hr.csv": "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus\n",
    "policies/apps/local.yaml": "kind: AppPolicy\nid: local\ntarget: local\nscope:\n  include:\n    - kinds: [person]\n",
    "state/local.json": '{ "formatVersion": 1, "target": "local", "readAt": "2026-12-01T06:00:00Z", "accounts": [], "credentials": [] }\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(d, path, ".."), { recursive: true });
    writeFileSync(join(d, path), text);
  }
  // Written twelve days before the plan, and nothing since.
  const old = new Date("2026-11-19T09:00:00Z");
  utimesSync(join(d, "exports/hr.csv"), old, old);
  return d;
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
