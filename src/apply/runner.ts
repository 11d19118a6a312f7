import type { Change } from "../model/change.js";
import { lifecycleField } from "../model/leaving-cause.js";
import { ACTION_ORDER } from "../model/change.js";
import { NO_ADMINS_ORDER, type AdminsOrder } from "../model/admins-order.js";
import { ScopesyncError } from "../model/errors.js";
import type { TargetConnector } from "../targets/connector.js";
import { TargetError } from "../targets/target-error.js";
import type { ChangeReview, JournalRecord, ReviewedApproval } from "../model/journal-record.js";
import { journalGrounds } from "./journal-grounds.js";
import type { Journal } from "./journal.js";
import { GrantsGate } from "./grants-first.js";
import { approvalFields } from "./approval.js";
import type { Refused } from "./preflight.js";
import { withRetry, type RetryPolicy, type Timing } from "./retry.js";

export interface ChangeResult {
  change: Change;
  status: "applied" | "unchanged" | "failed" | "skipped";
  attempts: number;
  /** Why it failed or was skipped; never holds a secret (TargetError messages carry none). */
  error?: string;
  /** What to do about a failure, where the target's error says (a TargetError's hint). */
  hint?: string;
  /** What the change took, path by path, where the connector says (ApplyOutcome.removed). */
  removed?: string[];
}

export interface ApplyReport { results: ChangeResult[] }

export interface RunOptions {
  changes: Change[];
  connectors: ReadonlyMap<string, TargetConnector>;
  journal: Journal;
  run: string;
  /** The plan this run applies (the reviewed plan's, or the plan's own with --auto-approve): the journal's resume key. */
  fingerprint: string;
  /** The fingerprint of the plan apply made against live state, which every change comes from. */
  replan: string;
  /** The time that plan judged dates by (--now, or the clock when apply started). */
  planTime: number;
  /** Whether a reviewer saw the change, as the reconciliation with the reviewed plan sorted it. */
  review: (change: Change) => ChangeReview;
  /**
   * Where the reviewed plan was approved (its merge commit, and pull request), when the caller
   * knows it: written on each `reviewed` line, never on an unreviewed or auto-approved one.
   */
  approval?: ReviewedApproval;
  /** Upper bound per target; the connector's own maxConcurrency lowers it further. */
  concurrency: number;
  retry: RetryPolicy;
  timing: Timing;
  /**
   * The wall clock, for each journal line's `at`: when the step really happened. Not the plan's
   * time (`--now`): the journal is the record of when access was taken away.
   */
  clock: () => number;
  onResult?: (result: ChangeResult, done: number, total: number) => void;
  /**
   * Told before each wait to retry a change: the change, the attempt that failed, why, and the
   * wait. A rate limit can ask for minutes, and an apply that waits must be able to say so.
   */
  onWait?: (change: Change, attempt: number, error: TargetError, waitMs: number) => void;
  /**
   * Changes refused before apply (preflight.ts: the credentials cannot make them): each is
   * reported failed, journalled and never sent; what depends on it is skipped as after any failure.
   */
  refused?: ReadonlyMap<Change, Refused>;
  /**
   * Reviewed changes this run cannot carry out (apply/base-offboardings.ts): each is journalled as
   * `skipped`, reviewed, with why, and reported with the results, so that a run that leaves one
   * undone is a partial apply and its record says so.
   */
  notApplied?: ReadonlyArray<{ change: Change; error: string; hint?: string; /** How it came to be planned; reviewed unless said (a revocation a blocked reason held may be unreviewed). */ review?: ChangeReview }>;
  /**
   * Per target, the grants of its admins entitlement, carried out before the changes that take an
   * admin away, which start only once those are through (AdminsWatch.order, apply/admins-hold.ts).
   */
  adminsOrder?: AdminsOrder;
}

/**
 * Applies changes: targets in parallel; within a target, identities in parallel up to the
 * concurrency limit; within one identity, strictly in ACTION_ORDER. A failed change does not
 * stop unrelated ones; the changes of the same identity that depend on it (a grant to an account
 * whose creation failed) are skipped and reported. Nothing that takes access away waits on
 * another change (a failed credential revoke does not keep its account: see runLane), except a
 * change that takes an admin away: it waits until the target's admin grants of this run are
 * through (`adminsOrder`), and is skipped when one failed that the target's minimum needs.
 */
