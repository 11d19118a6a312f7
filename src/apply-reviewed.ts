// A reviewed plan applied, in one call, for every entry point that applies: the CLI's `apply`
// (which prints as it goes) and the Action's apply queue and daily sync (which report per commit).
// Re-plan the repository as it is on disk against the live targets, keep what was reviewed (plus
// the unreviewed revocations apply.unreviewed allows), hold back what must wait and say why, apply
// the rest with retries and journal every step. Each safeguard is here once: a rule added to one
// entry point and not the other let a local `apply --plan` skip what the Action did, and the other
// way round.
import { randomUUID } from "node:crypto";
import { commitOf, filesAtRevision, revisionAt } from "./config/git-files.js";
import { compile, weighLive } from "./compile.js";
import { closeConnectors, openConnectors } from "./connectors.js";
import type { Diagnostic } from "./config/diagnostic.js";
import { loadRepo } from "./config/load-repo.js";
import { workingTree } from "./config/repo-files.js";
import type { PolicyRepo } from "./model/policy-repo.js";
import type { ScopesyncError } from "./model/errors.js";
import type { TargetConfig } from "./model/documents.js";
import { REVOCATIONS, type Change } from "./model/change.js";
import { append } from "./model/append.js";
import { journalFile, type ChangeReview, type JournalRecord, type ReviewedApproval } from "./model/journal-record.js";
import type { UnreadableTarget } from "./model/unreadable-target.js";
import type { StaleTarget } from "./model/stale-target.js";
import type { ReviewedNotMade } from "./model/reviewed-not-made.js";
import { ignoresGroupCase } from "./model/entitlement-names.js";
import { wholePlanReasons, type BlockedReason } from "./model/blocked-reason.js";
import type { Plan } from "./plan/plan.js";
import type { AppDecision } from "./plan/decision.js";
import { staleTargetsOf } from "./plan/state-age.js";
import { reviewedOverrides } from "./plan/safety.js";
import { reviewedAcceptances } from "./sources/gate-accept.js";
import { readTargetsLiveApart } from "./targets/read-targets.js";
import { Journal } from "./apply/journal.js";
import { Resume } from "./apply/cut-off.js";
import { DEFAULT_RETRY, realTiming, retryingReads, type ReadRetryNotice, type Timing } from "./apply/retry.js";
import { reconcile, reviewOf, type Reconciled, type UnreviewedMode } from "./apply/reviewed.js";
import { idLabelOf, leavesScopeOf, RenameWatch, watchReads } from "./apply/renamed-accounts.js";
import { takeBaseOffboardings, type NotApplied } from "./apply/base-offboardings.js";
import { UnreadWatch } from "./apply/unread-credentials.js";
import { RefusalWatch } from "./apply/refused-reviewed.js";
import { AdminsWatch } from "./apply/admins-hold.js";
import { runApply, type ChangeResult, type RunOptions } from "./apply/runner.js";
import { journalGrounds } from "./apply/journal-grounds.js";
import { preflightTargets, type Preflight } from "./apply/preflight.js";
import { aroundUnreadable, heldForUnreadable } from "./apply/unreadable-targets.js";
import { refuseOtherTenants } from "./apply/tenant-binding.js";
import { heldForStale, holdStaleReviewed } from "./apply/stale-review.js";
import { GIVES_WHILE_BLOCKED, HELD_BY_BLOCK_HINT, heldByBlockError, holdBlocked, type HeldByBlock } from "./apply/blocked-hold.js";
import { NotMadeWatch } from "./apply/reviewed-not-made.js";
import { approvalFields } from "./apply/approval.js";

/** `revocations`: only changes that remove access (no approval needed); `all`: everything reviewed. */
export type ApplyPhase = "revocations" | "all";

