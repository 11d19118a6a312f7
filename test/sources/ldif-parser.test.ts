import { describe, expect, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import { parseLdif } from "../../src/sources/ldif/parse-ldif.js";
import { sourceContext } from "./helpers.js";

const context = sourceContext("ldap", "ldif", "unused.ldif");
const parse = (text: string) => [...parseLdif(context, text, "x.ldif")];
const failure = (text: string): string => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(SourceError);
    return (error as SourceError).message;
  }
  throw new Error("parseLdif should have failed");
};

describe("LDIF parser", () => {
  it("unfolds lines, skips folded comments, keeps repeated attributes and attribute options", () => {
    const entries = parse(
      "# a comment that is\n  folded\ndn: cn=a,\n dc=x\ncn: a\ncn;lang-en: A\nuserCertificate;binary:: AAEC\n\ndn: cn=b,dc=x\ncn:b\n",
    );
    expect(entries.map((e) => [e.dn, e.index, e.line])).toEqual([
      ["cn=a,dc=x", 1, 3],
      ["cn=b,dc=x", 2, 9],
    ]);
    expect(entries[0]!.attributes.get("cn")).toEqual({ name: "cn", values: ["a", "A"], lines: [5, 6] });
    expect(entries[0]!.attributes.get("usercertificate")!.values).toEqual([Uint8Array.from([0, 1, 2])]);
    expect(entries[1]!.attributes.get("cn")!.values).toEqual(["b"]);
  });

  it("treats ldifde's changetype: add as content and refuses other change records", () => {
    expect(parse("dn: cn=a,dc=x\r\nchangetype: add\r\ncn: a\r\n")[0]!.attributes.has("changetype")).toBe(false);
    expect(failure("dn: cn=a,dc=x\nchangetype: modify\nreplace: cn\n")).toBe(
      'source "ldap": x.ldif line 2: change records (changetype: modify, delete, modrdn) are not an export',
    );
  });

  it("refuses a ranged attribute that is not the whole list (Active Directory range retrieval), and a malformed range", () => {
    expect(failure("dn: cn=g,dc=x\nobjectClass: group\nmember;range=0-1: cn=a,dc=x\nmember;range=0-1: cn=b,dc=x\n")).toBe(
      'source "ldap": x.ldif line 3: entry 1 ("cn=g,dc=x"): member holds values 0-1 only, not the whole list: Active Directory sent it in ranges (member;range=0-1) and the values from 2 on are not in the export',
    );
    expect(failure("dn: cn=g,dc=x\nmember;Range=all: cn=a,dc=x\n")).toBe(
      'source "ldap": x.ldif line 2: entry 1 ("cn=g,dc=x"): member;Range=all has a range option that is not range=<low>-<high>: the values may be only part of the list',
    );
    // The last range of a list ("0-*": everything) is the whole list, read under the plain name.
    expect(parse("dn: cn=g,dc=x\nmember;range=0-*: cn=a,dc=x\n")[0]!.attributes.get("member")).toEqual({ name: "member", values: ["cn=a,dc=x"], lines: [2] });
  });

  // OpenLDAP's ldapsearch -L/-LL starts every page of a paged search (-E pr=N/noprompt) with
  // "version: 1" and a blank line (clients/tools/ldapsearch.c, main(): printed after the
  // getNextPage: label). test/sources/ldif-paged-export.test.ts reads real ones from slapd.
  it("skips the version line ldapsearch repeats before each page of a paged search, and refuses one anywhere else", () => {
    const page2 = "# search result\n# pagedresults: cookie=AwAAAAAAAAA=\nversion: 1\n\n#\n# LDAPv3\n#\n\n";
    expect(parse(`version: 1\n\ndn: cn=a,dc=x\ncn: a\n\n${page2}dn: cn=b,dc=x\ncn: b\n`).map((e) => [e.dn, e.index, e.line])).toEqual([
      ["cn=a,dc=x", 1, 3],
      ["cn=b,dc=x", 2, 14],
    ]);
    // Before: 'line 8: entry 2 does not start with "dn:" (found "version")'.
    expect(failure("dn: cn=a,dc=x\n\nversion: 1\n\ndn: cn=b,dc=x\n")).toBe('source "ldap": x.ldif line 3: "version: 1" between entries of a file that does not start with it');
    expect(failure("version: 1\n\ndn: cn=a,dc=x\n\nversion: 1\ndn: cn=b,dc=x\n")).toBe(
      'source "ldap": x.ldif line 5: "version: 1" inside the file, directly followed by "dn:" on line 6: ldapsearch writes it only on a line of its own, before a blank line',
    );
    expect(failure("version: 1\n\ndn: cn=a,dc=x\n\nversion: 2\n\ndn: cn=b,dc=x\n")).toBe('source "ldap": x.ldif line 5: only LDIF version 1 is supported');
  });

  it("refuses URL values, other LDIF versions, entries without dn and stray continuations", () => {
    expect(failure("dn: cn=a,dc=x\njpegPhoto:< file:///etc/passwd\n")).toBe('source "ldap": x.ldif line 2: jpegPhoto:< (value from a URL) is not supported');
    expect(failure("version: 2\n\ndn: cn=a,dc=x\n")).toBe('source "ldap": x.ldif line 1: only LDIF version 1 is supported');
    expect(failure("cn: a\nsn: b\n")).toBe('source "ldap": x.ldif line 1: entry 1 does not start with "dn:" (found "cn")');
    expect(failure("\n continued\n")).toBe('source "ldap": x.ldif line 2: continuation line (leading space) with no line to continue');
    expect(failure("dn: cn=a,dc=x\nno colon here\n")).toBe('source "ldap": x.ldif line 2: not an attribute line (expected "name: value")');
  });
});
