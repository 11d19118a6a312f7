// What is never written to an app: a value shaped like a secret, and the text that stands in for
// one. A snapshot (state/sources/) and a pulled state file are committed, so a secret-shaped value
// in them is hidden: the record holds "(a value not shown: it looks like a secret, GitHub token)"
// where the export held the token. That text is not the value: planned from the snapshot
// (plan --from-snapshots) it would replace a person's title with a sentence about a secret, or
// become a login. So the planner asks this of every value it would write, not hiddenSecretShape
// alone, and apply asks it again of every change before sending it (apply/unwritable-changes.ts).
import { hiddenQueryParam, hiddenSecretShape, NOT_SHOWN_HEAD } from "./secret-shapes.js";

/** No hidden value is shorter than its head and the shortest kind ("private key"). */
const SHORTEST_HIDDEN = NOT_SHOWN_HEAD.length + "private key)".length;

/**
 * The kind of secret the text stands for where it holds notShown's text ("GitHub token"), any
 * case: a hidden login is lower-cased as logins are. Undefined when it holds none.
 */
export function hiddenValueShape(text: string): string | undefined {
  if (text.length < SHORTEST_HIDDEN) return undefined;
  const at = text.toLowerCase().indexOf(NOT_SHOWN_HEAD.toLowerCase());
  if (at < 0) return undefined;
  const start = at + NOT_SHOWN_HEAD.length;
  const end = text.indexOf(")", start);
  return end < 0 ? undefined : text.slice(start, end);
}

/**
 * Why `text` must not be written to an app: the kind of secret it looks like (hiddenSecretShape),
 * or the kind of the secret a snapshot or state file hid in its place (a description, or a URL
 * whose `sig=` reads `***`); undefined when it may be.
 */
export function unwritableShape(text: string): string | undefined {
  return hiddenSecretShape(text) ?? hiddenValueShape(text) ?? hiddenQueryParam(text);
}
