// URL passwords are found from each `://` with the scheme checked apart (a pattern starting with
// the scheme was tried at every letter of a megabyte of plan JSON). It must mask and detect exactly
// what the plain pattern `scheme://user:password@` does: compared here on seeded random texts
// made of the characters that matter, and on the shapes a reviewer would write.
import { describe, expect, it } from "vitest";
import { isSecretReference, looksRandom, maskSecretShapes, maskUrlPasswords, secretShape, withoutSecretShapes } from "../../src/model/secret-shapes.js";

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

// AWS's documented example secret access key (IAM User Guide, "Manage access keys"): 40 base64
// characters with no prefix. Real keys have the same shape.
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AWS_HIDDEN = "(a value not shown: it looks like a secret, AWS secret access key)";

describe("an AWS secret access key", () => {
  it("is hidden in a message, quoted or after `=`, and the scan names it; a 40-hex SHA, a CamelCase name, a path or a longer base64 text is not one", () => {
    expect(maskSecretShapes(`access_key_1_last_rotated "${AWS_SECRET}" is not an ISO 8601 date-time`)).toBe(`access_key_1_last_rotated ${AWS_HIDDEN} is not an ISO 8601 date-time`);
    expect(maskSecretShapes(`aws_secret_access_key=${AWS_SECRET}`)).toBe(`aws_secret_access_key=${AWS_HIDDEN}`);
    expect(secretShape(`note: ${AWS_SECRET} here`)).toBe("AWS secret access key");
    for (const text of [
      "da39a3ee5e6b4b0d3255bfef95601890afd80709", // git SHA-1, GCP key id: 4 bits per character at most
      "TheQuickBrownFoxJumpsOverTheLazyDogAgain", // random-looking letters, but no digit, / or +
      "identities/nhi/ReportsExporterServiceBot", // a path: too little entropy
      `${AWS_SECRET}AAAA`, // 44 characters: not this shape
      `x${AWS_SECRET}`,
    ]) {
      expect(maskSecretShapes(text), text).toBe(text);
      expect(secretShape(text), text).toBeUndefined();
    }
  });
});

describe("GitHub's SAML SSO authorization link", () => {
  // X-GitHub-SSO's link carries a 40-character request id of a key's shape (GitHub's own example:
  // …/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJ): it authorizes nothing
  // by itself, and the error that tells a user to authorize their token is useless without it.
  it("is shown whole, while a key elsewhere in the same text is still hidden", () => {
    const link = "https://github.com/orgs/acme-robotics/sso?authorization_request=AZSCKtL4U8yX1H3sCQIVnVgmjmon5fWxks5YrqhJ";
    expect(maskSecretShapes(`open ${link} (GitHub's link)`)).toBe(`open ${link} (GitHub's link)`);
    expect(secretShape(link)).toBeUndefined();
    expect(maskSecretShapes(`open ${link} or aws_secret_access_key=${AWS_SECRET}`)).toBe(`open ${link} or aws_secret_access_key=${AWS_HIDDEN}`);
    expect(maskSecretShapes(`other_request=${AWS_SECRET}`)).toBe(`other_request=${AWS_HIDDEN}`);
  });
});

// The key is found by a scan that looks at every 40th character only (masking is on the path of
// every finding): it must find exactly what the plain pattern finds, here on seeded random texts
// made of keys, halves of keys, near-misses and separators.
describe("the AWS secret access key scan", () => {
  it("masks exactly what the plain pattern masks, on 20,000 random texts", () => {
    const PLAIN_KEY = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/g;
    const isKey = (run: string): boolean => /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9/+]/.test(run) && looksRandom(run);
    const plain = (text: string): string => text.replace(PLAIN_KEY, (run) => (isKey(run) ? AWS_HIDDEN : run));
    const next = random(11);
    const parts = [AWS_SECRET, AWS_SECRET.slice(0, 20), AWS_SECRET.slice(20), " ", "-", "a", "Z9", ".", "/", "+", "x".repeat(39), "AbC1+/".repeat(7)];
    let masked = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = "";
      const length = Math.floor(next() * 8);
      for (let k = 0; k < length; k++) text += parts[Math.floor(next() * parts.length)];
      expect(maskSecretShapes(text), JSON.stringify(text)).toBe(plain(text));
      if (plain(text) !== text) masked++;
    }
    expect(masked).toBeGreaterThan(500);
  });
});

describe("withoutSecretShapes", () => {
  it("leaves a secret out of a name instead of describing it", () => {
    expect(withoutSecretShapes("Billing sync https://svc:Sup3rS3cretPw@erp.corp.example/")).toBe("Billing sync https://svc@erp.corp.example/");
    expect(withoutSecretShapes("Terraform eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJlLXRlc3Q")).toBe("Terraform");
    expect(withoutSecretShapes(`key ${AWS_SECRET} for reports`)).toBe("key for reports");
    expect(withoutSecretShapes("CI Deployer (prod)")).toBe("CI Deployer (prod)");
  });
});

describe("a GitHub or Slack token in another case", () => {
  const GITHUB = "ghp_FakeToken0123456789abcdefSECRETxyz01";
  const HIDDEN = "(a value not shown: it looks like a secret, GitHub token)";

  it("is hidden and named as the token is: its checksum gives the case back", () => {
    for (const token of [GITHUB.toUpperCase(), "GHS_abcdefghijklmnopqrstuvwxyz0123456789AB", "GITHUB_PAT_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"]) {
      expect(maskSecretShapes(`403 for ${token} (as received)`), token).toBe(`403 for ${HIDDEN} (as received)`);
      expect(secretShape(token), token).toBe("GitHub token");
    }
    expect(maskSecretShapes("XOXB-1234567890-ABCDEFGHIJ")).toBe("(a value not shown: it looks like a secret, Slack token)");
  });

  it("needs the shape all the same: a short or unprefixed text in capitals stays", () => {
    for (const text of ["GHP_TOOSHORT0123", "GHPX_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "SK-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123"]) expect(maskSecretShapes(text), text).toBe(text);
  });
});
