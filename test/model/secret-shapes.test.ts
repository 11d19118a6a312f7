// URL passwords are found from each `://` with the scheme checked apart (a pattern starting with
// the scheme was tried at every letter of a megabyte of plan JSON). It must mask and detect exactly
// what the plain pattern `scheme://user:password@` does: compared here on seeded random texts
// made of the characters that matter, and on the shapes a reviewer would write.
import { describe, expect, it } from "vitest";
import { isSecretReference, maskUrlPasswords, secretShape } from "../../src/model/secret-shapes.js";

const PLAIN = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@/g;
const plainMask = (text: string): string => (text.includes("://") ? text.replace(PLAIN, (whole, password: string) => (isSecretReference(password) ? whole : whole.slice(0, whole.length - password.length - 1) + "***@")) : text);
const plainHasPassword = (text: string): boolean => text.includes("://") && [...text.matchAll(PLAIN)].some((m) => !isSecretReference(m[1]!));

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("URL passwords", () => {
  it("are masked as the plain pattern masks them", () => {
    expect(maskUrlPasswords("clone https://ci:s3cr3t@git.example.com/repo")).toBe("clone https://ci:***@git.example.com/repo");
    expect(maskUrlPasswords("postgres://app:${env:DB_PASSWORD}@db/x")).toBe("postgres://app:${env:DB_PASSWORD}@db/x");
    expect(maskUrlPasswords("1+2://a:b@c and x1://a:b@c")).toBe("1+2://a:b@c and x1://a:***@c");
    expect(maskUrlPasswords("see https://example.com/a?x=1@b")).toBe("see https://example.com/a?x=1@b");
  });

  it("agree with the plain pattern on 20,000 random texts", () => {
    const next = random(7);
    const alphabet = ["a", "Z", "1", "+", ".", "-", ":", "/", "//", "://", "@", "?", "#", " ", "x", "s3", "${env:A}", "vault:k#f", "\n"];
    let masked = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = "";
      const length = 1 + Math.floor(next() * 24);
      for (let k = 0; k < length; k++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(maskUrlPasswords(text), JSON.stringify(text)).toBe(plainMask(text));
      expect(secretShape(text) === "password in a URL", JSON.stringify(text)).toBe(plainHasPassword(text));
      if (plainMask(text) !== text) masked++;
    }
    // The texts exercise both outcomes, not only the easy one.
    expect(masked).toBeGreaterThan(20);
  });
});
