// One reviewed plan applied for the Action: the apply every entry point shares (src/apply-reviewed.ts,
// never the CLI) and its outcome as the data the apply queue (once per merged commit) and the daily
// sync (once per run) report: a status, counts, and one line per problem, instead of printing.
import { applyReviewedPlan, type ApplyPhase, type ReviewedApplyOptions } from "../apply-reviewed.js";
import { formatDiagnostic, sortDiagnostics } from "../config/diagnostic.js";
import type { Change } from "../model/change.js";
import type { Plan } from "../plan/plan.js";
import type { UnreadableTarget } from "../model/unreadable-target.js";
import type { StaleTarget } from "../model/stale-target.js";
import { heldForStale, staleLine } from "../apply/stale-review.js";
import { heldForUnreadable, unreadableLine } from "../apply/unreadable-targets.js";
import { cutOffNote, unreadableJournalNote } from "../apply/cut-off.js";
import type { ChangeResult } from "../apply/runner.js";
import { append } from "../model/append.js";
import { heldByBlockError, type HeldByBlock } from "../apply/blocked-hold.js";
import type { ReviewedNotMade } from "../model/reviewed-not-made.js";

export type { ApplyPhase };

/**
 * What the apply queue and the sync ask of the shared apply (src/apply-reviewed.ts, where each is
 * described): always a reviewed plan (the sync's revocation run passes an empty one).
 */
export type ApplyReviewedOptions = Pick<ReviewedApplyOptions, "repoDir" | "target" | "phase" | "env" | "now" | "journalPath" | "unreviewedRevocations" | "concurrency" | "timing" | "onRetry" | "acceptedAt" | "blockedBy" | "approval" | "reviewedBytes"> & { reviewed: Plan };

export interface ApplyReviewedResult {
  status: "applied" | "failed" | "blocked" | "invalid";
  /** The re-plan's fingerprint at this commit against live state. */
  replanFingerprint?: string;
  /** True when the re-plan is exactly the reviewed plan (nothing moved since review). */
  matchesReviewed: boolean;
  applied: number;
  unchanged: number;
  failed: number;
  skipped: number;
  /**
   * Changes held back for the next review: unreviewed ones that give access, and those of a target
   * the reviewed plan saw a stale state of (`staleTargets`).
   */
  held: number;
  /** Revocations nobody reviewed, applied because apply.unreviewed allows them. */
  unreviewedRevocations: number;
  /**
   * Reviewed changes this phase leaves to the `all` phase: grants waiting for approval, and the
   * revocations that take an admin away only together with one of them (apply/admins-hold.ts).
   */
  deferred: number;
  /**
   * One line per failed or skipped change, or why nothing was applied, and one per change held back
   * for something the reader must act on (a target that could not be read, a stale state). Never
   * holds a secret.
   */
  problems: string[];
  /**
   * Targets the reviewed plan was made from stale states of (its stale-target-state findings): their
   * reviewed changes that give access are held back and named in `problems`, and their revocations
   * apply only as unreviewed ones (apply/stale-review.ts). The status is still `applied` when
   * nothing failed: the commit is done, with held changes, and the queue moves on.
   */
  staleTargets?: StaleTarget[];
  /**
   * Targets whose live read failed: nothing was planned or applied on them, and the status is
   * `failed`; the other targets' revocations were applied (apply/unreadable-targets.ts).
   */
  unreadableTargets?: UnreadableTarget[];
  /**
   * What the caller should say although nothing failed: reviewed offboardings whose account's
   * login changed since review, applied by the account's id or not (apply/renamed-accounts.ts);
   * changes an earlier, cut-off run left open in the journal, re-checked now, and how each the
   * re-plan no longer has was closed: in place on this run's read, or abandoned (apply/cut-off.ts).
   */
  notes?: string[];
  /**
   * The reviewed changes this apply did not carry out, each with why: found in place, no longer
   * planned by the merged policy (and what decided), changed since review, or waiting for an
   * unreviewed create (apply/reviewed-not-made.ts). Each is journalled too. They do not fail the
   * commit: the merged desired state, which its own reviewers approved, decides, and a run again
   * would find the same; the caller says so wherever it reports the commit.
   */
  notMade?: ReviewedNotMade[];
  /**
   * Only when the re-plan (or `blockedBy`) is blocked by reasons that each hold some changes, not
   * the whole plan: the revocations those reasons hold back, each with its reasons (journalled
   * `skipped`); every other revocation the run may make was applied, and nothing that gives
   * access was (apply/blocked-hold.ts). The status is `blocked` unless something failed.
   */
  heldByBlock?: HeldRevocation[];
}

/** A revocation a blocked reason held back: the change, as the journal names it, and the reasons' texts. */
export interface HeldRevocation {
  target: string;
  action: Change["action"];
  identity: string;
  login?: string;
  entitlement?: string;
  reasons: string[];
}

const empty = (status: ApplyReviewedResult["status"], problems: string[], replanFingerprint?: string): ApplyReviewedResult => ({
  status, matchesReviewed: false, applied: 0, unchanged: 0, failed: 0, skipped: 0, held: 0, unreviewedRevocations: 0, deferred: 0, problems, ...(replanFingerprint ? { replanFingerprint } : {}),
});

