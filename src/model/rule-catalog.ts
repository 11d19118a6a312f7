// The names of the built-in rules and the settings each takes, on the floor: config checks a
// RuleSet's `builtins:` and `exceptions:` against them without importing any rule's code. The
// registry in policy/rules/builtin/ implements exactly these rules, in this order (a test checks it).
import type { RuleSetDoc } from "./documents.js";

/** Every built-in rule, in the order docs/rules.md lists them. */
export const BUILTIN_RULE_IDS = [
  "nhi-owner-required",
  "nhi-owner-active",
  "nhi-owner-not-person",
  "nhi-co-owner-gone",
  "nhi-owner-guest",
  "nhi-offboarded-credential-active",
  "credential-report-lag",
  "nhi-offboarded-still-working",
  "agent-expiry-required",
  "agent-expired",
  "nhi-interactive-login",
  "nhi-in-human-group",
  "nhi-reuse",
  "credential-max-age",
  "credential-expiry-required",
  "credential-expiry-too-far",
  "credential-expired",
  "credential-unused",
  "nhi-undeclared",
  "nhi-undeclared-interactive",
  "nhi-not-found",
  "nhi-long-lived-key",
  "aws-root-user",
  "privileged-birthright",
  "environment-isolation",
  "leaver-access-remaining",
  "termination-date-passed",
  "termination-date-to-come",
  "privilege-after-move",
] as const;
export type BuiltinRuleId = (typeof BUILTIN_RULE_IDS)[number];

/** Settings a built-in rule reads from `builtins:` besides enabled and severity, with their kind. */
export const BUILTIN_RULE_SETTINGS: Partial<Record<BuiltinRuleId, Record<string, "duration">>> = {
  "credential-max-age": { maxAge: "duration" },
  "credential-expiry-too-far": { maxLifetime: "duration" },
  "credential-unused": { maxUnused: "duration" },
};

/**
 * Rules enforced before planning, while the repository loads: their findings stop the run with
 * exit 1 (file:line:col) and never reach a plan. Listed so that settings and exceptions can name
 * them and docs/rules.md documents them.
 */
export const LOAD_TIME_RULES = [
  { id: "secret-in-repo", title: "No secret material in the repository", controls: ["OWASP-NHI2", "NIST-SP800-53-IA-5(7)"] },
] as const;

export const RULE_IDS: ReadonlySet<string> = new Set([...BUILTIN_RULE_IDS, ...LOAD_TIME_RULES.map((r) => r.id)]);

/**
 * What an `error` finding holds back of the identity it names, in the runs that apply revocations
 * of a blocked plan without review (the daily sync, `apply.unreviewed: revocations-only`;
 * model/blocked-reason.ts). The plan is blocked whatever this says, and nothing that gives access
 * is applied while it is: this decides only which revocations wait for the finding to be fixed.
 *
 * - `account`: the finding doubts which accounts are the identity's (a login HR gave someone
 *   else, two accounts claiming one person, a record that moved between people). Every change of
 *   the identity, and every change on an account under one of its logins, waits: its offboarding
 *   too, for the account it would take away may be another person's.
 * - `changes`: the finding may doubt what the identity's changes would do (a custom rule: what it
 *   requires, a revocation may take away). The identity's changes wait, as for `account`, unless
 *   the plan offboards the identity everywhere (a leaver, an NHI disabled or past `expiresAt`):
 *   taking access from someone who is leaving is never what such a finding is about.
 * - `gives`: the finding is about policy or about what is left after the plan (an NHI without an
 *   owner, a leaver's account in an app scopesync does not manage). It casts no doubt on any
 *   revocation: only what gives access waits, as it does anyway while the plan is blocked. The
 *   more a leaver keeps outside policy, the less reason to leave them what the plan can take.
 */
export type ErrorHold = "account" | "changes" | "gives";

/**
 * Every built-in rule's hold, for when its severity is `error` (by default or by `builtins:`).
 * Each judges policy hygiene or the state after the plan; none says whose account is whose.
 */
