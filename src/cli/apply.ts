import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { applyReviewedPlan, type AppliedRun, type PreparedApply } from "../apply-reviewed.js";
import { fileSize } from "../memory-budget.js";
import { cutOffNote, unreadableJournalNote } from "../apply/cut-off.js";
import { parseReviewedPlanBytes } from "../apply/reviewed.js";
import { readFileBytes } from "../model/file-bytes.js";
import { heldByBlockError, type HeldByBlock } from "../apply/blocked-hold.js";
import { realTiming, type Timing } from "../apply/retry.js";
import type { ChangeResult } from "../apply/runner.js";
import { acquireTargetLeases } from "../apply/target-leases.js";
import type { Plan } from "../plan/plan.js";
import { canonicalJson } from "../model/canonical-json.js";
import { ScopesyncError } from "../model/errors.js";
import { REVOCATIONS, type Change } from "../model/change.js";
import { notDone, notMadeLine, type ReviewedNotMade } from "../model/reviewed-not-made.js";
import { termName, termText } from "../plan/render/escape.js";
import { ACTION_LABELS } from "../plan/render/labels.js";
import { unreadableLine } from "../apply/unreadable-targets.js";
import type { UnreadableTarget } from "../model/unreadable-target.js";
import { staleTargetsOf } from "../plan/state-age.js";
import type { StaleTarget } from "../model/stale-target.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport, warnOnStderr } from "./load-or-report.js";
import { parseNow } from "../model/now.js";
import { checkNow, CLI_NOW } from "../apply/now-skew.js";
import { Progress, withHeartbeat } from "./progress.js";
import { changeWaitNotice } from "./change-wait-notice.js";
import { readRetryNotice } from "./read-retry-notice.js";
import { namesStandardInput, readStandardInput } from "./standard-input.js";

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
  /** Accept a --now far from the wall clock and from the reviewed plan's time (tests that step time between plan and apply). */
  allowAnyNow?: boolean;
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
  const fixedNow = options.now !== undefined ? parseNow(options.now) : undefined;
  const planPath = options.plan ? resolve(io.cwd, options.plan) : undefined;
  let reviewedPlan: Plan | undefined;
  /** Read once the memory budget let the run go on: a plan too large for the heap is refused before it is parsed. */
  const readReviewed = (bytes: Buffer, given: string): Plan => {
    const plan = parseReviewedPlanBytes(bytes, given);
    // A reviewed plan is not applied by an invented date (apply/now-skew.ts): --now near the clock, or the reviewed plan's own time.
    if (fixedNow !== undefined && !options.allowAnyNow) checkNow(fixedNow, Date.now(), CLI_NOW, { who: "apply", reviewedAt: plan.generatedAt });
    // A reviewed plan made from a state file older than maxStateAge was reviewed against old facts:
    // what it gives there is held back, its revocations apply only as unreviewed ones (apply/stale-review.ts).
    for (const s of staleTargetsOf(plan.findings ?? [], options.target)) {
      io.err(`warning: the reviewed plan was made from a stale target state; what it grants, creates, enables or updates there is held back, and its revocations apply only as unreviewed ones (apply.unreviewed): ${termText(s.message, 600)}`);
      io.err(`  fix: ${termText(s.hint, 600)}`);
    }
    return (reviewedPlan = plan);
  };
  const progress = new Progress(io, "apply", options.progressClock);
  const out = await applyReviewedPlan({
    repoDir: options.repo,
    ...(planPath && options.plan ? await reviewedFrom(planPath, options.plan, (bytes) => readReviewed(bytes, namesStandardInput(options.plan!, planPath) ? "standard input" : options.plan!)) : {}),
    ...(options.target ? { target: options.target } : {}),
    phase: "all",
    env: io.env,
    ...(fixedNow !== undefined ? { now: fixedNow } : {}),
    // --journal, else scopesync.yaml's apply.journal (read by applyReviewedPlan), else the default.
    ...(options.journal ? { journalPath: resolve(options.repo, options.journal) } : {}),
    concurrency,
    timing: options.timing ?? realTiming,
    onRetry: readRetryNotice(io),
    ...(options.base !== undefined ? { acceptedAt: options.base } : {}),
    baseOffboardings: {
      replannedHow: options.base === undefined ? "without --base" : `against --base ${options.base}`,
      hint: `re-plan against the revision the plan was reviewed against: after the merge, its parent (--base HEAD~1), and run the same apply again`,
    },
    // One apply per target at a time, from before the live read to the last change: two runs
    // planning against the same state would both create the same joiners. The lease is about real
    // time (a crashed holder's lease lapses), whatever --now the plan is made for.
    hold: (targets, run) => acquireTargetLeases(options.repo, targets, run, {
      ttlMs: options.lease?.ttlMs ?? LEASE_TTL_MS,
      pollMs: options.lease?.pollMs ?? 1000,
      waitMs: lockTimeout * 1000,
      clock: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      onWait: (holder, path) => io.err(`waiting up to ${lockTimeout}s for target "${holder.target}": another apply holds it (pid ${holder.pid} on ${termText(holder.host)}, started ${holder.started}; lease ${termText(path, 300)})`),
    }),
    planning: (work) => withHeartbeat(io, "apply: planning against the live targets", work),
    onMemoryWarning: warnOnStderr(io),
    beforeApply: (p) => sayBeforeApply(p, reviewedPlan, options, io),
    onResult: (r, done, total) => progress.update(done, total, `${ACTION_LABELS[r.change.action]} ${termName(r.change.identity, 40)} on ${r.change.target}: ${r.status}`),
    onWait: changeWaitNotice(io, Date.now),
  });
  if (out.kind === "invalid") return valueOrReport({ ok: false, diagnostics: out.diagnostics }, io) ?? ExitCode.invalid;
  if (out.kind === "blocked") {
    if (options.json) io.out(`${canonicalJson({ fingerprint: out.plan.fingerprint, blocked: true, blockedReasons: out.plan.blockedReasons, ...(out.unreadable.length > 0 ? { unreadableTargets: out.unreadable } : {}) })}\n`);
    for (const u of out.unreadable) io.err(`note: ${termText(unreadableLine(u), 600)}`);
    io.err("apply is blocked; nothing was applied:");
    for (const r of out.plan.blockedReasons) io.err(`  - ${termText(r, 600)}`);
    return ExitCode.blocked;
  }
  for (const note of out.closed) io.err(`note: ${termText(note, 600)}`);
  const blocked = out.partlyBlocked ? { reasons: out.plan.blockedReasons, held: new Map(out.heldByBlock.map((h) => [h.change, h] as const)) } : undefined;
  return summarise(out, io, options.json ? { fingerprint: out.fingerprint, ...(reviewedPlan ? { reviewedPlan: reviewedCounts(out, reviewedPlan, options.target) } : {}), ...(out.stale.length > 0 ? { staleTargets: out.stale } : {}), ...(blocked ? { blocked: true, blockedReasons: blocked.reasons } : {}) } : undefined, blocked);
}

