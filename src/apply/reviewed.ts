import { canonicalJson } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import { jsonSyntaxProblem } from "../model/json-error.js";
import { parseJsonBytes } from "../model/large-json.js";
import { fingerprint } from "../plan/build-plan.js";
import { REVOCATIONS, type Change } from "../model/change.js";
import type { ChangeReview } from "../model/journal-record.js";
import { PLAN_FORMAT_VERSION, type Plan } from "../plan/plan.js";
import { PLAN_SCHEMA, planSchemaProblems } from "../plan/plan-schema.js";
import { SHARD_KIND } from "../plan/shard.js";

export type UnreviewedMode = "revocations-only" | "none";

export interface Reconciled {
  /** Reviewed and still needed: applied. */
  reviewed: Change[];
  /** Not in the reviewed plan but only removing access: applied under revocations-only. */
  unreviewedRevocations: Change[];
  /** Not reviewed and giving access (or any, under `none`): held back and reported. */
  held: Change[];
  /**
   * Reviewed, but needing a change that is held back: the grants and updates of an account whose
   * create (or enable) was not reviewed. Applying them would fail against an account that is not
   * there, on every run; they wait with it, and the summary says which one they wait for.
   */
  waiting: Array<{ change: Change; on: Change }>;
  /** Reviewed but no longer needed (someone already did it, or the state moved): nothing to do. */
  obsolete: Change[];
}

/** Changes that need the account to exist and be enabled first. */
const NEEDS_ACCOUNT: ReadonlySet<Change["action"]> = new Set(["grant", "update-account", "enable-account"]);
/** Changes that bring an account into being or back. */
const MAKES_ACCOUNT: ReadonlySet<Change["action"]> = new Set(["create-account", "enable-account"]);

/**
 * Does the change give the identity its account: make it, enable it, or link one it did not make
 * (an update that writes `externalId` on an account without one: someone made it by hand after
 * review, or the reviewed create found a stranger's account under the login)?
 */
function givesAccount(c: Change): boolean {
  return MAKES_ACCOUNT.has(c.action) || (c.action === "update-account" && c.attributes?.externalId !== undefined && !c.attributes.externalId.from);
}

/**
 * What makes two changes the same decision: everything but the prose and provenance around it.
 * The target's account id is compared apart (see sameAccount). Identity, action, entitlement,
 * anchor, login and attributes have to match. `loginOwner` (whom the login named when the
 * reviewed plan was made) is not the re-plan's to decide: the reviewed value goes to the connector.
 */
function essence(c: Change): string {
  // `lost` is prose about the change, as `reason` is: a state file older than the live read may word it otherwise.
  // `nonMember` describes the account, as `account` does (a plan made before it was recorded has none).
  // `lifecycle` says the grounds, as `reason` does (a plan an older scopesync made has none).
  const { reason: _r, evidence: _e, origin: _o, reviewers: _v, move: _m, account: _a, loginOwner: _l, lost: _lo, nonMember: _n, lifecycle: _c, ...rest } = c;
  return canonicalJson(rest, 0);
}

/**
 * Is the account the same one the reviewer saw? A joiner's grants are reviewed before the account
 * exists (no `account`), and once a partial run has created it the re-plan names it: counting that
 * as "not reviewed" would hold the joiner's grants back for good, so a re-run after a crash would
 * never converge. Only a change that gives access may pick up an account that way. Every other
 * difference is another account: a revocation or disable reviewed for account A and now aimed at B
 * (a stray copy took over the person's link) is a new decision, never "the same revocation".
 */
function sameAccount(now: Change, reviewed: Change): boolean {
  if (now.account === reviewed.account) return true;
  if (outlivedAccount(now, reviewed)) return true;
  return reviewed.account === undefined && !REVOCATIONS.has(now.action);
}

/**
 * A credential revoke reviewed on the account, planned now with none: the account was removed
 * (apply removes a leaver even when their credential's revoke fails) and the credential outlived
 * it, still listed under the same login (`heldBy`, a GitHub deploy key). The credential id names
 * the very key the reviewer saw revoked, and no other account can stand behind it; read as
 * unreviewed, the same apply run again would hold it back under `apply.unreviewed: none`.
 */
function outlivedAccount(now: Change, reviewed: Change): boolean {
  return now.action === "revoke-credential" && now.account === undefined && reviewed.account !== undefined && now.credential !== undefined;
}

/** Does the re-plan's change `now` make the reviewed change `reviewed`: same content, same account? */
export function sameDecision(now: Change, reviewed: Change): boolean {
  return essence(now) === essence(reviewed) && sameAccount(now, reviewed);
}

/**
 * The reviewed revocation, of the same account (its id), whose user renamed it since the review:
 * the re-plan found it by the id the committed state file remembers (plan/renamed-links.ts) and
 * names its new login. It takes away what the reviewer saw taken away from that very account, so
 * it is the same decision; counted as unreviewed, `apply.unreviewed: none` would hold it back.
 */
