// A source with maxChurn and no accepted snapshot anywhere (an adoption that plans before its first
// `scopesync snapshot` was accepted): the gate cannot be measured and no mover is detected, so the
// plan says so. Before, such a plan said nothing, and a person moved out of a privileged team's
// department kept it without privilege-after-move, the plan "ready for review".
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

async function findings(dir: string, ...more: string[]): Promise<string[]> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW, ...more]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Plan).findings.filter((f) => f.rule === "source-no-snapshot").map((f) => `${f.location} ${f.message}`);
}

describe("a source with maxChurn and no accepted snapshot", () => {
  it("is a warning until its first snapshot is accepted, with or without --base", async () => {
    const dir = join(tempDir("scopesync-no-snapshot-"), "repo");
    expect((await runCli(["init", dir])).code).toBe(0);
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args]);
    git("init", "-q", "-b", "main");
    git("-c", "user.email=a@example.invalid", "-c", "user.name=a", "add", "-A");
    git("-c", "user.email=a@example.invalid", "-c", "user.name=a", "commit", "-qm", "init");
    const expected = [
      'scopesync.yaml:14 source "hr" has no accepted snapshot (state/sources/hr.json): its maxChurn gate cannot be measured, so a truncated export is stopped only by the safety limits, and no mover is detected (a person who changed department keeps privileged access without privilege-after-move)',
    ];
    expect(await findings(dir)).toEqual(expected);
    expect(await findings(dir, "--base", "main")).toEqual(expected);
    // Accepted: no warning.
    expect((await runCli(["snapshot", "--repo", dir, "--now", NOW])).code).toBe(0);
    expect(await findings(dir)).toEqual([]);
    git("-c", "user.email=a@example.invalid", "-c", "user.name=a", "add", "-A");
    git("-c", "user.email=a@example.invalid", "-c", "user.name=a", "commit", "-qm", "accept the first snapshot");
    expect(await findings(dir, "--base", "main")).toEqual([]);
  });
});
