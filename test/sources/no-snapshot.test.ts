// A source with maxChurn and no accepted snapshot anywhere (an adoption that plans before its first
// `scopesync snapshot` was accepted): the gate cannot be measured and no mover is detected, so the
// plan says so. Before, such a plan said nothing, and a person moved out of a privileged team's
// department kept it without privilege-after-move, the plan "ready for review". A source without
// maxChurn that decides status or department detects no mover either: its movers are planned as
// drift, which the plan said nothing of (rv94), so it gets the finding too, as info.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { planWith } from "../helpers/plan-with.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIOS } from "../helpers/scenario.js";
import { readFileSync, writeFileSync } from "node:fs";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();
const NOW = "2026-11-26T09:00:00Z";

async function findings(dir: string, ...more: string[]): Promise<string[]> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW, ...more]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Plan).findings.filter((f) => f.rule === "source-no-snapshot").map((f) => `${f.severity} ${f.location} ${f.message}`);
}

describe("a source with maxChurn and no accepted snapshot", () => {
  it("is a warning until its first snapshot is accepted, with or without --base", async () => {
    const dir = await initRepo((config) => config);
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args]);
    const expected = [
      'warning scopesync.yaml:14 source "hr" has no accepted snapshot (state/sources/hr.json): its maxChurn gate cannot be measured, so a truncated export is stopped only by the safety limits, and no mover is detected: movers are planned as drift (what their old department or title gave is revoked and what the new one gives is granted, both as drift, and an explicit privileged membership they keep raises no privilege-after-move)',
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

/** A new repository (`scopesync init`) with its scopesync.yaml edited, committed on main. */
async function initRepo(edit: (config: string) => string): Promise<string> {
  const dir = join(tempDir("scopesync-no-snapshot-"), "repo");
  expect((await runCli(["init", dir])).code).toBe(0);
  const path = join(dir, "scopesync.yaml");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args]);
  git("init", "-q", "-b", "main");
  git("-c", "user.email=a@example.invalid", "-c", "user.name=a", "add", "-A");
  git("-c", "user.email=a@example.invalid", "-c", "user.name=a", "commit", "-qm", "init");
  return dir;
}

describe("a source without maxChurn that decides status or department, and no accepted snapshot", () => {
  it("is an info: its movers are planned as drift, with or without --base", async () => {
    const dir = await initRepo((config) => {
      expect(config).toContain('      maxChurn: "10%"\n');
      return config.replace('      maxChurn: "10%"\n', "");
    });
    const expected = [
      'info scopesync.yaml:14 source "hr" decides status and department and has no accepted snapshot (state/sources/hr.json): no mover is detected: movers are planned as drift (what their old department or title gave is revoked and what the new one gives is granted, both as drift, and an explicit privileged membership they keep raises no privilege-after-move)',
    ];
    expect(await findings(dir)).toEqual(expected);
    expect(await findings(dir, "--base", "main")).toEqual(expected);
    // A source that decides neither says nothing: no snapshot changes what its plan means.
    const groupsOnly = await initRepo((config) => config.replace('      maxChurn: "10%"\n', "").replace("authoritative: [name, department, title, manager, employmentType, status, employeeId]", "authoritative: [name]"));
    expect(await findings(groupsOnly)).toEqual([]);
  });

  it("as it says: a person moved out of Platform loses the privileged team as drift, no mover", async () => {
    const config = readFileSync(join(SCENARIOS, "_base/scopesync.yaml"), "utf8");
    expect(config).toContain('      maxChurn: "60%"\n');
    const hr = readFileSync(join(SCENARIOS, "_base/hr.csv"), "utf8");
    const moved = hr.replace("W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,", "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Engineering,");
    expect(moved).not.toBe(hr);
    const { plan } = await planWith({ "scopesync.yaml": config.replace('      maxChurn: "60%"\n', ""), "hr.csv": moved });
    expect(plan.changes.filter((c) => c.identity === "alan").map((c) => `${c.action} ${c.entitlement ?? ""} ${c.origin}${c.move ? " mover" : ""}`)).toEqual(["revoke role:admin drift", "grant team:engineering drift"]);
    expect(plan.findings.filter((f) => f.rule === "source-no-snapshot").map((f) => `${f.severity} ${/movers are planned as drift/.test(f.message)}`)).toEqual(["info true"]);
  });
});
