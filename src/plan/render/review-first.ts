// What a reviewer must see to approve, before any other list: the changes this pull request makes,
// then the privileged changes it does not make (a source's, drift's, a policy's). Every layout puts
// them first and open (the whole comment, the budgeted one, the text plan), so a plan small enough
// for one comment never shows less than a large one: a pull request that makes a CI account org
// owner is one row in these lists, not row 23 of a collapsed target section after the findings.
import type { Change } from "../../model/change.js";
import type { Plan } from "../plan.js";
import { count, type FitTableInput } from "./fit-table.js";
import { changeRow, TARGET_CHANGE_COLUMNS } from "./markdown-rows.js";

export interface ReviewLists {
  /** The changes this pull request makes (origin `pr`), in plan order. */
  pr: Change[];
  /** The privileged changes of any other origin, in plan order: this PR's own are in `pr`. */
  privileged: Change[];
  /** What follows "Privileged changes" in its heading: that the PR's own are left out, when there are any. */
  notPr: string;
}

export function reviewLists(plan: Plan): ReviewLists {
  const pr: Change[] = [];
  const privileged: Change[] = [];
  for (const c of plan.changes) {
    if (c.origin === "pr") pr.push(c);
    else if (c.privileged) privileged.push(c);
  }
  return { pr, privileged, notPr: pr.length > 0 ? " not made by this pull request" : "" };
}

/** The two lists as open Markdown tables (undefined where a list is empty); `pointer` says where rows a cut table leaves out are. */
export function reviewTables(plan: Plan, pointer: string): { pr?: FitTableInput; privileged?: FitTableInput } {
  const { pr, privileged, notPr } = reviewLists(plan);
  const table = (title: string, list: Change[]): FitTableInput => ({ title: `${title} (${count(list.length)})`, open: true, columns: TARGET_CHANGE_COLUMNS, total: list.length, row: (k) => changeRow(list[k]!, true), pointer });
  return { ...(pr.length > 0 ? { pr: table("<b>Changes this pull request makes</b>", pr) } : {}), ...(privileged.length > 0 ? { privileged: table(`<b>Privileged changes</b>${notPr}`, privileged) } : {}) };
}
