// Which identities are renamed because their id looks like a secret, and to what (their anchor,
// shown-identity.ts). The new name must be no one else's: identities are one entry per id from
// here on (a Map in the planner, a line in the snapshot), and a reference names an id, so a
// second identity under the same name would replace the first without a word, and every manager
// or owner naming either would name whichever won. Rare (a login that is another person's anchor,
// "hr:w1"; two ids and anchors that are both keys, hidden as the same text), but then the run is
// refused: which of the two is right is not ours to guess.
import { ScopesyncError } from "./errors.js";
import type { Identity } from "./identity.js";
import { shownIdentity } from "./shown-identity.js";
import { unwritableShape } from "./unwritable-value.js";

/** Old id → the name it is shown under, for each identity whose id looks like a secret; empty for nearly every organisation. */
export function secretIdRenames(identities: readonly Identity[]): Map<string, string> {
  const renamed = new Map<string, string>();
  for (const i of identities) {
    const shown = shownIdentity(i.id, i.anchor);
    if (shown !== i.id) renamed.set(i.id, shown);
  }
  if (renamed.size > 0) refuseTakenNames(identities, renamed);
  return renamed;
}

/** Throws when two identities would have one name once renamed. */
function refuseTakenNames(identities: readonly Identity[], renamed: ReadonlyMap<string, string>): void {
  const byName = new Map<string, Identity>();
  for (const i of identities) {
    const name = renamed.get(i.id) ?? i.id;
    const other = byName.get(name);
    if (other === undefined) {
      byName.set(name, i);
      continue;
    }
    // The renamed one first: it is the one whose export holds the key.
    const [first, second] = renamed.has(other.id) ? [other, i] : [i, other];
    throw new ScopesyncError(`two identities would both be named "${name}": ${described(first, renamed)}, and ${described(second, renamed)}`, remedy(first, second, renamed));
  }
}

/** Who an identity is, by where its record or file is; a secret-shaped id only by its kind of secret. */
function described(i: Identity, renamed: ReadonlyMap<string, string>): string {
  const at = where(i);
  const place = at === undefined ? "" : ` (${at})`;
  if (!renamed.has(i.id)) return `the ${kindOf(i)} whose ${idWord(i)} is ${i.id}${place}`;
  const shownAs = unwritableShape(i.anchor) === undefined ? "under its anchor" : "as a text that hides it (its anchor looks like a secret too)";
  return `the ${kindOf(i)} anchored at ${i.anchor}${place}, whose ${idWord(i)} looks like a secret (${unwritableShape(i.id)}) and is shown ${shownAs}`;
}

function remedy(first: Identity, second: Identity, renamed: ReadonlyMap<string, string>): string {
  const keyAt = where(first) ?? `the record anchored at ${first.anchor}`;
  const keyFix = `if ${keyAt} holds a key where the ${idWord(first)} belongs, rotate the key and give that ${kindOf(first)} their ${idWord(first)} there`;
  if (renamed.has(second.id)) return `${keyFix}, and the same at ${where(second) ?? `the record anchored at ${second.anchor}`}`;
  return `${keyFix}; otherwise give the ${kindOf(second)} at ${where(second) ?? second.anchor} another ${idWord(second)} (no ${idWord(second)} may be another identity's anchor)`;
}

/** The file:line of its file (an NHI, an overlay), else the source row its login came from. */
function where(i: Identity): string | undefined {
  return i.definedAt ?? i.provenance.userName?.at;
}

function kindOf(i: Identity): string {
  return i.kind === "service-account" ? "service account" : i.kind;
}

function idWord(i: Identity): string {
  return i.kind === "person" ? "login" : "id";
}
