import type { PolicyRepo } from "../../model/policy-repo.js";
import type { Finding, Severity } from "../../model/finding.js";
import type { Identity } from "../../model/identity.js";
import type { Change } from "../../model/change.js";
import type { TargetStateFacts } from "../../model/target-state-facts.js";
import type { SwitchedOffCredential } from "../../model/switched-off-credential.js";
import type { BuiltinRuleId } from "../../model/rule-catalog.js";
import type { GroupIndex } from "../memberships.js";
import type { AfterPlanView } from "./context.js";
import type { PrivilegedGroups } from "../../model/privileged-groups.js";
import { PROJECT_HOME } from "../../model/project-home.js";

/** Where rule documentation lives; every finding links to its rule's section. */
export const RULES_DOC = `${PROJECT_HOME}/blob/main/docs/rules.md`;

export function helpLink(ruleId: string): string {
  return `${RULES_DOC}#${ruleId}`;
}

/** What a rule sees: the desired state, what targets hold, and the plan that connects them. */
export interface RuleContext {
  repo: PolicyRepo;
  identities: Identity[];
  byId: ReadonlyMap<string, Identity>;
  memberships: GroupIndex;
  changes: readonly Change[];
  /** Per target: what the plan records about the state it was planned from (aws-iam: the AWS account it reads). */
  targets: ReadonlyMap<string, TargetStateFacts>;
  /** aws-iam targets: the credentials each has switched off already (TargetPart.switchedOff); absent: none known. */
  switchedOff?: ReadonlyMap<string, readonly SwitchedOffCredential[]>;
  /** By identity id: entitlements ("app:entitlement"), active accounts and credentials once this plan is applied. */
  after: AfterPlanView;
  /**
   * Group id → the privileged entitlements membership of it gives, in each app (model/privileged-groups.ts):
   * what makes a membership privileged, as the plan marks its grants. The group's own `privileged:` flag is in `memberships.groups`.
   */
  privilegedGroups: PrivilegedGroups;
  /** The same identities as the last accepted snapshot gave them (movers), if any. */
  prior?: ReadonlyMap<string, Identity>;
  /** Sources that failed a quality gate, sorted: a person they do not export is unknown, not gone (no quarantine). */
  sourcesFailingGates: readonly string[];
  /** Sources whose export cannot be proven complete (source-unproven-export), sorted: a person they do not export is unknown too. */
  sourcesUnproven: readonly string[];
  now: number;
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
