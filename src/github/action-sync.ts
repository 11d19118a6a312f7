// The Action's `sync` command (the scheduled sync): plan against fresh exports, apply at once
// what needs no review (the revocations phase with nothing reviewed: leavers, disabled NHIs,
// expired grants, as apply.unreviewed allows), and open or refresh the one review PR for
// everything that grants access and for the day's source snapshot. It runs in an environment
// without required reviewers: nobody has to approve revocations every day.
//
// The checkout is the sync branch, which carries the day's snapshot; the plan is measured against
// the snapshots the base branch accepted (plan --base), as the PR's own plan check is. Against the
// day's own snapshot, churn would always be nil (a half-empty export would pass its gate and its
// missing people be offboarded) and a department move would read as drift, not as a mover.
import { resolve } from "node:path";
import { applyReviewed, type ApplyReviewedResult } from "./apply-reviewed.js";
import { ScopesyncError } from "../model/errors.js";
import { mdText } from "../plan/render/escape.js";
import { unreadableLine } from "../apply/unreadable-targets.js";
import { syncNowInput } from "./action-now.js";
import { REVOCATIONS } from "../model/change.js";
import { renderJson } from "../plan/render/json.js";
import { COMMENT_MARKER, renderMarkdown } from "../plan/render/markdown.js";
import type { ActionContext } from "./action-io.js";
import { annotateDiagnostics, makePlan, planSummary, writeFile } from "./action-plan.js";
import { actionJournalPath } from "./action-journal.js";
import { carryJournal } from "./carried-journal.js";
import { journalArtifact, journalMark, reportJournal } from "./journal-report.js";
import type { GithubWorkflow } from "./client.js";
import { emptyReviewedPlan } from "./reviewed-plan.js";
import { openOrRefreshSyncPullRequest, SYNC_BRANCH } from "./sync-pr.js";
import { readRetryLine } from "../apply/retry.js";
import { acceptedRef, carriesChanges } from "./accepted-ref.js";
import { refusalLine, refusalMarkdown, snapshotRefusal } from "./snapshot-refusal.js";
import { wholePlanReasons } from "../model/blocked-reason.js";
import { heldLogLines, heldMarkdown } from "./sync-held.js";
import { movedSinceCheckout } from "./branch-tip.js";

