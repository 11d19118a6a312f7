// The one-pass test that lets nearly every value skip the masks (may-hide-secret.ts) may never
// say no where a mask's own first tests would go on: held to those tests (the token literals'
// expression, `://`, a run of 40 base64 characters) on seeded random texts made of the pieces
// they look for, and on every shape of secret.
import { expect, it } from "vitest";
import { mayHideSecret } from "../../src/model/may-hide-secret.js";
import { MAY_BE_HIDDEN, maskSecretShapes, TOKEN_SHAPES } from "../../src/model/secret-shapes.js";
import { prng } from "../helpers/prng.js";
import { secretSamples } from "../helpers/secret-samples.js";

/**
 * Each literal MAY_BE_HIDDEN (what the masks test first) looks for, read from the expression
 * itself: a literal added there and not to mayHideSecret fails the test below. Each is written in
 * every case its character classes allow (`[Xx][Oo][Xx]`: `xox`, `XOX`, `xOx`, …), at random.
 */
const LITERALS: string[][] = MAY_BE_HIDDEN.source.split("|").map((alternative) => {
  const pieces = [...alternative.matchAll(/\[([^\]]+)\]|\\(.)|(.)/g)].map(([, set, escaped, plain]) => (set ? [...set] : [escaped ?? plain!]));
  return pieces.map((choices) => choices.join("\u0000"));
});
const literal = (pieces: string[], next: () => number): string => pieces.map((p) => { const c = p.split("\u0000"); return c[Math.floor(next() * c.length)]; }).join("");
const masksLookFurther = (text: string): boolean => MAY_BE_HIDDEN.test(text) || text.includes("://") || /[A-Za-z0-9+/]{40}/.test(text);

it("says a text may hide a secret wherever the masks' own first tests would look further", () => {
  const next = prng(11);
  const pieces = ["g", "G", "h", "H", "p", "o", "U", "s", "r", "_", "github", "GitHub", "_pat_", "x", "X", "o", "O", "-", "-----BEGIN ", "e", "y", "J", "k", ":", "/", "//", "@", "a", "Z", "9", "+", " ", ".", "AbCdEfGhIj"];
  let yes = 0;
  for (let n = 0; n < 50_000; n++) {
    let text = "";
    const length = 1 + Math.floor(next() * 30);
    for (let k = 0; k < length; k++) text += pieces[Math.floor(next() * pieces.length)];
    if (masksLookFurther(text)) {
      expect(mayHideSecret(text), JSON.stringify(text)).toBe(true);
      yes++;
    }
  }
  // Both outcomes are exercised, not only the easy one.
  expect(yes).toBeGreaterThan(5_000);
  expect(yes).toBeLessThan(45_000);
});

it("says so of every literal the masks look for first, read from their own expression, wherever it stands", () => {
  const next = prng(3);
  expect(LITERALS.length).toBeGreaterThan(10);
  for (const pieces of LITERALS) {
    for (let n = 0; n < 20; n++) {
      const text = literal(pieces, next);
      expect(MAY_BE_HIDDEN.test(text), text).toBe(true);
      for (const around of [text, `note: ${text} here`, `(${text})`, `x.${text}_y`]) expect(mayHideSecret(around), JSON.stringify(around)).toBe(true);
    }
  }
});

it("has a sample of every token shape the masks hide, which they hide as that shape", () => {
  // The samples below are what the precheck is held to: a shape without one would go untested.
  const hiddenAs = secretSamples().map(({ value }) => maskSecretShapes(value));
  for (const [name] of TOKEN_SHAPES) {
    if (name === "AWS access key id") continue; // Shown in messages: it names a key (secret-shapes.ts).
    expect(hiddenAs.some((m) => m.includes(`looks like a secret, ${name})`)), `no sample in test/helpers/secret-samples.ts is hidden as ${name}`).toBe(true);
  }
});

it("says so of every shape of secret, and passes the values most identities hold", () => {
  for (const { what, value } of secretSamples()) {
    expect(maskSecretShapes(value), what).not.toBe(value);
    expect(mayHideSecret(value), what).toBe(true);
    expect(mayHideSecret(`note: ${value} here`), what).toBe(true);
  }
  for (const text of ["ada.almeida10275@example.com", "Senior Software Engineer", "hr.csv row 99619 (line 99620)", "hr by anchor (worker id)", "authoritative: hr"]) expect(mayHideSecret(text), text).toBe(false);
});
