// rv99 #1: an entry without objectClass. A search returns only the attributes it lists (RFC 4511
// §4.5.1.8), so an ldapsearch or `ldifde -l` with an attribute list that does not name objectClass
// writes entries that do not say what they are. Read as "other" they were dropped without a word,
// and their people planned as leavers ("no longer in source"); a file of nothing else was
// "the export is empty (no records)". Like a missing accountExpires, the read now stops, naming
// the entries and the attribute to add.
import { describe, expect, it } from "vitest";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { adEntry, adLdifContext, adUserDn, ldapsearchResult, type AdUser } from "../helpers/ad-ldif.js";
import { readError } from "./helpers.js";

const ann: AdUser = { sam: "alee", given: "Ann", family: "Lee", guid: "66666666-0000-4000-8000-000000000001", uac: 512, ou: "Staff" };
const bob: AdUser = { sam: "bng", given: "Bob", family: "Ng", guid: "66666666-0000-4000-8000-000000000002", uac: 512, ou: "Staff" };
const cat: AdUser = { sam: "cho", given: "Cat", family: "Ho", guid: "66666666-0000-4000-8000-000000000003", uac: 512, ou: "Contractors" };
const FILTER = "(&(objectCategory=person)(objectClass=user))";

/** The people OU exported with '*', then the contractors OU appended by a search whose attribute list leaves out objectClass. */
const twoSearches = (contractors: AdUser[]) =>
  ldapsearchResult("OU=Staff,DC=contoso,DC=example", FILTER, [adEntry(ann), adEntry(bob)]) + "\n" +
  ldapsearchResult("OU=Contractors,DC=contoso,DC=example", FILTER, contractors.map((u) => adEntry({ ...u, omit: ["objectClass"] })));

describe("ldif: an entry without objectClass", () => {
  it("reads the same contractor when the export names objectClass (the control)", async () => {
    const records = await ldifSource.read(adLdifContext(ldapsearchResult("DC=contoso,DC=example", FILTER, [adEntry(ann), adEntry(bob), adEntry(cat)])));
    expect(records.map((r) => r.userName)).toEqual(["alee", "bng", "cho"]);
  });

  it("stops the read, naming the entry, its line and DN and the attribute to add, rather than drop the person", async () => {
    const error = await readError(ldifSource, adLdifContext(twoSearches([cat])));
    expect(error.message).toBe(
      `source "ad": ad.ldif entry 3 (line 56) "${adUserDn(cat)}": no objectClass, so nothing says whether it is a person, a service account or a group (1 of 3 entries read has none)`,
    );
    expect(error.hint).toContain("Add objectClass to the export's attribute list");
  });

  it("says what a file of classless entries holds, rather than that it is empty", async () => {
    const only = ldapsearchResult("OU=Contractors,DC=contoso,DC=example", FILTER, [ann, bob, cat].map((u) => adEntry({ ...u, omit: ["objectClass"] })));
    const error = await readError(ldifSource, adLdifContext(only));
    expect(error.message).toMatch(/^source "ad": ad\.ldif entry 1 \(line 9\) "CN=Ann Lee,[^"]+": no objectClass, .* \(3 of 3 entries read have none; also ad\.ldif entry 2 \(line \d+\) "CN=Bob Ng,[^"]+"; ad\.ldif entry 3 \(line \d+\) "CN=Cat Ho,[^"]+"\)$/);
  });

  it("counts past the first five it names", async () => {
    const many = Array.from({ length: 7 }, (_, i): AdUser => ({ ...cat, sam: `c${i}`, given: `C${i}`, guid: `66666666-0000-4000-8000-00000000010${i}` }));
    const error = await readError(ldifSource, adLdifContext(twoSearches(many)));
    expect(error.message).toContain("(7 of 9 entries read have none; also ");
    expect(error.message).toMatch(/; and 2 more\)$/);
  });
});
