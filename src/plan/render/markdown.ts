import { acceptedGates } from "./accepted-gates.js";
import type { Action, Change } from "../../model/change.js";
import { keptPrivilegeNote } from "./kept-privilege.js";
import { ACTIONS } from "../../model/change.js";
import { append } from "../../model/append.js";
import type { Plan } from "../plan.js";
import { describeAge } from "../state-age.js";
import { mdCode, mdText, mermaidLabel } from "./escape.js";
import { loginForReview } from "../../model/look-alike-logins.js";
import { budgetedComment } from "./comment-budget.js";
import { reviewTables } from "./review-first.js";
import { count, fitTable, type FitTableInput } from "./fit-table.js";
import { countsByKind, type HeadLayout, type HeadList } from "./head-lists.js";
import { EXPORT_EDITED_RULE } from "../../model/export-edit.js";
import { renderNhiMarkdown } from "./nhi-report.js";
import { controlsBlock } from "./controls-block.js";
import { ACTION_LABELS } from "./labels.js";
import { originLine, privilegedLine } from "./head-counts.js";
import { CHANGE_COLUMNS, changeRow, changesByTarget, desiredStateSection, exceptionsSection, FINDING_COLUMNS, findingRow } from "./markdown-rows.js";

/** Hidden marker by which the sticky PR comment is found and updated, never duplicated. */
export const COMMENT_MARKER = "<!-- scopesync-plan -->";
/** GitHub refuses comment bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_535;
const MERMAID_MAX_CHANGES = 15;

export interface MarkdownOptions {
  /** Where the full plan artifact lives, linked when the comment has to be cut. */
  artifactUrl?: string;
  limit?: number;
}

/**
 * The PR comment: counts first, what blocks, this PR's own changes and the other privileged changes
 * (open), findings, then one collapsed section per target with privileged changes marked. Every
 * string that can come from a source is escaped. A plan that does not fit in GitHub's limit is
 * laid out by priority instead (comment-budget.ts): this PR's own changes, error findings and
 * privileged changes first, then counts, then samples per target.
 */
export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const foot = footer(plan);
  const whole = wholeComment(plan, limit - foot.length);
  if (whole !== undefined) return `${whole}${foot}`;
  return `${budgetedComment(plan, { head: (layout) => head(plan, layout), room: limit - foot.length, ...(options.artifactUrl ? { artifactUrl: options.artifactUrl } : {}) })}${foot}`;
}

function footer(plan: Plan): string {
  return `\nFingerprint: \`${plan.fingerprint}\` · generated ${plan.generatedAt}${plan.base ? ` · base ${mdCode(plan.base)}` : ""}\n`;
}

/** The whole comment's head: every blocked reason, every line of every list. */
const WHOLE_HEAD: HeadLayout = { blocked: (p) => p.blockedReasons.map((r) => `- ${mdText(r, 600)}`), fit: (list) => list.lines };

/**
 * Counts, origins, privileged changes, blocked reasons, approvals and overrides. `layout` says
 * which blocked reasons to list (in a budgeted comment the error findings are a count, they have
 * their own section) and how much of each list (head-lists.ts) to show.
 */
