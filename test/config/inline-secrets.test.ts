import { describe, expect, it } from "vitest";
import { findInlineSecrets, type SecretFinding } from "../../src/config/inline-secrets.js";
import type { PathSegment } from "../../src/model/located.js";
import { prng } from "../helpers/prng.js";

// The scan walks each document with one mutable path and rules token shapes out with one
// prefilter. It must find exactly what the plain recursive walk (a copied path for every value,
// every shape tested on every string) finds, at the same paths, in the same order.

/** The plain walk: leaves are classified by findInlineSecrets itself, given the leaf's full path. */
function plainWalk(value: unknown, path: PathSegment[] = []): SecretFinding[] {
  if (typeof value === "string") return findInlineSecrets(value, path);
  if (Array.isArray(value)) return value.flatMap((v, i) => plainWalk(v, [...path, i]));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => plainWalk(v, [...path, k]));
  return [];
}

const TOKENS: Array<[string, string]> = [
  ["GitHub token", `ghp_${"a1B2".repeat(9)}`],
  ["GitHub token", `github_pat_${"x_Y9".repeat(10)}`],
  ["AWS access key id", "AKIAABCDEFGHIJKLMNOP"],
  ["AWS access key id", "ASIAABCDEFGHIJKLMNOP"],
  ["Slack token", "xoxb-1234567890-abc"],
  ["private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE"],
  ["JSON Web Token", "eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4"],
  ["API secret key", `sk-proj-${"Ab3".repeat(9)}`],
];

describe("the inline-secret scan", () => {
  it("finds every token shape, anywhere in a value, under any key", () => {
    for (const [what, token] of TOKENS) {
      expect(findInlineSecrets({ note: `see ${token} here` }), token).toEqual([{ path: ["note"], what }]);
      expect(findInlineSecrets({ list: ["x", token] }), token).toEqual([{ path: ["list", 1], what }]);
    }
  });

  it("finds what the plain recursive walk finds, at the same paths, in the same order", () => {
    const random = prng(17);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const keys = ["id", "password", "apiKey", "note", "url", "clientSecret", "attributes", "items", "0", "token"];
    const leaf = (): unknown =>
      pick<() => unknown>([
        () => pick(TOKENS)[1],
        () => "plain text",
        () => "vault:nhi/x#y",
        () => "${env:TOKEN}",
        () => Array.from({ length: 40 }, () => String.fromCharCode(33 + Math.floor(random() * 90))).join(""),
        () => "",
        () => 42,
        () => true,
        () => null,
      ])();
    const value = (depth: number): unknown => {
      const r = random();
      if (depth > 3 || r < 0.4) return leaf();
      if (r < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [pick(keys), value(depth + 1)]));
    };
    let found = 0;
    for (let n = 0; n < 500; n++) {
      const doc = value(0);
      const prefix: PathSegment[] = random() < 0.5 ? [] : ["credentials", 0];
      const expected = plainWalk(doc, prefix);
      expect(findInlineSecrets(doc, prefix), JSON.stringify(doc)).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(100);
  });
});
