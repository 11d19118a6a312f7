// One rule says when a value a target holds is the value scopesync wants: the planner's "is an update
// needed?" and the SCIM connector's "did the app keep the write?" (and its "is the user the 409 met the
// planned account?") all ask it. Before, the planner compared exactly while apply accepted a lower-cased
// value, so an app that stores values its own way got the same update planned on every run.
import { describe, expect, it } from "vitest";
import { attributeCaseExact, sameAttributeValue } from "../../src/model/attribute-values.js";
import type { AppPolicyDoc } from "../../src/model/documents.js";
import type { TargetAccount } from "../../src/model/target-state.js";
import { TARGET_CAPABILITIES } from "../../src/model/target-types.js";
import { attributeUpdates, updateMappings } from "../../src/plan/account-attributes.js";
import { holds, readAttributes, type ScimUser } from "../../src/targets/scim/mapping.js";
import { plannedDifferences } from "../../src/targets/scim/planned-match.js";
import { CaseOnlyDifferences } from "../../src/plan/case-only-differences.js";

const scim = TARGET_CAPABILITIES.scim;
const file = TARGET_CAPABILITIES.file;
const DECOMPOSED = "Jose\u0301"; // "José" as e + U+0301 (NFD)

describe("sameAttributeValue", () => {
  it("a SCIM app's values ignore case, surrounding spaces and Unicode form (RFC 7643: caseExact false)", () => {
    for (const name of ["email", "displayName", "givenName", "title", "department", "login"]) expect(attributeCaseExact(scim, name), name).toBe(false);
    expect(sameAttributeValue("ada.lovelace@corp.example", "Ada.Lovelace@Corp.example", false)).toBe(true);
    expect(sameAttributeValue("Ada Lovelace", "Ada Lovelace ", false)).toBe(true);
    expect(sameAttributeValue("josé", DECOMPOSED, false)).toBe(true);
    expect(sameAttributeValue("ÉQUIPE", "équipe", false)).toBe(true);
  });

  it("a real change is still one: another address, another name", () => {
    expect(sameAttributeValue("ada.lovelace@corp.example", "ada.king@corp.example", false)).toBe(false);
    expect(sameAttributeValue("Ada Lovelace", "Ada King", false)).toBe(false);
    // Inner spaces are part of the value.
    expect(sameAttributeValue("Ada Lovelace", "AdaLovelace", false)).toBe(false);
  });

  it("externalId is the anchor: case-exact on every target (RFC 7643 §3.1)", () => {
    expect(attributeCaseExact(scim, "externalId")).toBe(true);
    expect(sameAttributeValue("hr:w1", "hr:W1", attributeCaseExact(scim, "externalId"))).toBe(false);
    expect(sameAttributeValue("hr:W1 ", "hr:W1", true)).toBe(false);
  });

  it("a target that does not ignore case (a file) compares exactly, up to Unicode form", () => {
    expect(attributeCaseExact(file, "displayName")).toBe(true);
    expect(sameAttributeValue("ada lovelace", "Ada Lovelace", true)).toBe(false);
    expect(sameAttributeValue("José", DECOMPOSED, true)).toBe(true);
  });
});

describe("the planner asks it", () => {
  const policy = { accounts: { login: "userName", attributes: { email: { from: "email" }, displayName: { from: "displayName" } } } } as unknown as AppPolicyDoc;
  const values: Record<string, Array<string | null>> = { email: ["Ada.Lovelace@Corp.example"], displayName: ["Ada Lovelace"] };
  const account: TargetAccount = { id: "u1", login: "ada", active: true, attributes: { email: "ada.lovelace@corp.example", displayName: "ada lovelace" }, entitlements: [] };

  it("no update where a SCIM app holds the values lower-cased; the update where a file does", () => {
    expect(attributeUpdates(updateMappings(policy, (a) => values[a]!, scim), 0, account, [], new CaseOnlyDifferences())).toBeUndefined();
    expect(attributeUpdates(updateMappings(policy, (a) => values[a]!, file), 0, account, [], new CaseOnlyDifferences())).toEqual({
      email: { from: "ada.lovelace@corp.example", to: "Ada.Lovelace@Corp.example" },
      displayName: { from: "ada lovelace", to: "Ada Lovelace" },
    });
  });
});

describe("the SCIM connector asks it", () => {
  const user = (extra: Partial<ScimUser>): ScimUser => ({ id: "u1", userName: "ada", externalId: "hr:W1", ...extra });

  it("an app's answer holding the values in its own case kept them; externalId in another case is a lost link", () => {
    const answer = user({ title: "staff engineer", emails: [{ value: "ada@corp.example", primary: true }] });
    expect(holds(answer, "title", { from: null, to: "Staff Engineer" }, undefined)).toBe(true);
    expect(holds(answer, "email", { from: null, to: "Ada@Corp.example" }, undefined)).toBe(true);
    expect(holds(answer, "login", { from: null, to: "Ada" }, undefined)).toBe(true);
    expect(holds(answer, "email", { from: null, to: "ada.king@corp.example" }, undefined)).toBe(false);
    expect(holds(user({ externalId: "hr:w1" }), "externalId", { from: null, to: "hr:W1" }, undefined)).toBe(false);
  });

  it("e-mails in another order, or with primary added to the one address, are the same e-mail", () => {
    // The app lists the addresses in its own order and marks the primary (RFC 7643 §2.4: at most one).
    const reordered = user({ emails: [{ value: "ada@home.example", type: "home", primary: false }, { value: "ada@corp.example", type: "work", primary: true }] });
    expect(readAttributes(reordered).email).toBe("ada@corp.example");
    expect(holds(reordered, "email", { from: null, to: "ada@corp.example" }, undefined)).toBe(true);
    // better-auth marks the one address primary, and lower-cases it, whatever was sent.
    const marked = user({ emails: [{ value: "ada@corp.example", primary: true }] });
    const unmarked = user({ emails: [{ value: "ada@corp.example" }] });
    expect(readAttributes(marked)).toEqual(readAttributes(unmarked));
    expect(holds(marked, "email", { from: null, to: "Ada@Corp.example" }, undefined)).toBe(true);
  });

  it("a 409's user held in the app's own case is the planned account; another title is not", () => {
    const made = user({ title: "staff engineer", emails: [{ value: "ada@corp.example", primary: true }], active: true });
    expect(plannedDifferences(made, "Ada", "hr:W1", { title: { from: null, to: "Staff Engineer" }, email: { from: null, to: "Ada@Corp.example" } })).toEqual([]);
    expect(plannedDifferences(made, "ada", "hr:W1", { title: { from: null, to: "Engineer" } })).toEqual(["title"]);
    expect(plannedDifferences(made, "ada", "hr:w1", {})).toEqual(["externalId"]);
  });
});