export interface ReviewedApplyOptions {
  repoDir: string;
  /**
   * The reviewed plan. Absent: nothing was reviewed (`apply --auto-approve`, local use only): the
   * re-plan is applied as it is and journalled auto-approved, never reviewed.
   */
  reviewed?: Plan;
  /**
   * Instead of `reviewed`: reads the reviewed plan, called once the memory budget has let the run
   * go on, so that a plan too large for the heap is refused before it is parsed (the CLI's).
   */
  readReviewed?: () => Plan;
  /** The bytes of the reviewed plan's file, which the memory budget weighs (memory-budget.ts ApplySizes); 0 when absent. */
  reviewedBytes?: number;
  /** Only this target (a matrix job, `--target`); all targets when absent. */
  target?: string;
  phase: ApplyPhase;
  env: Record<string, string | undefined>;
  /** Fixed time the re-plan judges dates by (`--now`); the wall clock when absent. */
  now?: number;
  /** The journal to write and read: `apply --journal`, the Action's; default scopesync.yaml's apply.journal, else .scopesync/journal.jsonl (journalFile). */
  journalPath?: string;
  /**
   * Whether revocations nobody reviewed may be applied (as apply.unreviewed allows; `false` applies
   * none). The apply queue allows them only at its newest commit: an older commit's tree,
   * re-planned against a live state later merges already changed, would "revoke" what they granted.
   */
  unreviewedRevocations?: boolean;
  concurrency?: number;
  timing?: Timing;
  /** Told before each wait of a retried live read. */
  onRetry?: ReadRetryNotice;
  /**
   * The revision whose source snapshots were the accepted ones when the plan was reviewed (its
   * --base; a merged commit's parent): the re-plan is measured against the same baseline, and an
   * app login its files gave an identity that has another now is an earlier login (offboarded).
   */
  acceptedAt?: string;
  /**
   * Reasons beside the re-plan's own that hold changes back (the daily sync's plan, made from the
   * state files, may be blocked where the live re-plan is not): applied as the re-plan's are.
   */
  blockedBy?: readonly BlockedReason[];
  /**
   * Where the reviewed plan was approved (the commit it was merged in, its pull request), written on
   * every `reviewed` journal line (apply/approval.ts). Only the Action's apply queue knows it.
   */
  approval?: ReviewedApproval;
  /** What a reviewed offboarding only the reviewed plan's base could make says (apply/base-offboardings.ts). */
  baseOffboardings: { replannedHow: string; hint: string };
  /**
   * Held around the live read and the changes, per target (the CLI's leases, apply/target-leases.ts):
   * two runs planning against the same state would both create the same joiners.
   */
  hold?: (targets: ReadonlyArray<readonly [string, TargetConfig]>, run: string) => Promise<{ release(): void }>;
  /** Wraps the re-plan (the CLI's heartbeat while it runs). */
  planning?: <T>(work: Promise<T>) => Promise<T>;
  onMemoryWarning?: (warning: ScopesyncError) => void;
  /** Told once what the run will apply is known, before the first change. */
  beforeApply?: (prepared: PreparedApply) => void;
  onResult?: RunOptions["onResult"];
  onWait?: RunOptions["onWait"];
}

/** A change left for later, and why. */
export interface HeldChange {
  change: Change;
  /** Reviewed, but waits for this unreviewed change it needs (an account's create). */
  on?: Change;
  /** Why, when it is not "not reviewed" nor `on`: a target not read, a stale state, a blocked plan. */
  because?: string;
  /** Held for a stale reviewed state: `because` says so. */
  stale?: boolean;
  /** Gives access while the re-plan is blocked. */
  blocked?: boolean;
}

/** What the run knows before its first change: for the caller to say before it starts. */
export interface PreparedApply {
  plan: Plan;
  /** The reviewed plan's changes sorted against the re-plan (absent without a reviewed plan). */
  reconciled?: Reconciled;
  /** Notes on reviewed offboardings whose account was renamed since review (apply/renamed-accounts.ts). */
  renamed: string[];
  /** The re-plan's blocked reasons when they hold only some changes, not the whole plan. */
  partlyBlocked?: string[];
  /** What is applied now, in order of the phase, after every hold. */
  toApply: Change[];
  held: HeldChange[];
  /** Reviewed changes held back because a target could not be read. */
  heldForUnreadable: Change[];
  staleHeld: Change[];
  /** Reviewed changes not applied, with why and the fix: journalled `skipped`. */
  notApplied: NotApplied[];
  /** Of `notApplied`: credentials the read did not list, and changes the re-plan cannot place. */
  notListed: number;
  unplaced: number;
  /** Of `notApplied`: revocations the admins guard stopped, and those a blocked reason holds. */
  byGuard: ReadonlySet<Change>;
  heldByBlock: HeldByBlock[];
  /** Left to the `all` phase of the same commit (grants awaiting approval, and what waits for them). */
  deferred: number;
  /** Unreviewed revocations applied. */
  unreviewedApplied: number;
  /** The changes the credentials visibly cannot make, refused up front (apply/preflight.ts). */
  preflight: Preflight["notes"];
  /** Changes an earlier run of this plan left open in the journal, and journal lines that are no record. */
  cuts: JournalRecord[];
  /** Journal lines (numbers) that are no record: named, never passed over (apply/cut-off.ts). */
  unreadableJournal: readonly number[];
  journalPath: string;
  /** The targets this run reads and applies to (all, or the one asked for). */
  targets: string[];
  /** Those whose live read failed: nothing is planned or applied on them (apply/unreadable-targets.ts). */
  targetsNotRead: ReadonlySet<string>;
}

