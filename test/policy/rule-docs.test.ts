import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULE_IDS, LOAD_TIME_RULES } from "../../src/model/rule-catalog.js";
import { BUILTIN_RULES } from "../../src/policy/rules/builtin/index.js";
import { PLANNER_FINDINGS } from "../../src/model/planner-findings.js";
import { SARIF_OMITTED_RULE } from "../../src/model/reserved-rule-ids.js";

// Every finding links to docs/rules.md#<rule>; these keep the registry, the code and the docs in step.
const SRC = new URL("../../src/", import.meta.url).pathname;
const DOCS = readFileSync(new URL("../../docs/rules.md", import.meta.url), "utf8");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("rule ids", () => {
  it("every finding id the planner emits is registered", () => {
    const emitted = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, "utf8").matchAll(/rule: "([a-z-]+)"/g)) emitted.add(m[1]!);
      // A finding id kept in a constant (EMPTY_EXPORT_RULE = "source-gate-empty" was emitted unregistered).
      for (const m of readFileSync(file, "utf8").matchAll(/[A-Z]_RULE = "([a-z-]+)"/g)) if (m[1] !== SARIF_OMITTED_RULE) emitted.add(m[1]!);
      if (readFileSync(file, "utf8").includes("rule: `source-gate-${gate}`")) for (const g of ["required", "unique", "max-age", "min-records", "max-churn"]) emitted.add(`source-gate-${g}`);
    }
    expect([...emitted].sort()).toEqual([...PLANNER_FINDINGS].sort());
  });

  it("the registry implements exactly the floor's catalogue of built-in rules, in its order", () => {
    expect(BUILTIN_RULES.map((r) => r.id)).toEqual([...BUILTIN_RULE_IDS]);
  });

  it("docs/rules.md has a section for every built-in rule and planner finding", () => {
    const headings = new Set([...DOCS.matchAll(/^#{2,3} ([a-z0-9-]+)$/gm)].map((m) => m[1]));
    for (const id of [...BUILTIN_RULES.map((r) => r.id), ...LOAD_TIME_RULES.map((r) => r.id), ...PLANNER_FINDINGS]) expect(headings, id).toContain(id);
  });
});
