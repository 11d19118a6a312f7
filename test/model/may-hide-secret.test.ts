// The one-pass test that lets nearly every value skip the masks (may-hide-secret.ts) may never
// say no where a mask's own first tests would go on: held to those tests (the token literals'
// expression, `://`, a run of 40 base64 characters) on seeded random texts made of the pieces
// they look for, and on every shape of secret.
import { expect, it } from "vitest";
import { mayHideSecret } from "../../src/model/may-hide-secret.js";
import { maskSecretShapes } from "../../src/model/secret-shapes.js";
import { prng } from "../helpers/prng.js";
import { secretSamples } from "../helpers/secret-samples.js";

/** secret-shapes.ts' MAY_BE_HIDDEN, copied: what its masks test first. */
const MAY_BE_HIDDEN = /[Gg][Hh][PpOoUuSsRr]_|[Gg][Ii][Tt][Hh][Uu][Bb]_[Pp][Aa][Tt]_|[Xx][Oo][Xx]|-----BEGIN |eyJ|sk-/;
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

it("says so of every shape of secret, and passes the values most identities hold", () => {
  for (const { what, value } of secretSamples()) {
    expect(maskSecretShapes(value), what).not.toBe(value);
    expect(mayHideSecret(value), what).toBe(true);
    expect(mayHideSecret(`note: ${value} here`), what).toBe(true);
  }
  for (const text of ["ada.almeida10275@example.com", "Senior Software Engineer", "hr.csv row 99619 (line 99620)", "hr by anchor (worker id)", "authoritative: hr"]) expect(mayHideSecret(text), text).toBe(false);
});
