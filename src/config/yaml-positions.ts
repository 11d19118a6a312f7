import type { PathSegment } from "../model/located.js";

/**
 * Where each node of a document starts, shaped like the document so that a path can be followed
 * through it exactly as `Document.getIn(path, true)` follows it through the syntax tree: a number
 * for a scalar or alias (the end of a path), an object for a mapping or sequence.
 */
export type Positions = number | MapPositions | SeqPositions;
export interface MapPositions { at: number; keys: unknown[]; keyAt: number[]; values: (Positions | undefined)[] }
export interface SeqPositions { at: number; items: (Positions | undefined)[] }
/** Stands for a key that is not a scalar: no path segment can name it. */
export const NOT_A_SCALAR = Symbol("not a scalar key");

export function offsetOf(p: Positions | undefined): number {
  return p === undefined ? 0 : typeof p === "number" ? p : p.at;
}

/** `Collection.get(segment, true)`: a mapping compares scalar keys by value, a sequence takes an index. */
function child(p: Positions | undefined, segment: PathSegment): Positions | undefined {
  if (p === undefined || typeof p === "number") return undefined;
  if ("keys" in p) {
    for (let i = 0; i < p.keys.length; i++) if (p.keys[i] === segment) return p.values[i];
    return undefined;
  }
  let index: unknown = segment;
  if (index && typeof index === "string") index = Number(index);
  return typeof index === "number" && Number.isInteger(index) && index >= 0 ? p.items[index] : undefined;
}

/** Follows `path` as `Document.getIn(path, true)` does: only through mappings and sequences. */
function getIn(root: Positions | undefined, path: readonly PathSegment[]): Positions | undefined {
  let p = root;
  for (let i = 0; i < path.length; i++) {
    if (p === undefined || typeof p === "number") return undefined;
    p = child(p, path[i]!);
  }
  return p;
}

export function nodeAt(root: Positions | undefined, path: readonly PathSegment[]): Positions | undefined {
  // Walk down as far as the path exists: a missing key is reported at its parent.
  for (let depth = path.length; depth > 0; depth--) {
    const node = getIn(root, path.slice(0, depth));
    if (node !== undefined) return node;
  }
  return root;
}

export function keyAt(root: Positions | undefined, path: readonly PathSegment[]): number {
  const parent = path.length > 1 ? getIn(root, path.slice(0, -1)) : root;
  const last = path[path.length - 1];
  if (parent !== undefined && typeof parent !== "number" && "keys" in parent) {
    for (let i = 0; i < parent.keys.length; i++) if (parent.keys[i] === last) return parent.keyAt[i]!;
    return parent.at;
  }
  return offsetOf(nodeAt(root, path));
}

// Compact positions. A list built by push() keeps room for 17 entries, whatever it holds: three
// such lists per mapping made a document's positions several times its values (at 1M identities,
// 200k NHI documents held about 400 MB of empty list slots). Sealed positions hold exact copies,
// and the key lists, which documents of one kind repeat, are shared.

/** Distinct key lists shared so far; past this many, lists are copied but no longer shared. */
const MAX_SHARED_KEY_LISTS = 10_000;
const sharedKeyLists = new Map<string, readonly unknown[]>();

function sharedKeys(keys: readonly unknown[]): unknown[] {
  if (!keys.every((k) => typeof k === "string")) return keys.slice();
  const id = keys.join("\u0000");
  const had = sharedKeyLists.get(id);
  // Read-only by contract: positions are followed, never edited.
  if (had) return had as unknown[];
  const copy = keys.slice();
  if (sharedKeyLists.size < MAX_SHARED_KEY_LISTS) sharedKeyLists.set(id, copy);
  return copy;
}

/** The mapping's positions in exactly sized lists, its keys shared with mappings that have the same. */
export function sealMap(p: MapPositions): MapPositions {
  return { at: p.at, keys: sharedKeys(p.keys), keyAt: p.keyAt.slice(), values: p.values.slice() };
}

/** The sequence's positions in an exactly sized list. */
export function sealSeq(p: SeqPositions): SeqPositions {
  return { at: p.at, items: p.items.slice() };
}
