// The Action's `report` command (the apply workflow's last job): one result comment per merged
// pull request of the queue, and the queue's marker. A commit counts as applied when every target
// applied it completely (nothing left for a later phase); the marker moves over the applied
// commits in order and stops at the first that is not, so the next run starts there.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { mdText } from "../plan/render/escape.js";
import type { ActionContext } from "./action-io.js";
import { setMarker } from "./apply-queue.js";
import type { GithubWorkflow } from "./client.js";
import { upsertStickyComment } from "./comment.js";
import { readJsonFile, readQueue, type CommitResult, type QueueItem, type ResultFile } from "./queue-file.js";
import { append } from "../model/append.js";
import { notDone, type ReviewedNotMade } from "../model/reviewed-not-made.js";
import { notMadeSection, revocationsNotMade } from "./not-made-report.js";

/** Marks the one apply-result comment per PR (a later run updates it). */
export const APPLY_MARKER = "<!-- scopesync-apply -->";

/** `applied-held`: applied, done for the marker, with reviewed changes held back (a stale state). */
type Outcome = "applied" | "applied-held" | "revocations-only" | "failed" | "not-run";

const done = (o: TargetOutcome) => o.outcome === "applied" || o.outcome === "applied-held";

interface TargetOutcome { target: string; outcome: Outcome; result?: CommitResult; phase?: string }

