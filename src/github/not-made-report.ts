// How the Action says which reviewed changes an apply did not carry out (apply/reviewed-not-made.ts):
// a log line each, a warning annotation on the run's page, a line in the step summary, and a section
// of the pull request's result comment. The result comment is what an access reviewer closes their
// review item on: before, a reviewed revocation another merge had overtaken was reported "✅ applied"
// with no line naming it (rv58 finding 3).
//
// They do not fail the job or the commit. The change is not made because the merged policy at that
// commit (which the other pull request's reviewers approved) wants otherwise, or because what it
// needs was not reviewed: running again finds the same, and a commit that can never apply would
// stop every later merge behind it (the queue stops at a commit that does not apply). So the run
// goes on, the marker moves, and every place that reports the commit says, as a warning, what was
// not done and why: a reviewer who approved taking access away learns that it was not taken.
import { REVOCATIONS } from "../model/change.js";
import { notDone, notMadeLine, notMadeWhat, type ReviewedNotMade } from "../model/reviewed-not-made.js";
import { mdText } from "../plan/render/escape.js";
import type { ActionContext } from "./action-io.js";

/** Items named in a comment at most: the rest are counted, and are in the run's log and journal. */
const NAMED = 30;

/** The reviewed revocations among `list` that were not carried out (access a reviewer approved taking away is still there). */
export function revocationsNotMade(list: readonly ReviewedNotMade[]): ReviewedNotMade[] {
  return list.filter((n) => notDone(n) && REVOCATIONS.has(n.action));
}

/** The apply job's log lines for one commit, and its warning annotation when a reviewed change was not made. */
export function logNotMade(ctx: ActionContext, commit: string, list: readonly ReviewedNotMade[] | undefined): void {
  if (!list?.length) return;
  for (const n of list) ctx.logMessage(`reviewed change ${notMadeLine(n)}`, "  ");
  const missed = list.filter(notDone);
  if (missed.length === 0) return;
  const revocations = revocationsNotMade(missed);
  const access = revocations.length > 0 ? `, ${revocations.length} of them revocation(s): access a reviewer approved taking away is still there` : "";
  ctx.annotate("warning", `${commit}: ${missed.length} reviewed change(s) not made${access}: ${missed.slice(0, 5).map((n) => `${notMadeWhat(n)} (${n.reason})`).join("; ")}${missed.length > 5 ? `; and ${missed.length - 5} more in the log` : ""}. The commit counts as applied; to make a change that is still wanted, plan it again on the default branch and have it reviewed`);
}

/** Counts for a commit's line in the step summary ("2 reviewed not made"), or "". */
export function notMadeCount(list: readonly ReviewedNotMade[] | undefined): string {
  const missed = (list ?? []).filter(notDone).length;
  return missed > 0 ? `, ${missed} reviewed not made` : "";
}

/** The result comment's section naming every reviewed change not carried out on any target, or nothing. */
export function notMadeSection(list: readonly ReviewedNotMade[]): string[] {
  if (list.length === 0) return [];
  const missed = list.filter(notDone);
  const revocations = revocationsNotMade(missed);
  const named = list.slice(0, NAMED).map((n) => `- ${notDone(n) ? "⚠️ not made" : "already in place"}: ${mdText(notMadeWhat(n))}: ${mdText(n.reason, 600)}`);
  const more = list.length > NAMED ? [`- and ${list.length - NAMED} more: the apply run's log and journal name each`] : [];
  const head = missed.length > 0
    ? `**${missed.length} reviewed change(s) not made**${revocations.length > 0 ? `, ${revocations.length} of them revocation(s): the access is still there` : ""}. The commit counts as applied (running again finds the same); if a change is still wanted, plan it on the default branch and have that plan reviewed.`
    : "**Reviewed changes found already in place** (not made by this run):";
  return [head, "", ...named, ...more, ""];
}
