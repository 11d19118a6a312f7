// Identity references must accept every id the sources produce: Okta logins and SCIM userNames
// are e-mail addresses, Entra UPNs of guests carry #EXT#, logins may use '+' and any script.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validators } from "../../src/config/schemas.js";

const group = (identity: string) => ({ kind: "Group", id: "contractors", members: [{ identity, reason: "test" }], owners: [identity] });
const validGroup = (doc: unknown) => {
  const validate = validators().get("group.schema.json")!;
  const ok = validate(doc);
  return { ok, errors: validate.errors?.map((e) => `${e.instancePath} ${e.message}`) ?? [] };
};

describe("identity ids in YAML", () => {
  it.each([
    "john@example.com",
    "partner_contoso.com#ext#@example.onmicrosoft.com",
    "ada+test@example.com",
    "josé.garcía",
    "ο.παπαδόπουλος",
    "o'brien",
    "ada.lovelace",
  ])("accepts %j as a member and an owner", (id) => {
    expect(validGroup(group(id))).toEqual({ ok: true, errors: [] });
  });

  it.each(["John@Example.com", "ada lovelace", "", "tab\there", "a\u0000b"])("refuses %j (upper case, spaces, control characters, empty)", (id) => {
    expect(validGroup(group(id)).ok).toBe(false);
  });

  it("reads an Entra guest UPN unquoted, and an address starting with @ only quoted (YAML)", () => {
    const doc = parse("kind: Group\nid: guests\nmembers:\n  - identity: partner_contoso.com#ext#@example.onmicrosoft.com\n    reason: guest\n");
    expect(doc.members[0].identity).toBe("partner_contoso.com#ext#@example.onmicrosoft.com");
    expect(validGroup(doc).ok).toBe(true);
  });

  it("keeps group ids strict: they name files and entitlements", () => {
    expect(validGroup({ ...group("ada"), id: "a@b" }).ok).toBe(false);
  });

  it("accepts such an id as a Person overlay's id", () => {
    const validate = validators().get("person.schema.json")!;
    expect(validate({ kind: "Person", id: "partner_contoso.com#ext#@example.onmicrosoft.com" })).toBe(true);
  });
});
