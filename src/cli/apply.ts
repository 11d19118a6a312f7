import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Journal } from "../apply/journal.js";
import { parseReviewedPlan, reconcile } from "../apply/reviewed.js";
import { DEFAULT_RETRY, realTiming, retryingReads, type Timing } from "../apply/retry.js";
import { runApply, type ChangeResult } from "../apply/runner.js";
import { compile } from "../compile.js";
import { loadRepo } from "../config/load-repo.js";
import { workingTree } from "../config/repo-files.js";
import { ScopesyncError } from "../model/errors.js";
import type { Change } from "../model/change.js";
import { termText } from "../plan/render/escape.js";
import { ACTION_LABELS } from "../plan/render/labels.js";
import { readTargetsLive } from "../targets/read-targets.js";
import { closeConnectors, openConnectors } from "./connectors.js";
import { staleInReviewedPlan } from "../plan/state-age.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { valueOrReport } from "./load-or-report.js";
import { parseNow } from "../model/now.js";

export interface ApplyOptions {
  repo: string;
  plan?: string;
  target?: string;
  now?: string;
  journal?: string;
  concurrency?: string;
  autoApprove?: boolean;
  /** Tests inject timing so retries do not wait. */
  timing?: Timing;
}

export const DEFAULT_JOURNAL = ".scopesync/journal.jsonl";

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
  const reviewedPlan = options.plan ? parseReviewedPlan(readText(resolve(io.cwd, options.plan)), options.plan) : undefined;
  const fixedNow = options.now !== undefined ? parseNow(options.now) : undefined;
  const now = fixedNow ?? Date.now();
  const clock = () => fixedNow ?? Date.now();

  // A reviewed plan made from a state file older than maxStateAge was reviewed against old facts.
  const stale = reviewedPlan ? staleInReviewedPlan(reviewedPlan.findings ?? [], options.target) : [];
  if (stale.length > 0) {
    io.err("apply is blocked; the reviewed plan was made from a stale target state; nothing was applied:");
    for (const f of stale) io.err(`  - ${termText(f.message, 600)}`);
    return ExitCode.blocked;
  }
  const loaded = loadRepo(workingTree(options.repo));
  if (!loaded.repo) return valueOrReport({ ok: false, diagnostics: loaded.diagnostics }, io) ?? ExitCode.invalid;
  const connectors = openConnectors(loaded.repo, options.repo, io.env, clock, options.target);
  const timing = options.timing ?? realTiming;
  try {
    const compiled = valueOrReport(await compile({ repoDir: options.repo, files: workingTree(options.repo), env: io.env, now, readTargets: () => readTargetsLive(retryingReads(connectors, DEFAULT_RETRY, timing)) }), io);
    if (!compiled) return ExitCode.invalid;
    const { plan, repo } = compiled;
    if (plan.blocked) {
      io.err("apply is blocked; nothing was applied:");
      for (const r of plan.blockedReasons) io.err(`  - ${termText(r, 600)}`);
      return ExitCode.blocked;
    }
    let toApply: Change[] = plan.changes;
    let held: Change[] = [];
    if (reviewedPlan) {
      const r = reconcile(plan, reviewedPlan, repo.config.value.apply?.unreviewed ?? "revocations-only");
      const inScope = (c: Change) => !options.target || c.target === options.target;
      toApply = [...r.reviewed, ...r.unreviewedRevocations];
      held = r.held;
      io.out(`reviewed plan ${reviewedPlan.fingerprint}: ${r.reviewed.length} reviewed change(s) to apply, ${r.unreviewedRevocations.length} unreviewed revocation(s) applied anyway, ${r.held.length} unreviewed change(s) held back, ${r.obsolete.filter(inScope).length} no longer needed`);
    }
    const journal = new Journal(resolve(options.repo, options.journal ?? DEFAULT_JOURNAL));
    const fingerprint = reviewedPlan?.fingerprint ?? plan.fingerprint;
    const cuts = journal.interrupted(fingerprint);
    for (const cut of cuts) io.err(`note: a previous run was cut off while applying ${cut.action} for ${termText(cut.identity)} on ${cut.target}; it is re-checked now`);
    const run = randomUUID();
    const results = await runApply({
      changes: toApply,
      connectors,
      journal,
      run,
      fingerprint,
      concurrency,
      retry: DEFAULT_RETRY,
      timing,
      now: clock,
      onResult: (r, done, total) => {
        if (io.isTTY) io.err(`\r${done}/${total} ${ACTION_LABELS[r.change.action]} ${termText(r.change.identity, 40)} on ${r.change.target}: ${r.status}\u001b[K`);
      },
    });
    // A cut-off change the re-plan no longer has was found in place (the cut run had made it):
    // close it, or every later run of this plan would report it as cut off again. One that is
    // planned again closes through the runner's own records; one held back stays open.
    const planned = new Set(plan.changes.map((c) => c.id));
    for (const cut of cuts) {
      if (!connectors.has(cut.target) || planned.has(cut.change)) continue;
      journal.write({ ...cut, at: new Date(clock()).toISOString(), run, phase: "done", outcome: "unchanged", attempts: 0 });
    }
    return summarise(results.results, held, io);
  } finally {
    await closeConnectors(connectors);
  }
}

function summarise(results: ChangeResult[], held: Change[], io: Io): number {
  const count = (s: ChangeResult["status"]) => results.filter((r) => r.status === s).length;
  for (const r of results.filter((x) => x.status === "failed" || x.status === "skipped")) {
    io.err(`${r.status}: ${r.change.target} ${r.change.action} ${termText(r.change.identity)}${r.change.entitlement ? ` ${termText(r.change.entitlement)}` : ""}: ${termText(r.error ?? "", 600)}`);
  }
  for (const c of held) io.out(`held back (not reviewed): ${c.target} ${c.action} ${termText(c.identity)}${c.entitlement ? ` ${termText(c.entitlement)}` : ""}`);
  io.out(`applied ${count("applied")}, already in place ${count("unchanged")}, failed ${count("failed")}, skipped ${count("skipped")}, held back ${held.length}`);
  return count("failed") + count("skipped") > 0 ? ExitCode.invalid : ExitCode.ok;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new ScopesyncError(`cannot read the reviewed plan ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, "download the plan artifact of the reviewed pull request first");
  }
}