export type ReviewedApplyOutcome =
  | { kind: "invalid"; diagnostics: Diagnostic[] }
  /** Blocked whole: nothing was applied. */
  | { kind: "blocked"; plan: Plan; reasons: string[]; unreadable: UnreadableTarget[] }
  | ({ kind: "ran" } & AppliedRun);

export interface AppliedRun extends PreparedApply {
  /** The fingerprint the journal files this run under: the reviewed plan's, else the re-plan's. */
  fingerprint: string;
  results: ChangeResult[];
  unreadable: UnreadableTarget[];
  stale: StaleTarget[];
  /** How the changes an earlier run left open were closed by this one (apply/cut-off.ts). */
  closed: string[];
  /**
   * The reviewed changes this apply did not carry out, each with why (apply/reviewed-not-made.ts),
   * journalled too. They do not fail the run: the merged desired state, which its own reviewers
   * approved, decides, and a run again would find the same.
   */
  notMade: ReviewedNotMade[];
}

/** Re-plans against the live targets and applies what the reviewed plan allows (see the file's head). */
export async function applyReviewedPlan(given: ReviewedApplyOptions): Promise<ReviewedApplyOutcome> {
  const acceptedAt = given.acceptedAt ? await revisionAt(given.repoDir, given.acceptedAt) : undefined;
  // The logins the reviewed plan measured against are the same revision's files (its --base).
  const loginsAt = given.acceptedAt ? { ref: given.acceptedAt, files: await filesAtRevision(given.repoDir, given.acceptedAt) } : undefined;
  // Refused before the reviewed plan, the repository or a target is read when the re-plan, the
  // reviewed plan and the stores the changes are written from cannot fit the heap (rv115: apply
  // died of heap after its first changes at the least heap the budget accepted for its re-plan).
  weighLive({ repoDir: given.repoDir, files: workingTree(given.repoDir), ...(loginsAt ? { loginsAt } : {}), ...(given.target !== undefined ? { liveTarget: given.target } : {}), applying: { reviewedPlan: given.reviewedBytes ?? 0 } });
  const reviewed = given.reviewed ?? given.readReviewed?.();
  const o: ReviewedApplyOptions = reviewed ? { ...given, reviewed } : given;
  const clock = () => o.now ?? Date.now();
  // The time the re-plan judges dates by, fixed once; the journal records it beside the wall clock.
  const planTime = clock();
  // What a plan reviewed against a state older than its maxStateAge gives on that target is held
  // back; its revocations apply only as unreviewed ones (apply/stale-review.ts).
  const stale = o.reviewed ? staleTargetsOf(o.reviewed.findings ?? [], o.target) : [];
  const loaded = loadRepo(workingTree(o.repoDir));
  if (!loaded.repo) return { kind: "invalid", diagnostics: loaded.diagnostics };
  const connectors = openConnectors(loaded.repo, o.repoDir, o.env, clock, o.target);
  const timing = o.timing ?? realTiming;
  // The run's id: on the journal's lines and on the leases it holds.
  const run = randomUUID();
  let lease: { release(): void } | undefined;
  try {
    const configs = loaded.repo.config.value.targets;
    lease = await o.hold?.([...connectors.keys()].map((name) => [name, configs[name]!] as const), run);
    // A reviewed offboarding whose account was renamed since review is followed by its id (renamed-accounts.ts).
    const renames = new RenameWatch(o.reviewed, o.target);
    // A target that cannot be read is left out and reported, not every target (apply/unreadable-targets.ts);
    // so is one whose read is not the tenant the reviewed plan was made from (apply/tenant-binding.ts).
    const unreadable: UnreadableTarget[] = [];
    // What a read did not list (a token that cannot see PAT grants) is never "no longer needed" (apply/unread-credentials.ts).
    const unlisted = new UnreadWatch();
    // Nor is what the re-plan refuses to place (a mapped group renamed since review: apply/refused-reviewed.ts).
    const refusing = new RefusalWatch();
    // The journal, read before the targets: what their read shows of a change a cut-off run left
    // open is noted on the way in, for the line that closes it (the workflows carry the journal
    // from run to run; apply/cut-off.ts).
    const journal = new Journal(o.journalPath ?? journalFile(o.repoDir, loaded.repo.config.value));
    const resume = new Resume(journal, o.reviewed?.fingerprint);
    // Each target's admins as read, for the guard over what this run really applies (apply/admins-hold.ts).
    const admins = new AdminsWatch(loaded.repo);
    // What the read shows of each reviewed change, for naming the ones not carried out (apply/reviewed-not-made.ts).
    const notMadeWatch = o.reviewed ? new NotMadeWatch(o.reviewed, o.target) : undefined;
    const live = refusing.reads(unlisted.reads(admins.reads(resume.reads(async () => refuseOtherTenants(await readTargetsLiveApart(retryingReads(connectors, DEFAULT_RETRY, timing, o.onRetry), unreadable), o.reviewed?.targets, configs, unreadable)))));
    const watched = watchReads(renames, notMadeWatch ? notMadeWatch.reads(live) : live);
    const reads = notMadeWatch ? explainBoth(notMadeWatch, watched) : watched;
    const compiling = compile({ repoDir: o.repoDir, files: workingTree(o.repoDir), env: o.env, now: planTime, ...(acceptedAt ? { acceptedAt } : {}), ...(loginsAt ? { loginsAt } : {}), ...(o.onMemoryWarning ? { onMemoryWarning: o.onMemoryWarning } : {}), ...reads, ...(o.target !== undefined ? { liveTarget: o.target } : {}), applying: { reviewedPlan: o.reviewedBytes ?? 0 }, lookUpLogins: connectors, journalPath: journal.path, ...(o.reviewed ? { reviewedOverrides: reviewedOverrides(o.reviewed), reviewedAccepted: reviewedAcceptances(o.reviewed.findings) } : {}) });
    const compiled = await (o.planning ? o.planning(compiling) : compiling);
    if (!compiled.ok) return { kind: "invalid", diagnostics: compiled.diagnostics };
    const { plan, repo } = compiled.value;
    const mode = o.unreviewedRevocations === false ? "none" : (repo.config.value.apply?.unreviewed ?? "revocations-only");
    // A blocked re-plan with a reviewed plan, under revocations-only, applies the revocations no
    // reason holds and nothing that gives access (apply/blocked-hold.ts); a reason on the whole
    // plan, no unreviewed revocations, or nothing reviewed (--auto-approve) stops everything.
    const blocks = [...compiled.value.blocks, ...(o.blockedBy ?? [])];
    const reasons = [...new Set(blocks.map((b) => b.text))];
    if (blocks.length > 0 && (!o.reviewed || wholePlanReasons(blocks).length > 0 || mode !== "revocations-only")) {
      return { kind: "blocked", plan, reasons, unreadable };
    }
    const down = new Set(unreadable.map((u) => u.target));
    // A target that was not read has no re-plan: its reviewed changes are not "no longer needed", they wait for it.
    const inScope = (c: Change) => (!o.target || c.target === o.target) && !down.has(c.target);
    const because = heldForUnreadable(unreadable);
    const prepared = o.reviewed
      ? sortReviewed(o.reviewed, plan, { o, repo, mode, blocks, reasons, renames, unlisted, refusing, unreadable, stale, inScope, because, apps: compiled.value.decisions?.apps ?? [] })
      : { ...sortUnreviewed(plan, unreadable, because), heldAs: undefined, leftToAll: new Set<string>() };
    const heldAs = new Map<string, string>(prepared.held.map(({ change, on, because }) => [change.id, because ?? (on ? `waits for ${on.action} ${on.identity}, not reviewed` : "not reviewed")]));
    for (const h of prepared.heldByBlock) heldAs.set(h.change.id, heldByBlockError(h));
    // A change that takes an admin away waits for the grant that kept the target at its minimum
    // admins: with it in the `all` phase when that grant was reviewed, else it is not applied and
    // said so (apply/admins-hold.ts).
    const guarded = admins.hold(prepared.phased, plan.changes, heldAs, (id) => prepared.leftToAll.has(id));
    const toApply = guarded.apply;
    const notApplied = [...prepared.notApplied, ...guarded.notApplied];
    const applying = new Set(toApply);
    // The changes the credentials visibly cannot make are refused before the first change and
    // reported failed; every other change applies (apply/preflight.ts).
    const checked = await preflightTargets(connectors, toApply);
    const fingerprint = o.reviewed?.fingerprint ?? plan.fingerprint;
    const cuts = resume.cutOff(fingerprint);
    const review: (c: Change) => ChangeReview = prepared.reconciled ? reviewOf(prepared.reconciled) : () => "auto-approved";
    const ready: PreparedApply = {
      plan, ...(prepared.reconciled ? { reconciled: prepared.reconciled } : {}), renamed: prepared.renamed,
      ...(blocks.length > 0 ? { partlyBlocked: reasons } : {}),
      toApply, held: prepared.held, heldForUnreadable: prepared.heldForUnreadable, staleHeld: prepared.staleHeld, notApplied,
      notListed: prepared.notListed, unplaced: prepared.unplaced, byGuard: new Set(guarded.notApplied.map((n) => n.change)), heldByBlock: prepared.heldByBlock,
      deferred: prepared.leftToAll.size + guarded.deferred.length,
      unreviewedApplied: (prepared.reconciled?.unreviewedRevocations ?? []).filter((c) => applying.has(c)).length,
      preflight: checked.notes, cuts, unreadableJournal: resume.unreadable, journalPath: journal.path, targets: [...connectors.keys()], targetsNotRead: down,
    };
    o.beforeApply?.(ready);
    const applied = await runApply({
      changes: toApply, connectors, journal, run, fingerprint, replan: plan.fingerprint, planTime, review,
      concurrency: o.concurrency ?? 8, retry: DEFAULT_RETRY, timing, clock: Date.now, refused: checked.refused, notApplied,
      // A target's admin grants go first, and what takes an admin away waits for them (admins-hold.ts).
      adminsOrder: admins.order(toApply),
      ...(o.approval ? { approval: o.approval } : {}),
      ...(o.onResult ? { onResult: o.onResult } : {}), ...(o.onWait ? { onWait: o.onWait } : {}),
    });
    // A cut-off change the re-plan no longer has is closed, or every later run of this plan would
    // report it as cut off again: `done` only on what this run's read shows, else `abandoned`. One
    // planned again closes through the runner's own lines, and so does one this run reported (a
    // reviewed change `skipped`); one held back stays open, as does one on a target not read.
    const closed = resume.close(cuts, {
      run, replan: plan.fingerprint, planTime: new Date(planTime).toISOString(), planned: plan.changes,
      reported: new Set(applied.results.map((r) => r.change.id)), checked: (t) => connectors.has(t) && !down.has(t),
    });
    // What is left in the reconciled obsolete changes, and the reviewed changes held back or
    // waiting, are not carried out: each is named with why, at which commit the re-plan was made,
    // and journalled as those applied are; one a cut-off run had started was closed just above by
    // its own line, which says the same from the read.
    const notMade = notMadeWatch && prepared.reconciled ? notMadeWatch.find(prepared.reconciled, plan, compiled.value.decisions?.apps ?? [], { inScope, commit: await commitOf(o.repoDir, "HEAD"), carried: resume.carried }) : [];
    const closedChanges = new Set(cuts.map((c) => c.change));
    const reviewedChanges = new Map((o.reviewed?.changes ?? []).map((c) => [c.id, c]));
    for (const n of notMade) if (!closedChanges.has(n.change)) journal.write(notMadeRecord(n, reviewedChanges.get(n.change), { run, fingerprint, replan: plan.fingerprint, planTime, approval: o.approval }));
    return { kind: "ran", ...ready, fingerprint, results: applied.results, unreadable, stale, closed, notMade };
  } finally {
    await closeConnectors(connectors);
    lease?.release();
  }
}

