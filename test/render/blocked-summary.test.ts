import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { scenarioForTest, SCENARIO_NOW, SCENARIOS } from "../helpers/scenario.js";

// A plan blocked by a failed quality gate plans nothing for the people the gate is unsure of: its
// empty change list does not mean that every target matches, and its first line must not say so.
describe("the first line of a blocked plan", () => {
  it("with no changes (a failed churn gate): says blocked, never 'every target matches'", async () => {
    const dir = await scenarioForTest("churn-gate");
    const text = await runCli(["plan", "--repo", dir, "--format", "text", "--now", SCENARIO_NOW]);
    expect(text.code).toBe(3);
    expect(text.stdout.split("\n")[1]).toBe("No changes planned, and the plan is BLOCKED: the targets are not known to match the desired state (reasons at the end).");
    expect(text.stdout).not.toContain("Every target matches");
    const markdown = await runCli(["plan", "--repo", dir, "--format", "markdown", "--now", SCENARIO_NOW]);
    expect(markdown.stdout).toContain("No changes planned: the plan is blocked, so the targets are not known to match the desired state.");
    expect(markdown.stdout).not.toContain("every target matches");
  });

  it("with changes (over a safety limit): the counts, then that it is blocked", async () => {
    const dir = await scenarioForTest("safety-limit");
    const text = await runCli(["plan", "--repo", dir, "--format", "text", "--now", SCENARIO_NOW]);
    expect(text.code).toBe(3);
    expect(text.stdout.split("\n")[1]).toMatch(/^\d+ changes: .* \(BLOCKED: reasons at the end\)$/);
  });

  it("an unblocked plan with no changes still says that every target matches", async () => {
    const dir = await scenarioForTest("churn-gate");
    // The same repository before the departures: its accepted snapshot's export, nothing changed.
    copyFileSync(join(SCENARIOS, "churn-gate", "hr.before.csv"), join(dir, "hr.csv"));
    const text = await runCli(["plan", "--repo", dir, "--format", "text", "--now", SCENARIO_NOW]);
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[1]).toBe("No changes. Every target matches the desired state.");
  });
});
