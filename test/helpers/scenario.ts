import { copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "./run-cli.js";

export const SCENARIOS = new URL("../scenarios/", import.meta.url).pathname;
export const SCENARIO_NOW = "2026-11-26T09:00:00Z";

/** Scenario folders: every folder under test/scenarios/ except the shared _base. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith("_")).map((d) => d.name).sort();
}

/**
 * Builds a scenario repository in a temp dir: the shared base, the scenario's files on top. When
 * the scenario has `hr.before.csv` (and any other `NAME.before.csv`), those exports are
 * snapshotted first with the real `snapshot` command, so movers, joiners and churn are measured
 * against an accepted baseline. `edit` changes the copied files first: a test that needs a value no
 * committed file may hold (a secret-shaped login, built at run time) writes it there.
 */
export async function buildScenario(name: string, edit?: (dir: string) => void): Promise<{ dir: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), `scopesync-${name}-`));
  cpSync(join(SCENARIOS, "_base"), dir, { recursive: true });
  cpSync(join(SCENARIOS, name), dir, { recursive: true });
  for (const f of ["expected.txt"]) rmSync(join(dir, f), { force: true });
  edit?.(dir);
  // hr.before.csv (and any other NAME.before.csv): the exports as the accepted snapshot saw them.
  const befores = readdirSync(dir).filter((f) => f.endsWith(".before.csv")).map((f) => f.slice(0, -".before.csv".length));
  if (befores.includes("hr")) {
    for (const source of befores) {
      copyFileSync(join(dir, `${source}.csv`), join(dir, `${source}.after.csv`));
      copyFileSync(join(dir, `${source}.before.csv`), join(dir, `${source}.csv`));
    }
    const r = await runCli(["snapshot", "--repo", dir, "--now", SCENARIO_NOW]);
    if (r.code !== 0) throw new Error(`snapshot failed in scenario ${name}: ${r.stderr}`);
    for (const source of befores) {
      copyFileSync(join(dir, `${source}.after.csv`), join(dir, `${source}.csv`));
      rmSync(join(dir, `${source}.after.csv`));
      rmSync(join(dir, `${source}.before.csv`));
    }
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** buildScenario inside a test: the folder is removed when the test finishes. */
export async function scenarioForTest(name: string, edit?: (dir: string) => void): Promise<string> {
  const s = await buildScenario(name, edit);
  onTestFinished(s.cleanup);
  return s.dir;
}

/**
 * The reviewable projection of a plan: one line per change (target, action, identity, what,
 * origin, flags), then error and warning findings, then the verdict with its reasons.
 */
export function project(plan: Plan): string {
  const lines = plan.changes.map((c) => {
    const what = c.entitlement ? ` ${c.entitlement}` : c.credential ? ` credential ${c.credential}` : "";
    const attrs = c.attributes ? ` {${Object.entries(c.attributes).map(([k, v]) => `${k}: ${v.from ?? "∅"} → ${v.to ?? "∅"}`).join("; ")}}` : "";
    return `${c.target} ${c.action} ${c.identity}${what} (${c.origin})${c.privileged ? " privileged" : ""}${c.move ? " mover" : ""}${attrs}`;
  });
  for (const f of plan.findings) if (f.severity !== "info") lines.push(`finding ${f.severity} ${f.rule}${f.identity ? ` ${f.identity}` : ""}`);
  for (const o of plan.overrides) lines.push(`override ${o.target} ${o.limit} allow ${o.allow}`);
  lines.push(plan.blocked ? "BLOCKED" : "not blocked");
  for (const r of plan.blockedReasons) lines.push(`  ${r}`);
  return `${lines.join("\n")}\n`;
}
