// The leavers report in Markdown, for the auditor and the security team. Every value from a source
// or a target (names, logins, reasons, errors) is untrusted text: mdText / mdCode escape it, as in
// the plan comment, and a name that reads as an ASCII one (a leaver, an account's login or id, an
// entitlement, an NHI or credential) is written with its code points, as the plan writes it
// (loginForReview): "revoke team:Рlatform" with a Cyrillic "Р" reads as the "team:Platform" one.
import { nhiOutstanding, type LeaverEntry, type LeaverNhi, type LeaverNhiOutstanding, type LeaverOutstanding, type LeaversReport, type LeaverStep, type LeaverTarget } from "../../model/leavers-report.js";
import { append } from "../../model/append.js";
import { unreadableLinesText } from "../../model/journal-lines.js";
import { mdCode, mdText } from "./escape.js";
import { loginForReview } from "../../model/look-alike-logins.js";
import { staleViewText } from "../stale-view.js";

export function renderLeaversMarkdown(r: LeaversReport): string {
  return [...leaversMarkdownPieces(r)].join("");
}

/**
 * The report's Markdown a block at a time (its head, then a leaver), each ending in a line break:
 * a mass offboarding's report may be longer than one string can be.
 */
export function* leaversMarkdownPieces(r: LeaversReport): Generator<string> {
  const inPeriod = r.leavers.filter((l) => l.placed === "in");
  const outside = r.leavers.filter((l) => l.placed !== "in");
  const others = outside.length > 0 ? ` and ${outside.length} from outside it with something outstanding` : "";
  const head = [
    `# Leavers from ${r.period.since} to ${r.period.until}${r.period.timeZone !== undefined ? ` (days of ${mdText(r.period.timeZone)})` : ""}`,
    "",
    `${inPeriod.length} leaver${inPeriod.length === 1 ? "" : "s"} in the period${others}, ${standing(r)}. From ${r.withoutJournal ? "no apply journal (`--without-journal`)" : `the apply journal ${mdCode(r.journal)}`} and the plan's view of each target at ${r.generatedAt}.`,
    ...headWarnings(r),
  ];
  if (inPeriod.length === 0) head.push("", "No one left in this period, and the journal records no offboarding in it.");
  yield `${head.join("\n")}\n`;
  for (const l of inPeriod) yield `\n${leaverLines(l).join("\n")}\n`;
  if (outside.length > 0) yield "\n# Outstanding from outside the period\n\nLeavers whose offboarding is not done, whenever they left: the period chooses whose finished offboarding is shown, never hides one that is not.\n";
  for (const l of outside) yield `\n${leaverLines(l).join("\n")}\n`;
}

/** The head's count: "nothing outstanding" only when nothing is outstanding, waived or unverified, every source passed its gates, and no leaver's offboarding waits on a missing journal. */
function standing(r: LeaversReport): string {
  const failing = r.sourcesFailingGates?.length ?? 0;
  const needed = r.journalNeeded?.length ?? 0;
  // Each leaver in journalNeeded counts one in `unverified`: the missing journal is said once, as the reason for those.
  const noJournal = needed === 0 ? "" : `${needed === r.unverified ? "" : `, ${needed} of them`}: no journal to show ${needed === 1 ? "1 leaver's" : `${needed} leavers'`} offboarding`;
  const parts = [...(r.outstanding > 0 ? [`**${r.outstanding} outstanding**`] : []), ...(r.waived > 0 ? [`**${r.waived} still working by exception**`] : []), ...(r.unverified > 0 ? [`**${r.unverified} unverified${noJournal}**`] : []), ...(failing > 0 ? [`**not complete: ${failing} source${failing === 1 ? "" : "s"} failed ${failing === 1 ? "its" : "their"} quality gates**`] : [])];
  return parts.length === 0 ? "nothing outstanding" : parts.join(", ");
}

