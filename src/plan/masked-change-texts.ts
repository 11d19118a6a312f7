// A change's prose — its reason, and what it takes for good (`lost`) — quotes names that anyone
// with access to a target or source chooses: a deploy key's title, a token grant's name, a group's
// displayName. A token pasted into one reached the PR comment, the sync PR and the step summary
// whole (rv66 1), and the JSON plan and the journal kept it. Such a value is hidden in a change's
// prose as it is in findings (maskSecretShapes: "(a value not shown: it looks like a secret, …)").
// So is what a change only shows the reviewer: an attribute's `from` (what the target holds now)
// and a mover's `move` (what the sources said before and say now). Apply never writes either; it
// writes each attribute's `to`, which the planner never makes of a secret-shaped value
// (account-attributes.ts). Masked here, before the fingerprint, a plan stays the same run to run.
// The change's other data (ids, credentials, logins) is left as it is: apply carries it out.
import type { AttributeChange, Change } from "../model/change.js";
import { maskSecretShapes } from "../model/secret-shapes.js";

/** `c` with its reason, `lost`, attributes' `from` and `move` masked; `c` itself when none holds a secret-shaped value. */
export function maskChangeTexts(c: Change): Change {
  const reason = maskSecretShapes(c.reason);
  const lost = c.lost?.map(maskSecretShapes);
  const lostSame = lost === undefined || lost.every((l, i) => l === c.lost![i]);
  const attributes = c.attributes && maskedValues(c.attributes, false);
  const move = c.move && maskedValues(c.move, true);
  if (reason === c.reason && lostSame && attributes === c.attributes && move === c.move) return c;
  return { ...c, reason, ...(lost !== undefined ? { lost } : {}), ...(attributes ? { attributes } : {}), ...(move ? { move } : {}) };
}

/** The values with `from` masked, and `to` too where `bothSides` (a move); the same object when nothing was hidden. */
function maskedValues(values: Record<string, AttributeChange>, bothSides: boolean): Record<string, AttributeChange> {
  let out: Record<string, AttributeChange> | undefined;
  for (const [name, v] of Object.entries(values)) {
    const from = v.from === null ? null : maskSecretShapes(v.from);
    const to = bothSides && v.to !== null ? maskSecretShapes(v.to) : v.to;
    if (from === v.from && to === v.to) continue;
    (out ??= { ...values })[name] = { from, to };
  }
  return out ?? values;
}
