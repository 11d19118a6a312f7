// The names of the built-in rules and the settings each takes, on the floor: config checks a
// RuleSet's `builtins:` and `exceptions:` against them without importing any rule's code. The
// registry in policy/rules/builtin/ implements exactly these rules, in this order (a test checks it).

/** Every built-in rule, in the order docs/rules.md lists them. */
export const BUILTIN_RULE_IDS = [
  "nhi-owner-required",
  "nhi-owner-active",
  "nhi-owner-not-person",
  "nhi-co-owner-gone",
  "nhi-offboarded-credential-active",
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
