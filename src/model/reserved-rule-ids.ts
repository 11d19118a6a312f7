// The ids a custom rule (a RuleSet's `rules:`) cannot take. A finding's `rule` is all that tells
// findings apart: a custom rule under a built-in finding's id would have its findings pass for
// that finding's, in the plan, the comment and code scanning (one SARIF rule, one help link), and
// to the code that reads the plan's findings back by id (accepted gates, the controls block,
// unmanaged accounts at apply), and would let an exception name an id no exception may name.
import { PLANNER_FINDINGS } from "./planner-findings.js";
import { LOAD_TIME_RULES, RULE_IDS } from "./rule-catalog.js";

/** The record a SARIF file cut to code scanning's limits carries to count what it left out (plan/render/sarif-omitted.ts). */
export const SARIF_OMITTED_RULE = "sarif-results-omitted";

/** The quality gates' findings are `source-gate-<gate>`, and the planner finds them by that prefix (plan/build-plan.ts). */
const GATE_PREFIX = "source-gate-";

/** Every reserved id, in one line for a fix. */
export const RESERVED_RULE_IDS_TEXT = `the built-in rules, ${LOAD_TIME_RULES.map((r) => r.id).join(", ")}, the findings the planner emits (docs/rules.md has a section for each), every id beginning with "${GATE_PREFIX}", and ${SARIF_OMITTED_RULE}`;

/** Why a custom rule cannot have this id, or undefined when it can. */
export function reservedRuleId(id: string): string | undefined {
  if (RULE_IDS.has(id)) return "has the id of a built-in rule";
  if (PLANNER_FINDINGS.has(id)) return "has the id of a finding the planner emits: the plan, the comment and code scanning would show the two as one, and scopesync reads that finding back by its id";
  if (id.startsWith(GATE_PREFIX)) return `begins with "${GATE_PREFIX}", the prefix of the sources' quality-gate findings, which the planner reads by that prefix`;
  if (id === SARIF_OMITTED_RULE) return "has the id scopesync's SARIF gives the record of the findings a file cut to code scanning's limits leaves out: code scanning would show the two as one rule";
  return undefined;
}
