// A change's prose — its reason, and what it takes for good (`lost`) — quotes names that anyone
// with access to a target or source chooses: a deploy key's title, a token grant's name, a group's
// displayName. A token pasted into one reached the PR comment, the sync PR and the step summary
// whole (rv66 1), and the JSON plan and the journal kept it. Such a value is hidden in a change's
// prose as it is in findings (maskSecretShapes: "(a value not shown: it looks like a secret, …)").
// The change's data (ids, the attributes apply writes) is left as it is: apply carries it out.
import type { Change } from "../model/change.js";
import { maskSecretShapes } from "../model/secret-shapes.js";

/** `c` with its reason and `lost` masked; `c` itself when neither holds a secret-shaped value. */
export function maskChangeTexts(c: Change): Change {
  const reason = maskSecretShapes(c.reason);
  const lost = c.lost?.map(maskSecretShapes);
  const lostSame = lost === undefined || lost.every((l, i) => l === c.lost![i]);
  if (reason === c.reason && lostSame) return c;
  return { ...c, reason, ...(lost !== undefined ? { lost } : {}) };
}
