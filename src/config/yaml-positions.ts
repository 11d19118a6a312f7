import type { PathSegment } from "../model/located.js";

/**
 * Where each node of a document starts, shaped like the document while it is read: a number for a
 * scalar or alias (the end of a path), an object for a mapping or sequence. `pack` then turns it
 * into the form documents keep (PackedPositions).
 */
export type Positions = number | MapPositions | SeqPositions;
export interface MapPositions { at: number; keys: unknown[]; keyAt: number[]; values: (Positions | undefined)[] }
export interface SeqPositions { at: number; items: (Positions | undefined)[] }
/** Stands for a key that is not a scalar: no path segment can name it. */
export const NOT_A_SCALAR = Symbol("not a scalar key");

/**
 * The positions of a file's documents as they are kept: every mapping and sequence of every
 * document in one Int32Array, the mappings' key lists shared with every mapping that has the same
 * keys. They are kept for every document of the repository so that any later stage can cite
 * file:line:col; as objects (a list of key offsets and one of children per mapping) they took
 * 1.3 KB of each NHI document, about as much as its values: a quarter of a gigabyte at 200k NHIs.
 *
 * Layout of a node at offset o: data[o] its kind (MAP or SEQ), data[o + 1] its offset in the text,
 * data[o + 2] its number of entries n; then a mapping has data[o + 3], the index of its key list in
 * `keys`, and n pairs (key offset, child); a sequence n children. A child is -1 for none, an offset
 * in `data` (>= 0) for a mapping or sequence, or -2 - at for a scalar that starts at `at`.
 */
export interface PackedPositions { data: Int32Array; keys: readonly (readonly unknown[])[] }
/** A document's root in its file's packed positions, encoded as a child is (-1 for an empty document). */
export type DocumentRoot = number;

const MAP = 1;
const SEQ = 2;
const NONE = -1;

function packedSize(p: MapPositions | SeqPositions): number {
  return "keys" in p ? 4 + 2 * p.keys.length : 3 + p.items.length;
}

/**
 * The packed positions of a file's documents, and each document's root in them. Breadth first, with
 * a queue: no recursion grows with the documents.
 */
export function pack(documents: readonly (Positions | undefined)[]): { packed: PackedPositions; roots: DocumentRoot[] } {
  const data: number[] = [];
  const keys: (readonly unknown[])[] = [];
  const queue: (MapPositions | SeqPositions)[] = [];
  let end = 0;
  // Containers are laid out in the order they are queued, each right after the one before: data grows by push.
  const child = (p: Positions | undefined): number => {
    if (p === undefined) return NONE;
    if (typeof p === "number") return -2 - p;
    queue.push(p);
    const at = end;
    end += packedSize(p);
    return at;
  };
  const roots = documents.map(child);
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]!;
    if ("keys" in node) {
      data.push(MAP, node.at, node.keys.length, keys.push(sharedKeys(node.keys)) - 1);
      for (let i = 0; i < node.keys.length; i++) data.push(node.keyAt[i]!, child(node.values[i]));
    } else {
      data.push(SEQ, node.at, node.items.length);
      for (let i = 0; i < node.items.length; i++) data.push(child(node.items[i]));
    }
  }
  return { packed: { data: Int32Array.from(data), keys }, roots };
}

/** Offset in the text of the value at `path`, or of its nearest existing ancestor (`Document.getIn`'s walk). */
export function valueOffset(packed: PackedPositions, root: DocumentRoot, path: readonly PathSegment[]): number {
  // Walk down as far as the path exists: a missing key is reported at its parent.
  for (let depth = path.length; depth > 0; depth--) {
    const node = getIn(packed, root, path, depth);
    if (node !== NONE) return offsetOf(packed, node);
  }
  return offsetOf(packed, root);
}

/** Offset in the text of the key at `path` (where an unknown key is reported); the value's when its parent is not a mapping. */
export function keyOffset(packed: PackedPositions, root: DocumentRoot, path: readonly PathSegment[]): number {
  const parent = path.length > 1 ? getIn(packed, root, path, path.length - 1) : root;
  const { data } = packed;
  if (parent >= 0 && data[parent] === MAP) {
    const names = packed.keys[data[parent + 3]!]!;
    const last = path[path.length - 1];
    for (let i = 0; i < names.length; i++) if (names[i] === last) return data[parent + 4 + 2 * i]!;
    return data[parent + 1]!;
  }
  return valueOffset(packed, root, path);
}

function offsetOf(packed: PackedPositions, node: number): number {
  if (node === NONE) return 0;
  if (node < NONE) return -2 - node;
  return packed.data[node + 1]!;
}

/** The node at the first `depth` segments of `path`, following only mappings and sequences; NONE if there is none. */
function getIn(packed: PackedPositions, root: DocumentRoot, path: readonly PathSegment[], depth: number): number {
  let node = root;
  for (let i = 0; i < depth; i++) {
    if (node < 0) return NONE;
    node = childAt(packed, node, path[i]!);
  }
  return node;
}

/** `Collection.get(segment, true)`: a mapping compares scalar keys by value, a sequence takes an index. */
function childAt(positions: PackedPositions, node: number, segment: PathSegment): number {
  const { data } = positions;
  const n = data[node + 2]!;
  if (data[node] === MAP) {
    const names = positions.keys[data[node + 3]!]!;
    for (let i = 0; i < n; i++) if (names[i] === segment) return data[node + 5 + 2 * i]!;
    return NONE;
  }
  let index: unknown = segment;
  if (index && typeof index === "string") index = Number(index);
  return typeof index === "number" && Number.isInteger(index) && index >= 0 && index < n ? data[node + 3 + index]! : NONE;
}

// Key lists repeat: the documents of one kind have the same keys. Shared, a key list is one list
// for thousands of mappings; past MAX_SHARED_KEY_LISTS distinct lists, lists are copied but no
// longer remembered, so that the table stays small whatever the repository.

/** Distinct key lists shared so far; past this many, lists are copied but no longer shared. */
const MAX_SHARED_KEY_LISTS = 10_000;
const sharedKeyLists = new Map<string, readonly unknown[]>();

function sharedKeys(keys: readonly unknown[]): readonly unknown[] {
  if (!keys.every((k) => typeof k === "string")) return keys.slice();
  const id = keys.join("\u0000");
  const had = sharedKeyLists.get(id);
  if (had) return had;
  const copy = keys.slice();
  if (sharedKeyLists.size < MAX_SHARED_KEY_LISTS) sharedKeyLists.set(id, copy);
  return copy;
}
