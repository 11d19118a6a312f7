// target-without-policy named scopesync.yaml with no line (rv73, smaller observations): the
// finding now points at the target's entry, as every other finding points at its line.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { repoOnBranch } from "../helpers/branch-repo.js";
import { FILES, NOW } from "../helpers/offboarding-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const tempDir = tempDirs();

describe("target-without-policy", () => {
  it("is located at the target's entry in scopesync.yaml", async () => {
    const { dir } = await repoOnBranch(join(tempDir("scopesync-no-policy-"), "repo"), FILES);
    rmSync(join(dir, "policies/apps/wiki.yaml"));
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.findings.filter((f) => f.rule === "target-without-policy").map((f) => [f.target, f.location])).toEqual([["wiki", "scopesync.yaml:18"]]);
  });
});