/** What the report could not read or trust (the journal, a source failing its gates): said at its head, for it is what the rest rests on. */
function headWarnings(r: LeaversReport): string[] {
  const out: string[] = [];
  if (r.journalMissing) out.push("", `⚠️ There is no file at ${mdCode(r.journal)}: no step apply recorded is shown, and anyone only the journal knows is missing. If apply wrote its journal elsewhere, name it with \`--journal FILE\`.${r.journalNeeded ? ` Without it the report cannot show when, or on whose approval, ${r.journalNeeded.map((l) => mdText(loginForReview(l))).join(", ")} lost their access, so it is not complete; an installation that keeps no journal says so with \`--without-journal\`.` : ""}`);
  if (r.withoutJournal) out.push("", "No apply journal is kept (`--without-journal`): no step is shown, and each target's account as the plan's view shows it is the only evidence.");
  if (r.journalUnreadable) out.push("", `⚠️ ${mdText(unreadableLinesText(r.journal, r.journalUnreadable))}: a step recorded there is missing below.`);
  if (r.sourcesFailingGates) out.push("", `⚠️ ${r.sourcesFailingGates.map((s) => mdCode(s)).join(", ")} failed ${r.sourcesFailingGates.length === 1 ? "its" : "their"} quality gates (the plan's findings say which): ${r.sourcesFailingGates.length === 1 ? "it decides" : "they decide"} nothing about who left, so an NHI or a credential only ${r.sourcesFailingGates.length === 1 ? "its export" : "their exports"} would show may be missing below, and what ${r.sourcesFailingGates.length === 1 ? "it shows" : "they show"} is no evidence that anything is switched off. Nothing here is complete until ${r.sourcesFailingGates.length === 1 ? "it passes" : "they pass"}.`);
  return out;
}

function leaverLines(l: LeaverEntry): string[] {
  const counts = [...(l.outstanding > 0 ? [`${l.outstanding} outstanding`] : []), ...(l.waived ? [`${l.waived} by exception`] : []), ...(l.unverified ? [`${l.unverified} unverified`] : [])];
  const out = [`## ${mdText(loginForReview(l.identity))}${counts.length > 0 ? ` ⚠️ ${counts.join(", ")}` : " ✅"}`, "", ...leftLines(l)];
  // Counted in their `unverified` above: the head names them in its "no journal to show" count too.
  if (l.journalNeeded) out.push(`- unverified: ${mdText(l.journalNeeded, 600)}`);
  for (const t of l.targets) append(out, ["", ...targetLines(t)]);
  if (l.stillWorking) append(out, ["", "### Their credentials no target can revoke", "", "Outstanding (no plan revokes these; a person does):", ...l.stillWorking.map(workingLine)]);
  for (const n of l.nhis ?? []) append(out, ["", ...nhiLines(n)]);
  return out;
}

function workingLine(o: LeaverNhiOutstanding): string {
  return `- ${mdText(loginForReview(o.credential))} in ${mdText(o.system)} still works: ${mdText(o.step, 600)} (${o.rules.map((r) => mdCode(r)).join(", ")})`;
}

/** An NHI they owned: what of it still works, what is waived or unverified, its targets, or the exports that show it done. */
function nhiLines(n: LeaverNhi): string[] {
  const open = nhiOutstanding(n);
  const counts = [...(n.outstanding.length > 0 ? [`${n.outstanding.length} still working`] : []), ...(open > n.outstanding.length ? [`${open - n.outstanding.length} planned or failed`] : []), ...(n.waived ? [`${n.waived.length} by exception`] : []), ...(n.unverified ? [`${n.unverified.length} unverified`] : [])];
  const out = [`### NHI ${mdText(loginForReview(n.nhi))} (${mdText(n.kind)}, owned by them): ${counts.length > 0 ? `⚠️ ${counts.join(", ")}` : "✅ switched off"}`, "", `- offboarded: ${mdText(n.offboarded, 400)}`];
  if (n.present === false) out.push("- no file declares it and no export shows it now: only the last accepted snapshot knows it");
  if (n.outstanding.length > 0) append(out, ["", "Outstanding (no plan revokes these; a person does):", ...n.outstanding.map(workingLine)]);
  if (n.waived) append(out, ["", "Still working by exception (outstanding until it expires or is switched off):", ...n.waived.map((w) => `- ${mdText(loginForReview(w.credential))} in ${mdText(w.system)} still works, waived by exception ${mdText(w.exception.ticket)} (${mdText(w.exception.at)}, approved by ${mdText(w.exception.approver)}) until ${mdText(w.exception.expiresAt)}: ${mdText(w.step, 600)} (${w.rules.map((r) => mdCode(r)).join(", ")})`)]);
  if (n.unverified) append(out, ["", "Unverified (no export shows it now, so nothing says whether it still works there):", ...n.unverified.map((u) => `- ${mdCode(u.source)}: ${mdText(u.reason, 600)}`)]);
  for (const t of n.targets ?? []) append(out, ["", ...targetLines(t, "####")]);
  if (!n.shownBy) return out;
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
  // The journal records no kind and no owner (model/journal-record.ts): an NHI whose file was
  // removed is such a name too, and cannot be put under the leaver who owned it. Said, so that no
  // reader takes the owner's section for all they owned.
  if (l.status === "gone") out.push("- no source exports them and no file declares them any more: what is known comes from the journal, which records neither whether a name is a person or an NHI nor an NHI's owner. An NHI only the journal knows (its file removed, in no export or snapshot) is listed so, under its own name and without its owner: whoever owned it, their section does not show it.");
  if (l.status === "returned") out.push("- the sources do not call them terminated now (they came back, or their login went to someone new): their leaving is shown from the journal, each target as it is now, and nothing is outstanding");
  if (l.placed !== "in") out.push(`- ${PLACED[l.placed]}`);
  const from = left.source ? ` (from ${mdText(left.source)}${left.record ? ` ${mdText(loginForReview(left.record))}` : ""})` : "";
  if (left.terminationDate) out.push(`- termination date: ${mdText(left.terminationDate)}${from}`);
  else if (l.status === "terminated") out.push(`- no termination date: status terminated${from}${left.firstSeenTerminated ? `; first seen terminated on ${mdText(left.firstSeenTerminated)}` : ""}`);
  if (left.reason) out.push(`- why: ${mdText(left.reason, 400)}`);
  out.push(left.firstStep ? `- first offboarding step: ${mdText(left.firstStep)}` : "- no offboarding step in the journal");
  return out;
}

function targetLines(t: LeaverTarget, heading = "###"): string[] {
  // An owned NHI's target has no decision behind it, so no account is named: what is taken is.
  const account = t.account ? `, account ${mdCode(loginForReview(t.account.login))} (id ${mdCode(loginForReview(t.account.id))}) ${accountState(t.account.active)}` : heading === "###" ? ", no account" : "";
  const out = [`${heading} ${mdText(t.target)}${t.view ? ` (${mdText(t.view)}${account})` : account}`, ""];
  if (t.configured === false) out.push("No target of scopesync.yaml has this name now (nor as a former name): scopesync can do nothing there, so a step that failed is not counted as outstanding. Check that system by hand.", "");
  if (t.steps.length === 0) out.push("No offboarding step in the journal.");
  else {
    out.push("| when | step | result | approval | journal |", "|---|---|---|---|---|");
    for (const s of t.steps) out.push(`| ${mdText(s.at)} | ${stepText(s)} | ${resultText(s)} | ${approval(s)} | ${mdText(s.line)}${s.recordedUnder ? ` (recorded under its former name ${mdText(s.recordedUnder)})` : ""} |`);
  }
  if (t.outstanding.length > 0) append(out, ["", "Outstanding:", ...t.outstanding.map((o) => `- ${outstandingText(o)}`)]);
  return out;
}

/** Active or disabled as the view shows it; unknown for an account only the plan's changes name (model/leavers-report.ts). */
function accountState(active: boolean | undefined): string {
  return active === undefined ? "(named by the plan's changes)" : active ? "**active**" : "disabled";
}

function stepText(s: Pick<LeaverStep, "action" | "entitlement" | "credential">): string {
  const on = s.entitlement ?? s.credential;
  return `${mdText(s.action)}${on !== undefined ? ` ${mdCode(loginForReview(on))}` : ""}`;
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
  if (o.kind === "unverified") return `unverified: ${staleViewText(o, mdText)}`;
  if (o.kind === "unconfirmed") return `${stepText(o)}: done at ${mdText(o.at)} (${mdText(o.line)}), after the state was read${o.readAt ? ` (at ${mdText(o.readAt)})` : ""}, and no later line takes it away: the state cannot show it gone (scopesync state pull reads the target now)`;
  return `account ${mdCode(loginForReview(o.login))} (id ${mdCode(loginForReview(o.account))}) is still active, and nothing disables it: ${mdText(o.decision, 400)}`;
}
