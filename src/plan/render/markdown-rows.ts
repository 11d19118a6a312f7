// One table row per change or finding, every source string escaped. The full comment and the
// budgeted one (comment-budget.ts) share these, so a row reads the same in both.
import type { Change } from "../../model/change.js";
import type { Finding } from "../../model/finding.js";
import { showUnseen } from "../../model/unseen-chars.js";
import type { Plan } from "../plan.js";
import { mdCode, mdText, mdTextExact } from "./escape.js";
import { readAlike } from "../../model/alike-text.js";
import { loginForReview } from "../../model/look-alike-logins.js";
import { ACTION_LABELS, loginShown, ORIGIN_LABELS } from "./labels.js";
import { isLong, wordDiff } from "./value-diff.js";

const SEVERITY_ICON = { error: "⛔", warning: "⚠️", info: "ℹ️" } as const;

export const FINDING_COLUMNS = "| severity | rule | identity | finding | where | controls |\n|---|---|---|---|---|---|";

export function findingRow(f: Finding): string {
  return `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${mdCode(f.rule)} | ${f.identity ? mdText(loginForReview(f.identity)) : ""} | ${mdText(f.message, 400)}${f.remediation ? `<br>**Fix:** ${mdText(f.remediation, 300)}` : ""} | ${f.location ? mdText(f.location) : ""} | ${(f.controls ?? []).map((c) => mdText(c)).join(", ")} |`;
}

export const CHANGE_COLUMNS = "| action | identity | what | origin | why |\n|---|---|---|---|---|";
/** The same with the target first: for lists that cross targets (this PR's, privileged). */
export const TARGET_CHANGE_COLUMNS = "| target | action | identity | what | origin | why |\n|---|---|---|---|---|---|";

export function changeRow(c: Change, withTarget = false): string {
  // An entitlement name that reads as an ASCII one shows its code points (loginForReview): in <code>
  // its letters are entities, which GitHub renders as the look-alike glyph.
  const what = c.entitlement ? mdCode(loginForReview(c.entitlement)) : c.credential ? `credential ${mdCode(c.credential)}` : c.attributes ? Object.entries(c.attributes).map(([k, v]) => `${mdText(k)}: ${attributeChange(v.from, v.to)}`).join("<br>") : "";
  return `|${withTarget ? ` ${mdText(c.target)} |` : ""} ${c.privileged ? "🔐 " : ""}${ACTION_LABELS[c.action]} | ${mdText(loginForReview(c.identity))}${loginShown(c) ? ` (login ${mdCode(loginForReview(c.login!))})` : ""} | ${what} | ${ORIGIN_LABELS[c.origin]}${c.move ? " (mover)" : ""} | ${mdText(c.reason, 300)} |`;
}

/** Short values as "from → to"; long ones as a word diff (<del>/<ins>), every part escaped. */
function attributeChange(from: string | null, to: string | null): string {
  // Values that read alike (they differ in tabs or line breaks, which a cell shows as spaces, in a
  // no-break space, a combining accent, a compatibility form, a Cyrillic "і" for an "i") show what
  // differs as code points; one value alone that reads as ASCII, with its code points (loginForReview).
  if (from !== null && to !== null && readAlike(from, to)) return `${mdTextExact(from, 60)} → ${mdTextExact(to, 60)}`;
  if (from !== null && to !== null && isLong(from, to)) {
    return wordDiff(from, to, { removed: (x) => `<del>${mdText(loginForReview(x), 300)}</del>`, added: (x) => `<ins>${mdText(loginForReview(x), 300)}</ins>`, same: (x) => mdText(loginForReview(x), 120) });
  }
  return `${from === null ? "∅" : mdText(loginForReview(from), 60)} → ${to === null ? "∅" : mdText(loginForReview(to), 60)}`;
}

/** Each target's changes in plan order, for the targets that have any, in the plan's target order. */
export function changesByTarget(plan: Plan): Map<string, Change[]> {
  const byTarget = new Map<string, Change[]>(Object.keys(plan.targets).map((t) => [t, []]));
  for (const c of plan.changes) byTarget.get(c.target)?.push(c);
  for (const [t, list] of byTarget) if (list.length === 0) byTarget.delete(t);
  return byTarget;
}

export function exceptionsSection(plan: Plan): string {
  const rows = plan.exceptions.map((e) => `| ${mdCode(e.rule)} | ${mdText(loginForReview(e.identity))} | ${mdText(e.message, 300)} | ${mdText(e.ticket)}, approved by ${mdText(e.approver)} | ${mdText(e.expiresAt)} | ${mdText(e.at)} |`);
  return [`<details><summary><b>Exceptions in force</b> (${plan.exceptions.length})</summary>`, "", "| rule | identity | finding set aside | ticket | expires | where |", "|---|---|---|---|---|---|", ...rows, "", "</details>"].join("\n");
}

/**
 * The YAML this PR changes, as a diff block. The fence is longer than any backtick run in the
 * patch, so no line of a file can close it and inject Markdown.
 */
export function desiredStateSection(diffs: NonNullable<Plan["desiredStateDiff"]>): string {
  const parts = diffs.map((d) => {
    let longest = 2;
    for (const m of d.patch.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
    const fence = "`".repeat(longest + 1);
    // Inside a code block nothing links or mentions; bidi and invisible characters still mislead.
    return [`${mdCode(d.file)}`, "", `${fence}diff`, d.patch.split("\n").map(showUnseen).join("\n"), fence].join("\n");
  });
  return [`<details><summary><b>Desired state changed by this PR</b> (${diffs.length} file${diffs.length === 1 ? "" : "s"})</summary>`, "", ...parts, "", "</details>"].join("\n");
}