function findResults(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) append(out, findResults(path));
    else if (/^scopesync-apply-.+\.json$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** The furthest a target got with one commit: the `all` phase if it ran, else the revocations. */
function outcomeOf(target: string, sha: string, files: ResultFile[]): TargetOutcome {
  const of = (phase: string) => files.find((f) => f.target === target && f.phase === phase)?.commits.find((c) => c.sha === sha);
  const all = of("all");
  const revocations = of("revocations");
  const result = all ?? revocations;
  if (!result) return { target, outcome: "not-run" };
  const phase = all ? "all" : "revocations";
  if (result.status !== "applied") return { target, outcome: result.status === "waiting" ? "not-run" : "failed", result, phase };
  return { target, outcome: result.deferred > 0 ? "revocations-only" : result.staleTargets?.length ? "applied-held" : "applied", result, phase };
}

const LABEL: Record<Outcome, string> = {
  applied: "✅ applied",
  "applied-held": "⚠️ applied, but the reviewed plan was made from a stale target state: what it gives there is held back; plan again from a fresh state and have that plan reviewed",
  "revocations-only": "⏳ revocations applied; reviewed grants wait for the environment's approval",
  failed: "❌ did not apply",
  "not-run": "⏳ not applied yet (an earlier step did not finish); the next run retries",
};

/** The reviewed changes a target's furthest phase did not carry out (apply/reviewed-not-made.ts). */
const notMadeOf = (o: TargetOutcome): ReviewedNotMade[] => o.result?.notMade ?? [];

/**
 * "2 reviewed change(s) not made (1 revocation: the access is still there)", or "": what a headline
 * and the marker add, so that neither says "applied" without it (rv58 finding 3).
 */
function missedText(missed: readonly ReviewedNotMade[]): string {
  if (missed.length === 0) return "";
  const revocations = revocationsNotMade(missed).length;
  return `${missed.length} reviewed change(s) not made${revocations > 0 ? ` (${revocations} revocation(s): the access is still there)` : ""}`;
}

function commentBody(item: QueueItem, outcomes: TargetOutcome[], runUrl: string | undefined): string {
  const complete = outcomes.every(done);
  const heldStale = outcomes.some((o) => o.outcome === "applied-held");
  const failed = outcomes.some((o) => o.outcome === "failed");
  const notMade = outcomes.flatMap(notMadeOf);
  const missed = missedText(notMade.filter(notDone));
  const qualified = heldStale ? `reviewed changes held back (stale target state)${missed ? `; ${missed}` : ""}` : missed ? `but ${missed}` : "";
  const headline = complete ? (qualified ? `⚠️ applied to ${outcomes.length} target(s), ${qualified}` : `✅ applied to ${outcomes.length} target(s)`) : failed ? "❌ not every target applied" : "⏳ partly applied; the rest follows";
  const rows = outcomes.map((o) => {
    const r = o.result;
    const counts = r ? `${r.applied} applied, ${r.unchanged} already in place, ${r.failed} failed, ${r.skipped} skipped, ${r.held} held back (${r.staleTargets?.length ? "not reviewed, or reviewed against a stale state" : "not reviewed"})` : "";
    const mine = notMadeOf(o).filter(notDone);
    const replan = r?.replanFingerprint ? (r.matchesReviewed ? "same as reviewed" : `changed since review: ${mine.length > 0 ? `${mine.length} reviewed change(s) not made (listed below), the other` : "the"} reviewed changes and unreviewed revocations applied, unreviewed grants held back`) : "";
    const problems = r?.problems.length ? `<br>${r.problems.slice(0, 5).map((p) => mdText(p, 300)).join("<br>")}` : "";
    const label = done(o) && mine.length > 0 && o.outcome === "applied" ? `⚠️ applied; ${missedText(mine)}, listed below` : LABEL[o.outcome];
    return `| ${mdText(o.target)} | ${label}${problems} | ${counts} | ${replan} |`;
  });
  return [
    APPLY_MARKER, `## scopesync apply: ${headline}`, "",
    `Merge commit \`${item.sha.slice(0, 12)}\`; ${item.reviewed ? `reviewed plan \`${mdText(item.fingerprint)}\`` : `nothing counts as reviewed (${mdText(item.note ?? "no plan", 400)}): only revocations were applied`}.`, "",
    "| target | result | changes | re-plan at the merge commit |", "|---|---|---|---|", ...rows, "",
    ...notMadeSection(notMade),
    runUrl ? `[Apply run](${runUrl}) · its journal and logs are there.` : "",
  ].join("\n");
}

export async function reportAction(ctx: ActionContext, gh: GithubWorkflow, author: string): Promise<number> {
  const queue = readQueue(resolve(ctx.io.cwd, ctx.input("queue-dir", "scopesync-queue")));
  const files = findResults(resolve(ctx.io.cwd, ctx.input("results-dir", "."))).map((f) => readJsonFile<ResultFile>(f, "an apply result"));
  // An apply job that found the default branch moved past this run's head applied nothing
  // (branch-tip.ts): the run of the newer commit applies, marks and comments on these commits. A
  // comment or marker from here would put this older run's word over that newer one's. So for a
  // job that could not read the tip at all: this run may be an old one, and cannot vouch for itself.
  const superseded = files.flatMap((f) => f.commits).find((c) => c.status === "superseded" || c.status === "tip-unread");
  if (superseded) {
    const line = superseded.problems[0] ?? "the default branch moved past this run's commit";
    ctx.log(`no result comment and no marker: ${line}`);
    ctx.summary(`### scopesync apply report\n\nNo result comment and no marker: ${mdText(line, 1000)}.\n`);
    return 0;
  }
  const runUrl = ctx.runUrl();
  let marking = true;
  let incomplete = 0;
  for (const item of queue.items) {
    const outcomes = queue.targets.map((t) => outcomeOf(t, item.sha, files));
    // A commit applied with held changes is done too: the held ones come back in the next plan.
    const applied = outcomes.every(done);
    if (!applied) incomplete++;
    if (item.pr) {
      const comment = await upsertStickyComment(gh, item.pr, commentBody(item, outcomes, runUrl), author, APPLY_MARKER);
      ctx.log(`#${item.pr}: result comment ${comment.action}`);
    }
    // The marker covers only an unbroken run of applied commits from the last marker on.
    if (marking && applied) {
      const missed = missedText(outcomes.flatMap(notMadeOf).filter(notDone));
      const held = `${outcomes.some((o) => o.outcome === "applied-held") ? "; reviewed changes held back (stale state)" : ""}${missed ? `; ${missed}` : ""}`;
      await setMarker(gh, item.sha, "success", `applied to ${outcomes.length} target(s)${item.reviewed ? ` (${item.fingerprint.slice(0, 19)}…)` : ""}${held}`, runUrl);
    } else if (marking) {
      marking = false;
      const failed = outcomes.some((o) => o.outcome === "failed");
      const waiting = outcomes.some((o) => o.outcome === "revocations-only");
      const why = failed ? "did not apply to every target; the next apply run retries from here" : waiting ? "waiting: reviewed grants need the environment's approval" : "not applied yet; the next apply run retries from here";
      await setMarker(gh, item.sha, failed ? "failure" : "pending", why, runUrl);
    }
  }
  ctx.setOutput("incomplete", String(incomplete));
  ctx.summary(`### scopesync apply report\n\n${queue.items.length - incomplete} of ${queue.items.length} commit(s) applied completely.\n`);
  return incomplete && files.some((f) => f.commits.some((c) => c.status === "failed" || c.status === "error" || c.status === "blocked" || c.status === "invalid")) ? 1 : 0;
}
