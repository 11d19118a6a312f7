import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, project, SCENARIO_NOW, SCENARIOS, scenarioNames } from "../helpers/scenario.js";

// One folder per lifecycle semantic. expected.txt is the plan's projection, read line by line
// before it was committed: a changed plan fails here until a person has looked at it again.
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("planner scenarios", () => {
  it.each(scenarioNames())("%s", async (name) => {
    const s = await buildScenario(name);
    cleanup = s.cleanup;
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    const plan = JSON.parse(r.stdout) as Plan;
    expect([0, 3]).toContain(r.code);
    expect(r.code === 3).toBe(plan.blocked);
    expect(project(plan)).toBe(readFileSync(join(SCENARIOS, name, "expected.txt"), "utf8"));
  });
});
