// A credential in a URL's query (an Azure SAS `sig=`, an S3 pre-signed `X-Amz-Signature=`,
// `?access_token=`) is one rule, src/model/secret-shapes.ts: the inline-secret scan flags what the
// masks hide, a mask hides only the parameter's value (the URL stays readable), and the planner
// refuses to write such a value, or the `sig=***` a snapshot holds in its place (rv109 MEDIUM 1).
import { describe, expect, it } from "vitest";
import { findInlineSecrets } from "../../src/config/inline-secrets.js";
import { mayHideSecret } from "../../src/model/may-hide-secret.js";
import { redact } from "../../src/model/redact.js";
import { hiddenSecretShape, maskSecretShapes, maskUrlPasswords, secretShape, withoutSecretShapes } from "../../src/model/secret-shapes.js";
import { unwritableShape } from "../../src/model/unwritable-value.js";
import { prng } from "../helpers/prng.js";

// Built at run time: no secret-shaped literal in the repository.
const SIG = ["Zm9vYmFyU0FT", "c2lnbmF0dXJl", "X1FVRVJZc2Vj"].join("");
const SAS = `https://acmehr.blob.core.windows.net/photos/w1010.jpg?sv=2022-11-02&se=2027-01-01T00%3A00%3A00Z&sr=b&sp=r&sig=${SIG}`;
const PRESIGNED = `https://acme-hr.s3.eu-west-1.amazonaws.com/cv.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261201%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Signature=${SIG}a1b2&X-Amz-Expires=3600`;
const HOOK = `https://hooks.example.com/notify?access_token=${SIG}#top`;

describe("a credential in a URL's query", () => {
  it("is masked as its value alone, wherever the scan flags it", () => {
    for (const [url, param] of [[SAS, "sig"], [PRESIGNED, "X-Amz-Signature"], [HOOK, "access_token"]] as const) {
      const text = `Staff Platform Engineer ${url}`;
      expect(findInlineSecrets({ title: text })).toEqual([{ path: ["title"], what: `URL query parameter "${param}"` }]);
      expect(secretShape(text)).toBe(`URL query parameter "${param}"`);
      expect(hiddenSecretShape(text)).toBe(`URL query parameter "${param}"`);
      expect(mayHideSecret(text)).toBe(true);
      const masked = maskSecretShapes(text);
      expect(masked).not.toContain(SIG);
      expect(masked).toContain(`${param}=***`);
      expect(maskUrlPasswords(text)).toBe(masked);
      expect(redact(text)).toBe(masked);
      // Masked once is masked: the scan and the masks see nothing more in it.
      expect(maskSecretShapes(masked)).toBe(masked);
      expect(hiddenSecretShape(masked)).toBeUndefined();
      // …but the planner does not write the stand-in either, as it would not write the link.
      expect(unwritableShape(masked)).toBe(`URL query parameter "${param}"`);
      expect(withoutSecretShapes(text)).toBe(masked.replace("=***", "="));
    }
    expect(maskSecretShapes(SAS)).toBe(SAS.replace(SIG, "***"));
    expect(maskSecretShapes(PRESIGNED)).toBe(PRESIGNED.replace(`${SIG}a1b2`, "***"));
    expect(maskSecretShapes(`see ${HOOK}.`)).toBe(`see ${HOOK.replace(SIG, "***")}.`);
  });

  it("leaves what the scan excepts: a cursor, a reference, a short setting, a parameter not named as a credential", () => {
    for (const text of [
      `https://api.example.com/v1/users?pageToken=${SIG}`,
      "https://api.example.com/v1/users?api_key=${env:EXAMPLE_KEY}",
      "https://sso.example.com/start?auth=sso&key=ENG",
      `https://github.com/orgs/acme/sso?authorization_request=${SIG}`,
    ]) {
      expect(findInlineSecrets({ note: text }), text).toEqual([]);
      expect(maskSecretShapes(text), text).toBe(text);
      expect(unwritableShape(text), text).toBeUndefined();
    }
  });

  it("is masked inside JSON text without breaking it, as the redactor masks a plan", () => {
    for (const value of [`${SAS}`, `${SAS}\\`, `${SAS}"quoted"`, `${SAS}\nnext line`, `a ${HOOK}\tb`]) {
      const json = JSON.stringify({ title: value });
      const masked = redact(json);
      expect(masked, json).not.toContain(SIG);
      expect(() => JSON.parse(masked) as unknown, masked).not.toThrow();
    }
  });

  it("is hidden by the same rule as the scan judges on random URLs", () => {
    const next = prng(5);
    const names = ["sig", "X-Amz-Signature", "access_token", "pageToken", "code", "key", "q", "api-key", "next_token"];
    const values = ["abc", SIG, "${env:A}", "a%3Db", "", "xoxb-1234567890-abc"];
    let flagged = 0;
    for (let n = 0; n < 2_000; n++) {
      let url = `https://h.example/p`;
      const parts = 1 + Math.floor(next() * 3);
      for (let k = 0; k < parts; k++) url += `${"?&#;"[Math.floor(next() * 4)]}${names[Math.floor(next() * names.length)]}=${values[Math.floor(next() * values.length)]}`;
      const text = `see ${url} now`;
      const scanned = findInlineSecrets({ note: text }).length > 0;
      if (scanned) flagged++;
      // Whatever the scan flags in a URL, the masks leave no part of.
      if (scanned) expect(findInlineSecrets({ note: maskSecretShapes(text) }), text).toEqual([]);
      expect(maskSecretShapes(text) !== text, text).toBe(scanned);
    }
    expect(flagged).toBeGreaterThan(200);
  });
});
