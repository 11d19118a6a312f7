// V8 builds a template literal or `+` of 13 characters or more as a rope: one 32-byte ConsString per
// piece, which stays a rope for as long as nothing reads it whole. Record positions ("hr.csv row 12
// (line 13)"), file positions and anchors are made once per record and kept by its identity for the
// whole plan (provenance, anchors): as ropes each took 192 bytes of heap, joined 56 (measured on a
// million positions), and at a million identities that is hundreds of megabytes. Array join writes
// one sequential string.

/** The parts as one flat string: for texts kept per record or per identity. */
export function joined(...parts: (string | number)[]): string {
  return parts.join("");
}

/**
 * The same text in a sequential string of its own, for a text kept for the whole plan:
 * - a field of a large export, kept after the export's text is done with: V8 cuts a substring of
 *   13 characters or more as a view into its parent (a SlicedString), so one kept field holds the
 *   whole file's text. An IAM credential report's user and ARN, kept by every discovered NHI, held
 *   the whole report (198 MB at 880,000 rows); copied, a 17,600-row organisation's identities took
 *   34.0 MB of heap instead of 37.2;
 * - a text built from a template literal (a rule's message): a rope of a ConsString per piece.
 *   On Node.js 20 reading it whole flattens it in place, but a rope that has lived through a
 *   collection keeps its 32-byte ConsString in front of the flat text; on Node.js 22 and 24 it
 *   stays nearly the rope's size. Copied, it is a flat string of its own on each. A finding's
 *   message of ~140 characters in six pieces took 353 bytes of heap as a rope and 144 copied on
 *   Node.js 20, 22 and 24; read whole in place, 176 on Node.js 20, 341 and 339 on 22 and 24
 *   (200,000 messages).
 * Joining two parts writes a new sequential string.
 */
export function copied(text: string): string {
  return text.length < 13 ? text : [text.slice(0, 1), text.slice(1)].join("");
}
