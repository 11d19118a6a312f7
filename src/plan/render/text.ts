import { acceptedGates } from "./accepted-gates.js";
import type { Change } from "../../model/change.js";
import { keptPrivilegeNote } from "./kept-privilege.js";
import { ACTIONS } from "../../model/change.js";
import type { Plan } from "../plan.js";
import { describeAge } from "../state-age.js";
import { termText, termTextExact } from "./escape.js";
import { readAlike } from "../../model/alike-text.js";
import { loginForReview } from "../../model/look-alike-logins.js";
import { ACTION_LABELS, loginShown, ORIGIN_LABELS } from "./labels.js";
import { isLong, wordDiff } from "./value-diff.js";
import { reviewLists } from "./review-first.js";

const SIGN: Record<Change["action"], string> = { "revoke-credential": "-", revoke: "-", "disable-account": "-", "delete-account": "-", "create-account": "+", "enable-account": "+", "update-account": "~", grant: "+" };

export interface TextOptions {
  color: boolean;
  drift?: boolean;
}

/**
 * Plain-text plan for the terminal: readable without colour; colour only when `color` is set.
 * `drift` renders the same data as a drift report: no review verdict, since nobody reviews it.
 */
export function renderText(plan: Plan, options: TextOptions): string {
  return `${renderTextLines(plan, options).join("\n")}\n`;
}

/**
 * renderText's text a block at a time (a line, a change's lines, a file's diff), each with its line
 * break: a plan of a million changes is longer than one string can be (cli/print-pieces.ts), and
 * a text is cut, printed and redacted between blocks only, never inside one.
 */
export function* renderTextPieces(plan: Plan, options: TextOptions): Generator<string> {
  for (const line of renderTextLines(plan, options)) yield `${line}\n`;
}

/** The text as blocks of lines: what must be redacted whole is in one block (renderTextPieces). */
function renderTextLines(plan: Plan, options: TextOptions): string[] {
  const c = colours(options.color);
  const lines: string[] = [];
  const total = plan.changes.length;
  lines.push(c.bold(`scopesync ${options.drift ? "drift" : "plan"} for ${termText(plan.organisation)} at ${plan.generatedAt}`));
  lines.push(summaryLine(plan, total));
  // What a reviewer must see to approve comes first, as in the PR comment (review-first.ts): the
  // same change once more under its target below, where it reads among that target's changes.
  const review = reviewLists(plan);
  for (const [title, list] of [["This pull request's changes", review.pr], [`Privileged changes${review.notPr}`, review.privileged]] as const) {
    if (list.length === 0) continue;
    lines.push("", c.bold(`${title} (${list.length})`));
    for (const ch of list) lines.push(changeLines(ch, c, true).join("\n"));
  }
  for (const target of Object.keys(plan.targets)) {
    const list = plan.changes.filter((x) => x.target === target);
    lines.push("", c.bold(`${target}`) + ` (${plan.targets[target]!.accounts} accounts, read from ${termText(plan.targets[target]!.readFrom)}, ${describeAge(plan.targets[target]!, plan.targets[target]!.readFrom)}): ${list.length} change${list.length === 1 ? "" : "s"}`);
    for (const ch of list) lines.push(changeLines(ch, c, false).join("\n"));
  }
  for (const d of plan.desiredStateDiff ?? []) {
    lines.push("", c.bold(`changed in this PR: ${termText(d.file)}`));
    // One block: a value the YAML wraps continues on the next line, where a secret in it is
    // found only when the lines are redacted together (model/echo-matcher.ts: a line break and
    // indentation between two characters of a secret).
    lines.push(d.patch.split("\n").map((l) => (l.startsWith("+") ? c.green(termText(l, 400)) : l.startsWith("-") ? c.red(termText(l, 400)) : c.dim(termText(l, 400)))).join("\n"));
  }
  if (plan.findings.length > 0) {
    lines.push("", c.bold(`Findings (${plan.findings.length})`));
    for (const f of plan.findings) {
      const paint = f.severity === "error" ? c.red : f.severity === "warning" ? c.yellow : c.dim;
      lines.push(paint(`  ${f.severity.padEnd(7)} ${termText(f.rule)}${f.identity ? ` ${termText(loginForReview(f.identity))}` : ""}: ${termText(f.message, 400)}`));
      if (f.location) lines.push(c.dim(`          at ${termText(f.location)}`));
      if (f.remediation) lines.push(c.dim(`          fix: ${termText(f.remediation, 400)}`));
    }
  }
  for (const e of plan.exceptions) lines.push("", `exception ${termText(e.ticket)} (approved by ${termText(e.approver)}, expires ${e.expiresAt}) sets aside ${e.rule} for ${termText(loginForReview(e.identity))}: ${termText(e.message, 300)}`);
  for (const a of plan.approvals) lines.push(`approval needed from ${termText(a.reviewer)} for ${a.changes} change${a.changes === 1 ? "" : "s"}`);
  for (const o of plan.overrides) lines.push("", `override used: ${o.target} ${o.limit} up to ${o.allow}${o.expiresAt ? ` until ${o.expiresAt}` : ""} (${termText(o.reason)})`);
  for (const f of acceptedGates(plan)) lines.push("", `gate accepted: ${termText(f.message, 600)}`);
  if (plan.blocked) lines.push("", c.red(c.bold("BLOCKED")));
  else lines.push("", ...(options.drift ? [] : [c.green("Plan is ready for review.")]));
  for (const r of plan.blockedReasons) lines.push(c.red(`  - ${termText(r, 600)}`));
  lines.push(`fingerprint ${plan.fingerprint}`);
  return lines;
}

