// The PR comment of a plan too large for one comment. GitHub refuses bodies over 65,536 characters,
// so the comment is filled by priority instead of cut from the end. The head's lists (counts per
// target, blocked reasons, changes of the controls, approvals, overrides) keep to their shares of
// the room (head-lists.ts); then what a reviewer must see to approve (this PR's own changes, error
// findings, privileged changes) first and in full when they fit, then counts (findings per rule and
// target), then a sample of each target's changes with what is left of the room shared equally.
// Every section or list that is cut says how many rows it left out and where the full list is: the
// plan JSON the workflows upload. A section with no room even for that line is named in
// one closing line: nothing is dropped without a word.
import { cmp, type Finding, type Severity } from "../../model/finding.js";
import type { Plan } from "../plan.js";
import { mdCode, mdText } from "./escape.js";
import { count, firstRowRoom, fitTable, type FitTableInput } from "./fit-table.js";
import { fitHeadList, HEAD_SHARES, type HeadLayout } from "./head-lists.js";
import { renderNhiMarkdown } from "./nhi-report.js";
import { changeRow, changesByTarget, CHANGE_COLUMNS, desiredStateSection, exceptionsSection, FINDING_COLUMNS, findingRow } from "./markdown-rows.js";
import { reviewTables } from "./review-first.js";

export interface BudgetOptions {
  /** The comment's head (counts, origins, blocked, controls changed, approvals, overrides), given how to lay out its lists. */
  head: (layout: HeadLayout) => string;
  /** Characters the comment may use before its footer. */
  room: number;
  artifactUrl?: string;
}

/**
 * The artifact that holds every row, named as the workflows upload it. Not the SARIF: it holds
 * no changes, and of a plan this large maybe not every finding (sarif-budget.ts).
 */
export function fullListPointer(artifactUrl?: string): string {
  return `the full list is in ${planJsonPointer(artifactUrl)}`;
}

/** Where the head's lists are whole: the plan JSON (the SARIF has no blocked reasons or overrides). */
export function planJsonPointer(artifactUrl?: string): string {
  const where = artifactUrl ? `[the workflow run](${artifactUrl})` : "the workflow run";
  return `the plan JSON (\`scopesync-plan.json\`) attached to ${where}, or \`scopesync plan --format json\`.`;
}

/** The most the closing line that names the sections left out may take ("\n…\n" included). */
const LEFT_OUT_ROOM = 1_000;

interface Section {
  render: (room: number) => string | undefined;
  /** One line: the section's count and where its rows are (a sample has none: the head counts its target). */
  fallback?: string;
  /** How the closing line names it when it is left out. */
  label: string;
  /** This PR's own changes, error findings, privileged changes: their fallback is always kept. */
  must?: boolean;
  /** A target's sample: the samples share the room left equally, and one with no row is left out. */
  sample?: boolean;
  /** The least room in which it shows a row. */
  minimum?: number;
}

