// Active Directory machine credentials with a person's classes (rv68 #4). An inbound trust has an
// interdomain trust account: a plain user object "<NetBIOS>$" in the Users container whose
// userAccountControl "MUST have the flag ADS_UF_INTERDOMAIN_TRUST_ACCOUNT (0x00000800)" and whose
// sAMAccountType is SAM_TRUST_ACCOUNT (MS-ADTS 6.1.6.8). AD's documented people filter
// (&(objectCategory=person)(objectClass=user)) returns it; it has no computer class. It is never a
// person, nor are workstation and server trust accounts (0x1000, 0x2000) exported without one.
import { describe, expect, it } from "vitest";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { adEntry, adLdifContext, guidBytes, ldapsearchResult, type AdUser } from "../helpers/ad-ldif.js";

const ana: AdUser = { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff" };
const account = (sam: string, guid: string, uac: number, extra: string[] = []): string =>
  [
    `dn: CN=${sam},CN=Users,DC=contoso,DC=example`,
    "objectClass: top", "objectClass: person", "objectClass: organizationalPerson", "objectClass: user",
    `cn: ${sam}`, `objectGUID:: ${guidBytes(guid)}`,
    `userAccountControl: ${uac}`, "accountExpires: 9223372036854775807", `sAMAccountName: ${sam}`, ...extra, "",
  ].join("\n");

const read = (entries: string[]) =>
  ldifSource.read(adLdifContext(ldapsearchResult("DC=contoso,DC=example", "(&(objectCategory=person)(objectClass=user))", entries)));

describe("ldif: Active Directory trust accounts are not people", () => {
  it("passes over an interdomain trust account (0x800, SAM_TRUST_ACCOUNT) and reads the people", async () => {
    const records = await read([adEntry(ana), account("FABRIKAM$", "33333333-3333-4333-8333-333333333333", 2080, ["sAMAccountType: 805306370"])]);
    expect(records.map((r) => [r.userName, r.kind])).toEqual([["aalves", "person"]]);
  });

  it.each([
    ["an interdomain trust account, told by userAccountControl alone", 0x800 | 0x20, []],
    ["a workstation trust account without the computer class", 0x1000, []],
    ["a domain controller's server trust account without the computer class", 0x2000 | 0x80000, []],
    ["a trust account told by sAMAccountType alone (SAM_TRUST_ACCOUNT)", 512, ["sAMAccountType: 805306370"]],
    ["a machine account told by sAMAccountType alone (SAM_MACHINE_ACCOUNT)", 512, ["sAMAccountType: 805306369"]],
  ])("%s", async (_what, uac, extra) => {
    const records = await read([adEntry(ana), account("MACHINE$", "44444444-4444-4444-8444-444444444444", uac, extra)]);
    expect(records.map((r) => r.userName)).toEqual(["aalves"]);
  });

  it("still reads a person whose userAccountControl has other flags, and a disabled one", async () => {
    const records = await read([adEntry({ ...ana, uac: 66048 }), account("bberg", "55555555-5555-4555-8555-555555555555", 514, ["sAMAccountType: 805306368"])]);
    expect(records.map((r) => [r.userName, r.kind, r.status])).toEqual([["aalves", "person", "active"], ["bberg", "person", "suspended"]]);
  });

  it("still reads a group managed service account (UAC 0x1000) as a service account, by its class", async () => {
    const gmsa = account("svc-backup$", "66666666-6666-4666-8666-666666666666", 4096, ["objectClass: computer", "objectClass: msDS-GroupManagedServiceAccount"]);
    const records = await read([adEntry(ana), gmsa]);
    expect(records.map((r) => [r.userName, r.kind])).toEqual([["aalves", "person"], ["svc-backup$", "service-account"]]);
  });
});
