import type { Finding, Severity } from "../../model/finding.js";
import { BUILTIN_RULES } from "./builtin/index.js";
import type { RuleInputs } from "./context.js";
import { evaluateCustomRules } from "./custom-rules.js";
import { applyExceptions, type AppliedException } from "./exceptions.js";
import { helpLink, type RuleContext } from "./rule.js";
import { append } from "../../model/append.js";
import { flat } from "../../model/joined.js";

export interface RuleResults { findings: Finding[]; exceptions: AppliedException[] }

/**
 * Runs the built-in rules (with their settings from policies/rules/) and the custom rules on the
 * state the plan leads to, then applies reviewed exceptions.
 */
export function evaluateRules(inputs: RuleInputs): RuleResults {
  const settings = new Map<string, { enabled?: boolean; severity?: Severity } & Record<string, unknown>>();
  for (const set of inputs.repo.ruleSets) for (const [id, s] of Object.entries(set.value.builtins ?? {})) settings.set(id, { ...settings.get(id), ...s });
  const base: Omit<RuleContext, "settings"> = {
    repo: inputs.repo,
    identities: inputs.identities,
    byId: inputs.byId,
    memberships: inputs.memberships,
    changes: inputs.changes,
    after: inputs.after,
    ...(inputs.prior ? { prior: inputs.prior } : {}),
    sourcesFailingGates: inputs.sourcesFailingGates,
    now: inputs.now,
  };
  const findings: Finding[] = [];
  for (const rule of BUILTIN_RULES) {
    const s = settings.get(rule.id) ?? {};
    if (s.enabled === false) continue;
    // One help link per rule, and each hit's own texts flattened: a plan can hold millions of
    // findings (one per undeclared or stale credential), and their texts are most of its heap.
    const help = helpLink(rule.id);
    const severity = s.severity ?? rule.defaultSeverity;
    for (const hit of rule.check({ ...base, settings: s })) {
      const remediation = hit.remediation === undefined ? rule.remediation : flat(hit.remediation);
      findings.push({ ...hit, message: flat(hit.message), rule: rule.id, severity, controls: rule.controls, remediation, help });
    }
  }
  append(findings, evaluateCustomRules(inputs.repo.ruleSets, { ...base, settings: {} }));
  const isActivePerson = (id: string): boolean => {
    const approver = inputs.byId.get(id);
    return approver?.kind === "person" && approver.status === "active";
  };
  return applyExceptions(findings, inputs.repo.ruleSets, inputs.now, isActivePerson);
}