export function budgetedComment(plan: Plan, options: BudgetOptions): string {
  const pointer = fullListPointer(options.artifactUrl);
  const errors = plan.findings.filter((f) => f.severity === "error");
  const sections = budgetSections(plan, errors, pointer);
  const notice = `\n> ✂️ This plan does not fit in one comment. It shows this pull request's own changes, error findings and privileged changes first, then counts and a sample of each target's changes; each cut section or list says how many rows it left out. ${options.artifactUrl ? `[The full plan](${options.artifactUrl}) is attached to the workflow run.` : "The full plan is in the workflow run's artifacts."}\n`;
  // What each section must leave for those after it: the later must-sections' fallback lines, and
  // either every other later fallback line (when they are short and no sample follows) or the
  // closing line that names what was left out. So a long first list never hides the others, and
  // a section is never dropped without a line.
  const cost = (s: Section): number => (s.fallback === undefined ? LEFT_OUT_ROOM : s.fallback.length + 2);
  const later = new Array<number>(sections.length + 1).fill(0);
  const laterMust = new Array<number>(sections.length + 1).fill(0);
  for (let k = sections.length - 1; k >= 0; k--) {
    later[k] = later[k + 1]! + cost(sections[k]!);
    laterMust[k] = laterMust[k + 1]! + (sections[k]!.must ? cost(sections[k]!) : 0);
  }
  // The head's lists each keep to a share of the room (head-lists.ts), together under half of it,
  // which leaves the must-sections' lines room after any head. In a room too small even for that,
  // each list is only the line that counts it.
  const where = planJsonPointer(options.artifactUrl);
  const head = (scale: number): string => options.head({ blocked: (p) => blockedLines(p, errors.length), fit: (list) => fitHeadList(list, Math.floor(options.room * HEAD_SHARES[list.name] * scale), where) }) + notice;
  let body = head(1);
  if (body.length + laterMust[0]! + LEFT_OUT_ROOM > options.room) body = head(0);
  const leftOut: Section[] = [];
  sections.forEach((section, k) => {
    const others = later[k + 1]! - laterMust[k + 1]!;
    const reserve = laterMust[k + 1]! + (leftOut.length > 0 ? LEFT_OUT_ROOM : Math.min(others, LEFT_OUT_ROOM));
    const free = options.room - body.length - 2 - reserve;
    // The samples share what is left equally; a target that needs less leaves more to the next.
    // When the equal share is too small for a single row, the targets in plan order each take the
    // room for one row while it lasts, rather than leaving it to the last targets.
    const share = Math.floor((options.room - body.length - LEFT_OUT_ROOM) / (sections.length - k)) - 2;
    const room = section.sample ? Math.min(free, Math.max(share, section.minimum ?? 0)) : free;
    // A must-section's fallback always fits: the head's lists keep to their shares, the sections
    // before it to what they leave.
    const fallback = section.fallback !== undefined && (section.must || section.fallback.length <= free) ? section.fallback : undefined;
    const text = section.render(Math.max(room, 0)) ?? fallback;
    if (text === undefined) leftOut.push(section);
    else body += `\n${text}\n`;
  });
  if (leftOut.length > 0) body += `\n${leftOutLine(leftOut, pointer)}\n`;
  return body;
}

/** Every section of a budgeted comment, in priority order. */
function budgetSections(plan: Plan, errors: readonly Finding[], pointer: string): Section[] {
  const sections: Section[] = [];
  const table = (input: FitTableInput, must = false): void => {
    sections.push({ render: (room) => fitTable(input, room)?.text, fallback: oneLine(input, pointer), label: input.title.replace(/<\/?b>/g, "**"), must });
  };
  const whole = (text: string, fallback: string, label: string): void => {
    sections.push({ render: (room) => (text.length <= room ? text : undefined), fallback, label });
  };
  // The same two tables the whole comment opens with (review-first.ts), error findings between them.
  const review = reviewTables(plan, pointer);
  if (review.pr) table(review.pr, true);
  if (errors.length > 0) table({ title: `<b>Error findings</b> (${count(errors.length)})`, open: true, columns: FINDING_COLUMNS, total: errors.length, row: (k) => findingRow(errors[k]!), pointer }, true);
  if (review.privileged) table(review.privileged, true);
  if (plan.desiredStateDiff?.length) {
    const files = plan.desiredStateDiff.map((d) => mdCode(d.file));
    whole(desiredStateSection(plan.desiredStateDiff), `> ✂️ **Desired state changed by this PR**: ${files.length} file(s), too long for this comment: ${files.slice(0, 10).join(", ")}${files.length > 10 ? ", …" : ""}; the pull request's "Files changed" tab shows them.`, `**Desired state changed by this PR** (${files.length} file(s))`);
  }
  if (plan.findings.length > 0) {
    const rows = findingsByRuleAndTarget(plan.findings);
    table({ title: `<b>Findings by rule and target</b> (${count(plan.findings.length)} findings: ${(["error", "warning", "info"] as const).map((s) => `${count(plan.findings.filter((f) => f.severity === s).length)} ${s}`).join(", ")})`, columns: "| severity | rule | target | findings |\n|---|---|---|--:|", total: rows.length, row: (k) => `| ${rows[k]!.severity} | ${mdCode(rows[k]!.rule)} | ${rows[k]!.target === undefined ? PLAN_WIDE : mdText(rows[k]!.target!)} | ${count(rows[k]!.n)} |`, pointer });
  }
  if (plan.exceptions.length > 0) whole(exceptionsSection(plan), `> ✂️ **Exceptions in force** (${count(plan.exceptions.length)}): too long for this comment; ${pointer}`, `**Exceptions in force** (${count(plan.exceptions.length)})`);
  if (plan.nhi) whole(renderNhiMarkdown(plan.nhi), `> ✂️ **Non-human identities**: the inventory is too long for this comment; ${pointer}`, "**Non-human identities**");
  // A target whose sample has no room is named in the closing line, not given a line of its own:
  // the head's table already counts its changes, and a hundred such lines would crowd out samples.
  for (const [target, list] of changesByTarget(plan)) {
    const n = list.filter((c) => c.privileged).length;
    const input: FitTableInput = { title: `<b>${mdText(target)}</b>: ${count(list.length)} change${list.length === 1 ? "" : "s"}${n ? `, ${count(n)} privileged` : ""}`, columns: CHANGE_COLUMNS, total: list.length, row: (i) => changeRow(list[i]!), pointer };
    const render = (room: number): string | undefined => {
      const fitted = fitTable(input, room);
      return fitted && fitted.shown > 0 ? fitted.text : undefined;
    };
    sections.push({ render, label: `**${mdText(target)}** (${count(list.length)} change${list.length === 1 ? "" : "s"})`, sample: true, minimum: firstRowRoom(input) });
  }
  return sections;
}

