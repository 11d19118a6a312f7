// The leavers report in Markdown, for the auditor and the security team. Every value from a source
// or a target (names, logins, reasons, errors) is untrusted text: mdText / mdCode escape it, as in
// the plan comment.
import type { LeaverEntry, LeaverNhi, LeaverOutstanding, LeaversReport, LeaverStep, LeaverTarget } from "../../model/leavers-report.js";
import { append } from "../../model/append.js";
import { unreadableLinesText } from "../../model/journal-lines.js";
import { mdCode, mdText } from "./escape.js";

export function renderLeaversMarkdown(r: LeaversReport): string {
  const inPeriod = r.leavers.filter((l) => l.placed === "in");
  const outside = r.leavers.filter((l) => l.placed !== "in");
  const others = outside.length > 0 ? ` and ${outside.length} from outside it with something outstanding` : "";
  const lines = [
    `# Leavers from ${r.period.since} to ${r.period.until}`,
    "",
    `${inPeriod.length} leaver${inPeriod.length === 1 ? "" : "s"} in the period${others}, ${r.outstanding === 0 ? "nothing outstanding" : `**${r.outstanding} outstanding**`}. From the apply journal ${mdCode(r.journal)} and the plan's view of each target at ${r.generatedAt}.`,
    ...journalWarnings(r),
  ];
  if (inPeriod.length === 0) lines.push("", "No one left in this period, and the journal records no offboarding in it.");
  for (const l of inPeriod) append(lines, ["", ...leaverLines(l)]);
  if (outside.length > 0) {
    append(lines, ["", "# Outstanding from outside the period", "", "Leavers whose offboarding is not done, whenever they left: the period chooses whose finished offboarding is shown, never hides one that is not."]);
    for (const l of outside) append(lines, ["", ...leaverLines(l)]);
  }
  return `${lines.join("\n")}\n`;
}

/** What the report could not read: said at its head, for it is what the rest rests on. */
function journalWarnings(r: LeaversReport): string[] {
  const out: string[] = [];
  if (r.journalMissing) out.push("", `⚠️ There is no file at ${mdCode(r.journal)}: no step apply recorded is shown, and anyone only the journal knows is missing. If apply wrote its journal elsewhere, name it with \`--journal FILE\`.`);
  if (r.journalUnreadable) out.push("", `⚠️ ${mdText(unreadableLinesText(r.journal, r.journalUnreadable))}: a step recorded there is missing below.`);
  return out;
}

function leaverLines(l: LeaverEntry): string[] {
  const out = [`## ${mdText(l.identity)}${l.outstanding > 0 ? ` ⚠️ ${l.outstanding} outstanding` : " ✅"}`, "", ...leftLines(l)];
  for (const t of l.targets) append(out, ["", ...targetLines(t)]);
  for (const n of l.nhis ?? []) append(out, ["", ...nhiLines(n)]);
  return out;
}

/** An NHI they owned: what of it still works, each a step for a person, or the exports that show it done. */
function nhiLines(n: LeaverNhi): string[] {
  const out = [`### NHI ${mdText(n.nhi)} (${mdText(n.kind)}, owned by them): ${n.outstanding.length > 0 ? `⚠️ ${n.outstanding.length} still working` : "✅ switched off"}`, "", `- offboarded: ${mdText(n.offboarded, 400)}`];
  if (n.outstanding.length > 0) {
    append(out, ["", "Outstanding (no plan revokes these; a person does):", ...n.outstanding.map((o) => `- ${mdText(o.credential)} in ${mdText(o.system)} still works: ${mdText(o.step, 600)} (${o.rules.map((r) => mdCode(r)).join(", ")})`)]);
    return out;
  }
  const shown = (n.shownBy ?? []).map((e) => ("file" in e ? `its file ${mdText(e.file)}` : `the export of ${mdCode(e.source)}${e.exportedAt ? ` at ${mdText(e.exportedAt)}` : " (its time unknown)"}`));
  out.push(`- nothing of it still works that the plan does not revoke${shown.length > 0 ? `, as ${shown.join(" and ")} shows` : ""}`);
  return out;
}

const PLACED: Record<Exclude<LeaverEntry["placed"], "in">, string> = {
  before: "left before the period, listed for what is still outstanding",
  after: "leaves after the period, listed for what is outstanding already",
  undated: "no termination date and no step in the journal: listed for what is outstanding",
};

function leftLines(l: LeaverEntry): string[] {
  const { left } = l;
  const out: string[] = [];
  if (l.status === "gone") out.push("- no source exports them any more: what is known comes from the journal");
  if (l.status === "returned") out.push("- the sources do not call them terminated now (they came back, or their login went to someone new): their leaving is shown from the journal, each target as it is now, and nothing is outstanding");
  if (l.placed !== "in") out.push(`- ${PLACED[l.placed]}`);
  const from = left.source ? ` (from ${mdText(left.source)}${left.record ? ` ${mdText(left.record)}` : ""})` : "";
  if (left.terminationDate) out.push(`- termination date: ${mdText(left.terminationDate)}${from}`);
  else if (l.status === "terminated") out.push(`- no termination date: status terminated${from}${left.firstSeenTerminated ? `; first seen terminated on ${mdText(left.firstSeenTerminated)}` : ""}`);
  if (left.reason) out.push(`- why: ${mdText(left.reason, 400)}`);
  out.push(left.firstStep ? `- first offboarding step: ${mdText(left.firstStep)}` : "- no offboarding step in the journal");
  return out;
}

function targetLines(t: LeaverTarget): string[] {
  const account = t.account ? `, account ${mdCode(t.account.login)} (id ${mdCode(t.account.id)}) ${t.account.active ? "**active**" : "disabled"}` : ", no account";
  const out = [`### ${mdText(t.target)}${t.view ? ` (${mdText(t.view)}${account})` : account}`, ""];
  if (t.configured === false) out.push("No target of scopesync.yaml has this name now (nor as a former name): scopesync can do nothing there, so a step that failed is not counted as outstanding. Check that system by hand.", "");
  if (t.steps.length === 0) out.push("No offboarding step in the journal.");
  else {
    out.push("| when | step | result | approval | journal |", "|---|---|---|---|---|");
    for (const s of t.steps) out.push(`| ${mdText(s.at)} | ${stepText(s)} | ${resultText(s)} | ${approval(s)} | ${mdText(s.line)}${s.recordedUnder ? ` (recorded under its former name ${mdText(s.recordedUnder)})` : ""} |`);
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
