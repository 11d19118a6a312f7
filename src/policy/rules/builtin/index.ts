import type { BuiltinRule } from "../rule.js";
import { environmentIsolation, leaverAccessRemaining, privilegeAfterMove, privilegedBirthright } from "./access.js";
import { credentialExpired, credentialExpiryRequired, credentialExpiryTooFar, credentialMaxAge } from "./credentials.js";
import { agentExpired, agentExpiryRequired, nhiInHumanGroup, nhiInteractiveLogin, nhiOwnerActive, nhiOwnerRequired, nhiReuse } from "./nhi.js";

/** Every built-in rule, in the order docs/rules.md lists them. */
export const BUILTIN_RULES: readonly BuiltinRule[] = [
  nhiOwnerRequired,
  nhiOwnerActive,
  agentExpiryRequired,
  agentExpired,
  nhiInteractiveLogin,
  nhiInHumanGroup,
  nhiReuse,
  credentialMaxAge,
  credentialExpiryRequired,
  credentialExpiryTooFar,
  credentialExpired,
  privilegedBirthright,
  environmentIsolation,
  leaverAccessRemaining,
  privilegeAfterMove,
];

/**
 * Rules enforced before planning, while the repository loads: their findings stop the run with
 * exit 1 (file:line:col) and never reach a plan. Listed so that settings and exceptions can name
 * them and docs/rules.md documents them.
 */
export const LOAD_TIME_RULES = [
  { id: "secret-in-repo", title: "No secret material in the repository", controls: ["OWASP-NHI2", "NIST-SP800-53-IA-5(7)"] },
] as const;

export const RULE_IDS: ReadonlySet<string> = new Set([...BUILTIN_RULES.map((r) => r.id), ...LOAD_TIME_RULES.map((r) => r.id)]);

/** Findings the planner and the quality gates emit; docs/rules.md has a section for each. */
export const PLANNER_FINDINGS: ReadonlySet<string> = new Set([
  "source-gate-required", "source-gate-unique", "source-gate-max-age", "source-gate-min-records", "source-gate-max-churn",
  "disputed", "identity-id-collision", "login-collision", "unmanaged-account", "unknown-anchor", "missing-login",
  "overlay-without-person", "person-not-in-sources", "correlation-unknown-record", "attribute-conflict", "delete-grace-unknown", "target-without-policy", "target-cannot-update",
  "source-group-cycle", "source-no-groups", "source-login-collision",
]);
