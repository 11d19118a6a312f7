// One reviewed plan applied for the Action, from the library's parts (compile, reconcile, the
// runner and its journal; never the CLI): re-plan the repository as it is on disk against live
// targets, keep what was reviewed (plus unreviewed revocations when allowed), apply it with
// retries. The apply queue calls this once per merged commit and sync once per run; it returns
// what happened as data instead of printing, so the caller reports it.
import { randomUUID } from "node:crypto";
import { commitOf, filesAtRevision, revisionAt } from "../config/git-files.js";
import { compile } from "../compile.js";
import { formatDiagnostic, sortDiagnostics } from "../config/diagnostic.js";
import { loadRepo } from "../config/load-repo.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { targetEntitlements } from "../model/target-entitlements.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import { REVOCATIONS, type Change } from "../model/change.js";
import type { Plan } from "../plan/plan.js";
import type { TargetConnector } from "../targets/connector.js";
import { readTargetsLiveApart } from "../targets/read-targets.js";
import type { UnreadableTarget } from "../model/unreadable-target.js";
import { staleTargetsOf } from "../plan/state-age.js";
import type { StaleTarget } from "../model/stale-target.js";
import { heldForStale, holdStaleReviewed, staleLine } from "../apply/stale-review.js";
import { aroundUnreadable, heldForUnreadable, unreadableLine } from "../apply/unreadable-targets.js";
import { createConnector } from "../targets/registry.js";
import { Journal } from "../apply/journal.js";
import { cutOffNote, Resume, unreadableJournalNote } from "../apply/cut-off.js";
import { DEFAULT_RETRY, realTiming, retryingReads, type ReadRetryNotice, type Timing } from "../apply/retry.js";
import { reconcile, reviewOf } from "../apply/reviewed.js";
import { idLabelOf, leavesScopeOf, RenameWatch, watchReads } from "../apply/renamed-accounts.js";
import { takeBaseOffboardings } from "../apply/base-offboardings.js";
import { UnreadWatch } from "../apply/unread-credentials.js";
import { RefusalWatch } from "../apply/refused-reviewed.js";
import { ignoresGroupCase } from "../model/entitlement-names.js";
import { AdminsWatch } from "../apply/admins-hold.js";
import { runApply, type ChangeResult } from "../apply/runner.js";
import { preflightTargets } from "../apply/preflight.js";
import { append } from "../model/append.js";
import { wholePlanReasons, type BlockedReason } from "../model/blocked-reason.js";
import { GIVES_WHILE_BLOCKED, HELD_BY_BLOCK_HINT, heldByBlockError, holdBlocked, type HeldByBlock } from "../apply/blocked-hold.js";
import { carriedOut, NotMadeWatch } from "../apply/reviewed-not-made.js";
import type { ReviewedNotMade } from "../model/reviewed-not-made.js";
import type { JournalRecord } from "../model/journal-record.js";

/** `revocations`: only changes that remove access (no approval needed); `all`: everything reviewed. */
export type ApplyPhase = "revocations" | "all";

export interface ApplyReviewedOptions {
  repoDir: string;
  reviewed: Plan;
  /** Only this target (a matrix job); all targets when absent. */
  target?: string;
  phase: ApplyPhase;
  env: Record<string, string | undefined>;
  /** Fixed clock for tests and reviews; the wall clock when absent. */
  now?: number;
  journalPath: string;
  /**
   * Whether revocations nobody reviewed may be applied here (as apply.unreviewed allows). The
   * apply queue allows them only at its newest commit: an older commit's tree, re-planned against
   * a live state that later merges already changed, would "revoke" what those merges granted.
   */
  unreviewedRevocations?: boolean;
  concurrency?: number;
  timing?: Timing;
  /** Told before each wait of a retried live read (the Action logs it). */
  onRetry?: ReadRetryNotice;
  /**
   * The revision whose source snapshots were the accepted ones when the plan was reviewed (the
   * sync's base branch; a merged commit's parent): the re-plan is measured against the same
   * baseline, not against a snapshot the change itself carries, and an app login its files gave
   * an identity that has another now is an earlier login (offboarded). The working tree's when absent.
   */
  acceptedAt?: string;
  /**
   * Reasons beside the re-plan's own that hold changes back (the daily sync's plan, made from the
   * state files, may be blocked where the live re-plan is not): applied as the re-plan's are.
   */
  blockedBy?: readonly BlockedReason[];
}

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

