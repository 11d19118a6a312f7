import { flatRecordJson, followsInOrder, hasToJson, isArrayIndexKey } from "./flat-record-json.js";

/**
 * JSON with object keys sorted at every level and no undefined values: the same data always gives
 * the same bytes, which plan fingerprints and reviewable snapshots depend on.
 */
export function canonicalJson(value: unknown, indent = 2): string {
  return JSON.stringify(inKeyOrder(value), null, indent);
}

/**
 * The text of canonicalJson(value, indent) in pieces: the containers of the first `splitDepth`
 * levels are written a key or an element at a time, everything below them by canonicalJson.
 * Joined, the pieces are canonicalJson's text byte for byte. A plan of a million changes is
 * longer than the longest string V8 can make, so it can only be written this way. With an
 * indent, every piece after the first begins with "," or a line break (never inside a string),
 * so a writer may cut between any two pieces. The depth is a constant, not the data's: no
 * recursion here grows with the input. `value` must have JSON (not undefined or a function).
 */
export function* canonicalJsonPieces(value: unknown, indent = 2, splitDepth = 2): Generator<string> {
  // JSON.stringify indents by 10 spaces at most: the split levels indent as the levels below them.
  yield* pieces(value, " ".repeat(Math.max(0, Math.min(10, indent))), splitDepth, "", "");
}

/** `${canonicalJson(value)}\n`, a command's JSON output, in canonicalJsonPieces' pieces. */
export function* canonicalJsonFilePieces(value: unknown): Generator<string> {
  yield* canonicalJsonPieces(value, 2, 2);
  yield "\n";
}

function* pieces(value: unknown, unit: string, depth: number, margin: string, prefix: string): Generator<string> {
  if (depth === 0 || !value || typeof value !== "object") {
    // As JSON.stringify in a list: an element JSON cannot hold is null.
    yield prefix + (leaf(value, unit, margin) ?? "null");
    return;
  }
  const list = Array.isArray(value);
  const inner = margin + unit;
  const newline = unit ? "\n" : "";
  const open = `${prefix}${list ? "[" : "{"}`;
  let count = 0;
  if (list) {
    for (let k = 0; k < value.length; k++) yield* pieces(value[k], unit, depth - 1, inner, `${count++ > 0 ? "," : open}${newline}${inner}`);
  } else {
    for (const key of canonicalKeys(value)) {
      const v = (value as Record<string, unknown>)[key];
      // JSON.stringify leaves out a key whose value JSON cannot hold.
      if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
      yield* pieces(v, unit, depth - 1, inner, `${count++ > 0 ? "," : open}${newline}${inner}${JSON.stringify(key)}:${unit ? " " : ""}`);
    }
  }
  const close = list ? "]" : "}";
  yield count === 0 ? open + close : `${newline}${margin}${close}`;
}

/** canonicalJson of a value below the split levels, its lines after the first moved to `margin`. */
function leaf(value: unknown, unit: string, margin: string): string | undefined {
  // A flat record (a finding) in one pass; anything else as JSON.stringify of a sorted copy (a
  // general one-pass writer in JavaScript was slower than these two native passes: 2.3 s against
  // 1.8 s for the half a million findings of a 176k-NHI plan).
  const flat = flatRecordJson(value, unit, margin);
  if (flat !== undefined) return flat;
  const text = JSON.stringify(inKeyOrder(value), null, unit);
  return text === undefined || !margin || !unit ? text : text.replaceAll("\n", `\n${margin}`);
}

/**
 * An object's keys in the order JSON.stringify writes the sorted copy sortKeys makes, so that the
 * split levels write what canonicalJson writes: a plain object lists its array-index keys ("0",
 * "7", "10") first, in numeric order, then the others as they were added (here sorted).
 */
function canonicalKeys(value: object): string[] {
  const keys = Object.keys(value).sort();
  if (!keys.some(isArrayIndexKey)) return keys;
  const indexes = keys.filter(isArrayIndexKey).sort((a, b) => Number(a) - Number(b));
  return indexes.concat(keys.filter((k) => !isArrayIndexKey(k)));
}

/**
 * The value with its keys sorted at every level: itself when they already are (a rule finding's
 * are, see evaluate.ts), else a sorted copy. Copying each of millions of findings only to write
 * it took 3.3 s of a 116 s plan of 2.5 million findings (CPU profile), besides the garbage it left.
 */
function inKeyOrder(value: unknown): unknown {
  return isInKeyOrder(value) ? value : sortKeys(value);
}

/**
 * Would JSON.stringify write this as it writes sortKeys' copy of it? Every object's own keys in
 * ascending order and none an array index (JSON.stringify writes those first, in numeric order),
 * and no toJSON (sortKeys copies a Date's keys, none, where JSON.stringify would call it). Keys
 * whose value JSON cannot hold (undefined, a function) are left out by both alike.
 */
function isInKeyOrder(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (!isInKeyOrder(v)) return false;
    return true;
  }
  if (!value || typeof value !== "object") return true;
  if (hasToJson(value)) return false;
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (!followsInOrder(key, previous)) return false;
    if (!isInKeyOrder((value as Record<string, unknown>)[key])) return false;
    previous = key;
  }
  return true;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
