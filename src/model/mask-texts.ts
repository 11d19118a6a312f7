// Outputs that print whole records or identities (a snapshot, `identities --format json`) hold
// free text from the exports: descriptions, display names, report cells. Masking each field where
// it is printed would miss the next field someone adds; the whole value is masked once instead.
import { maskSecretShapes } from "./secret-shapes.js";

/**
 * `value` with every string in it, at any depth of arrays and plain objects, passed through
 * maskSecretShapes (keys are names the code or a schema chose, and stay). The very same value,
 * not a copy, when nothing in it was hidden: a caller can tell, and most values cost no copy.
 */
export function maskTexts<T>(value: T): T {
  if (typeof value === "string") return maskSecretShapes(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const masked = value.map((item: unknown) => {
      const m = maskTexts(item);
      if (m !== item) changed = true;
      return m;
    });
    return (changed ? masked : value) as T;
  }
  if (value !== null && typeof value === "object" && isPlain(value)) {
    let changed = false;
    // fromEntries defines each key as its own property: a key "__proto__" from an export stays data.
    const masked = Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const m = maskTexts(item);
        if (m !== item) changed = true;
        return [key, m];
      }),
    );
    return (changed ? masked : value) as T;
  }
  return value;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
