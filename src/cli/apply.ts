import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Journal } from "../apply/journal.js";
import { cutOffNote, Resume, unreadableJournalNote } from "../apply/cut-off.js";
import { parseReviewedPlan, reconcile, reviewOf } from "../apply/reviewed.js";
import { idLabelOf, leavesScopeOf, RenameWatch, watchReads } from "../apply/renamed-accounts.js";
import { takeBaseOffboardings, type NotApplied } from "../apply/base-offboardings.js";
import { UnreadWatch } from "../apply/unread-credentials.js";
import { RefusalWatch } from "../apply/refused-reviewed.js";
import { ignoresGroupCase } from "../model/entitlement-names.js";
import { AdminsWatch } from "../apply/admins-hold.js";
import { GIVES_WHILE_BLOCKED, HELD_BY_BLOCK_HINT, heldByBlockError, holdBlocked, type HeldByBlock } from "../apply/blocked-hold.js";
import { wholePlanReasons } from "../model/blocked-reason.js";
import { DEFAULT_RETRY, realTiming, retryingReads, type Timing } from "../apply/retry.js";
import { runApply, type ChangeResult } from "../apply/runner.js";
import { preflightTargets } from "../apply/preflight.js";
import { acquireTargetLeases, type TargetLeases } from "../apply/target-leases.js";
import { compile } from "../compile.js";
import { loadRepo } from "../config/load-repo.js";
import { filesAtRevision, revisionAt } from "../config/git-files.js";
import type { Plan } from "../plan/plan.js";
import { workingTree } from "../config/repo-files.js";
import { canonicalJson } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import type { Change } from "../model/change.js";
import { DEFAULT_JOURNAL_PATH, type ChangeReview } from "../model/journal-record.js";
import { termText } from "../plan/render/escape.js";
import { ACTION_LABELS } from "../plan/render/labels.js";
import { readTargetsLiveApart } from "../targets/read-targets.js";
import { aroundUnreadable, heldForUnreadable, unreadableLine } from "../apply/unreadable-targets.js";
import type { UnreadableTarget } from "../model/unreadable-target.js";
import { closeConnectors, openConnectors } from "./connectors.js";
import { staleTargetsOf } from "../plan/state-age.js";
import type { StaleTarget } from "../model/stale-target.js";
import { heldForStale, holdStaleReviewed } from "../apply/stale-review.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";
import { parseNow } from "../model/now.js";
import { Progress, withHeartbeat } from "./progress.js";
import { changeWaitNotice } from "./change-wait-notice.js";
import { readRetryNotice } from "./read-retry-notice.js";

export interface ApplyOptions {
  repo: string;
  plan?: string;
  /**
   * The revision the reviewed plan was measured against (its --base; after the merge, the merge's
   * parent): its accepted source snapshots and its app logins, as in the Action's apply.
   */
  base?: string;
  target?: string;
  now?: string;
  journal?: string;
  concurrency?: string;
  autoApprove?: boolean;
  /** Seconds to wait for another run's lease on a target before refusing (default 120; 0: refuse at once). */
  lockTimeout?: string;
  /** Tests inject timing so retries do not wait. */
  timing?: Timing;
  /** Tests shorten the lease's lifetime and poll; the wall clock otherwise. */
  lease?: { ttlMs?: number; pollMs?: number };
  /** One JSON document on standard output: what was applied, held back and failed. */
  json?: boolean;
  /** Tests step the progress clock instead of waiting seconds. */
  progressClock?: () => number;
}

const DEFAULT_LOCK_TIMEOUT_S = 120;
const LEASE_TTL_MS = 60_000;

export const DEFAULT_JOURNAL = DEFAULT_JOURNAL_PATH;

/**
 * `scopesync apply`: re-plans against live state, keeps what was reviewed (plus unreviewed
 * revocations when apply.unreviewed allows), applies it in order with retries, journals every step.
 */