/** The reviewed changes applied, held back and no longer needed, as counted for the summary line and --json. */
function reviewedCounts(p: PreparedApply, reviewedPlan: Plan, target: string | undefined): NonNullable<ApplyReport["reviewedPlan"]> {
  const r = p.reconciled!;
  const heldForRead = new Set(p.heldForUnreadable);
  const inScope = (c: Change) => !target || c.target === target;
  const reviewed = r.reviewed.filter((c) => !heldForRead.has(c) && !p.byGuard.has(c)).length;
  return { fingerprint: reviewedPlan.fingerprint, reviewed, unreviewedRevocations: p.unreviewedApplied, heldBack: p.held.length, obsolete: r.obsolete.filter((c) => inScope(c) && !p.targetsNotRead.has(c.target)).length };
}

/** What the run says before its first change: how the reviewed plan sorted out, and what it found open. */
function sayBeforeApply(p: PreparedApply, reviewedPlan: Plan | undefined, options: ApplyOptions, io: Io): void {
  // Per target: with --target, only that target is planned again. A block the reviewed plan had
  // for another target (its safety limit) does not stop this one, but it is said, not passed over.
  if (reviewedPlan?.blocked && options.target) {
    io.err(`note: the reviewed plan ${reviewedPlan.fingerprint} was blocked; only target "${options.target}" is planned again, and it is not blocked. The reviewed plan's reasons:`);
    for (const r of reviewedPlan.blockedReasons ?? []) io.err(`  - ${termText(r, 600)}`);
  }
  if (p.partlyBlocked) {
    io.err("apply is blocked; only the revocations no reason below holds are applied, and nothing that gives access:");
    for (const r of p.plan.blockedReasons) io.err(`  - ${termText(r, 600)}`);
  }
  for (const note of p.renamed) io.err(`note: ${termText(note, 600)}`);
  if (reviewedPlan && p.reconciled && !options.json) {
    const r = p.reconciled;
    const counts = reviewedCounts(p, reviewedPlan, options.target);
    const waiting = `${r.waiting.length > 0 ? `, ${r.waiting.length} reviewed change(s) held back with the change they need` : ""}${p.staleHeld.length > 0 ? `, ${p.staleHeld.length} reviewed change(s) held back (made from a stale state)` : ""}`;
    const down = [...p.targetsNotRead].sort();
    const onUnread = r.obsolete.filter((c) => p.targetsNotRead.has(c.target) && (!options.target || c.target === options.target)).length;
    const unread = down.length > 0 ? `; ${onUnread} reviewed change(s) wait for the target(s) that could not be read (${down.join(", ")}), and so do ${r.reviewed.length - counts.reviewed - r.reviewed.filter((c) => p.byGuard.has(c)).length} reviewed change(s) that give access on the others` : "";
    // Each kind of reviewed change not applied is counted apart (the lines below name each).
    const offBase = p.notApplied.length - p.notListed - p.unplaced - p.heldByBlock.length - p.byGuard.size;
    const notApplied = `${offBase > 0 ? `, ${offBase} reviewed offboarding(s) not applied (the re-plan lacks the reviewed plan's base, below)` : ""}${p.notListed > 0 ? `, ${p.notListed} reviewed credential revoke(s) not applied (the read did not list the credential, below)` : ""}${p.unplaced > 0 ? `, ${p.unplaced} reviewed change(s) not applied (the re-plan cannot place them, below)` : ""}${p.heldByBlock.length > 0 ? `, ${p.heldByBlock.length} revocation(s) held back by the plan's blocked reasons (below)` : ""}${p.byGuard.size > 0 ? `, ${p.byGuard.size} revocation(s) not applied (the admins guard, below)` : ""}`;
    io.out(`reviewed plan ${reviewedPlan.fingerprint}: ${counts.reviewed} reviewed change(s) to apply, ${counts.unreviewedRevocations} unreviewed revocation(s) applied anyway, ${r.held.length} unreviewed change(s) held back${waiting}, ${counts.obsolete} no longer needed${notApplied}${termText(unread, 600)}`);
  }
  // The changes the credentials visibly cannot make are refused before the first change and
  // reported failed; every other change applies (apply/preflight.ts), as in the Action.
  for (const n of p.preflight) io.err(`note: target "${n.target}": ${n.refused} of ${n.of} planned change(s) refused before apply (each is reported failed below, with the fix); the others are applied: ${termText(n.message, 600)}`);
  // A line that is no record is named, never passed over in silence: it may be what a cut-off run wrote.
  if (p.unreadableJournal.length > 0) io.err(`warning: ${unreadableJournalNote(p.journalPath, p.unreadableJournal, (t) => termText(t))}`);
  for (const cut of p.cuts) io.err(`note: ${cutOffNote(cut, (t) => termText(t))}`);
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
  /** The reviewed changes this run did not carry out, each with why (absent when none): they do not fail the run. */
  notMade?: ReviewedNotMade[];
  /**
   * Only when the re-plan is blocked by reasons that each hold some changes: `true`, and the
   * reasons. What gives access is in `heldBack`, the revocations they hold are `skipped` results.
   */
  blocked?: true;
  blockedReasons?: string[];
}

function summarise(out: AppliedRun, io: Io, json: Pick<ApplyReport, "fingerprint" | "reviewedPlan" | "staleTargets" | "blocked" | "blockedReasons"> | undefined, blocked?: { reasons: string[]; held: ReadonlyMap<Change, HeldByBlock> }): number {
  const { results, held, unreadable, notMade } = out;
  const count = (s: ChangeResult["status"]) => results.filter((r) => r.status === s).length;
  // A revocation a blocked reason holds is the plan's block (exit 3), not a failure of the run.
  const heldByBlock = blocked?.held.size ?? 0;
  // A target left unread is work not done, as a failed change is: the run fails and is run again.
  // A reviewed change not made does not fail it: the merged desired state decides, and a run again finds the same.
  const exit = count("failed") + count("skipped") - heldByBlock + unreadable.length > 0 ? ExitCode.invalid : blocked ? ExitCode.blocked : ExitCode.ok;
  if (json) {
    const pick = (c: Change) => ({ id: c.id, target: c.target, action: c.action, identity: c.identity, ...(c.entitlement ? { entitlement: c.entitlement } : {}), ...(c.credential ? { credential: c.credential } : {}) });
    const report: ApplyReport = {
      ...json,
      summary: { applied: count("applied"), unchanged: count("unchanged"), failed: count("failed"), skipped: count("skipped"), heldBack: held.length },
      results: results.map((r) => ({ ...pick(r.change), status: r.status, ...(r.error ? { error: r.error } : {}) })),
      heldBack: held.map(({ change }) => pick(change)),
      ...(unreadable.length > 0 ? { unreadableTargets: [...unreadable] } : {}),
      ...(notMade.length > 0 ? { notMade } : {}),
    };
    io.out(`${canonicalJson(report)}\n`);
    return exit;
  }
  for (const r of results.filter((x) => (x.status === "failed" || x.status === "skipped") && !blocked?.held.has(x.change))) {
    io.err(`${r.status}: ${r.change.target} ${r.change.action} ${termName(r.change.identity)}${r.change.entitlement ? ` ${termName(r.change.entitlement)}` : ""}: ${termText(r.error ?? "", 600)}`);
    if (r.hint) io.err(`  fix: ${termText(r.hint, 600)}`);
  }
  for (const u of unreadable) {
    io.err(`failed: ${termText(unreadableLine(u), 600)}`);
    io.err(`  fix: ${termText(u.hint ?? "check the target's status and its credentials, then run the same apply again", 600)}`);
  }
  const line = (c: Change) => `${c.target} ${c.action} ${termName(c.identity)}${c.entitlement ? ` ${termName(c.entitlement)}` : ""}`;
  for (const { change, on, because } of held) io.out(because ? `held back (${termText(because, 300)}): ${line(change)}` : on ? `held back (waits for ${on.action} ${termName(on.identity)}, not reviewed): ${line(change)}` : `held back (not reviewed): ${line(change)}`);
  for (const h of blocked?.held.values() ?? []) io.out(`held back (${termText(heldByBlockError(h), 600)}): ${line(h.change)}`);
  // Each reviewed change this run did not carry out, with why (apply/reviewed-not-made.ts): a
  // reviewer who approved taking access away learns here that it was not taken.
  for (const n of notMade) io.out(`reviewed change ${termText(notMadeLine(n), 600)}`);
  const missed = notMade.filter(notDone);
  const revocations = missed.filter((n) => REVOCATIONS.has(n.action)).length;
  const notRead = unreadable.length > 0 ? `, ${unreadable.length} target(s) not read (${unreadable.map((u) => termText(u.target)).join(", ")})` : "";
  const byBlock = heldByBlock > 0 ? `, ${heldByBlock} revocation(s) held back by the plan's blocked reasons` : "";
  const notMadeCount = missed.length > 0 ? `, ${missed.length} reviewed change(s) not made` : "";
  io.out(`applied ${count("applied")}, already in place ${count("unchanged")}, failed ${count("failed")}, skipped ${count("skipped") - heldByBlock}, held back ${held.length}${byBlock}${notMadeCount}${notRead}`);
  // What to do next, as every other command says it.
  if (exit === ExitCode.invalid) io.err("note: run the same apply again (the same --plan) once the failures are dealt with: it resumes, and finds what is already done in place");
  if (missed.length > 0) io.err(`warning: ${missed.length} reviewed change(s) not made${revocations > 0 ? `, ${revocations} of them revocation(s): access a reviewer approved taking away is still there` : ""} (named above); the merged policy decides, so running again finds the same: to make a change that is still wanted, plan it again and have that plan reviewed`);
  if (blocked) io.out("note: the plan is blocked: fix each reason (it says how), plan again and have that plan reviewed; what was held back is applied then");
  if (held.some((h) => h.because && !h.stale && !h.blocked)) io.out("note: the changes held back while a target could not be read are applied by the same apply once it reads; to apply one of the other targets before that, run apply with --target NAME for it");
  if (held.some((h) => h.stale)) io.out("note: the changes held back for a stale state were reviewed against facts older than the target's maxStateAge: run scopesync state pull (or plan --live), plan again and have that plan reviewed to apply them");
  if (held.some((h) => !h.because)) io.out("note: held-back changes are not in the reviewed plan as they are now (the target or the sources moved since the review): plan again and have that plan reviewed to apply them");
  return exit;
}

/**
 * The reviewed plan's size for the memory budget, and how to read it once the budget let the run
 * go on. A file is weighed by its size before it is read; a pipe or a device (`--plan /dev/stdin`)
 * has none until it is read (stat(2) says 0, and a large plan through one was weighed as nothing):
 * its bytes are read first, and weighed before they are decoded into the heap. Standard input
 * (`--plan -` or `/dev/stdin`) is read as a stream, whether it is a pipe, a socket or a file.
 */
async function reviewedFrom(path: string, given: string, parse: (bytes: Buffer) => Plan): Promise<{ readReviewed: () => Plan; reviewedBytes: number }> {
  const stdin = namesStandardInput(given, path);
  if (!stdin && isFile(path)) return { readReviewed: () => parse(readBytes(path)), reviewedBytes: fileSize(path) };
  let bytes: Buffer | undefined = stdin ? await readStream("standard input", readStandardInput) : await readStream(path, async () => readFileSync(path));
  const reviewedBytes = bytes.length;
  return {
    readReviewed: () => {
      const read = bytes!;
      // Not kept for the rest of the apply beside the plan parsed from it (the budget counts the plan).
      bytes = undefined;
      return parse(read);
    },
    reviewedBytes,
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true; // missing: readText says so, when the budget let the run go on
  }
}

/** The plan file's bytes, of any size (model/file-bytes.ts): parsed a piece at a time where it is longer than a string. */
function readBytes(path: string): Buffer {
  try {
    return readFileBytes(path);
  } catch (e) {
    throw unreadablePlan(path, e);
  }
}

async function readStream(shown: string, read: () => Promise<Buffer>): Promise<Buffer> {
  try {
    return await read();
  } catch (e) {
    throw unreadablePlan(shown, e);
  }
}

function unreadablePlan(shown: string, e: unknown): ScopesyncError {
  return new ScopesyncError(`cannot read the reviewed plan ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, "download the plan artifact of the reviewed pull request first");
}
