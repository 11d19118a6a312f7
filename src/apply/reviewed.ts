import { canonicalJson } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import { fingerprint } from "../plan/build-plan.js";
import { REVOCATIONS, type Change } from "../model/change.js";
import { PLAN_FORMAT_VERSION, type Plan } from "../plan/plan.js";

export type UnreviewedMode = "revocations-only" | "none";

export interface Reconciled {
  /** Reviewed and still needed: applied. */
  reviewed: Change[];
  /** Not in the reviewed plan but only removing access: applied under revocations-only. */
  unreviewedRevocations: Change[];
  /** Not reviewed and giving access (or any, under `none`): held back and reported. */
  held: Change[];
  /** Reviewed but no longer needed (someone already did it, or the state moved): nothing to do. */
  obsolete: Change[];
}

/**
 * What makes two changes the same decision: everything but the prose and provenance around it,
 * and the target's account id. That id is plumbing, not a decision: a joiner's grants are reviewed
 * before the account exists (no `account`), and once a partial run has created it the re-plan
 * names it. Counting that as "not reviewed" would hold the joiner's grants back for good, so a
 * re-run after a crash or a failure would never converge. Identity, action, entitlement, anchor,
 * login and attributes still have to match.
 */
function essence(c: Change): string {
  const { reason: _r, evidence: _e, origin: _o, reviewers: _v, move: _m, account: _a, ...rest } = c;
  return canonicalJson(rest, 0);
}

/**
 * Compares the plan made now, at the merge commit against live state, with the plan the reviewer
 * approved (docs/formats.md, `apply.unreviewed`). A change counts as reviewed only when the same decision
 * (same id, same content) was in the reviewed plan.
 */
export function reconcile(current: Plan, reviewed: Plan, mode: UnreviewedMode): Reconciled {
  checkCompatible(current, reviewed);
  const approved = new Map(reviewed.changes.map((c) => [c.id, essence(c)]));
  const out: Reconciled = { reviewed: [], unreviewedRevocations: [], held: [], obsolete: [] };
  const now = new Set(current.changes.map((c) => c.id));
  for (const c of current.changes) {
    if (approved.get(c.id) === essence(c)) out.reviewed.push(c);
    else if (mode === "revocations-only" && REVOCATIONS.has(c.action)) out.unreviewedRevocations.push(c);
    else out.held.push(c);
  }
  out.obsolete = reviewed.changes.filter((c) => !now.has(c.id));
  return out;
}

function checkCompatible(current: Plan, reviewed: Plan): void {
  if (reviewed.formatVersion !== PLAN_FORMAT_VERSION) {
    throw new ScopesyncError(`the reviewed plan has formatVersion ${JSON.stringify(reviewed.formatVersion)}; this scopesync reads ${PLAN_FORMAT_VERSION}`, "re-run plan with this version of scopesync and have it reviewed");
  }
  if (fingerprint(reviewed.changes) !== reviewed.fingerprint) {
    throw new ScopesyncError("the reviewed plan's changes do not match its fingerprint: it was edited after it was made", "use the plan artifact exactly as the plan workflow wrote it");
  }
  if (reviewed.organisation !== current.organisation) {
    throw new ScopesyncError(`the reviewed plan is for organisation "${reviewed.organisation}", this repository is "${current.organisation}"`, "pass the plan that was reviewed for this repository");
  }
}

/** Reads a plan file as written by `plan --format json`; anything else is refused with the reason. */
export function parseReviewedPlan(text: string, path: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ScopesyncError(`${path} is not a plan: ${(e as Error).message}`, "pass the JSON written by scopesync plan --format json");
  }
  const p = data as Partial<Plan>;
  if (!p || typeof p !== "object" || !Array.isArray(p.changes) || typeof p.fingerprint !== "string") {
    throw new ScopesyncError(`${path} is not a scopesync plan (no changes or fingerprint)`, "pass the JSON written by scopesync plan --format json");
  }
  return p as Plan;
}
