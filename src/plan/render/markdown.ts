import type { Change } from "../../model/change.js";
import { ACTIONS } from "../../model/change.js";
import type { Plan } from "../plan.js";
import { showUnseen } from "../../model/unseen-chars.js";
import { describeAge } from "../state-age.js";
import { mdCode, mdText, mermaidLabel } from "./escape.js";
import { renderNhiMarkdown } from "./nhi-report.js";
import { ACTION_LABELS, ORIGIN_LABELS } from "./labels.js";
import { isLong, wordDiff } from "./value-diff.js";
import { append } from "../../model/append.js";

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
 * The PR comment: counts first, what blocks, findings, then one collapsed section per target with
 * privileged changes marked. Every string that can come from a source is escaped. When the body
 * would pass GitHub's limit, whole sections are dropped from the end and a pointer is left.
 */
export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  const head: string[] = [COMMENT_MARKER, `## scopesync plan: ${plan.blocked ? "⛔ blocked" : plan.changes.length === 0 ? "✅ no changes" : "✅ ready for review"}`, ""];
  head.push(summaryTable(plan), "");
  const byOrigin = (["pr", "source", "drift", "policy"] as const).map((o) => [o, plan.changes.filter((c) => c.origin === o).length] as const).filter(([, n]) => n > 0);
  head.push(`Target state: ${Object.entries(plan.targets).map(([t, v]) => `**${mdText(t)}** ${mdText(v.readFrom)}, ${describeAge(v, v.readFrom)}`).join(" · ")}`, "");
  if (byOrigin.length > 0) head.push(`Where the changes come from: ${byOrigin.map(([o, n]) => `**${n}** ${ORIGIN_LABELS[o]}`).join(" · ")}`, "");
  const privileged = plan.changes.filter((c) => c.privileged);
  if (privileged.length > 0) head.push(`🔐 **${privileged.length} privileged change${privileged.length === 1 ? "" : "s"}**: ${privileged.filter((c) => c.action === "grant").length} grant(s), ${privileged.filter((c) => c.action === "revoke").length} revocation(s)`, "");
  if (plan.blocked) {
    append(head, ["### ⛔ Blocked", "", ...plan.blockedReasons.map((r) => `- ${mdText(r, 600)}`), ""]);
  }
  if (plan.approvals.length > 0) {
    append(head, ["### Approvals needed", "", ...plan.approvals.map((a) => `- ${mdCode(a.reviewer)}: ${a.changes} change${a.changes === 1 ? "" : "s"}`), ""]);
  }
  for (const o of plan.overrides) head.push(`> Safety override in use: **${mdText(o.target)}** ${o.limit} up to ${o.allow}: ${mdText(o.reason)}`, "");

  const sections: string[] = [];
  if (plan.findings.length > 0) sections.push(findingsSection(plan));
  if (plan.exceptions.length > 0) sections.push(exceptionsSection(plan));
  // NHI inventory (issue 17): its own renderer, one section.
  if (plan.nhi) sections.push(renderNhiMarkdown(plan.nhi));
  if (plan.desiredStateDiff?.length) sections.push(desiredStateSection(plan.desiredStateDiff));
  if (plan.changes.length > 0 && plan.changes.length <= MERMAID_MAX_CHANGES) sections.push(mermaid(plan.changes));
  for (const target of Object.keys(plan.targets)) {
    const list = plan.changes.filter((c) => c.target === target);
    if (list.length > 0) sections.push(targetSection(target, list));
  }
  const foot = ["", `Fingerprint: \`${plan.fingerprint}\` · generated ${plan.generatedAt}${plan.base ? ` · base ${mdCode(plan.base)}` : ""}`];

  let body = head.join("\n");
  const footText = foot.join("\n");
  let dropped = 0;
  for (const s of sections) {
    const room = limit - body.length - footText.length - 400; // keep room for the cut notice
    if (dropped === 0 && s.length + 2 <= room) body += `\n${s}\n`;
    else dropped++;
  }
  if (dropped > 0) {
    body += `\n> ✂️ ${dropped} section${dropped === 1 ? "" : "s"} did not fit in one comment. ${options.artifactUrl ? `[The full plan](${options.artifactUrl}) is attached to the workflow run.` : "Download the full plan from the workflow run's artifacts."}\n`;
  }
  return `${body}${footText}\n`;
}

function summaryTable(plan: Plan): string {
  const cols = ACTIONS.filter((a) => plan.summary[a]);
  if (cols.length === 0) return "No changes: every target matches the desired state.";
  const rows = Object.keys(plan.targets).map((t) => {
    const list = plan.changes.filter((c) => c.target === t);
    return `| ${mdText(t)} | ${cols.map((a) => list.filter((c) => c.action === a).length || "").join(" | ")} | ${list.length} |`;
  });
  const total = `| **total** | ${cols.map((a) => `**${plan.summary[a]}**`).join(" | ")} | **${plan.changes.length}** |`;
  return [`| target | ${cols.map((a) => ACTION_LABELS[a]).join(" | ")} | all |`, `|---|${cols.map(() => "--:").join("|")}|--:|`, ...rows, total].join("\n");
}

