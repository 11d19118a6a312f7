// An Active Directory export without accountExpires (rv68 #2). Every AD account has the attribute:
// MS-SAMR 3.1.1.8.1 sets it to 0x7FFFFFFFFFFFFFFF ("never") when a user or computer object is
// created without one, so an entry that lacks it comes from an export that did not ask for it
// (`ldifde -l` or ldapsearch with an attribute list). Read as "never expires", an expired leaver
// (AD does not set ACCOUNTDISABLE when the date passes) would keep every account: the read stops,
// as it does for an entry without userAccountControl.
import { describe, expect, it } from "vitest";
import { ldifSource } from "../../src/sources/ldif/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { adEntry, adLdifContext, ldapsearchResult, type AdUser } from "../helpers/ad-ldif.js";
import { readError } from "./helpers.js";

const ana: AdUser = { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff" };

const context = (entries: string[]): SourceContext =>
  adLdifContext(ldapsearchResult("OU=Staff,DC=contoso,DC=example", "(&(objectCategory=person)(objectClass=user))", entries));

describe("ldif: an Active Directory entry without accountExpires", () => {
  it("the same entry with an expiry that has passed is a leaver's (the control)", async () => {
    const [record] = await ldifSource.read(context([adEntry({ ...ana, expires: "2025-10-30T16:00:00Z" })]));
    expect(record).toMatchObject({ status: "terminated", terminationDate: "2025-10-30T16:00:00.000Z" });
  });

  it("stops the read, naming the entry and what to export, rather than read it as never expiring", async () => {
    const error = await readError(ldifSource, context([adEntry({ ...ana, expires: "2025-10-30T16:00:00Z", omit: ["accountExpires"] })]));
    expect(error.message).toBe('source "ad": ad.ldif entry 1 (line 9): no accountExpires: cannot tell whether the account has expired');
    expect(error.hint).toContain("Include accountExpires in the export");
    expect(error.hint).toContain("9223372036854775807");
  });

  it("applies to a managed service account too (a computer object: MS-SAMR sets it there as well)", async () => {
    const gmsa = [
      "dn: CN=svc-backup,CN=Managed Service Accounts,DC=contoso,DC=example",
      "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: user", "objectClass: computer",
      "objectClass: msDS-GroupManagedServiceAccount",
      "cn: svc-backup", "sAMAccountName: svc-backup$", "objectGUID:: ERERESIiM0OERFVVVVVVVQ==", "userAccountControl: 4096", "",
    ].join("\n");
    const error = await readError(ldifSource, context([adEntry(ana), gmsa]));
    expect(error.message).toContain("entry 2 (line 25): no accountExpires");
  });
});