function openConnectors(repo: PolicyRepo, repoDir: string, env: Record<string, string | undefined>, now: () => number, only?: string): Map<string, TargetConnector> {
  const targets = repo.config.value.targets;
  if (only && !targets[only]) throw new ScopesyncError(`no target "${only}"`, `targets: ${Object.keys(targets).sort().join(", ")}`);
  const out = new Map<string, TargetConnector>();
  for (const name of Object.keys(targets).sort()) {
    if (!only || name === only) out.set(name, createConnector(targets[name]!, { name, repoDir, env, now, entitlements: targetEntitlements(repo, name) }));
  }
  return out;
}

const empty = (status: ApplyReviewedResult["status"], problems: string[], replanFingerprint?: string): ApplyReviewedResult => ({
  status, matchesReviewed: false, applied: 0, unchanged: 0, failed: 0, skipped: 0, held: 0, unreviewedRevocations: 0, deferred: 0, problems, ...(replanFingerprint ? { replanFingerprint } : {}),
});

export async function applyReviewed(o: ApplyReviewedOptions): Promise<ApplyReviewedResult> {
  const clock = () => o.now ?? Date.now();
  // The time the re-plan judges dates by, fixed once; the journal records it beside the wall clock.
  const planTime = clock();
  // As the CLI's apply: what a plan reviewed against a state older than its maxStateAge gives on that
  // target is held back, its revocations apply only as unreviewed ones (apply/stale-review.ts).
  const stale = staleTargetsOf(o.reviewed.findings ?? [], o.target);
  const loaded = loadRepo(workingTree(o.repoDir));
  if (!loaded.repo) return empty("invalid", sortDiagnostics(loaded.diagnostics).map(formatDiagnostic));
  const connectors = openConnectors(loaded.repo, o.repoDir, o.env, clock, o.target);
  const timing = o.timing ?? realTiming;
  try {
    const acceptedAt = o.acceptedAt ? await revisionAt(o.repoDir, o.acceptedAt) : undefined;
    // The logins the reviewed plan measured against are the same revision's files (its --base).
    const loginsAt = o.acceptedAt ? { ref: o.acceptedAt, files: await filesAtRevision(o.repoDir, o.acceptedAt) } : undefined;
    // A reviewed offboarding whose account was renamed since review is followed by its id (renamed-accounts.ts).
    const renames = new RenameWatch(o.reviewed, o.target);
    // A target that cannot be read is left out and reported, not every target (apply/unreadable-targets.ts).
    const unreadable: UnreadableTarget[] = [];
    // As the CLI's apply: what a read did not list is never "no longer needed" (apply/unread-credentials.ts).
    const unlisted = new UnreadWatch();
    // As the CLI's apply: what the re-plan refuses to place is not "no longer needed" (apply/refused-reviewed.ts).
    const refusing = new RefusalWatch();
    // As the CLI: the journal is read before the targets, so that what their read shows of a change
    // an earlier, cut-off run left open is noted on the way in, for the line that closes it (the
    // workflows carry the journal from run to run; apply/cut-off.ts).
    const journal = new Journal(o.journalPath);
    const resume = new Resume(journal);
    // As the CLI: each target's admins as read, for the guard over what this run applies (apply/admins-hold.ts).
    const admins = new AdminsWatch(loaded.repo);
    // What the read shows of each reviewed change, for naming the ones not carried out (apply/reviewed-not-made.ts).
    const notMadeWatch = new NotMadeWatch(o.reviewed, o.target);
    const reads = explainBoth(notMadeWatch, watchReads(renames, notMadeWatch.reads(refusing.reads(unlisted.reads(admins.reads(resume.reads(() => readTargetsLiveApart(retryingReads(connectors, DEFAULT_RETRY, timing, o.onRetry), unreadable))))))));
    const compiled = await compile({ repoDir: o.repoDir, files: workingTree(o.repoDir), env: o.env, now: planTime, ...(acceptedAt ? { acceptedAt } : {}), ...(loginsAt ? { loginsAt } : {}), ...reads, lookUpLogins: connectors, journalPath: o.journalPath });
    if (!compiled.ok) return empty("invalid", sortDiagnostics(compiled.diagnostics).map(formatDiagnostic));
    const { plan, repo } = compiled.value;
    const mode = o.unreviewedRevocations === false ? "none" : (repo.config.value.apply?.unreviewed ?? "revocations-only");
    // A blocked plan: only revocations that need no review, and only those no reason holds
    // (apply/blocked-hold.ts); a reason on the whole plan, or no unreviewed revocations, stops all.
    const blocks = [...compiled.value.blocks, ...(o.blockedBy ?? [])];
    const reasons = [...new Set(blocks.map((b) => b.text))];
    if (blocks.length > 0 && (wholePlanReasons(blocks).length > 0 || mode !== "revocations-only")) {
      return { ...empty("blocked", [...reasons, ...unreadable.map(unreadableProblem)], plan.fingerprint), ...(unreadable.length > 0 ? { unreadableTargets: unreadable } : {}) };
    }
    const r = reconcile(plan, o.reviewed, mode);
    const notes = renames.follow(r, plan, compiled.value.decisions?.apps ?? [], leavesScopeOf(repo.apps), idLabelOf(repo.config.value.targets));
    const staleHeld = holdStaleReviewed(r, plan, stale, mode);
    const byBlock = blocks.length > 0 ? holdBlocked(r, blocks) : { gives: [], revocations: [] };
    // As the CLI's apply: a reviewed offboarding only the reviewed plan's base could make, which the
    // re-plan against the merge's parent cannot, is not applied, and the commit fails with why
    // (apply/base-offboardings.ts), rather than counting it as no longer needed.
    const down = new Set(unreadable.map((u) => u.target));
    const inScope = (c: Change) => (!o.target || c.target === o.target) && !down.has(c.target);
    const notApplied = [...takeBaseOffboardings(o.reviewed, r, plan, renames, {
      inScope,
      replannedHow: o.acceptedAt ? `against ${o.acceptedAt.slice(0, 12)} (the commit's parent)` : "without a base",
      hint: "the merge's parent does not name that login either: take the access away by hand as the reviewed plan shows (the next run finds it in place), or offboard the account in a new pull request",
    }), ...unlisted.take(r, inScope), ...refusing.take(r, repo.apps, (t) => ignoresGroupCase(repo.config.value, t), inScope)].map((n) => ({ change: n.change, error: `${n.error} (fix: ${n.hint})` }));
    // Journalled `skipped` with the reasons that hold them: whose offboarding waits, and for what.
    const heldByBlock = byBlock.revocations.filter((h) => inScope(h.change));
    append(notApplied, heldByBlock.map((h) => ({ change: h.change, error: `${heldByBlockError(h)} (fix: ${HELD_BY_BLOCK_HINT})`, review: h.review })));
    // What is left in r.obsolete now, and the reviewed changes held back or waiting, are not carried
    // out: each is named with why, and at which commit the re-plan was made.
    const notMade = notMadeWatch.find(r, plan, compiled.value.decisions?.apps ?? [], { inScope, commit: await commitOf(o.repoDir, "HEAD"), carried: carriedOut(resume.records, o.reviewed.fingerprint) });
    const wanted = [...r.reviewed, ...r.unreviewedRevocations];
    const around = aroundUnreadable(wanted, unreadable);
    const phased: Change[] = o.phase === "all" ? around.apply : around.apply.filter((c) => REVOCATIONS.has(c.action));
    // As the CLI: a change that takes an admin away waits for the grant that kept the target at its
    // minimum admins: with it in the `all` phase when that grant was reviewed, else it is not applied
    // and said so (apply/admins-hold.ts).
    const leftToAll = new Set(around.apply.filter((c) => !phased.includes(c)).map((c) => c.id));
    const heldAs = new Map<string, string>([
      ...r.held.map((c) => [c.id, "not reviewed"] as const),
      ...r.waiting.map(({ change, on }) => [change.id, `waits for ${on.action} ${on.identity}, not reviewed`] as const),
      ...around.held.map((c) => [c.id, heldForUnreadable(unreadable)] as const),
      ...staleHeld.map((c) => [c.id, heldForStale(stale, c.target)] as const),
      ...byBlock.gives.map((c) => [c.id, GIVES_WHILE_BLOCKED] as const),
      ...byBlock.revocations.map((h) => [h.change.id, heldByBlockError(h)] as const),
    ]);
    const guarded = admins.hold(phased, plan.changes, heldAs, (id) => leftToAll.has(id));
    const toApply = guarded.apply;
    append(notApplied, guarded.notApplied.map((n) => ({ change: n.change, error: `${n.error} (fix: ${n.hint})` })));
    // Journalled under the reviewed plan (a re-run resumes by it), each line marked reviewed or
    // not: the sync's revocation run reviews nothing (an empty reviewed plan), so all of its are not.
    const fingerprint = o.reviewed.fingerprint;
    // As the CLI: what the credentials visibly cannot make is refused up front and reported failed;
    // every other change applies (apply/preflight.ts).
    const { refused } = await preflightTargets(connectors, toApply);
    // As the CLI: what an earlier run of this plan left open is named and re-checked by this one.
    const run = randomUUID();
    const cuts = resume.cutOff(fingerprint);
    if (resume.unreadable.length > 0) notes.push(unreadableJournalNote(o.journalPath, resume.unreadable));
    append(notes, cuts.filter((c) => connectors.has(c.target)).map((c) => cutOffNote(c)));
    const results = await runApply({
      changes: toApply, connectors, journal, run, fingerprint,
      replan: plan.fingerprint, planTime, review: reviewOf(r),
      concurrency: o.concurrency ?? 8, retry: DEFAULT_RETRY, timing, clock: Date.now, refused, notApplied,
      // As the CLI: a target's admin grants go first, and what takes an admin away waits for them.
      adminsOrder: admins.order(toApply),
    });
    // As the CLI: one the re-plan no longer has is closed `done` only on what this run's read shows,
    // else `abandoned` with why; one planned again or reported (a reviewed change `skipped`) closes
    // through its own lines; one on a target this job did not read stays open (apply/cut-off.ts).
    append(notes, resume.close(cuts, {
      run, replan: plan.fingerprint, planTime: new Date(planTime).toISOString(), planned: plan.changes,
      reported: new Set(results.results.map((r) => r.change.id)), checked: (t) => connectors.has(t) && !down.has(t),
    }));
    // The journal names each reviewed change not carried out, as it names those applied; one a cut-off
    // run had started was closed just above by its own line, which says the same from the read.
    const closed = new Set(cuts.map((c) => c.change));
    for (const n of notMade) if (!closed.has(n.change)) journal.write(notMadeRecord(n, { run, fingerprint, replan: plan.fingerprint, planTime }));
    return summarise(results.results, {
      replanFingerprint: plan.fingerprint, matchesReviewed: plan.fingerprint === o.reviewed.fingerprint, held: r.held.length + staleHeld.length + around.held.length + byBlock.gives.length,
      unreviewedRevocations: r.unreviewedRevocations.filter((c) => toApply.includes(c)).length, deferred: leftToAll.size + guarded.deferred.length, notes,
      unreadable, heldForUnreadable: around.held, stale, staleHeld, notMade, ...(blocks.length > 0 ? { blocked: { reasons, held: heldByBlock } } : {}),
    });
  } finally {
    await Promise.all([...connectors.values()].map((c) => c.close?.()));
  }
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

/** compile's `explain` asks for the names both watches need; none when neither needs any (the planner then keeps no decisions). */
function explainBoth<T extends { explain?: (identities: readonly { id: string }[]) => ReadonlySet<string> }>(watch: NotMadeWatch, reads: T): T {
  const renames = reads.explain;
  return { ...reads, explain: (identities: readonly { id: string }[]) => new Set([...(renames?.(identities) ?? []), ...watch.names(identities)]) };
}

/**
 * The journal line of a reviewed change not carried out: `done` / `unchanged` with the read's
 * evidence when it is in place (as a cut-off change closed in place is), else `dropped` with why.
 */
function notMadeRecord(n: ReviewedNotMade, o: { run: string; fingerprint: string; replan: string; planTime: number }): JournalRecord {
  const { kind: _k, reason, change, ...what } = n;
  const base = { at: new Date().toISOString(), run: o.run, fingerprint: o.fingerprint, review: "reviewed" as const, replan: o.replan, planTime: new Date(o.planTime).toISOString(), change, ...what, attempts: 0, reason };
  return n.kind === "in-place" ? { ...base, phase: "done", outcome: "unchanged" } : { ...base, phase: "dropped" };
}