/**
 * The line under the title. A blocked plan with no changes is not "every target matches": a failed
 * quality gate, for one, leaves the desired state unknown, so the line says the plan is blocked.
 * Nor is one where someone keeps privilege the policy does not manage (through a child team of a
 * team the last plan revoked, or a repository admin given by hand): what the policy manages
 * matches, and the line says what does not (kept-privilege.ts).
 */
function summaryLine(plan: Plan, total: number): string {
  const keeps = keptPrivilegeNote(plan);
  if (total === 0) return plan.blocked ? "No changes planned, and the plan is BLOCKED: the targets are not known to match the desired state (reasons at the end)." : `No changes. Every target matches the desired state${keeps}.`;
  const counts = `${total} change${total === 1 ? "" : "s"}: ${ACTIONS.filter((a) => plan.summary[a]).map((a) => `${plan.summary[a]} ${ACTION_LABELS[a]}`).join(", ")}`;
  return plan.blocked ? `${counts} (BLOCKED: reasons at the end)` : counts;
}

/**
 * One change as the text plan shows it: the action, who, what, origin, then its reason and
 * attribute changes; `withTarget` names its target (lists that cross targets). A mover's change is
 * marked `[mover]`, as the comment's origin cell says "(mover)": in the review-first lists a
 * department move's revoke otherwise reads as any other privileged revoke.
 */
function changeLines(ch: Change, c: Colours, withTarget: boolean): string[] {
  const lines: string[] = [];
  const sign = SIGN[ch.action];
  const paint = sign === "-" ? c.red : sign === "+" ? c.green : c.yellow;
  // An entitlement name that reads as an ASCII one (a Cyrillic "е" in "group:еveryone") reads as one
  // its holder may already have: shown with code points, as identities are (loginForReview).
  const what = [ch.entitlement !== undefined ? loginForReview(ch.entitlement) : undefined, ch.credential ? `credential ${ch.credential}` : undefined].filter(Boolean).join(" ");
  lines.push(paint(`  ${sign} ${ACTION_LABELS[ch.action].padEnd(17)} ${withTarget ? `${termText(ch.target)}: ` : ""}${termText(loginForReview(ch.identity))}${loginShown(ch) ? ` (login ${termText(loginForReview(ch.login!))})` : ""}${what ? ` ${termText(what)}` : ""}`) + (ch.privileged ? c.bold(" [privileged]") : "") + (ch.move ? " [mover]" : "") + c.dim(`  (${ORIGIN_LABELS[ch.origin]})`));
  lines.push(c.dim(`      ${termText(ch.reason, 400)}`));
  for (const [name, v] of Object.entries(ch.attributes ?? {})) {
    if (v.from !== null && v.to !== null && readAlike(v.from, v.to)) {
      // Values that read alike (a no-break space for a space, a decomposed accent, a Cyrillic "і" for an "i") show what differs as code points.
      lines.push(c.dim(`      ${termText(name)}: ${termTextExact(v.from)} → ${termTextExact(v.to)}`));
    } else if (v.from !== null && v.to !== null && isLong(v.from, v.to)) {
      lines.push(c.dim(`      ${termText(name)}: `) + wordDiff(v.from, v.to, { removed: (x) => c.red(`[-${termText(loginForReview(x), 400)}-]`), added: (x) => c.green(`{+${termText(loginForReview(x), 400)}+}`), same: (x) => c.dim(termText(loginForReview(x), 400)) }));
    } else {
      lines.push(c.dim(`      ${termText(name)}: ${v.from === null ? "(none)" : termText(loginForReview(v.from))} → ${v.to === null ? "(none)" : termText(loginForReview(v.to))}`));
    }
  }
  return lines;
}

type Colours = ReturnType<typeof colours>;

function colours(on: boolean) {
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap("31"), green: wrap("32"), yellow: wrap("33"), dim: wrap("2"), bold: wrap("1") };
}
