// What the daily sync says of the revocations a blocked plan's reasons held back: whose offboarding
// waits, on which target, and which reason holds it (apply/blocked-hold.ts). The pull request and
// the step summary carry the same list; the journal has each as a `skipped` line.
import { mdText } from "../plan/render/escape.js";
import { ACTION_LABELS } from "../plan/render/labels.js";
import type { HeldRevocation } from "./apply-reviewed.js";

/** Rows past this are in the journal and the run's log only: the pull request's body has a size limit. */
const MAX_ROWS = 200;

/** The change in words: "revoke team:security on github (login hsato-sec)". */
export function heldChange(h: HeldRevocation): string {
  return `${ACTION_LABELS[h.action]}${h.entitlement ? ` ${h.entitlement}` : ""} on ${h.target}${h.login !== undefined ? ` (login ${h.login})` : ""}`;
}

/** One log line per held revocation, for the run's log. */
export function heldLogLines(held: readonly HeldRevocation[]): string[] {
  return held.map((h) => `held back: ${h.identity}: ${heldChange(h)}, by: ${h.reasons.join("; ")}`);
}

/** The Markdown table of the held revocations, by identity; empty when there are none. */
export function heldMarkdown(held: readonly HeldRevocation[]): string[] {
  if (held.length === 0) return [];
  const rows = [...held].sort((a, b) => cmp(a.identity, b.identity) || cmp(a.target, b.target) || cmp(heldChange(a), heldChange(b)));
  const shown = rows.slice(0, MAX_ROWS);
  return [
    `#### ${held.length} revocation(s) held back by the plan's blocked reasons`,
    "",
    "Each waits for the reason that holds it to be fixed (the reason says how); every other revocation was applied. The journal has each as a `skipped` line.",
    "",
    "| Identity | Change | Held back by |",
    "|---|---|---|",
    ...shown.map((h) => `| ${mdText(h.identity)} | ${mdText(heldChange(h))} | ${mdText(h.reasons.join("; "), 600)} |`),
    ...(rows.length > shown.length ? ["", `_${rows.length - shown.length} more are in the sync run's log and in the journal._`] : []),
    "",
  ];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