function findingsSection(plan: Plan): string {
  const icon = { error: "⛔", warning: "⚠️", info: "ℹ️" } as const;
  const counts = (["error", "warning", "info"] as const).map((s) => `${plan.findings.filter((f) => f.severity === s).length} ${s}`).join(", ");
  const rows = plan.findings.map((f) => `| ${icon[f.severity]} ${f.severity} | ${mdCode(f.rule)} | ${f.identity ? mdText(f.identity) : ""} | ${mdText(f.message, 400)}${f.remediation ? `<br>**Fix:** ${mdText(f.remediation, 300)}` : ""} | ${f.location ? mdText(f.location) : ""} | ${(f.controls ?? []).map((c) => mdText(c)).join(", ")} |`);
  return [`<details${plan.findings.some((f) => f.severity === "error") ? " open" : ""}><summary><b>Findings</b> (${counts})</summary>`, "", "| severity | rule | identity | finding | where | controls |", "|---|---|---|---|---|---|", ...rows, "", "</details>"].join("\n");
}

function exceptionsSection(plan: Plan): string {
  const rows = plan.exceptions.map((e) => `| ${mdCode(e.rule)} | ${mdText(e.identity)} | ${mdText(e.message, 300)} | ${mdText(e.ticket)}, approved by ${mdText(e.approver)} | ${mdText(e.expiresAt)} | ${mdText(e.at)} |`);
  return [`<details><summary><b>Exceptions in force</b> (${plan.exceptions.length})</summary>`, "", "| rule | identity | finding set aside | ticket | expires | where |", "|---|---|---|---|---|---|", ...rows, "", "</details>"].join("\n");
}

function targetSection(target: string, list: Change[]): string {
  const privileged = list.filter((c) => c.privileged).length;
  const rows = list.map((c) => {
    const what = c.entitlement ? mdCode(c.entitlement) : c.credential ? `credential ${mdCode(c.credential)}` : c.attributes ? Object.entries(c.attributes).map(([k, v]) => `${mdText(k)}: ${attributeChange(v.from, v.to)}`).join("<br>") : "";
    return `| ${c.privileged ? "🔐 " : ""}${ACTION_LABELS[c.action]} | ${mdText(c.identity)} | ${what} | ${ORIGIN_LABELS[c.origin]}${c.move ? " (mover)" : ""} | ${mdText(c.reason, 300)} |`;
  });
  return [`<details><summary><b>${mdText(target)}</b>: ${list.length} change${list.length === 1 ? "" : "s"}${privileged ? `, ${privileged} privileged` : ""}</summary>`, "", "| action | identity | what | origin | why |", "|---|---|---|---|---|", ...rows, "", "</details>"].join("\n");
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
    const from = node(c.identity);
    const to = node(c.entitlement ? `${c.target} ${c.entitlement}` : c.target);
    const arrow = c.action === "grant" || c.action === "create-account" || c.action === "enable-account" ? "-->" : c.action === "update-account" ? "-.->" : "--x";
    lines.push(`  ${from} ${arrow}|${mermaidLabel(ACTION_LABELS[c.action])}| ${to}`);
  }
  lines.push("```");
  return lines.join("\n");
}

/** Short values as "from → to"; long ones as a word diff (<del>/<ins>), every part escaped. */
function attributeChange(from: string | null, to: string | null): string {
  if (from !== null && to !== null && isLong(from, to)) {
    return wordDiff(from, to, { removed: (x) => `<del>${mdText(x, 300)}</del>`, added: (x) => `<ins>${mdText(x, 300)}</ins>`, same: (x) => mdText(x, 120) });
  }
  return `${from === null ? "∅" : mdText(from, 60)} → ${to === null ? "∅" : mdText(to, 60)}`;
}

/**
 * The YAML this PR changes, as a diff block. The fence is longer than any backtick run in the
 * patch, so no line of a file can close it and inject Markdown.
 */
function desiredStateSection(diffs: NonNullable<Plan["desiredStateDiff"]>): string {
  const parts = diffs.map((d) => {
    let longest = 2;
    for (const m of d.patch.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
    const fence = "`".repeat(longest + 1);
    // Inside a code block nothing links or mentions; bidi and invisible characters still mislead.
    return [`${mdCode(d.file)}`, "", `${fence}diff`, d.patch.split("\n").map(showUnseen).join("\n"), fence].join("\n");
  });
  return [`<details><summary><b>Desired state changed by this PR</b> (${diffs.length} file${diffs.length === 1 ? "" : "s"})</summary>`, "", ...parts, "", "</details>"].join("\n");
}
