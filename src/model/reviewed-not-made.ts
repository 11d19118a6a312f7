import type { Action } from "./change.js";

/**
 * A change of the reviewed plan that apply did not carry out (src/apply/reviewed-not-made.ts
 * decides which and why). Apply re-plans at the merge commit against live state and applies only
 * what is in both; before, a reviewed change the re-plan no longer had was counted (`obsolete`)
 * and never named, so a reviewed revocation another merge had overtaken was reported "applied"
 * (rv58 finding 3). Each one is now named, with why, in the run's log, the journal and the
 * pull request's result comment.
 *
 * - `in-place`: the re-plan no longer has it, and this run's live read shows it in place (someone,
 *   or an earlier run, made it): the reviewed outcome holds.
 * - `not-planned`: the re-plan no longer has it and the read does not show it in place: the
 *   merged policy (the commit applied) no longer wants it; `reason` says what decided.
 * - `changed`: the re-plan has another change under the same decision (another account, other
 *   values): that one was not reviewed and is held back.
 * - `waiting`: reviewed, but it needs an account whose create, enable or link was not reviewed
 *   and is held back.
 */
export type NotMadeKind = "in-place" | "not-planned" | "changed" | "waiting";

export interface ReviewedNotMade {
  /** The reviewed change's id (the journal's `change`). */
  change: string;
  target: string;
  action: Action;
  identity: string;
  account?: string;
  login?: string;
  entitlement?: string;
  credential?: string;
  kind: NotMadeKind;
  /** Why, in words: what the read shows, which commit and which planner decision. No secret. */
  reason: string;
}

/** "github revoke linus team:security". */
export function notMadeWhat(n: Pick<ReviewedNotMade, "target" | "action" | "identity" | "entitlement" | "credential">): string {
  return `${n.target} ${n.action} ${n.identity}${n.entitlement ? ` ${n.entitlement}` : ""}${n.credential ? ` ${n.credential}` : ""}`;
}

/** One line: "not made: github revoke linus team:security: the merged policy at … no longer plans it (…)". */
export function notMadeLine(n: ReviewedNotMade): string {
  return `${n.kind === "in-place" ? "already in place" : "not made"}: ${notMadeWhat(n)}: ${n.reason}`;
}

/**
 * Is this a reviewed change that was meant to happen and did not: anything but one found in place.
 * A reviewer approved it, so whoever reads the result must see it was not done.
 */
export function notDone(n: Pick<ReviewedNotMade, "kind">): boolean {
  return n.kind !== "in-place";
}