export async function applyCommand(options: ApplyOptions, io: Io): Promise<number> {
  if (!options.plan && !options.autoApprove) {
    throw new ScopesyncError("apply needs the reviewed plan: --plan FILE", "pass the plan JSON the plan workflow wrote; to apply the current plan without review (local use only), pass --auto-approve");
  }
  const concurrency = options.concurrency === undefined ? 8 : Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ScopesyncError(`--concurrency "${options.concurrency}" is not a positive whole number`);
  const lockTimeout = options.lockTimeout === undefined ? DEFAULT_LOCK_TIMEOUT_S : Number(options.lockTimeout);
  if (!/^[0-9]+$/.test(options.lockTimeout ?? "0") || !Number.isSafeInteger(lockTimeout)) {
    throw new ScopesyncError(`--lock-timeout "${options.lockTimeout}" is not a whole number of seconds`, "pass how long to wait for another apply of the same target, e.g. --lock-timeout 300, or 0 to refuse at once");
  }
  const reviewedPlan = options.plan ? parseReviewedPlan(readText(resolve(io.cwd, options.plan)), options.plan) : undefined;
  const fixedNow = options.now !== undefined ? parseNow(options.now) : undefined;
  const now = fixedNow ?? Date.now();
  const clock = () => fixedNow ?? Date.now();

  // A reviewed plan made from a state file older than maxStateAge was reviewed against old facts:
  // what it gives there is held back, its revocations apply only as unreviewed ones (apply/stale-review.ts).
  const stale = reviewedPlan ? staleTargetsOf(reviewedPlan.findings ?? [], options.target) : [];
  for (const s of stale) {
    io.err(`warning: the reviewed plan was made from a stale target state; what it grants, creates, enables or updates there is held back, and its revocations apply only as unreviewed ones (apply.unreviewed): ${termText(s.message, 600)}`);
    io.err(`  fix: ${termText(s.hint, 600)}`);
  }
  const loaded = loadRepo(workingTree(options.repo));
  if (!loaded.repo) return valueOrReport({ ok: false, diagnostics: loaded.diagnostics }, io) ?? ExitCode.invalid;
  const connectors = openConnectors(loaded.repo, options.repo, io.env, clock, options.target);
  const timing = options.timing ?? realTiming;
  const run = randomUUID();
  let leases: TargetLeases | undefined;
  try {
    // One apply per target at a time, from before the live read to the last change: two runs
    // planning against the same state would both create the same joiners. The lease is about real
    // time (a crashed holder's lease lapses), whatever --now the plan is made for.
    const targetConfigs = loaded.repo.config.value.targets;
    leases = await acquireTargetLeases(options.repo, [...connectors.keys()].map((name) => [name, targetConfigs[name]!] as const), run, {
      ttlMs: options.lease?.ttlMs ?? LEASE_TTL_MS,
      pollMs: options.lease?.pollMs ?? 1000,
      waitMs: lockTimeout * 1000,
      clock: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onWait: (holder, path) => io.err(`waiting up to ${lockTimeout}s for target "${holder.target}": another apply holds it (pid ${holder.pid} on ${termText(holder.host)}, started ${holder.started}; lease ${termText(path, 300)})`),
    });
    const base = options.base === undefined ? {} : { acceptedAt: await revisionAt(options.repo, options.base), loginsAt: { ref: options.base, files: await filesAtRevision(options.repo, options.base) } };
    // A reviewed offboarding whose account was renamed since review is followed by its id (renamed-accounts.ts).
    const renames = new RenameWatch(reviewedPlan, options.target);
    // A target that cannot be read is left out and reported, not the whole run (unreadable-targets.ts).
    const unreadable: UnreadableTarget[] = [];
    // What a read did not list (a token that cannot see PAT grants) is not "no longer needed" (unread-credentials.ts).
    const unlisted = new UnreadWatch();
    // What the re-plan refuses to place (a mapped team renamed since review) is not "no longer needed" either (refused-reviewed.ts).
    const refusing = new RefusalWatch();
    // The journal, read before the targets: what their read shows of a change a cut-off run left
    // open is noted on the way in (cut-off.ts), for the line that closes it.
    const journal = new Journal(resolve(options.repo, options.journal ?? DEFAULT_JOURNAL));
    const resume = new Resume(journal);
    // Each target's admins as read, for the guard over what this run really applies (admins-hold.ts).
    const admins = new AdminsWatch(loaded.repo);
    const reads = watchReads(renames, refusing.reads(unlisted.reads(admins.reads(resume.reads(() => readTargetsLiveApart(retryingReads(connectors, DEFAULT_RETRY, timing, readRetryNotice(io)), unreadable))))));
    const compiled = valueOrReport(await withHeartbeat(io, "apply: planning against the live targets", compile({ repoDir: options.repo, files: workingTree(options.repo), env: io.env, now, ...base, onMemoryWarning: warnOnStderr(io), ...reads, lookUpLogins: connectors, journalPath: journal.path })), io);
    if (!compiled) return ExitCode.invalid;
    const { plan, repo, blocks } = compiled;
    const down = new Set(unreadable.map((u) => u.target));
    const mode = repo.config.value.apply?.unreviewed ?? "revocations-only";
    // A blocked re-plan with a reviewed plan, under revocations-only, applies the revocations no
    // reason holds and nothing that gives access (apply/blocked-hold.ts); a reason on the whole
    // plan, `none`, or --auto-approve (nothing reviewed, nothing unreviewed) blocks everything.
    const partly = plan.blocked && reviewedPlan !== undefined && mode === "revocations-only" && wholePlanReasons(blocks).length === 0;
    if (plan.blocked && !partly) {
      if (options.json) io.out(`${canonicalJson({ fingerprint: plan.fingerprint, blocked: true, blockedReasons: plan.blockedReasons, ...(unreadable.length > 0 ? { unreadableTargets: unreadable } : {}) })}\n`);
      for (const u of unreadable) io.err(`note: ${termText(unreadableLine(u), 600)}`);
      io.err("apply is blocked; nothing was applied:");
      for (const r of plan.blockedReasons) io.err(`  - ${termText(r, 600)}`);
      return ExitCode.blocked;
    }
    // Per target: with --target, only that target is planned again. A block the reviewed plan had
    // for another target (its safety limit) does not stop this one, but it is said, not passed over.
    if (reviewedPlan?.blocked && options.target) {
      io.err(`note: the reviewed plan ${reviewedPlan.fingerprint} was blocked; only target "${options.target}" is planned again, and it is not blocked. The reviewed plan's reasons:`);
      for (const r of reviewedPlan.blockedReasons ?? []) io.err(`  - ${termText(r, 600)}`);
    }
    if (partly) {
      io.err("apply is blocked; only the revocations no reason below holds are applied, and nothing that gives access:");
      for (const r of plan.blockedReasons) io.err(`  - ${termText(r, 600)}`);
    }
    let toApply: Change[] = plan.changes;
    let held: Held[] = [];
    let reviewedCounts: ApplyReport["reviewedPlan"];
    // Reviewed offboardings the re-plan cannot make without the reviewed plan's base: reported as skipped (base-offboardings.ts).
    let notApplied: NotApplied[] = [];
    // Revocations a blocked reason holds (only when the re-plan is blocked, `partly`).
    const heldByBlock = new Map<Change, HeldByBlock>();
    // Without --plan nothing was reviewed: the journal says auto-approved, never reviewed.
    let review: (c: Change) => ChangeReview = () => "auto-approved";
    // While a target cannot be read, the other targets' changes that give access wait too (unreadable-targets.ts).
    const because = heldForUnreadable(unreadable);
    if (reviewedPlan) {
      const r = reconcile(plan, reviewedPlan, mode);
      const renamed = renames.follow(r, plan, compiled.decisions?.apps ?? [], leavesScopeOf(repo.apps), idLabelOf(repo.config.value.targets));
      for (const note of renamed) io.err(`note: ${termText(note, 600)}`);
      const staleHeld = holdStaleReviewed(r, plan, stale, mode);
      const byBlock = partly ? holdBlocked(r, blocks) : { gives: [], revocations: [] };
      // A target that was not read has no re-plan: its reviewed changes are not "no longer needed", they wait for it.
      const inScope = (c: Change) => (!options.target || c.target === options.target) && !down.has(c.target);
      notApplied = takeBaseOffboardings(reviewedPlan, r, plan, renames, {
        inScope,
        replannedHow: options.base === undefined ? "without --base" : `against --base ${options.base}`,
        hint: `re-plan against the revision the plan was reviewed against: after the merge, its parent (--base HEAD~1), and run the same apply again`,
      });
      const notListed = unlisted.take(r, inScope);
      const unplaced = refusing.take(r, repo.apps, (t) => ignoresGroupCase(repo.config.value, t), inScope);
      notApplied = [...notApplied, ...notListed, ...unplaced];
      // Journalled `skipped`, with the reasons that hold them.
      for (const h of byBlock.revocations) if (inScope(h.change)) heldByBlock.set(h.change, h);
      notApplied = [...notApplied, ...[...heldByBlock.values()].map((h) => ({ change: h.change, error: heldByBlockError(h), hint: HELD_BY_BLOCK_HINT, review: h.review }))];
      const around = aroundUnreadable([...r.reviewed, ...r.unreviewedRevocations], unreadable);
      review = reviewOf(r);
      held = [...r.held.map((change) => ({ change })), ...r.waiting, ...around.held.map((change) => ({ change, because })), ...staleHeld.map((change) => ({ change, because: heldForStale(stale, change.target), stale: true })), ...byBlock.gives.map((change) => ({ change, because: GIVES_WHILE_BLOCKED, blocked: true }))];
      // A change that takes an admin away waits for the held-back grant that kept the target at its minimum admins (apply/admins-hold.ts).
      const guarded = admins.hold(around.apply, plan.changes, heldAs(held));
      toApply = guarded.apply;
      notApplied = [...notApplied, ...guarded.notApplied];
      const heldForRead = new Set(around.held);
      const byGuard = new Set(guarded.notApplied.map((n) => n.change));
      const reviewed = r.reviewed.length - (heldForRead.size === 0 ? 0 : r.reviewed.filter((c) => heldForRead.has(c)).length) - r.reviewed.filter((c) => byGuard.has(c)).length;
      const unreviewedApplied = r.unreviewedRevocations.filter((c) => !byGuard.has(c)).length;
      reviewedCounts = { fingerprint: reviewedPlan.fingerprint, reviewed, unreviewedRevocations: unreviewedApplied, heldBack: held.length, obsolete: r.obsolete.filter(inScope).length };
      const waiting = `${r.waiting.length > 0 ? `, ${r.waiting.length} reviewed change(s) held back with the change they need` : ""}${staleHeld.length > 0 ? `, ${staleHeld.length} reviewed change(s) held back (made from a stale state)` : ""}`;
      const onUnread = r.obsolete.filter((c) => down.has(c.target) && (!options.target || c.target === options.target)).length;
      const unread = unreadable.length > 0 ? `; ${onUnread} reviewed change(s) wait for the target(s) that could not be read (${unreadable.map((u) => u.target).join(", ")}), and so do ${r.reviewed.length - reviewed} reviewed change(s) that give access on the others` : "";
      const offBase = notApplied.length > notListed.length + unplaced.length + byGuard.size ? `, ${notApplied.length - notListed.length - unplaced.length - byGuard.size} reviewed offboarding(s) not applied (the re-plan lacks the reviewed plan's base, below)` : "";
      const guardNote = byGuard.size > 0 ? `, ${byGuard.size} revocation(s) not applied (the admins guard, below)` : "";
      const unlistedNote = `${notListed.length > 0 ? `, ${notListed.length} reviewed credential revoke(s) not applied (the read did not list the credential, below)` : ""}${unplaced.length > 0 ? `, ${unplaced.length} reviewed change(s) not applied (the re-plan cannot place them, below)` : ""}`;
      if (!options.json) io.out(`reviewed plan ${reviewedPlan.fingerprint}: ${reviewed} reviewed change(s) to apply, ${unreviewedApplied} unreviewed revocation(s) applied anyway, ${r.held.length} unreviewed change(s) held back${waiting}, ${r.obsolete.filter(inScope).length} no longer needed${offBase}${unlistedNote}${guardNote}${termText(unread, 600)}`);
    } else {
      const around = aroundUnreadable(toApply, unreadable);
      held = around.held.map((change) => ({ change, because }));
      const guarded = admins.hold(around.apply, plan.changes, heldAs(held));
      toApply = guarded.apply;
      notApplied = [...notApplied, ...guarded.notApplied];
    }
    // The changes the credentials visibly cannot make are refused before the first change and
    // reported failed; every other change applies (apply/preflight.ts), as in the Action.
    const checked = await preflightTargets(connectors, toApply);
    for (const n of checked.notes) io.err(`note: target "${n.target}": ${n.refused} of ${n.of} planned change(s) refused before apply (each is reported failed below, with the fix); the others are applied: ${termText(n.message, 600)}`);
    const fingerprint = reviewedPlan?.fingerprint ?? plan.fingerprint;
    const cuts = resume.cutOff(fingerprint);
    // A line that is no record is named, never passed over in silence: it may be what a cut-off run wrote.
    if (resume.unreadable.length > 0) io.err(`warning: ${unreadableJournalNote(journal.path, resume.unreadable, (t) => termText(t))}`);
    for (const cut of cuts) io.err(`note: ${cutOffNote(cut, (t) => termText(t))}`);
    const progress = new Progress(io, "apply", options.progressClock);
    const results = await runApply({
      changes: toApply,
      connectors,
      journal,
      run,
      fingerprint,
      replan: plan.fingerprint,
      planTime: now,
      review,
      concurrency,
      retry: DEFAULT_RETRY,
      timing,
      clock: Date.now,
      onResult: (r, done, total) => progress.update(done, total, `${ACTION_LABELS[r.change.action]} ${termText(r.change.identity, 40)} on ${r.change.target}: ${r.status}`),
      onWait: changeWaitNotice(io, Date.now),
      refused: checked.refused,
      notApplied,
      // A target's admin grants go first, and its demotions and removals of admins wait for them (admins-hold.ts).
      adminsOrder: admins.order(toApply),
    });
    // A cut-off change the re-plan no longer has is closed, or every later run of this plan would
    // report it as cut off again: `done` only on what this run's read shows, else `abandoned`
    // (apply/cut-off.ts, shared with the Action). One planned again closes through the runner's own
    // lines, and so does one this run reported (a reviewed change `skipped`); one held back stays
    // open, as does one on a target this run did not read.
    const closed = resume.close(cuts, {
      run, replan: plan.fingerprint, planTime: new Date(now).toISOString(), planned: plan.changes,
      reported: new Set(results.results.map((r) => r.change.id)), checked: (t) => connectors.has(t) && !down.has(t),
    });
    for (const note of closed) io.err(`note: ${termText(note, 600)}`);
    const blocked = partly ? { reasons: plan.blockedReasons, held: heldByBlock } : undefined;
    return summarise(results.results, held, unreadable, io, options.json ? { fingerprint, ...(reviewedCounts ? { reviewedPlan: reviewedCounts } : {}), ...(stale.length > 0 ? { staleTargets: stale } : {}), ...(blocked ? { blocked: true, blockedReasons: blocked.reasons } : {}) } : undefined, blocked);
  } finally {
    await closeConnectors(connectors);
    leases?.release();
  }
}

