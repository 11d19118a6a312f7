// f191: an LDIF export of containers and computers only (a filter such as (objectClass=*) under a
// base without the people, or the computers OU exported in their place). Every entry was read and
// none is a person, yet the read gave no records and the plan said "the export is empty (no
// records)", which sends a reader after a failed or cut export. The read now stops, counting the
// entries by their object classes and saying that none is a person, and how to export the people.
import { describe, expect, it } from "vitest";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { adEntry, adGroupEntry, adLdifContext, ldapsearchResult, type AdUser } from "../helpers/ad-ldif.js";
import { readError } from "./helpers.js";

const ou = (name: string) => `dn: OU=${name},DC=contoso,DC=example\nobjectClass: top\nobjectClass: organizationalUnit\nou: ${name}\n`;
const computer = (name: string) =>
  `dn: CN=${name},OU=Workstations,DC=contoso,DC=example\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\nobjectClass: computer\ncn: ${name}\nsAMAccountName: ${name}$\nuserAccountControl: 4096\n`;
const ann: AdUser = { sam: "alee", given: "Ann", family: "Lee", guid: "66666666-0000-4000-8000-000000000001", uac: 512, ou: "Staff" };

describe("ldif: an export of containers, computers and groups, and no person", () => {
  it("stops the read, counting the entries by their object classes, saying none is a person and how to export the people", async () => {
    const text = ldapsearchResult("DC=contoso,DC=example", "(objectClass=*)", [ou("Staff"), ou("Workstations"), computer("WS-001"), adGroupEntry({ dn: "CN=Staff,OU=Staff,DC=contoso,DC=example" })]);
    const error = await readError(ldifSource, adLdifContext(text));
    expect(error.message).toBe(
      'source "ad": ad.ldif: 4 entries read (objectClass 2 organizationalUnit, 1 group, 1 person+organizationalPerson+user+computer), and none is a person or a service account: no entry has a person class (inetOrgPerson, person, organizationalPerson, user, posixAccount, account) or a service-account class without being a computer, a contact, a group or an AD trust account',
    );
    expect(error.hint).toMatch(/^The export did not select the people: export them with a filter and base DN that hold them/);
    expect(error.hint).toContain("sources.ad.path");
    expect(error.message).not.toContain("empty");
  });

  it("a single container says so in the singular", async () => {
    const error = await readError(ldifSource, adLdifContext(ldapsearchResult("OU=Staff,DC=contoso,DC=example", "(objectClass=organizationalUnit)", [ou("Staff")])));
    expect(error.message).toMatch(/^source "ad": ad\.ldif: 1 entry read \(objectClass 1 organizationalUnit\), and none is a person/);
  });

  it("reads the same containers beside a person (the control)", async () => {
    const records = await ldifSource.read(adLdifContext(ldapsearchResult("DC=contoso,DC=example", "(objectClass=*)", [ou("Staff"), computer("WS-001"), adEntry(ann)])));
    expect(records.map((r) => r.userName)).toEqual(["alee"]);
  });

  it("a file of groups only is an empty people search with the groups appended: an empty export, for the gate (rv108 M1)", async () => {
    // The documented recipe appends the groups search to the people search: a directory emptied on
    // purpose gives groups and nothing else, which a reviewed gates.accept { records: 0 } lets through.
    const text = ldapsearchResult("DC=contoso,DC=example", "(objectClass=group)", [adGroupEntry({ dn: "CN=Staff,OU=Staff,DC=contoso,DC=example" }), adGroupEntry({ dn: "CN=Admins,OU=Staff,DC=contoso,DC=example" })]);
    const records = await ldifSource.read(adLdifContext(text));
    expect(records).toEqual([]);
  });

  it("a file of no entries is still an empty export, for the empty-export gate to judge", async () => {
    const records = await ldifSource.read(adLdifContext(ldapsearchResult("OU=Staff,DC=contoso,DC=example", "(objectClass=user)", [])));
    expect(records).toEqual([]);
  });
});
