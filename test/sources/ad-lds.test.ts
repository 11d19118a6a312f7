// AD LDS (formerly ADAM) users (rv68 #6): objectGUID like AD, but no sAMAccountName and no
// userAccountControl. Microsoft: "In ADAM, this attribute [msDS-UserAccountDisabled] replaces the
// ADS_UF_ACCOUNTDISABLE flag of the userAccountControl attribute"
// (learn.microsoft.com/windows/win32/adschema/a-msds-useraccountdisabled). Before, any entry with
// objectGUID was read as AD DS, which stopped on the missing userAccountControl with a fix no AD
// LDS export can follow.
import { describe, expect, it } from "vitest";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { adLdifContext, fileTime, guidBytes, ldapsearchResult } from "../helpers/ad-ldif.js";
import { readError } from "./helpers.js";

function ldsUser(cn: string, lines: string[]): string {
  return [
    `dn: CN=${cn},OU=People,O=Contoso,C=US`,
    "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: user",
    `cn: ${cn}`, ...lines, "",
  ].join("\n");
}

const ana = (lines: string[]) => ldsUser("Ana Alves", [`objectGUID:: ${guidBytes("11111111-1111-4111-8111-111111111111")}`, "userPrincipalName: aalves@contoso.example", "mail: aalves@contoso.example", ...lines]);
const read = (entries: string[], options: Record<string, unknown> = {}) =>
  ldifSource.read(adLdifContext(ldapsearchResult("OU=People,O=Contoso,C=US", "(objectClass=user)", entries), options));

describe("ldif: AD LDS users", () => {
  it("reads msDS-UserAccountDisabled as the disabled account, anchored on objectGUID, logged in by uid", async () => {
    const [left] = await read([ana(["uid: aalves", "msDS-UserAccountDisabled: TRUE"])], { disabledMeans: "terminated" });
    expect(left).toMatchObject({ externalId: "11111111-1111-4111-8111-111111111111", userName: "aalves", status: "terminated", attributes: { accountDisabled: "msDS-UserAccountDisabled TRUE" } });
    const [onLeave] = await read([ana(["uid: aalves", "msDS-UserAccountDisabled: TRUE"])]);
    expect(onLeave).toMatchObject({ status: "suspended", attributes: { accountDisabled: "msDS-UserAccountDisabled TRUE" } });
    const [active] = await read([ana(["uid: aalves", "msDS-UserAccountDisabled: FALSE"])]);
    expect(active).toMatchObject({ status: "active" });
    expect(active!.attributes?.["accountDisabled"]).toBeUndefined();
  });

  it("logs in by userPrincipalName where the user has no uid", async () => {
    const [record] = await read([ana(["msDS-UserAccountDisabled: FALSE"])]);
    expect(record!.userName).toBe("aalves@contoso.example");
  });

  it("reads accountExpires where the user has it, and needs it nowhere (AD LDS runs no SAM)", async () => {
    const [expired] = await read([ana(["uid: aalves", "msDS-UserAccountDisabled: FALSE", `accountExpires: ${fileTime("2025-10-30T16:00:00Z")}`])]);
    expect(expired).toMatchObject({ status: "terminated", terminationDate: "2025-10-30T16:00:00.000Z", attributes: { terminatedBy: "accountExpires" } });
  });

  it("refuses a value that is neither TRUE nor FALSE", async () => {
    const error = await readError(ldifSource, adLdifContext(ldapsearchResult("OU=People,O=Contoso,C=US", "(objectClass=user)", [ana(["uid: aalves", "msDS-UserAccountDisabled: yes"])])));
    expect(error.message).toBe('source "ad": ad.ldif entry 1 (line 9): msDS-UserAccountDisabled "yes" is not TRUE or FALSE');
  });

  it("an entry with objectGUID and neither status attribute stops the read with a fix for AD and AD LDS", async () => {
    const error = await readError(ldifSource, adLdifContext(ldapsearchResult("OU=People,O=Contoso,C=US", "(objectClass=user)", [ana(["uid: aalves"])])));
    expect(error.message).toBe('source "ad": ad.ldif entry 1 (line 9): no userAccountControl: cannot tell whether the account is enabled');
    expect(error.hint).toContain("an AD LDS export: msDS-UserAccountDisabled");
  });
});
