// The head's "⚠️ This pull request changes the controls": the guard rails a pull request changes
// (plan/control-findings.ts), one line each with where it writes them. In the head, as a list cut
// to its share of a budgeted comment's room (head-lists.ts), never only a file name in the collapsed
// diff at the foot: a reviewer who approves "the plan" approves it, and the pull requests after it,
// under these controls.
import { append } from "../../model/append.js";
import type { Plan } from "../plan.js";
import { CONTROLS_CHANGED_RULE } from "../control-findings.js";
import { mdCode, mdText } from "./escape.js";
import { count } from "./fit-table.js";
import type { HeadLayout } from "./head-lists.js";

/** The block's lines for the head, none when the plan changes no control. */
export function controlsBlock(plan: Plan, layout: HeadLayout): string[] {
  const controls = plan.findings.filter((f) => f.rule === CONTROLS_CHANGED_RULE).map((f) => `- ${mdText(f.message, 600)}${f.location ? ` (${mdCode(f.location)})` : ""}`);
  if (controls.length === 0) return [];
  const cut = (shown: number, where: string): string => `- ✂️ ${count(controls.length - shown)} more change${controls.length - shown === 1 ? "" : "s"} of the controls not shown here; each is a \`${CONTROLS_CHANGED_RULE}\` finding in ${where}`;
  const lines = ["### ⚠️ This pull request changes the controls", ""];
  append(lines, layout.fit({ name: "controls", lines: controls, separator: 1, cut }));
  lines.push("");
  return lines;
}