export const BUILTIN_ERROR_HOLDS: Record<BuiltinRuleId, ErrorHold> = {
  "nhi-owner-required": "gives",
  "nhi-owner-active": "gives",
  "nhi-owner-not-person": "gives",
  "nhi-co-owner-gone": "gives",
  "nhi-owner-guest": "gives",
  "nhi-offboarded-credential-active": "gives",
  "credential-report-lag": "gives",
  "nhi-offboarded-still-working": "gives",
  "agent-expiry-required": "gives",
  "agent-expired": "gives",
  "nhi-interactive-login": "gives",
  "nhi-in-human-group": "gives",
  "nhi-reuse": "gives",
  "credential-max-age": "gives",
  "credential-expiry-required": "gives",
  "credential-expiry-too-far": "gives",
  "credential-expired": "gives",
  "credential-unused": "gives",
  "nhi-undeclared": "gives",
  "nhi-undeclared-interactive": "gives",
  "nhi-not-found": "gives",
  "nhi-long-lived-key": "gives",
  "aws-root-user": "gives",
  "privileged-birthright": "gives",
  "environment-isolation": "gives",
  "leaver-access-remaining": "gives",
  "termination-date-passed": "gives",
  "termination-date-to-come": "gives",
  "privilege-after-move": "gives",
};

/**
 * The planner's `error` findings, each with its hold: every one but `role-conflict`,
 * `rule-entitlement-unknown` and `custom-role-unknown` doubts whose record, login or account is
 * whose. `disputed`, `correlation-conflict` and a `split-record-moved` about the earlier person
 * name no identity, nor do the quality gates (`source-gate-*`) and `where-attribute-unknown`
 * (not listed): those hold the whole plan. A finding about no identity holds its target or the
 * plan, unless its hold here is `gives` (a rule naming nothing: policy, not accounts).
 * `role-conflict` doubts only what the policy gives (which of two roles), never a revocation. A
 * test keeps this list whole.
 */
export const PLANNER_ERROR_HOLDS: Readonly<Record<string, ErrorHold>> = {
  "login-reused": "account",
  "overlay-login-unaccepted": "account",
  "identity-id-collision": "account",
  "split-record-moved": "account",
  "split-record-unclear": "account",
  "nhi-claimed-twice": "account",
  "login-collision": "account",
  "duplicate-account-link": "account",
  "account-id-conflict": "account",
  "disputed": "account",
  "correlation-conflict": "account",
  // Name a target, never an identity: their block is the target's (plan/blocked-scope.ts), this hold never applies.
  "target-renamed": "account",
  "target-state-elsewhere": "account",
  "role-conflict": "gives",
  // Names no identity: a rule that names nothing doubts policy, never a revocation (plan/blocked-scope.ts).
  "rule-entitlement-unknown": "gives",
  // Names no identity: a custom role the org does not have is the policy's to fix, and revokes nothing of its repository meanwhile.
  "custom-role-unknown": "gives",
};

/** A custom rule's (policies/rules/) hold at `error`: what it requires, a revocation may take. */
export const CUSTOM_RULE_ERROR_HOLD: ErrorHold = "changes";

/**
 * The hold of an `error` finding of `rule`; `custom` says whether a RuleSet of the repository
 * defines it. A rule that is none of these (one added without a hold) holds as `account`: the most,
 * as every finding did before holds were declared.
 */
export function errorHoldOf(rule: string, custom: boolean): ErrorHold {
  if (Object.hasOwn(BUILTIN_ERROR_HOLDS, rule)) return BUILTIN_ERROR_HOLDS[rule as BuiltinRuleId];
  if (Object.hasOwn(PLANNER_ERROR_HOLDS, rule)) return PLANNER_ERROR_HOLDS[rule]!;
  return custom ? CUSTOM_RULE_ERROR_HOLD : "account";
}

/** A built-in rule's settings as the RuleSets give them together. */
export type BuiltinSettings = NonNullable<RuleSetDoc["builtins"]>[string];

/**
 * Each configured built-in rule's settings across the RuleSets: their keys merged, a later RuleSet
 * (path order) winning a key. The rules run with these, and a pull request's are compared with
 * its base's by them (config/rule-changes.ts).
 */
export function builtinSettings(ruleSets: ReadonlyArray<{ value: RuleSetDoc }>): Map<string, BuiltinSettings> {
  const settings = new Map<string, BuiltinSettings>();
  for (const set of ruleSets) for (const [id, s] of Object.entries(set.value.builtins ?? {})) settings.set(id, { ...settings.get(id), ...s });
  return settings;
}