export async function applyReviewed(o: ApplyReviewedOptions): Promise<ApplyReviewedResult> {
  const out = await applyReviewedPlan({
    ...o,
    baseOffboardings: {
      replannedHow: o.acceptedAt ? `against ${o.acceptedAt.slice(0, 12)} (the commit's parent)` : "without a base",
      hint: "the merge's parent does not name that login either: take the access away by hand as the reviewed plan shows (the next run finds it in place), or offboard the account in a new pull request",
    },
  });
  if (out.kind === "invalid") return empty("invalid", sortDiagnostics(out.diagnostics).map(formatDiagnostic));
  if (out.kind === "blocked") return { ...empty("blocked", [...out.reasons, ...out.unreadable.map(unreadableProblem)], out.plan.fingerprint), ...(out.unreadable.length > 0 ? { unreadableTargets: out.unreadable } : {}) };
  // What the caller says although nothing failed: renamed accounts followed, journal lines that are
  // no record, and what an earlier, cut-off run of this plan left open and how this run closed it.
  const notes = [...out.renamed];
  if (out.unreadableJournal.length > 0) notes.push(unreadableJournalNote(out.journalPath, out.unreadableJournal));
  const here = new Set(out.targets);
  append(notes, out.cuts.filter((c) => here.has(c.target)).map((c) => cutOffNote(c)));
  append(notes, out.closed);
  return summarise(out.results, {
    replanFingerprint: out.plan.fingerprint, matchesReviewed: out.plan.fingerprint === o.reviewed.fingerprint,
    // Not the reviewed changes that wait with the change they need: they are named among those not made.
    held: out.held.filter((h) => !h.on).length,
    unreviewedRevocations: out.unreviewedApplied, deferred: out.deferred, notes,
    unreadable: out.unreadable, heldForUnreadable: out.heldForUnreadable, stale: out.stale, staleHeld: out.staleHeld, notMade: out.notMade,
    ...(out.partlyBlocked ? { blocked: { reasons: out.partlyBlocked, held: out.heldByBlock } } : {}),
  });
}

function summarise(all: ChangeResult[], { notes, unreadable, heldForUnreadable: waiting, stale, staleHeld, blocked, notMade, ...rest }: Pick<ApplyReviewedResult, "replanFingerprint" | "matchesReviewed" | "held" | "unreviewedRevocations" | "deferred"> & { notes: string[]; unreadable: UnreadableTarget[]; heldForUnreadable: Change[]; stale: StaleTarget[]; staleHeld: Change[]; blocked?: { reasons: string[]; held: HeldByBlock[] }; notMade: ReviewedNotMade[] }): ApplyReviewedResult {
  // A revocation a blocked reason holds is journalled `skipped`, but it is the plan's block, not a
  // failure of the run: it is counted and named apart (heldByBlock), and the status is `blocked`.
  const byBlock = new Set(blocked?.held.map((h) => h.change) ?? []);
  const results = all.filter((r) => !byBlock.has(r.change));
  const count = (s: ChangeResult["status"]) => results.filter((r) => r.status === s).length;
  const line = (c: Change) => `${c.target} ${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`;
  const problems = [
    // The plan's reasons first, as a plan blocked whole gives them; then each revocation they hold.
    ...(blocked?.reasons ?? []),
    ...(blocked?.held ?? []).map((h) => `${heldByBlockError(h)}: ${line(h.change)}`),
    ...unreadable.map(unreadableProblem),
    // With the fix where the failure names one (a change the token cannot make: what to give it).
    ...results.filter((r) => r.status === "failed" || r.status === "skipped").map((r) => `${r.status}: ${line(r.change)}: ${r.error ?? ""}${r.hint ? ` (fix: ${r.hint})` : ""}`),
    ...waiting.map((c) => `held back (${heldForUnreadable(unreadable)}): ${line(c)}`),
    // Which state was stale and the fix, then each change it held back.
    ...stale.map(staleLine),
    ...staleHeld.map((c) => `held back (${heldForStale(stale, c.target)}): ${line(c)}`),
  ];
  const failed = count("failed");
  const skipped = count("skipped");
  // A target left unread is work not done: the commit is not applied, and the next run retries it.
  const status = failed + skipped + unreadable.length > 0 ? "failed" : blocked ? "blocked" : "applied";
  // Held changes do not fail the commit (as an unreviewed grant held back does not): it is done, and
  // a later commit is not kept waiting behind a plan that can never be made fresh again.
  return { status, applied: count("applied"), unchanged: count("unchanged"), failed, skipped, problems, ...rest, ...(notes.length > 0 ? { notes } : {}), ...(notMade.length > 0 ? { notMade } : {}), ...(unreadable.length > 0 ? { unreadableTargets: unreadable } : {}), ...(stale.length > 0 ? { staleTargets: stale } : {}), ...(blocked ? { heldByBlock: blocked.held.map(heldRevocation) } : {}) };
}

function heldRevocation(h: HeldByBlock): HeldRevocation {
  const c = h.change;
  return { target: c.target, action: c.action, identity: c.identity, ...(c.login !== undefined ? { login: c.login } : {}), ...(c.entitlement !== undefined ? { entitlement: c.entitlement } : {}), reasons: h.reasons.map((r) => r.text) };
}

function unreadableProblem(u: UnreadableTarget): string {
  return `failed: ${unreadableLine(u)}${u.hint ? ` (fix: ${u.hint})` : ""}`;
}
