// What a finding of a rule weighs here: an exception that sets aside an `error` one unblocks a plan
// (plan/control-findings.ts says so of each exception a pull request adds).
import type { Severity } from "../../model/finding.js";
import type { PolicyRepo } from "../../model/policy-repo.js";
import { builtinSettings } from "../../model/rule-catalog.js";
import { BUILTIN_RULES } from "./builtin/index.js";

/** The severity a built-in or custom rule's findings have in this repository (`builtins:`, else its default; a custom rule's own). */
export function ruleSeverity(repo: PolicyRepo, rule: string): Severity | undefined {
  for (const set of repo.ruleSets) for (const r of set.value.rules ?? []) if (r.id === rule) return r.severity;
  return builtinSettings(repo.ruleSets).get(rule)?.severity ?? BUILTIN_RULES.find((r) => r.id === rule)?.defaultSeverity;
}