function head(plan: Plan, layout: HeadLayout = WHOLE_HEAD): string {
  const lines: string[] = [COMMENT_MARKER, `## scopesync plan: ${plan.blocked ? "⛔ blocked" : plan.changes.length === 0 ? "✅ no changes" : "✅ ready for review"}`, ""];
  lines.push(summaryTable(plan, layout), "");
  const states = Object.entries(plan.targets).map(([t, v]) => `**${mdText(t)}** ${mdText(v.readFrom)}, ${describeAge(v, v.readFrom)}`);
  lines.push(`Target state: ${layout.fit({ name: "target-state", lines: states, separator: 3, cut: (shown, where) => `✂️ ${count(states.length - shown)} more targets, each with where and when it was read under \`targets\` in ${where}` }).join(" · ")}`, "");
  const origins = originLine(plan);
  if (origins !== undefined) lines.push(origins, "");
  for (const e of layout.fit(exportEdits(plan))) lines.push(e, "");
  const privileged = privilegedLine(plan);
  if (privileged !== undefined) lines.push(privileged, "");
  if (plan.blocked) {
    const reasons = layout.blocked(plan);
    append(lines, ["### ⛔ Blocked", "", ...layout.fit({ name: "blocked", lines: reasons, separator: 1, cut: (shown, where) => `- ✂️ ${count(reasons.length - shown)} more reason${reasons.length - shown === 1 ? "" : "s"} not shown here; every reason is under \`blockedReasons\` in ${where}` }), ""]);
  }
  append(lines, controlsBlock(plan, layout));
  if (plan.approvals.length > 0) {
    const approvals = plan.approvals.map((a) => `- ${mdCode(a.reviewer)}: ${a.changes} change${a.changes === 1 ? "" : "s"}`);
    const cut = (shown: number, where: string): string => `- ✂️ ${count(approvals.length - shown)} more reviewers (${count(plan.approvals.slice(shown).reduce((n, a) => n + a.changes, 0))} changes) not shown here; every approval is under \`approvals\` in ${where}`;
    append(lines, ["### Approvals needed", "", ...layout.fit({ name: "approvals", lines: approvals, separator: 1, cut }), ""]);
  }
  const overrides = plan.overrides.map((o) => `> Safety override in use: **${mdText(o.target)}** ${o.limit} up to ${o.allow}${o.expiresAt ? ` until ${mdText(o.expiresAt)}` : ""}: ${mdText(o.reason)}`);
  const overridesCut = (shown: number, where: string): string => `> ✂️ ${count(overrides.length - shown)} more safety override${overrides.length - shown === 1 ? "" : "s"} in use not shown here (limits: ${countsByKind(plan.overrides.slice(shown).map((o) => mdCode(o.limit)))}); every override is under \`overrides\` in ${where}`;
  for (const o of layout.fit({ name: "overrides", lines: overrides, separator: 2, cut: overridesCut })) lines.push(o, "");
  append(lines, acceptedGateLines(plan));
  return lines.join("\n");
}

/**
 * Each source export this pull request edits (export-edited-in-pr), in the head: an export edited
 * in a pull request decides access as if the source had said it, so a reviewer sees it before
 * any change. Its findings hold the whole list of records that differ.
 */
function exportEdits(plan: Plan): HeadList {
  const edits = plan.findings.filter((f) => f.rule === EXPORT_EDITED_RULE);
  const lines = edits.map((f) => `> ${f.severity === "warning" ? "⚠️" : "ℹ️"} ${mdText(f.message, EXPORT_LINE)}`);
  // Cut short, the line still names each export the pull request edits (its finding's file): that is what must not go unseen.
  const cut = (shown: number, where: string): string => {
    const files = edits.slice(shown).map((f) => mdText(f.location ?? "", 120));
    return `> ⚠️ this PR edits the source export${files.length === 1 ? "" : "s"} ${files.join(", ")}: which records differ is in the finding \`${EXPORT_EDITED_RULE}\` of each, in ${where}`;
  };
  return { name: "exports", lines, separator: 2, cut };
}

/** Characters of an edited export's line in the head: its files, the count and the first keys. */
const EXPORT_LINE = 500;

/** Each quality gate a reviewed accept waives, beside the overrides: a relaxed safeguard is said in the head. */
function acceptedGateLines(plan: Plan): string[] {
  return acceptedGates(plan).flatMap((f) => [`> Quality gate accepted: ${mdText(f.message, 600)}`, ""]);
}

