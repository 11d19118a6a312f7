// A reviewed plan made from a stale target state (its `stale-target-state` finding, plan/state-age.ts):
// its changes on that target were approved against facts older than the target's maxStateAge.
// None of them counts as reviewed. What gives access there (grant, create, enable, update, and any
// reviewed change the live re-plan does not make itself) is held back and named, with the fix: plan
// again from a fresh state and have that plan reviewed. A revocation the live re-plan still wants
// rests on the live read, not on the old state: it is applied as any unreviewed revocation is
// (apply.unreviewed: revocations-only; with `none`, or where the caller allows no unreviewed
// revocation, it is held back too). So a leaver still loses access, as with nothing reviewed.
//
// The plan is not refused whole. A merged commit's reviewed plan never changes, so a refusal
// would refuse it again on every run, and the Action's apply queue, which stops at a commit that
// does not apply, would stop there for good, with every later merge and leaver behind it.
// Terraform refuses a stale saved plan too, but its plan is not a merged commit in a queue.
import { REVOCATIONS, type Change } from "../model/change.js";
import type { StaleTarget } from "../model/stale-target.js";
import type { Plan } from "../plan/plan.js";
import type { Reconciled, UnreviewedMode } from "./reviewed.js";

/** Whether a change's target is one the reviewed plan saw a stale state of. */
export function onStaleTarget(stale: readonly StaleTarget[], target: string): boolean {
  return stale.some((s) => s.target === undefined || s.target === target);
}

/**
 * Takes the stale targets' changes out of `r.reviewed` (and `r.waiting`): the live re-plan's
 * revocations join `r.unreviewedRevocations` when `mode` allows, the rest is returned, held back.
 * Runs after every other step that moves changes into `reviewed` (renamed-accounts.ts `follow`).
 */
export function holdStaleReviewed(r: Reconciled, current: Plan, stale: readonly StaleTarget[], mode: UnreviewedMode): Change[] {
  if (stale.length === 0) return [];
  const planned = new Map(current.changes.map((c) => [c.id, c]));
  const held: Change[] = [];
  const kept: Change[] = [];
  for (const c of r.reviewed) {
    if (!onStaleTarget(stale, c.target)) kept.push(c);
    else if (mode === "revocations-only" && REVOCATIONS.has(c.action) && planned.has(c.id)) r.unreviewedRevocations.push(planned.get(c.id)!);
    else held.push(c);
  }
  r.reviewed = kept;
  r.waiting = r.waiting.filter((w) => {
    if (!onStaleTarget(stale, w.change.target)) return true;
    held.push(w.change);
    return false;
  });
  return held;
}

/** Why a change was held back, for the line that names it. */
export function heldForStale(stale: readonly StaleTarget[], target: string): string {
  const named = stale.some((s) => s.target === target);
  return `the reviewed plan was made from a stale state of ${named ? `target "${target}"` : "the targets"}; plan again from a fresh state and have that plan reviewed`;
}

/** The line that says which state was stale and what to do: one per stale target. */
export function staleLine(s: StaleTarget): string {
  return `the reviewed plan was made from a stale target state, so nothing it gives there is applied and its revocations apply only as unreviewed ones: ${s.message} (fix: ${s.hint})`;
}