interface SortContext {
  o: ReviewedApplyOptions;
  repo: PolicyRepo;
  mode: UnreviewedMode;
  blocks: readonly BlockedReason[];
  reasons: string[];
  renames: RenameWatch;
  unlisted: UnreadWatch;
  refusing: RefusalWatch;
  unreadable: readonly UnreadableTarget[];
  stale: readonly StaleTarget[];
  inScope: (c: Change) => boolean;
  because: string;
  apps: readonly AppDecision[];
}

type Sorted = Omit<PreparedApply, "plan" | "toApply" | "byGuard" | "deferred" | "unreviewedApplied" | "preflight" | "cuts" | "unreadableJournal" | "journalPath" | "partlyBlocked" | "targets" | "targetsNotRead"> & {
  /** What this phase applies before the admins guard. */
  phased: Change[];
  /** Ids this phase leaves to the `all` phase. */
  leftToAll: ReadonlySet<string>;
};

/** The reviewed plan's changes against the re-plan: what applies, what waits and why, what is not applied. */
function sortReviewed(reviewed: Plan, plan: Plan, x: SortContext): Sorted {
  const r = reconcile(plan, reviewed, x.mode);
  const renamed = x.renames.follow(r, plan, x.apps, leavesScopeOf(x.repo.apps), idLabelOf(x.repo.config.value.targets));
  const staleHeld = holdStaleReviewed(r, plan, x.stale, x.mode);
  const byBlock = x.blocks.length > 0 ? holdBlocked(r, x.blocks) : { gives: [], revocations: [] };
  // A reviewed offboarding only the reviewed plan's base could make, which the re-plan cannot, is
  // not applied, and the run fails with why (apply/base-offboardings.ts), rather than counting it as
  // no longer needed.
  const notListed = x.unlisted.take(r, x.inScope);
  const unplaced = x.refusing.take(r, x.repo.apps, (t) => ignoresGroupCase(x.repo.config.value, t), x.inScope);
  const notApplied = [...takeBaseOffboardings(reviewed, r, plan, x.renames, { inScope: x.inScope, ...x.o.baseOffboardings }), ...notListed, ...unplaced];
  // Journalled `skipped` with the reasons that hold them: whose offboarding waits, and for what.
  const heldByBlock = byBlock.revocations.filter((h) => x.inScope(h.change));
  append(notApplied, heldByBlock.map((h) => ({ change: h.change, error: heldByBlockError(h), hint: HELD_BY_BLOCK_HINT, ...(h.review ? { review: h.review } : {}) })));
  const around = aroundUnreadable([...r.reviewed, ...r.unreviewedRevocations], x.unreadable);
  const phased = x.o.phase === "all" ? around.apply : around.apply.filter((c) => REVOCATIONS.has(c.action));
  const inPhase = new Set(phased);
  const held: HeldChange[] = [
    ...r.held.map((change) => ({ change })),
    ...r.waiting,
    ...around.held.map((change) => ({ change, because: x.because })),
    ...staleHeld.map((change) => ({ change, because: heldForStale(x.stale, change.target), stale: true })),
    ...byBlock.gives.map((change) => ({ change, because: GIVES_WHILE_BLOCKED, blocked: true })),
  ];
  return { reconciled: r, renamed, phased, leftToAll: new Set(around.apply.filter((c) => !inPhase.has(c)).map((c) => c.id)), held, heldForUnreadable: around.held, staleHeld, notApplied, notListed: notListed.length, unplaced: unplaced.length, heldByBlock };
}

