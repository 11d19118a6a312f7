// An identity id can be a secret: a person's id is their login, and a login can be an API key or
// an AWS secret access key pasted into HR's UserID column. Wherever such an id would be shown or
// written (a finding, a plan's change, the apply journal, the leavers report), the identity is
// named by its anchor ("hr:W1", the record HR's WorkerID gives it) instead: not secret, one per
// identity (two such leavers stay two), and a name explain and the reports take.
import { maskSecretShapes } from "./secret-shapes.js";
import { unwritableShape } from "./unwritable-value.js";

/** The name identity `id` (anchored at `anchor`) is shown and recorded under: its id, unless that looks like a secret. */
export function shownIdentity(id: string, anchor: string | undefined): string {
  if (unwritableShape(id) === undefined) return id;
  return anchor !== undefined && unwritableShape(anchor) === undefined ? anchor : maskSecretShapes(id);
}
