import type { Finding, Severity } from "../../model/finding.js";
import type { BuiltinRuleId } from "../../model/rule-catalog.js";
import type { RuleInputs } from "./context.js";
import { PROJECT_HOME } from "../../model/project-home.js";

/** Where rule documentation lives; every finding links to its rule's section. */
export const RULES_DOC = `${PROJECT_HOME}/blob/main/docs/rules.md`;

export function helpLink(ruleId: string): string {
  return `${RULES_DOC}#${ruleId}`;
}

/** What a rule sees: the desired state, what targets hold, and the plan that connects them, and its own settings. */
export interface RuleContext extends RuleInputs {
  /** Settings of this rule from policies/rules/*.yaml `builtins:` (severity aside). */
  settings: Record<string, unknown>;
}

/** A finding a rule reports, before severity and metadata are filled in from the rule. */
export type RuleHit = Omit<Finding, "rule" | "severity" | "controls" | "help" | "remediation"> & { remediation?: string };

export interface BuiltinRule {
  id: BuiltinRuleId;
  title: string;
  defaultSeverity: Severity;
  /** OWASP Non-Human Identities Top 10 (2025), NIST CSF 2.0, NIST SP 800-53 references. */
  controls: string[];
  remediation: string;
  /**
   * The rule's hits, made one at a time where a rule can have millions (one per credential or per
   * discovered NHI): each becomes a finding as soon as it is made, so the hit and the pieces of its
   * message die young instead of being kept, copied and promoted until the rule is done.
   */
  check(ctx: RuleContext): Iterable<RuleHit>;
}
