// The PR comment of a plan too large for one comment. GitHub refuses bodies over 65,536
// characters, so the comment is filled by priority instead of cut from the end: what a reviewer
// must see to approve (this PR's own changes, error findings, privileged changes) first and in
// full when they fit, then counts (findings per rule and target), then a sample of each target's changes with
// what is left of the room shared equally. Every section that is cut says how many rows it left
// out and where the full list is: the plan JSON and SARIF the workflows upload.
import { cmp, type Finding, type Severity } from "../../model/finding.js";
import type { Plan } from "../plan.js";
import { mdCode, mdText } from "./escape.js";
import { count, fitTable, type FitTableInput } from "./fit-table.js";
import { renderNhiMarkdown } from "./nhi-report.js";
import { changeRow, changesByTarget, CHANGE_COLUMNS, desiredStateSection, exceptionsSection, FINDING_COLUMNS, findingRow, TARGET_CHANGE_COLUMNS } from "./markdown-rows.js";

export interface BudgetOptions {
  /** The comment's head (counts, origins, blocked, approvals), given how to list the blocked reasons. */
  head: (blocked: (plan: Plan) => string[]) => string;
  /** Characters the comment may use before its footer. */
  room: number;
  artifactUrl?: string;
}

/** The artifacts that hold every row, named as the workflows upload them. */
export function fullListPointer(artifactUrl?: string): string {
  const where = artifactUrl ? `[the workflow run](${artifactUrl})` : "the workflow run";
  return `the full list is in the plan JSON (\`scopesync-plan.json\`) and the SARIF (\`scopesync.sarif\`) attached to ${where}, or \`scopesync plan --format json\`.`;
}

export function budgetedComment(plan: Plan, options: BudgetOptions): string {
  const pointer = fullListPointer(options.artifactUrl);
  const errors = plan.findings.filter((f) => f.severity === "error");
  let body = options.head((p) => blockedLines(p, errors.length));
  body += `\n> ✂️ This plan does not fit in one comment. It shows this pull request's own changes, error findings and privileged changes first, then counts and a sample of each target's changes; each cut section says how many rows it left out. ${options.artifactUrl ? `[The full plan](${options.artifactUrl}) is attached to the workflow run.` : "The full plan is in the workflow run's artifacts."}\n`;
  // Each section in priority order; the room it may use leaves, for every section after it, the
  // one line that counts its rows, so a long first list cannot hide that the others exist.
  const sections: Array<{ render: (room: number) => string | undefined; fallback: string }> = [];
  const table = (input: FitTableInput): void => {
    sections.push({ render: (room) => fitTable(input, room)?.text, fallback: oneLine(input, pointer) });
  };
  const whole = (text: string, fallback: string): void => {
    sections.push({ render: (room) => (text.length <= room ? text : undefined), fallback });
  };
  const pr = plan.changes.filter((c) => c.origin === "pr");
  if (pr.length > 0) table({ title: `<b>Changes this pull request makes</b> (${count(pr.length)})`, open: true, columns: TARGET_CHANGE_COLUMNS, total: pr.length, row: (k) => changeRow(pr[k]!, true), pointer });
  if (errors.length > 0) table({ title: `<b>Error findings</b> (${count(errors.length)})`, open: true, columns: FINDING_COLUMNS, total: errors.length, row: (k) => findingRow(errors[k]!), pointer });
  // This PR's privileged changes are in its own list above.
  const privileged = plan.changes.filter((c) => c.privileged && c.origin !== "pr");
  if (privileged.length > 0) table({ title: `<b>Privileged changes</b>${pr.length > 0 ? " not made by this pull request" : ""} (${count(privileged.length)})`, open: true, columns: TARGET_CHANGE_COLUMNS, total: privileged.length, row: (k) => changeRow(privileged[k]!, true), pointer });
  if (plan.desiredStateDiff?.length) {
    const files = plan.desiredStateDiff.map((d) => mdCode(d.file));
    whole(desiredStateSection(plan.desiredStateDiff), `> ✂️ **Desired state changed by this PR**: ${files.length} file(s), too long for this comment: ${files.slice(0, 10).join(", ")}${files.length > 10 ? ", …" : ""}; the pull request's "Files changed" tab shows them.`);
  }
  if (plan.findings.length > 0) {
    const rows = findingsByRuleAndTarget(plan.findings);
    table({ title: `<b>Findings by rule and target</b> (${count(plan.findings.length)} findings: ${(["error", "warning", "info"] as const).map((s) => `${count(plan.findings.filter((f) => f.severity === s).length)} ${s}`).join(", ")})`, columns: "| severity | rule | target | findings |\n|---|---|---|--:|", total: rows.length, row: (k) => `| ${rows[k]!.severity} | ${mdCode(rows[k]!.rule)} | ${rows[k]!.target === undefined ? PLAN_WIDE : mdText(rows[k]!.target!)} | ${count(rows[k]!.n)} |`, pointer });
  }
  if (plan.exceptions.length > 0) whole(exceptionsSection(plan), `> ✂️ **Exceptions in force** (${count(plan.exceptions.length)}): too long for this comment; ${pointer}`);
  if (plan.nhi) whole(renderNhiMarkdown(plan.nhi), `> ✂️ **Non-human identities**: the inventory is too long for this comment; ${pointer}`);
  const firstSample = sections.length;
  for (const [target, list] of changesByTarget(plan)) {
    const n = list.filter((c) => c.privileged).length;
    table({ title: `<b>${mdText(target)}</b>: ${count(list.length)} change${list.length === 1 ? "" : "s"}${n ? `, ${count(n)} privileged` : ""}`, columns: CHANGE_COLUMNS, total: list.length, row: (i) => changeRow(list[i]!), pointer });
  }
  // Fallback lines of the sections after k, each with its "\n…\n" around it.
  const later = new Array<number>(sections.length + 1).fill(0);
  for (let k = sections.length - 1; k >= 0; k--) later[k] = later[k + 1]! + sections[k]!.fallback.length + 2;
  sections.forEach((section, k) => {
    let room = options.room - body.length - 2 - later[k + 1]!;
    // The samples share what is left equally; a target that needs less leaves more to the next.
    if (k >= firstSample) room = Math.floor((room + later[k + 1]!) / (sections.length - k)) - 0;
    const text = section.render(Math.max(room, 0)) ?? section.fallback;
    if (body.length + text.length + 2 + later[k + 1]! <= options.room) body += `\n${text}\n`;
  });
  return body;
}

/** Safety and lockout reasons in full (they are few, one per target and limit); error findings as a count. */
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
