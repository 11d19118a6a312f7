import type { Finding, Severity } from "../../model/finding.js";
import type { StillWorking } from "../../model/still-working.js";
import { BUILTIN_RULES } from "./builtin/index.js";
import type { RuleInputs } from "./context.js";
import { evaluateCustomRules } from "./custom-rules.js";
import { applyExceptions, type AppliedException } from "./exceptions.js";
import { helpLink, type RuleContext, type RuleHit } from "./rule.js";
import { append } from "../../model/append.js";
import { copied } from "../../model/joined.js";
import { interner } from "../../model/interner.js";
import { findIdentity } from "../../model/find-identity.js";
import { exceptionProblem } from "../../model/exception-checks.js";
import { builtinSettings } from "../../model/rule-catalog.js";

/**
 * Distinct remediations a rule's findings share at most: the rules give a few texts to many hits
 * (one per discovering source) and, past them, texts of their own (a command naming the
 * credential), which are copied but not remembered.
 */
const REMEDIATIONS_SHARED = 10_000;

export interface RuleResults { findings: Finding[]; exceptions: AppliedException[] }

/**
 * Runs the built-in rules (with their settings from policies/rules/) and the custom rules on the
 * state the plan leads to, then applies reviewed exceptions.
 */
export function evaluateRules(inputs: RuleInputs): RuleResults {
  const settings = builtinSettings(inputs.repo.ruleSets);
  const base: Omit<RuleContext, "settings"> = {
    repo: inputs.repo,
    identities: inputs.identities,
    byId: inputs.byId,
    memberships: inputs.memberships,
    changes: inputs.changes,
    targets: inputs.targets,
    ...(inputs.switchedOff ? { switchedOff: inputs.switchedOff } : {}),
    after: inputs.after,
    privilegedGroups: inputs.privilegedGroups,
    ...(inputs.prior ? { prior: inputs.prior } : {}),
    sourcesFailingGates: inputs.sourcesFailingGates,
    sourcesUnproven: inputs.sourcesUnproven,
    now: inputs.now,
  };
  const findings: Finding[] = [];
  for (const rule of BUILTIN_RULES) {
    const s = settings.get(rule.id) ?? {};
    if (s.enabled === false) continue;
    // One help link per rule, each message a string of its own, each remediation that many hits
    // share once: a plan can hold millions of findings (one per undeclared or stale credential),
    // and their texts are most of its heap (see copied()).
    const help = helpLink(rule.id);
    const severity = s.severity ?? rule.defaultSeverity;
    const remediationText = interner(copied, REMEDIATIONS_SHARED);
    for (const hit of rule.check({ ...base, settings: s })) {
      const remediation = hit.remediation === undefined ? rule.remediation : remediationText(hit.remediation);
      findings.push(new RuleFinding(hit, rule.id, severity, rule.controls, remediation, help));
    }
  }
  append(findings, evaluateCustomRules(inputs.repo.ruleSets, { ...base, settings: {} }));
  const isActivePerson = (id: string): boolean => {
    const approver = inputs.byId.get(id);
    return approver?.kind === "person" && approver.status === "active";
  };
  // An approver is the waived identity by any of their names (an e-mail, an earlier login): no waiver.
  const identityOf = (name: string): string => inputs.byId.get(name)?.id ?? findIdentity(inputs.identities, name)?.id ?? name;
  const config = inputs.repo.config.value;
  return applyExceptions(findings, inputs.repo.ruleSets, inputs.now, isActivePerson, (e) => exceptionProblem(e, config, inputs.now, identityOf));
}

/**
 * A hit as a finding. Built as a spread (`{ ...hit, rule, ... }`) or as a literal with properties
 * added after it, each finding kept its properties in a second array outside the object (heap
 * snapshot: a PropertyArray of 61 bytes per finding); a class's constructor gives V8 room for them
 * all in the object itself (`declare`: no field is set to undefined, which the plan would show).
 * They are set in the order of their names, the order the plan JSON writes them in, so that the
 * writer need not make a sorted copy of each (canonical-json.ts). A plan can hold millions.
 */
class RuleFinding implements Finding {
  declare controls: string[];
  declare help: string;
  declare identity?: string;
  declare location?: string;
  declare message: string;
  declare remediation: string;
  declare rule: string;
  declare severity: Severity;
  declare stillWorking?: StillWorking[];
  declare target?: string;
  constructor(hit: RuleHit, rule: string, severity: Severity, controls: string[], remediation: string, help: string) {
    this.controls = controls;
    this.help = help;
    if (hit.identity !== undefined) this.identity = hit.identity;
    if (hit.location !== undefined) this.location = hit.location;
    this.message = copied(hit.message);
    this.remediation = remediation;
    this.rule = rule;
    this.severity = severity;
    if (hit.stillWorking !== undefined) this.stillWorking = hit.stillWorking;
    if (hit.target !== undefined) this.target = hit.target;
  }
}
