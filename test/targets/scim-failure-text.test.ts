// What a SCIM app's error answer becomes in a message: its detail, masked, then cut to 300
// characters. Servers JSON-escape what they echo in their own ways (PHP's json_encode writes `/`
// as `\/`, .NET's System.Text.Json `+` as `\u002B`; both valid, RFC 8259 section 7): a token
// masked in the raw text would be missed, and once decoded and cut through, no longer be whole.
import { describe, expect, it } from "vitest";
import { registerSecret } from "../../src/model/redact.js";
import { describeFailure } from "../../src/targets/scim/http.js";

// Base64-shaped, with the characters those encoders escape.
const TOKEN = "Zm9vYmFy/c2NpbS10b2tlbi1zZWNyZXQ+QUJDREVGR0hJSktMTU5PUA==";
registerSecret(TOKEN);

/** Every run of 12 characters of the token that the text holds. */
const pieces = (text: string): string[] => Array.from({ length: TOKEN.length - 11 }, (_, i) => TOKEN.slice(i, i + 12)).filter((p) => text.includes(p));

describe("a SCIM error detail that echoes the token", () => {
  it.each([
    ["PHP", (json: string) => json.replace(/\//g, "\\/"), true],
    [".NET", (json: string) => json.replace(/\+/g, "\\u002B"), true],
    ["plain JSON", (json: string) => json, false],
  ])("escaped as %s, the echo cut at 300 characters through the token: no piece of it", (_, encode, escaped) => {
    // The cut (300 characters) falls inside the token, as with a long policy message before it.
    const detail = `${"Request rejected by policy engine; ".repeat(8).slice(0, 270)} Authorization=Bearer ${TOKEN}`;
    const answer = encode(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "400", scimType: "invalidValue", detail }));
    // Escaped, the raw answer does not hold the token as registered.
    expect(answer.includes(TOKEN)).toBe(!escaped);
    const described = describeFailure(400, answer);
    expect(described.scimType).toBe("invalidValue");
    expect(described.detail).toContain("Authorization=Bearer ***");
    expect(pieces(described.detail)).toEqual([]);
  });
});
