// The leavers report in Markdown, for the auditor and the security team. Every value from a source
// or a target (names, logins, reasons, errors) is untrusted text: mdText / mdCode escape it, as in
// the plan comment.
import type { LeaverEntry, LeaverOutstanding, LeaversReport, LeaverStep, LeaverTarget } from "../../model/leavers-report.js";
import { append } from "../../model/append.js";
import { mdCode, mdText } from "./escape.js";

export function renderLeaversMarkdown(r: LeaversReport): string {
  const lines = [
    `# Leavers from ${r.period.since} to ${r.period.until}`,
    "",
    `${r.leavers.length} leaver${r.leavers.length === 1 ? "" : "s"}, ${r.outstanding === 0 ? "nothing outstanding" : `**${r.outstanding} outstanding**`}. From the apply journal ${mdCode(r.journal)} and the plan's view of each target at ${r.generatedAt}.`,
  ];
  if (r.leavers.length === 0) lines.push("", "No one left in this period, and the journal records no offboarding in it.");
  for (const l of r.leavers) append(lines, ["", ...leaverLines(l)]);
  return `${lines.join("\n")}\n`;
}

function leaverLines(l: LeaverEntry): string[] {
  const out = [`## ${mdText(l.identity)}${l.outstanding > 0 ? ` ⚠️ ${l.outstanding} outstanding` : " ✅"}`, "", ...leftLines(l)];
  for (const t of l.targets) append(out, ["", ...targetLines(t)]);
  return out;
}

function leftLines(l: LeaverEntry): string[] {
  const { left } = l;
  const out: string[] = [];
  if (l.status === "gone") out.push("- no source exports them any more: what is known comes from the journal");
  if (left.terminationDate) out.push(`- termination date: ${mdText(left.terminationDate)}${left.source ? ` (from ${mdText(left.source)}${left.record ? ` ${mdText(left.record)}` : ""})` : ""}`);
  else if (left.source) out.push(`- status from ${mdText(left.source)}${left.record ? ` ${mdText(left.record)}` : ""}`);
  if (left.reason) out.push(`- why: ${mdText(left.reason, 400)}`);
  out.push(left.firstStep ? `- first offboarding step: ${mdText(left.firstStep)}` : "- no offboarding step in the journal");
  return out;
}

function targetLines(t: LeaverTarget): string[] {
  const account = t.account ? `, account ${mdCode(t.account.login)} (id ${mdCode(t.account.id)}) ${t.account.active ? "**active**" : "disabled"}` : ", no account";
  const out = [`### ${mdText(t.target)}${t.view ? ` (${mdText(t.view)}${account})` : account}`, ""];
  if (t.steps.length === 0) out.push("No offboarding step in the journal.");
  else {
    out.push("| when | step | result | approval | journal |", "|---|---|---|---|---|");
    for (const s of t.steps) out.push(`| ${mdText(s.at)} | ${stepText(s)} | ${resultText(s)} | ${approval(s)} | ${mdText(s.line)} |`);
  }
  if (t.outstanding.length > 0) append(out, ["", "Outstanding:", ...t.outstanding.map((o) => `- ${outstandingText(o)}`)]);
  return out;
}

function stepText(s: Pick<LeaverStep, "action" | "entitlement" | "credential">): string {
  const on = s.entitlement ?? s.credential;
  return `${mdText(s.action)}${on !== undefined ? ` ${mdCode(on)}` : ""}`;
}

function resultText(s: LeaverStep): string {
  const said = s.result === "unchanged" ? "applied (already in place)" : s.result === "applied" ? "applied" : `**${s.result}**`;
  return s.error && s.result !== "applied" ? `${said}: ${mdText(s.error)}` : said;
}

function approval(s: LeaverStep): string {
  if (s.review === "reviewed") {
    const merged = s.commit ? `, merged in ${mdCode(s.commit.slice(0, 12))}${s.pr !== undefined ? ` (PR #${s.pr})` : ""}` : "";
    return `reviewed plan ${mdCode(s.fingerprint ?? "?")}${merged}`;
  }
  if (s.review === "unreviewed-revocation") return `unreviewed revocation${s.why ? `: ${mdText(s.why)}` : ""}`;
  if (s.review === "auto-approved") return "auto-approved (no reviewed plan)";
  return "not recorded";
}

function outstandingText(o: LeaverOutstanding): string {
  if (o.kind === "planned") return `${stepText(o)}: planned, not applied: ${mdText(o.reason, 400)}${o.lastAttempt ? `; last attempt ${mdText(o.lastAttempt, 400)}` : ""}`;
  if (o.kind === "failed") return `${stepText(o)}: ${mdText(o.result)} at ${mdText(o.at)}${o.error ? `: ${mdText(o.error, 400)}` : ""} (${mdText(o.line)}), and no later line records it done`;
  return `account ${mdCode(o.login)} (id ${mdCode(o.account)}) is still active, and nothing disables it: ${mdText(o.decision, 400)}`;
}
