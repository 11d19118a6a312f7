// A GitHub org's owners, as both the planner's owner guard (plan/safety.ts) and the github
// connector's refusal at apply (targets/github/apply.ts) count them: one rule, one default.

/** The entitlement an org owner holds. */
export const GITHUB_OWNER_ROLE = "role:admin";

/** Fewest owners a change may leave when the target's `options.minAdmins` is not set. */
export const DEFAULT_MIN_ADMINS = 1;
