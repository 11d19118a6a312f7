// What one reason that blocks a plan holds back. A blocked plan is never applied as it stands: the
// pull request's plan check fails (exit 3) and a reviewer must see every reason. But the changes
// that need no review (the daily sync's revocations, apply's unreviewed revocations) are not all
// in doubt because one of them is: a login HR reused for a new hire says nothing about another
// person's dismissal. Entra ID provisioning quarantines the one object in error and goes on with
// the rest; Terraform's per-resource errors leave unrelated resources alone. So each reason says
// what it holds, and those runs apply every revocation no reason holds (apply/blocked-hold.ts).
//
// Fail-closed: a reason that cannot say what it is about (a source that failed its quality gate,
// an error finding about no identity and no target, one naming an identity the plan does not
// know) holds the whole plan, as every reason did before.
import { REVOCATIONS, type Change } from "./change.js";
import { normaliseLogin } from "./keys.js";

/**
 * - `plan`: every change (a source gate, anything not tied to one identity or target).
 * - `target`: every change of that target (its runAs, its admins guard).
 * - `limit`: a safety limit over on `target` (too many disables, deletes, removals or changes at
 *   once: what a broken export or policy looks like): every change of that target, and every
 *   change of the `identities` whose changes it counted, in every target. A mass offboarding is
 *   not carried out in the apps too small to trip a limit of their own; other people's go ahead.
 * - `identity`: every change of that identity, in every target, and every change on an account
 *   under one of its logins (normalised), whoever the change is for: an account two people's
 *   records claim is in doubt for both.
 * - `gives`: no revocation, only what gives access (held anyway while the plan is blocked): a
 *   finding about policy, or about what is left after the plan (model/rule-catalog.ts, ErrorHold).
 */
export type BlockScope =
  | { kind: "plan" }
  | { kind: "target"; target: string }
  | { kind: "limit"; target: string; identities: ReadonlySet<string> }
  | { kind: "identity"; identity: string; logins: readonly string[] }
  | { kind: "gives" };

/** One reason of the plan's `blockedReasons` (its text, as the plan JSON has it) and what it holds. */
export interface BlockedReason {
  text: string;
  holds: BlockScope;
}

/** Whether the reason holds the change back. */
export function holdsChange(scope: BlockScope, c: Change): boolean {
  switch (scope.kind) {
    case "plan":
      return true;
    case "target":
      return c.target === scope.target;
    case "limit":
      return c.target === scope.target || scope.identities.has(c.identity);
    case "identity":
      return c.identity === scope.identity || (c.login !== undefined && scope.logins.includes(normaliseLogin(c.login)));
    case "gives":
      return !REVOCATIONS.has(c.action);
  }
}

/** The reasons that hold the change back, in the plan's order. */
export function reasonsHolding(reasons: readonly BlockedReason[], c: Change): BlockedReason[] {
  return reasons.filter((r) => holdsChange(r.holds, c));
}

/** The reasons that hold the whole plan: with any, nothing is applied. */
export function wholePlanReasons(reasons: readonly BlockedReason[]): BlockedReason[] {
  return reasons.filter((r) => r.holds.kind === "plan");
}