function renamedSince(now: Change, reviewed: Change): boolean {
  if (!REVOCATIONS.has(now.action) || now.account === undefined || now.account !== reviewed.account || now.login === reviewed.login) return false;
  return essence({ ...now, login: reviewed.login }) === essence(reviewed);
}

/**
 * Compares the plan made now, at the merge commit against live state, with the plan the reviewer
 * approved (docs/formats.md, `apply.unreviewed`). A change counts as reviewed only when the same decision
 * (same id, same content) was in the reviewed plan.
 */
export function reconcile(current: Plan, reviewed: Plan, mode: UnreviewedMode): Reconciled {
  checkCompatible(current, reviewed);
  const approved = new Map(reviewed.changes.map((c) => [c.id, { change: c }]));
  const out: Reconciled = { reviewed: [], unreviewedRevocations: [], held: [], waiting: [], obsolete: [] };
  const now = new Set(current.changes.map((c) => c.id));
  for (const c of current.changes) {
    const seen = approved.get(c.id);
    if (seen && (sameDecision(c, seen.change) || renamedSince(c, seen.change))) out.reviewed.push(withReviewedOwner(c, seen.change));
    else if (mode === "revocations-only" && REVOCATIONS.has(c.action)) out.unreviewedRevocations.push(c);
    else out.held.push(c);
  }
  out.obsolete = reviewed.changes.filter((c) => !now.has(c.id));
  holdDependents(out);
  return out;
}

/**
 * What the journal records for each change applied: reviewed, or applied unreviewed because it
 * only removes access. Asked after the reconciliation is final (a reviewed offboarding followed to
 * a renamed account joins `reviewed`). The only other changes apply runs are `unreviewedRevocations`:
 * filed under the reviewed plan's fingerprint without this mark, they would read as reviewed.
 */
export function reviewOf(r: Pick<Reconciled, "reviewed">): (change: Change) => ChangeReview {
  const reviewed = new Set(r.reviewed);
  return (change) => (reviewed.has(change) ? "reviewed" : "unreviewed-revocation");
}

/**
 * The change to apply carries the user the reviewer saw the login name (reviewed.loginOwner), not
 * one the re-plan looked up: the connector refuses when the login names someone else now.
 */
function withReviewedOwner(now: Change, reviewed: Change): Change {
  if (reviewed.loginOwner === now.loginOwner) return now;
  const { loginOwner: _drop, ...rest } = now;
  return reviewed.loginOwner === undefined ? rest : { ...rest, loginOwner: reviewed.loginOwner };
}

/**
 * Moves reviewed changes whose account's create, enable or link is held back into `waiting`. A
 * joiner's grant reviewed before the account existed would otherwise go to whatever account the
 * re-plan finds: one someone made by hand after review, whose link is not reviewed.
 */
function holdDependents(out: Reconciled): void {
  const key = (c: Change) => `${c.target}\u0000${c.identity}`;
  const makers = new Map<string, Change>();
  for (const c of out.held) if (givesAccount(c) && !makers.has(key(c))) makers.set(key(c), c);
  if (makers.size === 0) return;
  out.reviewed = out.reviewed.filter((c) => {
    const on = makers.get(key(c));
    if (!on || !NEEDS_ACCOUNT.has(c.action)) return true;
    out.waiting.push({ change: c, on });
    return false;
  });
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
    throw new ScopesyncError(`${path} is not a plan: ${jsonSyntaxProblem(text, e)}`, "pass the JSON written by scopesync plan --format json");
  }
  return checkedPlan(data, path);
}

/**
 * The reviewed plan in `bytes` (UTF-8), as parseReviewedPlan reads its text, whatever its length:
 * one longer than a string (a million changes, or a few hundred thousand discovered NHIs' findings)
 * is read a member and a list element at a time (model/large-json.ts).
 */
export function parseReviewedPlanBytes(bytes: Buffer, path: string): Plan {
  const read = parseJsonBytes(bytes);
  if (!read.ok) throw new ScopesyncError(`${path} is not a plan: ${read.problem}`, "pass the JSON written by scopesync plan --format json");
  return checkedPlan(read.value, path);
}

/** The parsed JSON of a reviewed plan, checked to be one. */
function checkedPlan(data: unknown, path: string): Plan {
  const p = data as Partial<Plan>;
  if (p && typeof p === "object" && (p as { kind?: unknown }).kind === SHARD_KIND) {
    throw new ScopesyncError(`${path} is one target's plan shard, not a plan`, "merge every target's shard first (scopesync plan merge FILE… --identities FILE --format json --out plan.json), have the plan reviewed, and apply that");
  }
  if (!p || typeof p !== "object" || Array.isArray(p) || !("changes" in p) || !("fingerprint" in p)) {
    throw new ScopesyncError(`${path} is not a scopesync plan (no changes or fingerprint)`, "pass the JSON written by scopesync plan --format json");
  }
  const problems = planSchemaProblems(data);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
    throw new ScopesyncError(`${path} is not a valid plan: ${problems[0]}${more}`, `pass the plan file exactly as scopesync plan --format json wrote it (its shape: ${PLAN_SCHEMA} in the package's schemas/)`);
  }
  return p as Plan;
}