export async function runApply(options: RunOptions): Promise<ApplyReport> {
  const results: ChangeResult[] = [];
  let done = 0;
  const record = (r: ChangeResult): void => {
    results.push(r);
    done++;
    options.onResult?.(r, done, options.changes.length);
  };
  const reviewed = { ...options, review: (): ChangeReview => "reviewed" };
  for (const n of options.notApplied ?? []) results.push(journalled(n.review ? { ...options, review: () => n.review! } : reviewed, { change: n.change, status: "skipped", attempts: 0, error: n.error, ...(n.hint ? { hint: n.hint } : {}) }));
  const byTarget = new Map<string, Change[]>();
  for (const c of options.changes) (byTarget.get(c.target) ?? byTarget.set(c.target, []).get(c.target)!).push(c);

  await Promise.all(
    [...byTarget].map(async ([target, changes]) => {
      const connector = options.connectors.get(target);
      if (!connector) {
        for (const change of changes) record(journalled(options, { change, status: "skipped", attempts: 0, error: `no connector for target "${target}"` }));
        return;
      }
      const lanes = new Map<string, Change[]>();
      for (const c of changes) (lanes.get(c.identity) ?? lanes.set(c.identity, []).get(c.identity)!).push(c);
      for (const lane of lanes.values()) lane.sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action]);
      const limit = Math.max(1, Math.min(options.concurrency, connector.capabilities.maxConcurrency));
      const order = options.adminsOrder ?? NO_ADMINS_ORDER;
      // The lanes with an admin grant start first, those that also take one away after them (grants-first.ts: so none waits on a lane not started); the rest keep their order.
      const all = [...lanes.values()];
      const granting = (l: Change[]): boolean => l.some((c) => order.grants.has(c));
      const lowering = (l: Change[]): boolean => l.some((c) => order.lowering.has(c));
      const gate = new GrantsGate(changes.filter((c) => order.grants.has(c)), new Set(all.filter((l) => granting(l) && lowering(l)).flat().filter((c) => order.grants.has(c))));
      const queue = [...all.filter((l) => granting(l) && !lowering(l)), ...all.filter((l) => granting(l) && lowering(l)), ...all.filter((l) => !granting(l))];
      const settled = (r: ChangeResult): void => {
        gate.settle(r.change, r.status === "applied" || r.status === "unchanged");
        record(r);
      };
      await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, async () => {
        for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane, connector, options, settled, { order, gate });
      }));
    }),
  );
  return { results };
}

/**
 * One identity's changes, in order. A lane can hold two accounts of one name: a leaver's old
 * account (disabled, by its id) and a new one a rehire under a new worker id is given. What an
 * account's creation gives its grants and updates (the new account's id; a failed create that
 * skips them) is passed only to changes of the same anchor: passed to all, the create came after
 * the old account's disable with the old account's id, found it "in place", and the grants went
 * onto the disabled account.
 */
