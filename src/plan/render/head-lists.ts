// The lists in the comment's head grow with the organisation: a row of counts per target, a
// target's state, a blocked reason per target and safety limit, a change of the controls, a
// reviewer per approval, an override per target and limit, a line per source export the pull
// request edits. With a hundred targets they alone can fill a comment (300 safety overrides after a
// reduction in force), and what a reviewer must see (this PR's own changes, error findings,
// privileged changes) would have no room left. So a budgeted comment gives each list a share of its
// room: a list past its share shows its first lines and then one line that counts the rest and says
// where the whole list is. The whole comment shows every line.
import type { Plan } from "../plan.js";
import { count } from "./fit-table.js";

export type HeadListName = "targets" | "target-state" | "blocked" | "controls" | "approvals" | "overrides" | "exports";

export interface HeadList {
  name: HeadListName;
  /** The list's lines (or items of one line), in order, already escaped. */
  lines: string[];
  /** Characters the head adds to each line when it joins them ("\n", or " · "). */
  separator: number;
  /** The line that stands for lines[shown..]: how many were left out, and where they are (`where`). */
  cut: (shown: number, where: string) => string;
}

/** How the head writes its lists: the blocked reasons to show, and each list whole or within its share. */
export interface HeadLayout {
  blocked: (plan: Plan) => string[];
  fit: (list: HeadList) => string[];
}

/**
 * Each list's share of a budgeted comment's room. Together they take at most half of it, so that
 * after the head there is always room for this PR's own changes, the error findings and the
 * privileged changes (at the very least the line that counts each).
 */
export const HEAD_SHARES: Readonly<Record<HeadListName, number>> = { targets: 1 / 8, "target-state": 1 / 16, blocked: 1 / 8, controls: 1 / 32, approvals: 1 / 32, overrides: 1 / 8, exports: 1 / 64 };

/**
 * The list's lines, whole when they fit in `room` characters; else as many leading lines as fit
 * with the cut line after them. The cut line is always kept: a list is never dropped silently.
 */
export function fitHeadList(list: HeadList, room: number, where: string): string[] {
  const cost = (line: string): number => line.length + list.separator;
  let used = 0;
  for (const line of list.lines) used += cost(line);
  if (used <= room) return list.lines;
  // The cut line's length depends on how many it counts: find the most leading lines that fit
  // with it, then step back while the cut line for that many does not.
  let shown = 0;
  used = 0;
  const longest = cost(list.cut(0, where));
  while (shown < list.lines.length && used + cost(list.lines[shown]!) + longest <= room) used += cost(list.lines[shown++]!);
  while (shown > 0 && used + cost(list.cut(shown, where)) > room) used -= cost(list.lines[--shown]!);
  return [...list.lines.slice(0, shown), list.cut(shown, where)];
}

/** "12 disables, 3 removals": how many of each kind, in the order first seen. */
export function countsByKind(kinds: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${count(n)} ${k}`).join(", ");
}
