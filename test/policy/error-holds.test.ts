// What an error finding holds back of its identity is declared per rule in the floor's catalogue
// (model/rule-catalog.ts), not decided where blocked reasons are scoped (rv71: every error finding
// held its identity's offboarding). These keep the declarations whole and docs/rules.md in step.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_ERROR_HOLDS, BUILTIN_RULE_IDS, errorHoldOf, PLANNER_ERROR_HOLDS, type ErrorHold } from "../../src/model/rule-catalog.js";
import { PLANNER_FINDINGS } from "../../src/model/planner-findings.js";

const SRC = new URL("../../src/", import.meta.url).pathname;
const DOCS = readFileSync(new URL("../../docs/rules.md", import.meta.url), "utf8");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** The rows of docs/rules.md's "What an error finding holds back" table: hold → its Rules cell. */
function documentedHolds(): Map<string, string> {
  const section = DOCS.slice(DOCS.indexOf("## What an error finding holds back"), DOCS.indexOf("## How findings appear"));
  return new Map([...section.matchAll(/^\| `([a-z]+)` \| .* \| (.*) \|$/gm)].map((m) => [m[1]!, m[2]!]));
}

describe("error holds", () => {
  it("every finding the planner emits at error has a declared hold", () => {
    const atError = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, "utf8").matchAll(/rule: "([a-z-]+)",\s*severity: "error"/g)) atError.add(m[1]!);
    }
    expect(atError.size).toBeGreaterThan(5);
    for (const rule of atError) expect(Object.keys(PLANNER_ERROR_HOLDS), rule).toContain(rule);
    for (const rule of Object.keys(PLANNER_ERROR_HOLDS)) expect(PLANNER_FINDINGS, rule).toContain(rule);
  });

  it("every built-in rule has a hold, and none holds the offboarding of the identity it names", () => {
    expect(Object.keys(BUILTIN_ERROR_HOLDS)).toEqual([...BUILTIN_RULE_IDS]);
    expect(errorHoldOf("leaver-access-remaining", false)).toBe("gives");
    expect(errorHoldOf("nhi-owner-required", false)).toBe("gives");
    expect(errorHoldOf("login-reused", false)).toBe("account");
    // A custom rule doubts what changes do; a rule no one declared holds the most.
    expect(errorHoldOf("sod-finance-approver-sales-ops", true)).toBe("changes");
    expect(errorHoldOf("some-new-planner-finding", false)).toBe("account");
  });

  it("docs/rules.md lists each hold with the rules that have it", () => {
    const rows = documentedHolds();
    expect([...rows.keys()].sort()).toEqual(["account", "changes", "gives"]);
    const named = (hold: string) => [...rows.get(hold)!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!).sort();
    const declared = (hold: ErrorHold) => Object.entries(PLANNER_ERROR_HOLDS).filter(([, h]) => h === hold).map(([rule]) => rule).sort();
    expect(named("account")).toEqual(declared("account"));
    // No planner finding holds `changes` (the row says "every custom rule"); those holding `gives` are named after "every built-in rule".
    expect(declared("changes")).toEqual([]);
    for (const rule of declared("gives")) expect(named("gives"), rule).toContain(rule);
    expect(rows.get("gives")).toMatch(/^every \[built-in rule\]/);
    expect(named("gives").filter((r) => Object.hasOwn(PLANNER_ERROR_HOLDS, r))).toEqual(declared("gives"));
    expect(declared("gives")).toEqual(["custom-role-unknown", "role-conflict", "rule-entitlement-unknown"]);
    expect(Object.values(BUILTIN_ERROR_HOLDS).every((h) => h === "gives")).toBe(true);
    expect(rows.get("changes")).toMatch(/^every \[custom rule\]/);
  });
});