export async function syncAction(ctx: ActionContext, gh: GithubWorkflow): Promise<number> {
  const repo = resolve(ctx.io.cwd, ctx.input("repository-path", "."));
  const base = ctx.input("base-branch", "main");
  // The sync revokes at its `now` with nothing reviewed: one far from the clock is refused before
  // anything is read (action-now.ts), as apply's is; a `now` a year ahead would revoke unexpired
  // grants and leavers whose last day is still to come.
  const now = syncNowInput(ctx);
  // The snapshot step ran before this one and never stops it (sync.yml): a refusal is named here,
  // the day's revocations go ahead regardless, and the step fails at the end so that it is seen.
  const refusal = snapshotRefusal(ctx.input("snapshot-outcome"), ctx.input("snapshot-output"));
  if (refusal) {
    ctx.annotate("error", refusalLine(refusal, base));
    ctx.summary(refusalMarkdown(refusal, base));
  }
  const accepted = await acceptedRef(repo, base);
  // Every earlier job's journal, merged (carried-journal.ts), before the plan reads it.
  if (ctx.flag("carry-journal", false)) await carryJournal(ctx, gh, repo, actionJournalPath(ctx, repo, "sync.yml"), { defaultBranch: base });
  // The exports in the checkout are the ones the sync fetched: the sources' word, not an edit.
  const result = await makePlan(ctx, repo, accepted, true);
  if (!result.ok) {
    annotateDiagnostics(ctx, result.diagnostics);
    ctx.annotate("error", `${result.diagnostics.length} problem(s) in the policy repository; the sync planned nothing`);
    return 1;
  }
  const { plan, blocks } = result.value;
  // A blocked plan holds back what its reasons hold (model/blocked-reason.ts): a reason on one
  // identity or one target does not stop another leaver's offboarding; one on the whole plan does.
  const whole = wholePlanReasons(blocks);
  ctx.setOutput("plan-file", writeFile(resolve(ctx.io.cwd, ctx.input("plan-file", "scopesync-plan.json")), renderJson(plan)));
  ctx.setOutput("fingerprint", plan.fingerprint);
  ctx.setOutput("blocked", String(plan.blocked));
  const revocations = plan.changes.filter((c) => REVOCATIONS.has(c.action));
  const grants = plan.changes.filter((c) => !REVOCATIONS.has(c.action));
  ctx.setOutput("revocations", String(revocations.length));
  ctx.setOutput("grants", String(grants.length));
  let code = 0;
  // What the PR says about the revocations: what was done, not what the plan listed.
  let revoked = revocations.length === 0 ? "" : `${revocations.length} revocation(s) are listed below; this sync does not apply them (apply-revocations: false): apply.yml does once this pull request is merged.`;

  // The revocations phase runs every day, whatever the plan above lists: that plan reads the
  // committed state files, and an account made since the last `state pull` (a joiner apply.yml
  // created) is in none of them, so a leaver who holds one would be in no change of it. The
  // revocations phase plans again against the live targets and revokes what that plan does.
  // Planned on the base as checked out, minutes ago: if a merge since changed what the plan
  // reads, the revocations would take back what that merge granted (branch-tip.ts). Checked right
  // before them. A merge that changed nothing the plan reads (docs) does not stop them.
  const against = ctx.flag("apply-revocations", true) ? await movedSinceCheckout(gh, repo, base, accepted) : undefined;
  const moved = against?.moved;
  if (against?.note) ctx.log(against.note);
  if (moved) {
    ctx.annotate("error", moved);
    ctx.summary(`### Revocations applied at once\n\nNone: ${mdText(moved, 1000)}.\n`);
    revoked = `**No revocation was applied**: ${mdText(moved, 1000)}.`;
    code = 1;
  } else if (ctx.flag("apply-revocations", true)) {
    if (whole.length > 0) {
      ctx.annotate("warning", `the plan is blocked by ${whole.length} reason(s) that hold every change: no revocation was applied; the sync PR shows why`);
    } else {
      const journalPath = actionJournalPath(ctx, repo, "sync.yml");
      // The journal may hold earlier syncs' lines (sync.yml restores it): this run's are reported.
      // The plan's targets go with the empty reviewed plan: a live read that is not the tenant the
      // committed state files describe (a swapped token) is refused, not offboarded (apply/tenant-binding.ts).
      const mark = journalMark(journalPath);
      let applied: ApplyReviewedResult;
      try {
        applied = await revokeNow(ctx, () => applyReviewed({ repoDir: repo, acceptedAt: accepted, reviewed: emptyReviewedPlan(plan.organisation, plan.generatedAt, plan.targets), phase: "revocations", blockedBy: blocks, env: ctx.libraryEnv(), journalPath, onRetry: (...why) => ctx.logMessage(readRetryLine(...why)), ...(now !== undefined ? { now } : {}) }));
      } catch (e) {
        // A run stopped by an unexpected error still names what it revoked before it stopped.
        reportJournal(ctx, journalPath, mark, journalArtifact("sync"));
        throw e;
      }
      for (const p of applied.problems) ctx.logMessage(p);
      for (const n of applied.notes ?? []) ctx.logMessage(`note: ${n}`);
      // Each target that could not be read is an error of the run, by name; the others' revocations were applied.
      for (const u of applied.unreadableTargets ?? []) ctx.annotate("error", `${unreadableLine(u)}; the other targets' revocations were applied, and the next sync tries it again`);
      const unread = (applied.unreadableTargets ?? []).map((u) => u.target);
      const notRead = unread.length > 0 ? `; not read, so nothing was applied there: ${unread.join(", ")}` : "";
      ctx.setOutput("revocations-applied", String(applied.applied));
      const held = applied.heldByBlock ?? [];
      // Blocked as a whole at the live re-plan (a reason on the whole plan there, or apply.unreviewed: none).
      const wholeAtReplan = applied.status === "blocked" && applied.heldByBlock === undefined;
      if (held.length > 0) {
        ctx.annotate("warning", `the plan is blocked: ${held.length} revocation(s) its reasons hold were held back, the other revocations were applied; the sync PR and the run's summary name each`);
        for (const line of heldLogLines(held)) ctx.logMessage(line);
      }
      if (wholeAtReplan) ctx.annotate("warning", "the live re-plan is blocked as a whole: no revocation was applied; the run's log gives its reasons");
      ctx.summary([`### Revocations applied at once\n\nNothing reviewed, revocations only: ${applied.status}; ${applied.applied} applied, ${applied.unchanged} already in place, ${applied.failed} failed${held.length > 0 ? `, ${held.length} held back by the plan's blocked reasons` : ""}${mdText(notRead, 2000)}.\n`, ...heldMarkdown(held)].join("\n"));
      // Each leaver's revocation, by identity, as the journal has it (journal-report.ts).
      reportJournal(ctx, journalPath, mark, journalArtifact("sync"));
      // Held back by the plan's block is not a failure of the run (the pull request shows the block, as it always did).
      code = applied.status === "applied" || (applied.status === "blocked" && applied.failed + applied.skipped === 0) ? 0 : 1;
      // The live plan may revoke what the saved state files did not know of (the list below is theirs).
      const unlisted = applied.applied + applied.unchanged > revocations.length ? " The live targets held more than the saved state files list below: the sync run's summary names each revocation." : "";
      revoked = wholeAtReplan
        ? "No revocation was applied: the plan made against the live targets is blocked as a whole (its reasons are in the sync run's log)."
        : applied.status === "applied" || code === 0
        ? [`Revocations (leavers, disabled NHIs, expired grants) were applied at once, against live state: ${applied.applied} applied, ${applied.unchanged} already in place${held.length > 0 ? `, **${held.length} held back** by the plan's blocked reasons (below): each waits for the reason that holds it` : ""}.${revocations.length > 0 ? " They are listed below for the record." : ""}${unlisted}`, "", ...heldMarkdown(held)].join("\n")
        : `The revocations below were **not all applied** (${applied.status}: ${applied.applied} applied, ${applied.failed} failed, ${applied.skipped} skipped${mdText(notRead, 2000)}); the sync run's log says why, and the next sync tries again.`;
    }
  }

  // A snapshot the base never accepts would leave every later sync measured against an ever older
  // one, until its churn gate blocks the sync: the PR is opened for the snapshot alone too.
  const carries = await carriesChanges(repo, accepted);
  if (refusal && !carries) {
    // The branch is the base's commit: GitHub opens no pull request without a commit to merge.
    const waiting = grants.length > 0 ? `; the ${grants.length} change(s) that grant access wait for the next sync whose snapshot is written` : "";
    ctx.log(`no sync pull request was opened or refreshed: the snapshot was refused, so the sync branch carries nothing to merge${waiting}`);
    ctx.summary(`No sync pull request was opened or refreshed: the snapshot was refused, so the sync branch carries nothing to merge${mdText(waiting, 500)}.\n`);
  } else if (grants.length > 0 || plan.blocked || carries) {
    const date = plan.generatedAt.slice(0, 10);
    const intro = plan.blocked
      ? [
          whole.length > 0 || !revoked
            ? `Scheduled sync of ${date}: the plan is **blocked** and no revocation was applied; the reasons are below.`
            : `Scheduled sync of ${date}: the plan is **blocked**; the reasons are below. Each holds back only what it is about (an identity and the accounts under its logins, or a target): the other revocations went ahead.`,
          ...(whole.length > 0 ? [] : [revoked]),
          "Merging this pull request accepts the source snapshot it carries: fix the cause first (each reason says how).",
          "",
        ].filter(Boolean)
      : [
          `Scheduled sync of ${date}: **${grants.length}** change${grants.length === 1 ? "" : "s"} that grant access wait${grants.length === 1 ? "s" : ""} for review.`,
          revoked,
          "Merging this pull request accepts the source snapshot it carries; apply then grants what the plan below shows.",
          "",
        ].filter(Boolean);
    const markdown = renderMarkdown(plan, { limit: 60_000, ...(ctx.runUrl() ? { artifactUrl: ctx.runUrl()! } : {}) }).slice(COMMENT_MARKER.length + 1);
    const said = refusal ? [refusalMarkdown(refusal, base)] : [];
    const pr = await openOrRefreshSyncPullRequest(gh, { branch: ctx.input("sync-branch", SYNC_BRANCH), base, title: syncTitle(date, grants.length, plan.blocked, refusal !== undefined), body: [...said, ...intro, markdown].join("\n") });
    ctx.setOutput("sync-pr", String(pr.number));
    ctx.setOutput("sync-pr-url", pr.url);
    ctx.log(`sync pull request #${pr.number} ${pr.action}`);
  }
  ctx.summary(planSummary(ctx, plan));
  return refusal ? 1 : code;
}

/**
 * The revocations phase, whatever stops it: an error that stops it whole (no target could be read,
 * a token that cannot make the changes) fails the sync's revocations, not the sync, which still
 * opens or refreshes its pull request (the day's grants and snapshot) and then fails the run.
 */
async function revokeNow(ctx: ActionContext, run: () => Promise<ApplyReviewedResult>): Promise<ApplyReviewedResult> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof ScopesyncError)) throw e;
    ctx.annotate("error", `no revocation was applied: ${e.message}; the sync pull request is still opened or refreshed, and the next sync tries again`);
    return { status: "failed", matchesReviewed: false, applied: 0, unchanged: 0, failed: 0, skipped: 0, held: 0, unreviewedRevocations: 0, deferred: 0, problems: [`${e.message}${e.hint ? ` (fix: ${e.hint})` : ""}`] };
  }
}

function syncTitle(date: string, grants: number, blocked: boolean, refused: boolean): string {
  if (blocked) return `scopesync: the sync of ${date} is blocked`;
  // Without a snapshot, the pull request carries only the day's exports: nothing to accept.
  if (grants === 0 && refused) return `scopesync: the source snapshot of ${date} was refused`;
  if (grants === 0) return `scopesync: accept the source snapshot of ${date}`;
  return `scopesync: review ${grants} access grant${grants === 1 ? "" : "s"} from the sync`;
}
