import { describe, expect, it } from "vitest";
import { MASK, Redactor, registerReferencedSecrets, redact } from "../../src/model/redact.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const TOKEN = "scim-7f3a9c2e4b1d8f6a0c5e";
const PASSWORD = "c0rrect-h0rse!";

describe("the redactor", () => {
  const r = new Redactor();
  r.add(TOKEN);
  r.add(PASSWORD);

  it("masks a secret as it is, URL-encoded, JSON- and HTML-escaped", () => {
    expect(r.scrub(`Authorization: Bearer ${TOKEN}`)).toBe(`Authorization: Bearer ${MASK}`);
    expect(r.scrub(`p=${encodeURIComponent(`x ${PASSWORD}`)}`)).toBe(`p=x%20${MASK}`);
    const tricky = new Redactor();
    tricky.add(`pa"ss<wo>rd&1`);
    expect(tricky.scrub(JSON.stringify({ detail: `pa"ss<wo>rd&1` }))).toBe(`{"detail":"${MASK}"}`);
    expect(tricky.scrub("<pre>pa&quot;ss&lt;wo&gt;rd&amp;1</pre>")).toBe(`<pre>${MASK}</pre>`);
  });

  it("masks base64 of the secret alone, and inside a longer base64 text at every byte alignment", () => {
    expect(r.scrub(b64(TOKEN))).toBe(MASK);
    for (const user of ["", "a", "ab", "abc", "admin", "svc-scopesync"]) {
      const basic = b64(`${user}:${PASSWORD}`);
      const out = r.scrub(`Basic ${basic}`);
      expect(out, user).toContain(MASK);
      // What stays visible is the user name's part and at most one base64 group at the end.
      expect(out.length, user).toBeLessThanOrEqual(`Basic ${b64(`${user}:`)}`.length + MASK.length + 4);
    }
    expect(r.scrub(b64(`Bearer ${TOKEN}`))).toContain(MASK);
  });

  it("masks any password written into a URL, registered or not", () => {
    expect(r.scrub("connect https://admin:S3cret@scim.example/v2 failed")).toBe("connect https://admin:***@scim.example/v2 failed");
  });

  it("leaves short values and text without secrets alone", () => {
    const short = new Redactor();
    short.add("admin");
    expect(short.scrub("admin logged in")).toBe("admin logged in");
    expect(r.scrub("nothing to see")).toBe("nothing to see");
  });

  it("registers the values of the ${env:NAME} references a configuration holds", () => {
    const config = { targets: { crm: { token: "${env:H14_CRM_TOKEN}" } }, sources: { ldap: { options: { password: "${env:H14_BIND_PW}" } } } };
    registerReferencedSecrets(config, { H14_CRM_TOKEN: "crm-token-0123456789", H14_BIND_PW: "bind-pw-9876", OTHER: "not-referenced-value" });
    expect(redact("a crm-token-0123456789 b bind-pw-9876 c not-referenced-value")).toBe(`a ${MASK} b ${MASK} c not-referenced-value`);
  });
});
