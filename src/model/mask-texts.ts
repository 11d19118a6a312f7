// Outputs that print whole records or identities (a snapshot, `identities --format json`) hold
// free text from the exports: descriptions, display names, report cells. Masking each field where
// it is printed would miss the next field someone adds; the whole value is masked once instead.
import { maskSecretShapes } from "./secret-shapes.js";

/**
 * `value` with every string in it, at any depth of arrays and plain objects, passed through
 * maskSecretShapes (keys are names the code or a schema chose, and stay). The very same value,
 * not a copy, when nothing in it was hidden: a caller can tell, and most values cost no copy.
 * A value with nothing to hide is walked without allocating anything. (Identities are looked
 * over first, more cheaply, and only one that may hold a secret comes here: may-hold-secret.ts.)
 */
export function maskTexts<T>(value: T): T {
  if (typeof value === "string") return maskSecretShapes(value) as T;
  if (Array.isArray(value)) {
    let masked: unknown[] | undefined;
    for (let n = 0; n < value.length; n++) {
      const item: unknown = value[n];
      const m = maskTexts(item);
      if (m !== item) (masked ??= value.slice())[n] = m;
    }
    return (masked ?? value) as T;
  }
  if (value !== null && typeof value === "object" && isPlain(value)) return maskedObject(value);
  return value;
}

/** A plain object: itself when nothing in it is hidden, else a copy with its masked values. */
function maskedObject<T extends object>(value: T): T {
  const record = value as Record<string, unknown>;
  let changed = false;
  // for…in over a plain object (prototype Object.prototype or null) visits exactly its own enumerable keys.
  for (const key in record) {
    if (maskTexts(record[key]) !== record[key]) {
      changed = true;
      break;
    }
  }
  if (!changed) return value;
  // fromEntries defines each key as its own property: a key "__proto__" from an export stays data.
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, maskTexts(item)])) as T;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