/** Every section in full, or undefined when that passes `room` characters. */
function wholeComment(plan: Plan, room: number): string | undefined {
  let body = head(plan);
  if (body.length > room) return undefined;
  const sections: Array<() => string | undefined> = [];
  // A section that does not fit whole stops the whole layout: fitTable reports it by cutting rows.
  const table = (input: FitTableInput) => () => {
    const fitted = fitTable(input, room - body.length - 2);
    return fitted && fitted.shown === input.total ? fitted.text : undefined;
  };
  // What a reviewer must see to approve, open and first, as in the budgeted comment (review-first.ts).
  const review = reviewTables(plan, "");
  if (review.pr) sections.push(table(review.pr));
  if (review.privileged) sections.push(table(review.privileged));
  if (plan.findings.length > 0) {
    const counts = (["error", "warning", "info"] as const).map((s) => `${plan.findings.filter((f) => f.severity === s).length} ${s}`).join(", ");
    sections.push(table({ title: `<b>Findings</b> (${counts})`, open: plan.findings.some((f) => f.severity === "error"), columns: FINDING_COLUMNS, total: plan.findings.length, row: (k) => findingRow(plan.findings[k]!), pointer: "" }));
  }
  if (plan.exceptions.length > 0) sections.push(() => exceptionsSection(plan));
  // The NHI inventory (where discovery sources are read): one section of its own renderer.
  if (plan.nhi) sections.push(() => renderNhiMarkdown(plan.nhi!));
  if (plan.desiredStateDiff?.length) sections.push(() => desiredStateSection(plan.desiredStateDiff!));
  if (plan.changes.length > 0 && plan.changes.length <= MERMAID_MAX_CHANGES) sections.push(() => mermaid(plan.changes));
  for (const [target, list] of changesByTarget(plan)) {
    const privileged = list.filter((c) => c.privileged).length;
    sections.push(table({ title: `<b>${mdText(target)}</b>: ${list.length} change${list.length === 1 ? "" : "s"}${privileged ? `, ${privileged} privileged` : ""}`, columns: CHANGE_COLUMNS, total: list.length, row: (k) => changeRow(list[k]!), pointer: "" }));
  }
  for (const make of sections) {
    const s = make();
    if (s === undefined || body.length + s.length + 2 > room) return undefined;
    body += `\n${s}\n`;
  }
  return body;
}

function summaryTable(plan: Plan, layout: HeadLayout): string {
  const cols = ACTIONS.filter((a) => plan.summary[a]);
  // Blocked with no changes: the desired state may be unknown (a failed gate), not matched.
  if (cols.length === 0) return plan.blocked ? "No changes planned: the plan is blocked, so the targets are not known to match the desired state." : `No changes: every target matches the desired state${keptPrivilegeNote(plan)}.`;
  // One pass over the changes: a filter per target and action is 80 passes over a million.
  const counts = new Map<string, Partial<Record<Action, number>> & { all: number }>(Object.keys(plan.targets).map((t) => [t, { all: 0 }]));
  for (const c of plan.changes) {
    const row = counts.get(c.target);
    if (!row) continue;
    row[c.action] = (row[c.action] ?? 0) + 1;
    row.all++;
  }
  const targets = [...counts];
  const rows = targets.map(([t, n]) => `| ${mdText(t)} | ${cols.map((a) => n[a] || "").join(" | ")} | ${n.all} |`);
  // The targets left out still add up: their row sums them, so the table's total stays checkable.
  const cut = (shown: number, where: string): string => {
    const rest = targets.slice(shown).map(([, n]) => n);
    const sum = (f: (n: Partial<Record<Action, number>> & { all: number }) => number): number => rest.reduce((s, n) => s + f(n), 0);
    return `| ✂️ ${count(rest.length)} more targets (each one's changes are in ${where}) | ${cols.map((a) => sum((n) => n[a] ?? 0) || "").join(" | ")} | ${sum((n) => n.all)} |`;
  };
  const total = `| **total** | ${cols.map((a) => `**${plan.summary[a]}**`).join(" | ")} | **${plan.changes.length}** |`;
  return [`| target | ${cols.map((a) => ACTION_LABELS[a]).join(" | ")} | all |`, `|---|${cols.map(() => "--:").join("|")}|--:|`, ...layout.fit({ name: "targets", lines: rows, separator: 1, cut }), total].join("\n");
}

/** A small picture of who gains and loses what, only when the plan is small enough to read as one. */
function mermaid(changes: Change[]): string {
  const lines = ["```mermaid", "graph LR"];
  const nodes = new Map<string, string>();
  const node = (label: string): string => {
    if (!nodes.has(label)) {
      nodes.set(label, `n${nodes.size}`);
      lines.push(`  ${nodes.get(label)}["${mermaidLabel(label)}"]`);
    }
    return nodes.get(label)!;
  };
  for (const c of changes) {
    const from = node(loginForReview(c.identity));
    const to = node(c.entitlement ? `${c.target} ${loginForReview(c.entitlement)}` : c.target);
    const arrow = c.action === "grant" || c.action === "create-account" || c.action === "enable-account" ? "-->" : c.action === "update-account" ? "-.->" : "--x";
    lines.push(`  ${from} ${arrow}|${mermaidLabel(ACTION_LABELS[c.action])}| ${to}`);
  }
  lines.push("```");
  return lines.join("\n");
}

