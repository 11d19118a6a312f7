// Whether an identity may hold a secret-shaped value, before it is masked
// (secret-free-identities.ts). maskTexts, which masks it, walks any value: at every object it asks
// for the prototype, and at every value it calls itself, which cost more than the secret tests at
// 120k identities (about half of the masking's time in a profile of 100k people). An identity's values
// are strings, lists of strings and records of them (attributes, provenance), so this walks them
// with no prototype test and no copy, and an identity it passes is the one maskTexts would give back.
// It may say yes where maskTexts then changes nothing; it never says no where maskTexts would
// change something: it visits every string maskTexts visits (and the strings of objects that are
// not plain, which maskTexts leaves alone).
import type { Identity } from "./identity.js";
import { mayBeMasked } from "./secret-shapes.js";

/** False when maskTexts(identity) is identity itself; true when it may not be. */
export function mayHoldSecret(identity: Identity): boolean {
  const fields = identity as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (key === "provenance" ? provenanceMayBeMasked(value) : typeof value === "string" ? mayBeMasked(value) : anyMayBeMasked(value)) return true;
  }
  return false;
}

/**
 * The attributes one record gave share one provenance object (merge-person.ts), fifteen
 * attributes and two or three objects for most people: each object is walked once, where it first
 * comes (they come in runs, so the one before is what is remembered).
 */
function provenanceMayBeMasked(provenance: unknown): boolean {
  if (typeof provenance !== "object" || provenance === null || Array.isArray(provenance)) return anyMayBeMasked(provenance);
  const record = provenance as Record<string, unknown>;
  let walked: unknown;
  for (const key in record) {
    const from = record[key];
    if (from === walked) continue;
    walked = from;
    if (anyMayBeMasked(from)) return true;
  }
  return false;
}

function anyMayBeMasked(value: unknown): boolean {
  if (typeof value === "string") return mayBeMasked(value);
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) {
    for (let n = 0; n < value.length; n++) if (anyMayBeMasked(value[n])) return true;
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    // Most values are strings: tested here, without a call to anyMayBeMasked.
    if (typeof item === "string" ? mayBeMasked(item) : anyMayBeMasked(item)) return true;
  }
  return false;
}