/**
 * A change apply leaves for later: not reviewed, or (`on`) reviewed but needing one that was not,
 * or (`because`) giving access while another target could not be read, or reviewed against a
 * stale target state (`stale`).
 */
interface Held { change: Change; on?: Change; because?: string; /** Held for a stale reviewed state: `because` says so. */ stale?: boolean; /** Gives access while the re-plan is blocked. */ blocked?: boolean }

/** Why each held change waits, by id, as the admins guard names the grant a revocation waits for. */
function heldAs(held: readonly Held[]): Map<string, string> {
  return new Map(held.map(({ change, on, because }) => [change.id, because ?? (on ? `waits for ${on.action} ${on.identity}, not reviewed` : "not reviewed")]));
}

/** `apply --json`: the run's outcome, change by change, for tools that act on it. */
interface ApplyReport {
  fingerprint: string;
  reviewedPlan?: { fingerprint: string; reviewed: number; unreviewedRevocations: number; heldBack: number; obsolete: number };
  summary: { applied: number; unchanged: number; failed: number; skipped: number; heldBack: number };
  results: Array<{ id: string; target: string; action: string; identity: string; entitlement?: string; credential?: string; status: ChangeResult["status"]; error?: string }>;
  heldBack: Array<{ id: string; target: string; action: string; identity: string; entitlement?: string }>;
  /** Targets whose live read failed: nothing was planned or applied on them (absent when every target was read). */
  unreadableTargets?: UnreadableTarget[];
  /** Targets the reviewed plan was made from stale states of: what it gives there is in `heldBack` (absent when none). */
  staleTargets?: StaleTarget[];
  /**
   * Only when the re-plan is blocked by reasons that each hold some changes: `true`, and the
   * reasons. What gives access is in `heldBack`, the revocations they hold are `skipped` results.
   */
  blocked?: true;
  blockedReasons?: string[];
}

