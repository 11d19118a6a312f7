/**
 * The canonical JSON text of a flat record, written in one pass: an object whose keys are already
 * in ascending order (none an array index, no toJSON) and whose values are strings, numbers,
 * booleans, null, or lists of those. A rule finding is such a record, and a plan of the NHI-heavy
 * benchmark writes 2.5 million of them: JSON.stringify with an indent, then a second pass to move
 * its lines to the finding's margin, made three strings a finding where this makes one
 * (0.74 against 1.05 s for 250,000 findings; the young-generation collections of the garbage
 * cost more beside a large heap). Anything else gives undefined, and the caller writes it as before.
 * `test/model/flat-record-json.test.ts` holds the text to JSON.stringify's.
 */
export function flatRecordJson(value: unknown, unit: string, margin: string): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value) || hasToJson(value)) return undefined;
  // A boxed primitive (new Number(1)) has no keys but JSON writes its value; a Date or a Map is no record.
  if (Object.prototype.toString.call(value) !== "[object Object]") return undefined;
  // Compact JSON has no lines to indent.
  const inner = unit ? `\n${margin}${unit}` : "";
  const close = unit ? `\n${margin}}` : "}";
  const colon = unit ? ": " : ":";
  let text = "";
  let previous: string | undefined;
  for (const key of Object.keys(value)) {
    if (!followsInOrder(key, previous)) return undefined;
    previous = key;
    const v = (value as Record<string, unknown>)[key];
    // JSON.stringify leaves out a property whose value JSON cannot hold.
    if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
    const written = Array.isArray(v) ? listJson(v, inner + unit, inner) : scalarJson(v);
    if (written === undefined) return undefined;
    text += `${text ? "," : "{"}${inner}${quotedKey(key)}${colon}${written}`;
  }
  return text ? text + close : "{}";
}

/** A list of scalars, its elements on lines of their own at `elementMargin` as JSON.stringify writes them. */
function listJson(list: readonly unknown[], elementMargin: string, closeMargin: string): string | undefined {
  // JSON.stringify calls a list's own toJSON too.
  if (hasToJson(list)) return undefined;
  if (list.length === 0) return "[]";
  let text = "[";
  for (let i = 0; i < list.length; i++) {
    const written = scalarJson(list[i]);
    if (written === undefined) return undefined;
    text += `${i > 0 ? "," : ""}${elementMargin}${written}`;
  }
  return `${text}${closeMargin}]`;
}

/** A string, number, boolean or null as JSON writes it; anything else (an object, a bigint, undefined in a list) is not flat. */
function scalarJson(v: unknown): string | undefined {
  if (typeof v === "string") return quoted(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return JSON.stringify(v);
  return undefined;
}

/** What JSON.stringify escapes in a string: the quote, the backslash, control characters, and surrogates (escaped when alone). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quoted(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * Keys written so far, quoted. A plan's records share a few dozen keys ("controls", "help",
 * "identity", …), and the NHI-heavy benchmark writes 2.5 million findings of eight or nine:
 * testing and quoting each key once per record, 250,000 such findings took 2.5 s of CPU to write
 * where remembering them takes 2.1 (three runs each, alternated). Object keys are interned
 * strings whose hash V8 keeps, so the lookup reads no character. Bounded: records with keys of
 * their own (an attribute a mapping names) stop adding past the limit and are quoted as before.
 */
const QUOTED_KEYS = new Map<string, string>();
const QUOTED_KEYS_MAX = 1000;

function quotedKey(key: string): string {
  let text = QUOTED_KEYS.get(key);
  if (text === undefined) {
    text = quoted(key);
    if (QUOTED_KEYS.size < QUOTED_KEYS_MAX) QUOTED_KEYS.set(key, text);
  }
  return text;
}

/**
 * Does JSON.stringify write `key`, after `previous`, where a sorted copy has it? Only when the keys
 * ascend and `key` is no array index: JSON.stringify writes those ("0", "7", "10") first whatever
 * the order they were set in.
 */
export function followsInOrder(key: string, previous: string | undefined): boolean {
  return (previous === undefined || key > previous) && !isArrayIndexKey(key);
}

/** JSON.stringify writes what a value's toJSON gives, not the value (a Date, a list that has one). */
export function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/** A key JSON.stringify writes before the others: an array index, in numeric order. */
export function isArrayIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 4294967295 && String(n) === key;
}