/** Without a reviewed plan: the re-plan as it is, but for what waits for a target that could not be read. */
function sortUnreviewed(plan: Plan, unreadable: readonly UnreadableTarget[], because: string): Sorted {
  const around = aroundUnreadable(plan.changes, unreadable);
  return { renamed: [], phased: around.apply, leftToAll: new Set(), held: around.held.map((change) => ({ change, because })), heldForUnreadable: around.held, staleHeld: [], notApplied: [], notListed: 0, unplaced: 0, heldByBlock: [] };
}

/** compile's `explain` asks for the names both watches need; none when neither needs any (the planner then keeps no decisions). */
function explainBoth<T extends { explain?: (identities: readonly { id: string }[]) => ReadonlySet<string> }>(watch: NotMadeWatch, reads: T): T {
  const renames = reads.explain;
  return { ...reads, explain: (identities: readonly { id: string }[]) => new Set([...(renames?.(identities) ?? []), ...watch.names(identities)]) };
}

/**
 * The journal line of a reviewed change not carried out: `done` / `unchanged` with the read's
 * evidence when it is in place (as a cut-off change closed in place is), else `dropped` with why.
 * `why` and `evidence` are the reviewed change's (`reviewed`), as on every line that names a change
 * (apply/journal-grounds.ts); `reason` is why this run did not carry it out.
 */
function notMadeRecord(n: ReviewedNotMade, reviewed: Change | undefined, o: { run: string; fingerprint: string; replan: string; planTime: number; approval: ReviewedApproval | undefined }): JournalRecord {
  const { kind: _k, reason, change, ...what } = n;
  const base = { at: new Date().toISOString(), run: o.run, fingerprint: o.fingerprint, review: "reviewed" as const, ...approvalFields("reviewed", o.approval), replan: o.replan, planTime: new Date(o.planTime).toISOString(), change, ...what, ...(reviewed ? journalGrounds(reviewed) : {}), attempts: 0, reason };
  return n.kind === "in-place" ? { ...base, phase: "done", outcome: "unchanged" } : { ...base, phase: "dropped" };
}