function summarise(results: ChangeResult[], held: Held[], unreadable: readonly UnreadableTarget[], io: Io, json: Pick<ApplyReport, "fingerprint" | "reviewedPlan" | "staleTargets" | "blocked" | "blockedReasons"> | undefined, blocked?: { reasons: string[]; held: ReadonlyMap<Change, HeldByBlock> }): number {
  const count = (s: ChangeResult["status"]) => results.filter((r) => r.status === s).length;
  // A revocation a blocked reason holds is the plan's block (exit 3), not a failure of the run.
  const heldByBlock = blocked?.held.size ?? 0;
  // A target left unread is work not done, as a failed change is: the run fails and is run again.
  const exit = count("failed") + count("skipped") - heldByBlock + unreadable.length > 0 ? ExitCode.invalid : blocked ? ExitCode.blocked : ExitCode.ok;
  if (json) {
    const pick = (c: Change) => ({ id: c.id, target: c.target, action: c.action, identity: c.identity, ...(c.entitlement ? { entitlement: c.entitlement } : {}), ...(c.credential ? { credential: c.credential } : {}) });
    const report: ApplyReport = {
      ...json,
      summary: { applied: count("applied"), unchanged: count("unchanged"), failed: count("failed"), skipped: count("skipped"), heldBack: held.length },
      results: results.map((r) => ({ ...pick(r.change), status: r.status, ...(r.error ? { error: r.error } : {}) })),
      heldBack: held.map(({ change }) => pick(change)),
      ...(unreadable.length > 0 ? { unreadableTargets: [...unreadable] } : {}),
    };
    io.out(`${canonicalJson(report)}\n`);
    return exit;
  }
  for (const r of results.filter((x) => (x.status === "failed" || x.status === "skipped") && !blocked?.held.has(x.change))) {
    io.err(`${r.status}: ${r.change.target} ${r.change.action} ${termText(r.change.identity)}${r.change.entitlement ? ` ${termText(r.change.entitlement)}` : ""}: ${termText(r.error ?? "", 600)}`);
    if (r.hint) io.err(`  fix: ${termText(r.hint, 600)}`);
  }
  for (const u of unreadable) {
    io.err(`failed: ${termText(unreadableLine(u), 600)}`);
    io.err(`  fix: ${termText(u.hint ?? "check the target's status and its credentials, then run the same apply again", 600)}`);
  }
  const line = (c: Change) => `${c.target} ${c.action} ${termText(c.identity)}${c.entitlement ? ` ${termText(c.entitlement)}` : ""}`;
  for (const { change, on, because } of held) io.out(because ? `held back (${termText(because, 300)}): ${line(change)}` : on ? `held back (waits for ${on.action} ${termText(on.identity)}, not reviewed): ${line(change)}` : `held back (not reviewed): ${line(change)}`);
  const notRead = unreadable.length > 0 ? `, ${unreadable.length} target(s) not read (${unreadable.map((u) => termText(u.target)).join(", ")})` : "";
  for (const h of blocked?.held.values() ?? []) io.out(`held back (${termText(heldByBlockError(h), 600)}): ${line(h.change)}`);
  const byBlock = heldByBlock > 0 ? `, ${heldByBlock} revocation(s) held back by the plan's blocked reasons` : "";
  io.out(`applied ${count("applied")}, already in place ${count("unchanged")}, failed ${count("failed")}, skipped ${count("skipped") - heldByBlock}, held back ${held.length}${byBlock}${notRead}`);
  // What to do next, as every other command says it.
  if (exit === ExitCode.invalid) io.err("note: run the same apply again (the same --plan) once the failures are dealt with: it resumes, and finds what is already done in place");
  if (blocked) io.out("note: the plan is blocked: fix each reason (it says how), plan again and have that plan reviewed; what was held back is applied then");
  if (held.some((h) => h.because && !h.stale && !h.blocked)) io.out("note: the changes held back while a target could not be read are applied by the same apply once it reads; to apply one of the other targets before that, run apply with --target NAME for it");
  if (held.some((h) => h.stale)) io.out("note: the changes held back for a stale state were reviewed against facts older than the target's maxStateAge: run scopesync state pull (or plan --live), plan again and have that plan reviewed to apply them");
  if (held.some((h) => !h.because)) io.out("note: held-back changes are not in the reviewed plan as they are now (the target or the sources moved since the review): plan again and have that plan reviewed to apply them");
  return exit;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new ScopesyncError(`cannot read the reviewed plan ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, "download the plan artifact of the reviewed pull request first");
  }
}
