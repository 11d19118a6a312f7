import { describe, expect, it } from "vitest";
import { findInlineSecrets, findSecretsInComments, type SecretFinding } from "../../src/config/inline-secrets.js";
import { showValue } from "../../src/model/display.js";
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

  it("finds a credential in a URL's query or fragment, by the parameter's name, in any value (a target's url is exempt from the entropy check)", () => {
    const url = (u: string) => findInlineSecrets({ url: u }).map((f) => f.what);
    expect(url("https://wiki.example/scim/v2?access_token=ZXlKaGJHY2lPaUpJVXpJMU5pSjk")).toEqual(['URL query parameter "access_token"']);
    expect(findInlineSecrets({ options: { baseUrl: "https://api.example/v1?tenant=acme&api_key=k3y-0f-the-t3nant" } })).toEqual([{ path: ["options", "baseUrl"], what: 'URL query parameter "api_key"' }]);
    expect(url("https://bucket.s3.example/o?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=4d3b2a1f0e9d8c7b6a5f")).toEqual(['URL query parameter "X-Amz-Signature"']);
    expect(url("https://app.example/callback#access_token=ZXlKaGJHY2lPaUpJVXpJMU5pSjk&expires_in=3600")).toEqual(['URL query parameter "access_token"']);
    expect(url("https://app.example/home;jsessionid=8F1C0D2E3B4A59687766")).toEqual(['URL query parameter "jsessionid"']);
    // Inside free text, not only a whole value.
    expect(findInlineSecrets({ description: "old endpoint: see https://x.example/scim?access_token=ZXlKaGJHY2lPaUpJVXpJ for history" }).map((f) => f.what)).toEqual(['URL query parameter "access_token"']);
    // A reference, a short setting, a pagination cursor, a parameter that names no credential, and a fragment that is an anchor are not.
    expect(url("https://api.example/v1?key=${env:API_KEY}")).toEqual([]);
    expect(url("https://wiki.example/pages/viewpage.action?key=ENG")).toEqual([]);
    expect(url("https://idp.example/login?auth=sso&token=")).toEqual([]);
    expect(url("https://admin.example/users?pageToken=Q0FFUUFBQUFBQUFBQUFBQUFB&maxResults=500")).toEqual([]);
    expect(url("https://search.example/?q=access_token_documentation&sort=key")).toEqual([]);
    expect(findInlineSecrets({ help: "https://docs.example/rules.md#secret-token" })).toEqual([]);
  });

  it("finds one in a comment too", () => {
    expect(findSecretsInComments("url: https://wiki.example/scim/v2\n# old: https://wiki.example/scim/v2?access_token=ZXlKaGJHY2lPaUpJVXpJ\n")).toEqual([{ line: 2, col: 1, what: 'URL query parameter "access_token"' }]);
    expect(findSecretsInComments("# see https://wiki.example/pages/viewpage.action?key=ENG\n")).toEqual([]);
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

describe("URL passwords and comments", () => {
  it("flags a password in a URL's userinfo, not a user name alone, a reference, or an @ in the path", () => {
    expect(findInlineSecrets({ url: "https://admin:Xk29-wLq7@crm.example.com/scim/v2" })).toEqual([{ path: ["url"], what: "password in a URL" }]);
    expect(findInlineSecrets({ url: "ldaps://cn=admin:pw@ldap.example.com" })).toEqual([{ path: ["url"], what: "password in a URL" }]);
    expect(findInlineSecrets({ url: "https://admin@crm.example.com/scim/v2" })).toEqual([]);
    expect(findInlineSecrets({ url: "https://admin:${env:CRM_PW}@crm.example.com/" })).toEqual([]);
    expect(findInlineSecrets({ help: "https://wiki.example.com/x:y@z" })).toEqual([]);
  });

  it("finds secrets in comments, at the comment's position, and not a # inside quotes", () => {
    const text = [
      "kind: Group # owner asked: ghp_R8x2Lq7Vn4Pz9Kt3Wm6Yb1Hc5Jd0Fs2Ga4Ne",
      "id: g",
      'description: "colour #1 and xoxb-not-a-comment"',
      "# mirror: https://bot:hunter2hunter2@git.example.com/repo.git",
      "# sha256 c1ad3509d6badf72f3704b174b4403685f05531e36d016768b71dfc2c57a7438",
      "# session 9fQ2xL7pV0mZ4tR8wK1sB6nH3yJ5cD2aE7gU",
    ].join("\n");
    expect(findSecretsInComments(text)).toEqual([
      { line: 1, col: 13, what: "GitHub token" },
      { line: 4, col: 1, what: "password in a URL" },
      { line: 6, col: 1, what: "high-entropy string" },
    ]);
  });

  it("showValue describes a secret-shaped value instead of printing it; bidi characters become escapes", () => {
    expect(showValue("https://admin:Xk29-wLq7@crm example.com/")).toBe("(a value not shown: it looks like a secret, password in a URL)");
    expect(showValue(`ghp_${"a1B2".repeat(9)}`)).not.toContain("a1B2");
    expect(showValue("admin\u202egpj.exe")).toBe('"admin\\u202egpj.exe"');
    expect(showValue("plain")).toBe('"plain"');
  });
});