async function runLane(lane: Change[], connector: TargetConnector, options: RunOptions, record: (r: ChangeResult) => void, admins: { order: AdminsOrder; gate: GrantsGate }): Promise<void> {
  let created: { anchor: string | undefined; account: string } | undefined;
  let blocked: { anchor: string | undefined; by: string } | undefined;
  for (const change of lane) {
    if (blocked && blocked.anchor === change.anchor && dependsOnAccount(change)) {
      record(journalled(options, { change, status: "skipped", attempts: 0, error: `skipped: ${blocked.by} failed first` }));
      continue;
    }
    if (admins.order.lowering.has(change)) {
      // Taking an admin away waits for the target's admin grants, and does not go if the minimum needed one that failed.
      const refusal = admins.order.refuse(change, await admins.gate.through(lane));
      if (refusal) {
        record(journalled(options, { change, status: "skipped", attempts: 0, error: refusal.error, hint: refusal.hint }));
        continue;
      }
    }
    const refused = options.refused?.get(change);
    if (refused) {
      record(journalled(options, { change, status: "failed", attempts: 0, error: refused.message, ...(refused.hint ? { hint: refused.hint } : {}) }));
      if (change.action === "create-account" || change.action === "enable-account") blocked = { anchor: change.anchor, by: `${change.action} of ${change.identity}` };
      continue;
    }
    const effective = change.account || !created || created.anchor !== change.anchor ? change : { ...change, account: created.account };
    options.journal.write(entry(options, change, "start"));
    // Counted here, not assumed: a non-retryable error fails after one attempt, not maxAttempts,
    // and the journal is what an operator reads to tell a flapping target from a refusal.
    let attempts = 0;
    // An attempt whose answer was lost (reset, timeout, 5xx) may have been carried out: the retry
    // then finds the change in place. This run made it, so it counts as applied, not as "already
    // in place". A 429 was refused before anything was done.
    let maybeCarriedOut = false;
    try {
      const { value } = await withRetry(() => {
        attempts++;
        return connector.apply(effective);
      }, options.retry, options.timing, (attempt, error, waitMs) => {
        if (error.details.status !== 429) maybeCarriedOut = true;
        options.onWait?.(change, attempt, error, waitMs);
      });
      if (value.account && (change.action === "create-account" || change.action === "enable-account")) created = { anchor: change.anchor, account: value.account };
      record(journalled(options, { change, status: value.status === "unchanged" && maybeCarriedOut ? "applied" : value.status, attempts, ...(value.removed ? { removed: value.removed } : {}) }));
    } catch (e) {
      const message = e instanceof TargetError || e instanceof Error ? e.message : String(e);
      const hint = e instanceof ScopesyncError ? e.hint : undefined;
      record(journalled(options, { change, status: "failed", attempts, error: message, ...(hint ? { hint } : {}) }));
      if (change.action === "create-account" || change.action === "enable-account") blocked = { anchor: change.anchor, by: `${change.action} of ${change.identity}` };
      // A failed revoke-credential holds nothing back: the account's entitlement revokes and its
      // disable/delete still run. Keeping a leaver's account (a GitHub org membership, with the
      // base permission on every repository) until a credential's delete succeeds could keep it
      // for good: a 403 for a missing permission (a token without Administration: write for a
      // deploy key, an App without Personal access tokens: write for a PAT grant) fails the same
      // way every run. The credential is not lost by it: a target whose
      // credentials outlive the account keeps them attributed (a GitHub deploy key's `heldBy`,
      // its adder's login), so the next plan revokes it from the same identity, or reports it
      // (credential-orphaned). The failure itself is reported and makes apply exit 1.
    }
  }
}

/** Giving access to an account needs the account: grants and updates wait for create/enable. */
function dependsOnAccount(change: Change): boolean {
  return change.action === "grant" || change.action === "update-account";
}

/**
 * A journal line names what exactly the change did (account, entitlement, credential id), why the
 * plan made it (its reason and evidence) and, when reviewed, where it was approved, not only its
 * id: apply's re-plan is saved nowhere, so an id of an unreviewed revocation could never be looked
 * up again, and the journal is what shows that offboarding happened, and on what grounds.
 */
function entry(options: RunOptions, change: Change, phase: JournalRecord["phase"]): JournalRecord {
  const review = options.review(change);
  return {
    at: new Date(options.clock()).toISOString(),
    run: options.run,
    fingerprint: options.fingerprint,
    review,
    ...approvalFields(review, options.approval),
    replan: options.replan,
    planTime: new Date(options.planTime).toISOString(),
    change: change.id,
    target: change.target,
    action: change.action,
    identity: change.identity,
    ...(change.account ? { account: change.account } : {}),
    ...(change.login ? { login: change.login } : {}),
    ...(change.entitlement ? { entitlement: change.entitlement } : {}),
    ...(change.replacedBy ? { replacedBy: change.replacedBy } : {}),
    ...(change.credential ? { credential: change.credential } : {}),
    ...(change.lost ? { lost: change.lost } : {}),
    ...(change.nonMember ? { nonMember: change.nonMember } : {}),
    // The grounds as a field: the leavers report reads it, not the reason's words (model/leaving-cause.ts).
    ...lifecycleField(change.lifecycle),
    // Masked as the plan's texts are (plan/masked-change-texts.ts): a name someone chose can hold a pasted token.
    ...journalGrounds(change),
    phase,
  };
}

function journalled(options: RunOptions, result: ChangeResult): ChangeResult {
  const phase = result.status === "applied" || result.status === "unchanged" ? "done" : result.status;
  options.journal.write({
    ...entry(options, result.change, phase),
    ...(phase === "done" ? { outcome: result.status as "applied" | "unchanged" } : {}),
    attempts: result.attempts,
    ...(result.removed ? { removed: result.removed } : {}),
    // The fix goes with the error: the journal is read without the run's output beside it.
    ...(result.error ? { error: result.hint ? `${result.error} (fix: ${result.hint})` : result.error } : {}),
  });
  return result;
}
