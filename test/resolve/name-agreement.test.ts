// nameAgreement and emailAgreement on their own: how far two records' names and addresses agree,
// which decides whether a shared self-assigned id is enough to merge them (src/resolve/id-conflict.ts,
// correlation-conflict). The CLI-level cases are in test/plan/acquisition-id-overlap.test.ts.
import { describe, expect, it } from "vitest";
import { emailAgreement } from "../../src/resolve/email-agreement.js";
import { nameAgreement } from "../../src/resolve/name-agreement.js";

type Name = { given?: string; family?: string; display?: string };
const person = (given: string, family: string): Name => ({ given, family });

describe("nameAgreement", () => {
  it.each<[string, Name, Name, string]>([
    ["the same name, accents dropped in one", person("Mateo", "García"), person("Mateo", "Garcia"), "full"],
    ["a Vietnamese name, every accent dropped", person("Thị Lan", "Nguyễn"), person("Thi Lan", "Nguyen"), "full"],
    ["a Korean given name hyphenated, joined or spaced", person("Ji-ho", "Kim"), person("Ji Ho", "Kim"), "full"],
    ["a middle name one system leaves out", person("Mary Ann", "Lee"), person("Mary", "Lee"), "full"],
    ["given and family exported in each other's columns", person("Kim", "Ji-ho"), person("Ji-ho", "Kim"), "full"],
    ["a display name in Eastern order against given and family", { display: "Kim Ji-ho" }, person("Ji-ho", "Kim"), "full"],
    ["a name in Chinese script without a space, against its parts", { display: "王伟" }, person("伟", "王"), "full"],
    ["a name in Hangul, against its parts", { display: "김지호" }, person("지호", "김"), "full"],
    ["only the family name", person("Ji-ho", "Kim"), person("Seo-yeon", "Kim"), "family"],
    ["only the family name, a Han character", person("伟", "王"), person("芳", "王"), "family"],
    ["only the given name", person("Jane", "Smith"), person("Jane", "Doe"), "given"],
    ["a display name sharing one word of unknown role", { display: "Seo-yeon Kim" }, person("Ji-ho", "Kim"), "partial"],
    ["hyphenated given names are not split into syllables", person("Ji-ho", "Lee"), person("Ho-jin", "Park"), "none"],
    ["single characters of Chinese script are names, not initials", person("伟", "王"), person("娜", "李"), "none"],
    ["kana keep their voicing mark", { display: "ガ" }, { display: "カ" }, "none"],
    ["a Latin initial is no name", person("J.", "S"), person("Jane", "Smith"), "unknown"],
    ["no name at all", {}, person("Jane", "Smith"), "unknown"],
  ])("%s", (_, a, b, expected) => {
    expect(nameAgreement(a, b)).toBe(expected);
    expect(nameAgreement(b, a)).toBe(expected);
  });

  it("an initial beside a name leaves the name: J. Robert Smith and Robert Smith", () => {
    expect(nameAgreement(person("J. Robert", "Smith"), person("Robert", "Smith"))).toBe("full");
  });
});

describe("emailAgreement", () => {
  it("an address in common, compared without case", () => {
    expect(emailAgreement(["Jane.Doe@Acme.example"], ["jane.doe@acme.example"])).toEqual({ address: true, localPart: true, domain: true });
  });

  it("a local part at two domains, a +tag aside", () => {
    expect(emailAgreement(["bob.smith+hr@acme.example"], ["bob.smith@globex.example"])).toEqual({ address: false, localPart: true, domain: false });
  });

  it("two addresses at one domain", () => {
    expect(emailAgreement(["jane.doe@acme.example"], ["jane.smith@acme.example"])).toEqual({ address: false, localPart: false, domain: true });
  });

  it("nothing in common, and nothing to compare when a record has no address", () => {
    expect(emailAgreement(["jiho.kim@acme.example"], ["seoyeon.kim@globex.example"])).toEqual({ address: false, localPart: false, domain: false });
    expect(emailAgreement([], ["seoyeon.kim@globex.example"])).toBeUndefined();
  });
});