/**
 * The closing line for the sections that had no room even for their own line: it names as many as
 * fit in LEFT_OUT_ROOM and counts the rest, so nothing leaves the comment without a word.
 */
function leftOutLine(leftOut: readonly Section[], pointer: string): string {
  const n = leftOut.length;
  const head = leftOut.every((s) => s.sample) ? `> ✂️ No room left in this comment for a sample of the changes of ${count(n)} more target${n === 1 ? "" : "s"} (the table at the top counts them)` : `> ✂️ No room left in this comment for ${count(n)} more section${n === 1 ? "" : "s"}`;
  const tail = (rest: number): string => `${rest > 0 && rest < leftOut.length ? `; and ${count(rest)} more` : ""}; ${pointer}`;
  const names: string[] = [];
  for (const s of leftOut) {
    const next = `: ${[...names, s.label].join("; ")}`;
    if (head.length + next.length + tail(leftOut.length - names.length - 1).length + 2 > LEFT_OUT_ROOM) break;
    names.push(s.label);
  }
  return `${head}${names.length > 0 ? `: ${names.join("; ")}` : ""}${tail(leftOut.length - names.length)}`;
}

/** Error findings as a count (they have their own section), then the safety and lockout reasons; the head bounds them to their share. */
function blockedLines(plan: Plan, errors: number): string[] {
  // buildPlan lists one reason per error finding first, then the safety and lockout reasons.
  const others = plan.blockedReasons.slice(errors).map((r) => `- ${mdText(r, 600)}`);
  return [...(errors > 0 ? [`- ${count(errors)} error finding${errors === 1 ? "" : "s"}: listed under **Error findings** below`] : []), ...others];
}

/** A section that has no room for even one row: its count, and where its rows are. */
function oneLine(input: FitTableInput, pointer: string): string {
  return `> ✂️ ${input.title.replace(/<\/?b>/g, "**")}: none of the ${count(input.total)} row${input.total === 1 ? "" : "s"} fit in this comment; ${pointer}`;
}

/** The target cell of a plan-wide finding's row (sources, rules over identities): it has no target. */
const PLAN_WIDE = "—";

interface FindingCount {
  severity: Severity;
  rule: string;
  target: string | undefined;
  n: number;
}

/** Findings counted per severity, rule and target: in the findings' order, a rule's plan-wide row first, then its targets by name. */
function findingsByRuleAndTarget(findings: readonly Finding[]): FindingCount[] {
  const counts = new Map<string, FindingCount>();
  for (const f of findings) {
    const key = `${f.severity}\u0000${f.rule}\u0000${f.target ?? ""}`;
    const entry = counts.get(key);
    if (entry) entry.n++;
    else counts.set(key, { severity: f.severity, rule: f.rule, target: f.target, n: 1 });
  }
  // Findings are sorted by severity, then rule (compareFindings), and within a rule by identity:
  // the rows keep the first order and put a rule's targets in order, its plan-wide row first.
  const rows = [...counts.values()];
  const ruleOrder = new Map<string, number>();
  for (const r of rows) if (!ruleOrder.has(`${r.severity}\u0000${r.rule}`)) ruleOrder.set(`${r.severity}\u0000${r.rule}`, ruleOrder.size);
  return rows.sort((a, b) => ruleOrder.get(`${a.severity}\u0000${a.rule}`)! - ruleOrder.get(`${b.severity}\u0000${b.rule}`)! || cmp(a.target ?? "", b.target ?? ""));
}
