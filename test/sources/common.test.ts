import { describe, expect, it } from "vitest";
import { normaliseDate } from "../../src/sources/common/dates.js";
import { collectEmails, smtpProxyAddresses } from "../../src/sources/common/emails.js";
import { flattenJson, isSecretAttribute } from "../../src/sources/common/raw.js";
import { firstInvalidByte } from "../../src/sources/common/utf8.js";
import { accountExpiresToIso, guidFromBytes, sidFromBytes } from "../../src/sources/common/directory/active-directory.js";
import { dnKey as normaliseDn, firstRdn } from "../../src/model/dn.js";
import { numberingGap } from "../../src/sources/common/page-numbering.js";

describe("date normalisation", () => {
  it.each([
    ["2025-03-01", "2025-03-01"],
    [" 2024-02-29 ", "2024-02-29"],
    ["2025-03-01T08:00:00+02:00", "2025-03-01T06:00:00.000Z"],
    ["2025-03-01T08:00:00.5Z", "2025-03-01T08:00:00.500Z"],
    ["2025-03-01 08:00Z", "2025-03-01T08:00:00.000Z"],
    ["2025-03-01T08:00:00+0100", "2025-03-01T07:00:00.000Z"],
  ])("%s → %s", (input, expected) => expect(normaliseDate(input)).toBe(expected));

  it.each(["03/04/2025", "2025-02-29", "2025-13-01", "2025-03-01T08:00:00", "2025-03-01T25:00:00Z", "yesterday", ""])(
    "rejects %j",
    (input) => expect(normaliseDate(input)).toBeUndefined(),
  );
});

describe("emails and raw attributes", () => {
  it("lower-cases and de-duplicates, keeping the first (primary) position", () => {
    expect(collectEmails(["Ada@Example.COM ", undefined, "", "ada@example.com", "b@x.org"])).toEqual(["ada@example.com", "b@x.org"]);
    expect(smtpProxyAddresses(["smtp:alias@x.org", "SIP:ada@x.org", "SMTP:Primary@x.org"])).toEqual(["Primary@x.org", "alias@x.org"]);
  });

  it("drops secrets but keeps metadata about passwords", () => {
    expect(["userPassword", "unicodePwd", "password", "passwordProfile", "ms-Mcs-AdmPwd", "clientSecret", "recovery_question", "hashFunction"].filter(isSecretAttribute)).toHaveLength(8);
    expect(["pwdLastSet", "badPwdCount", "passwordChanged", "lastPasswordChangeDateTime", "mail"].filter(isSecretAttribute)).toEqual([]);
    expect(flattenJson({ a: { b: 1, password: "x" }, list: ["x", null, 2], objs: [{ k: "v", secret: "s" }], n: null })).toEqual({
      "a.b": "1",
      list: ["x", "2"],
      objs: ['{"k":"v"}'],
    });
  });
});

describe("UTF-8 validation", () => {
  it("finds the first invalid byte, including overlong forms and surrogates", () => {
    expect(firstInvalidByte(new Uint8Array([0x61, 0xc3, 0xa9, 0x62]))).toBe(4);
    expect(firstInvalidByte(new Uint8Array([0x61, 0xe9, 0x62]))).toBe(1);
    expect(firstInvalidByte(new Uint8Array([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidByte(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(firstInvalidByte(new Uint8Array([0x61, 0xe2, 0x82]))).toBe(1);
  });
});

describe("DNs and Active Directory encodings", () => {
  it("normalises case, spacing and escapes", () => {
    const key = normaliseDn("cn=Smith\\, Jr.,ou=People,dc=example,dc=org");
    expect(normaliseDn("CN = smith\\2C jr. , OU=people,DC=Example, DC=org")).toBe(key);
    expect(normaliseDn('cn="Smith, Jr.",ou=people,dc=example,dc=org')).toBe(key);
    expect(normaliseDn("uid=jos\\C3\\A9,dc=x")).toBe(normaliseDn("UID=José,DC=X"));
    expect(normaliseDn("cn=a,dc=x")).not.toBe(normaliseDn("cn=a,dc=y"));
    expect(firstRdn("CN=All Staff,OU=Groups,DC=corp")?.value).toBe("All Staff");
  });

  it("decodes GUIDs, SIDs and FILETIMEs", () => {
    const guid = Uint8Array.from(Buffer.from("2e8a1c6f4d3b5f4e8a9b0c1d2e3f4a5b", "hex"));
    expect(guidFromBytes(guid)).toBe("6f1c8a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
    expect(guidFromBytes(guid.slice(0, 15))).toBeUndefined();
    expect(sidFromBytes(Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]))).toBe("S-1-5-18");
    expect(accountExpiresToIso("133801632000000000")).toBe("2025-01-01T00:00:00.000Z");
    expect(accountExpiresToIso("0")).toBeNull();
    expect(accountExpiresToIso("9223372036854775807")).toBeNull();
    expect(accountExpiresToIso("soon")).toBeUndefined();
  });
});

// Page files named by number show a lost page by a gap; a nextLink or pageToken cannot.
describe("page file numbering", () => {
  it.each([
    [["d/page-1.json", "d/page-3.json"], "a page file numbered between page-1.json and page-3.json is missing"],
    [["d/page-1.json", "d/page-2.json", "d/page-5.json"], "2 page files numbered between page-2.json and page-5.json are missing"],
    [["d/page-2.json", "d/page-3.json"], "the first page file is page-2.json: the page files numbered before 2 are missing"],
    [["d/users-2026-11-20-p01.json", "d/users-2026-11-20-p03.json"], "a page file numbered between users-2026-11-20-p01.json and users-2026-11-20-p03.json is missing"],
    [["d/page-1.json", "d/page-01.json"], "page-1.json and page-01.json are numbered as the same page"],
    // One file whose name says it is page 2: page 1 was lost.
    [["d/page-2.json"], "the only page file is page-2.json: the page files numbered before 2 are missing"],
    [["d/users-page3.json"], "the only page file is users-page3.json: the page files numbered before 3 are missing"],
  ])("%j: %s", (paths, what) => {
    expect(numberingGap(paths)?.what).toBe(what);
  });

  it.each([
    [["d/page-1.json"]],
    [["d/page-0.json"]],
    // A lone file whose name does not say it is a page: its digits are a date or a version.
    [["d/users-2026-11-20.json"]],
    [["d/export-v2.json"]],
    // "p2" alone: a licence tier, or part of a group id (a member file is named <groupId>.json).
    [["d/entra-id-p2-users.json"]],
    [["d/01baon6m3p2bcde.json"]],
    [["d/page-0.json", "d/page-1.json", "d/page-2.json"]],
    [["d/page-8.json", "d/page-9.json", "d/page-10.json", "d/page-1.json", "d/page-2.json", "d/page-3.json", "d/page-4.json", "d/page-5.json", "d/page-6.json", "d/page-7.json"]],
    // No numbering: names differing in more than one place, or in letters, are not checked.
    [["d/users-a.json", "d/users-c.json"]],
    [["d/2026-11-19-page-1.json", "d/2026-11-20-page-3.json"]],
  ])("%j: whole or not numbered", (paths) => {
    expect(numberingGap(paths)).toBeUndefined();
  });
});
