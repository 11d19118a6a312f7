// Apply of a re-plan that is blocked. The pull request's plan stays blocked (exit 3) and nothing it
// gives is applied: a grant, create, enable or update waits until the reasons are fixed and a plan
// is reviewed. But the revocations that need no review (apply.unreviewed: revocations-only, the
// daily sync's revocations phase) go ahead, all but those a reason holds (model/blocked-reason.ts):
// a login HR reused for a new hire holds that login's changes, not another leaver's dismissal, as
// Entra ID provisioning quarantines the one object in error and provisions the rest. A reason that
// holds the whole plan (a source that failed its quality gate) still stops everything: the caller
// checks wholePlanReasons first.
//
// Each revocation held back is journalled `skipped` with the reasons that hold it, so the journal,
// the run's summary and the sync's pull request say whose offboarding waits, and for what.
import { reasonsHolding, type BlockedReason } from "../model/blocked-reason.js";
import { REVOCATIONS, type Change } from "../model/change.js";
import type { ChangeReview } from "../model/journal-record.js";
import type { Reconciled } from "./reviewed.js";

/** A revocation a blocked reason holds back, with every reason that holds it. */
export interface HeldByBlock {
  change: Change;
  /** Each reason once (the sync's plan and its live re-plan often give the same). */
  reasons: BlockedReason[];
  /** Whether a reviewer saw it, for its journal line. */
  review: Extract<ChangeReview, "reviewed" | "unreviewed-revocation">;
}

/** Why a change that gives access is held back while the plan is blocked. */
export const GIVES_WHILE_BLOCKED = "the plan is blocked: nothing that gives access is applied until its reasons are fixed and a plan is reviewed";

/**
 * Takes out of `r` (after every other step that moves changes into `reviewed`) every change that
 * gives access and every revocation a reason holds. What is left in `r.reviewed` and
 * `r.unreviewedRevocations` are the revocations no reason holds.
 */
export function holdBlocked(r: Reconciled, blocks: readonly BlockedReason[]): { gives: Change[]; revocations: HeldByBlock[] } {
  const gives: Change[] = [];
  const revocations: HeldByBlock[] = [];
  const keep = (review: HeldByBlock["review"]) => (c: Change): boolean => {
    if (!REVOCATIONS.has(c.action)) {
      gives.push(c);
      return false;
    }
    const reasons = reasonsHolding(blocks, c).filter((b, i, all) => all.findIndex((x) => x.text === b.text) === i);
    if (reasons.length === 0) return true;
    revocations.push({ change: c, reasons, review });
    return false;
  };
  r.reviewed = r.reviewed.filter(keep("reviewed"));
  r.unreviewedRevocations = r.unreviewedRevocations.filter(keep("unreviewed-revocation"));
  for (const w of r.waiting) gives.push(w.change);
  r.waiting = [];
  return { gives, revocations };
}

/** The journal's and the report's words for a revocation held back: the reasons, in full. */
export function heldByBlockError(h: HeldByBlock): string {
  return `held back by the blocked plan: ${h.reasons.map((r) => r.text).join("; ")}`;
}

/** The fix for a held revocation: what releases it. */
export const HELD_BY_BLOCK_HINT = "fix the reason (it says how); the next run applies the revocation, and until then the access stays";
