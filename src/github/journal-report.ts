// The journal lines an Action step wrote, where an auditor looks first: one log line each, and a
// table in the step summary by identity (who lost or got what, on which target, when, and whether
// a reviewer saw it). The journal artifact the workflows keep is the record (docs/formats.md,
// "The apply journal"); the run's log and summary are kept with the run and say the same, so a
// leaver's offboarding can be found from the run's page without downloading anything.
import type { JournalRecord } from "../model/journal-record.js";
import { Journal } from "../apply/journal.js";
import { mdCode, mdText } from "../plan/render/escape.js";
import { ACTION_LABELS } from "../plan/render/labels.js";
import type { ActionContext } from "./action-io.js";

/**
 * The artifact a workflow keeps a job's journal in, named in the step summary: `sync` for
 * sync.yml, `<phase>-<target>` for apply.yml's matrix jobs (test/github/workflows.test.ts holds
 * the workflows to these names).
 */
export function journalArtifact(...job: string[]): string {
  return ["scopesync-journal", ...job].join("-");
}

/** Rows past this go to the artifact only: a step summary holds about 1 MB in all (action-io.ts). */
const MAX_ROWS = 1000;

/**
 * Where the journal ends now, in bytes: what a step writes later comes after it (lines are only
 * appended). A byte mark, not a count of records, so that neither the mark nor the report reads the
 * year of journal before it.
 */
export function journalMark(path: string): number {
  return new Journal(path).mark();
}

/**
 * Reports the records written since `mark`: each end of a change (done, failed, skipped), and a
 * start this step left open (the step stopped mid-change), so that nothing it did goes unnamed.
 */
export function reportJournal(ctx: ActionContext, path: string, mark: number, artifact: string): void {
  const written = [...new Journal(path).records(mark)];
  const ended = new Set(written.filter((r) => r.phase !== "start").map((r) => `${r.run} ${r.change}`));
  const rows = written.filter((r) => r.phase !== "start" || !ended.has(`${r.run} ${r.change}`));
  if (rows.length === 0) return;
  rows.sort((a, b) => cmp(a.identity, b.identity) || cmp(a.at, b.at) || cmp(a.target, b.target) || cmp(a.change, b.change));
  ctx.log(`journal ${path}: ${rows.length} change(s) recorded by this step (kept as artifact ${artifact}):`);
  for (const r of rows) ctx.logMessage(`${r.at} ${r.identity}: ${what(r)} on ${r.target}${account(r) ? ` (${account(r)})` : ""}: ${result(r)}; ${review(r)}`, "  ");
  const shown = rows.slice(0, MAX_ROWS);
  ctx.summary([
    `### Apply journal: ${rows.length} change(s) by identity`,
    "",
    `As recorded in the journal (artifact ${mdCode(artifact)}), each line written when the change was made.`,
    "",
    "| Identity | Change | Target | Account | Result | When (UTC) | Review |",
    "|---|---|---|---|---|---|---|",
    ...shown.map((r) => `| ${mdText(r.identity)} | ${mdText(what(r))} | ${mdText(r.target)} | ${mdText(account(r))} | ${mdText(result(r), 600)} | ${mdText(r.at)} | ${mdText(review(r), 600)} |`),
    ...(rows.length > shown.length ? ["", `_${rows.length - shown.length} more change(s) are in the log above and in the journal artifact._`] : []),
    "",
  ].join("\n"));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "revoke group:admins", "disable", "revoke credential deploy-key:infra:4242". */
function what(r: JournalRecord): string {
  const on = r.entitlement ?? r.credential;
  return `${ACTION_LABELS[r.action] ?? r.action}${on ? ` ${on}` : ""}${r.replacedBy ? ` (lowered to ${r.replacedBy})` : ""}`;
}

/** "login linus, id 100004", or "" when the change named no account (a create before it ran). */
function account(r: JournalRecord): string {
  return [r.login ? `login ${r.login}` : "", r.account ? `id ${r.account}` : ""].filter(Boolean).join(", ");
}

/**
 * What became of the change. A line that closes a change a cut-off run left open (apply/cut-off.ts)
 * says so and on what evidence: `done` / `unchanged` only on this run's read, else `abandoned`.
 */
function result(r: JournalRecord): string {
  if (r.phase === "start") return "started, no result: the step stopped mid-change (the next run re-checks it)";
  const said = r.phase === "done" ? (r.outcome === "unchanged" ? "already in place" : "applied") : r.phase;
  const closes = r.cutRun ? ` (closes a change cut off in run ${r.cutRun})` : "";
  const why = r.reason ?? r.error;
  return `${said}${closes}${why ? `: ${why}` : ""}`;
}

/**
 * Whether a reviewer saw the change, and the grounds it rests on: where a reviewed plan was approved
 * (its merge commit and pull request, when the line names them), or, for a revocation nobody
 * reviewed, why the plan made it (its `why`: the line is the only record of that).
 */
function review(r: JournalRecord): string {
  if (r.review === "reviewed") return `reviewed (plan ${r.fingerprint}${r.commit ? `, merged in ${r.commit.slice(0, 12)}${r.pr !== undefined ? ` (#${r.pr})` : ""}` : ""})`;
  if (r.review === "unreviewed-revocation") return `unreviewed revocation (apply.unreviewed: revocations-only)${r.why ? `: ${r.why}` : ""}`;
  return r.review ?? "review not recorded (an older scopesync)";
}
