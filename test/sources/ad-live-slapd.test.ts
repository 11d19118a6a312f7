// The live ldap source reading Active Directory-shaped entries from a real slapd that carries AD's
// attributes (test/helpers/ad-slapd-schema.ts): what only the live path decides. Its people search
// with AD's documented filter returns the interdomain trust account AD keeps for a trusting domain
// (rv68 #4), which must be passed over, not stop the read as "not a person"; its groups search must
// ask for objectSid, or no primary group (primaryGroupID, rv68 #3) can be found; a deleted object
// (rv68 #5) is left out; an AD entry without accountExpires (rv68 #2) stops the read.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import type { Finding } from "../../src/model/finding.js";
import { ldapSource } from "../../src/sources/ldap/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { guidBytes, sidBytes } from "../helpers/ad-ldif.js";
import { AD_SLAPD_SCHEMA } from "../helpers/ad-slapd-schema.js";
import { GROUPS_DN, PEOPLE_DN, startSlapd, type SlapdServer } from "../servers/slapd.js";

const DOMAIN = "S-1-5-21-2127521184-1503349624-882142282";

function user(cn: string, sam: string, guid: string, lines: string[]): string {
  return [
    `dn: cn=${cn},${PEOPLE_DN}`,
    "objectClass: user",
    `cn: ${cn}`, `sn: ${cn}`, `sAMAccountName: ${sam}`, `objectGUID:: ${guidBytes(guid)}`,
    ...lines,
    "",
  ].join("\n");
}

const PEOPLE = [
  user("Ana Alves", "aalves", "11111111-1111-4111-8111-111111111111", [
    "userAccountControl: 512", "accountExpires: 9223372036854775807", `objectSid:: ${sidBytes(`${DOMAIN}-1104`)}`, "primaryGroupID: 513",
  ]),
  // INTERDOMAIN_TRUST_ACCOUNT (0x800) + PASSWD_NOTREQD (0x20), SAM_TRUST_ACCOUNT: MS-ADTS 6.1.6.8.
  user("FABRIKAM$", "FABRIKAM$", "33333333-3333-4333-8333-333333333333", [
    "userAccountControl: 2080", "accountExpires: 9223372036854775807", "sAMAccountType: 805306370",
  ]),
  // A deleted object, as a search with the Show Deleted control returns it (rv68 #5).
  user("Bo Berg", "bberg", "22222222-2222-4222-8222-222222222222", ["userAccountControl: 512", "accountExpires: 9223372036854775807", "isDeleted: TRUE"]),
];
// Domain Users lists no member: AD does not list the users whose primary group it is (MS-ADA2 member).
const DOMAIN_USERS = [`dn: cn=Domain Users,${GROUPS_DN}`, "objectClass: group", "cn: Domain Users", `objectSid:: ${sidBytes(`${DOMAIN}-513`)}`, ""].join("\n");

describe.skipIf(!inject("tools").slapd)("ldap source: Active Directory-shaped entries on slapd", () => {
  let server: SlapdServer;

  beforeAll(async () => {
    server = await startSlapd({ schema: AD_SLAPD_SCHEMA, ldif: [...PEOPLE, DOMAIN_USERS].join("\n") });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const context = (people: { baseDN: string; filter: string }, warnings: Finding[] = []): SourceContext => ({
    name: "ad",
    config: { type: "ldap", options: { url: server.url, bindDN: server.bindDN, password: "${env:LDAP_PASSWORD}", people, groups: { baseDN: GROUPS_DN }, now: "2026-11-26T10:00:00Z" } },
    repoDir: "/nonexistent",
    env: { LDAP_PASSWORD: server.password },
    warn: (finding) => warnings.push(finding),
  });
  const everyone = { baseDN: PEOPLE_DN, filter: "(objectClass=user)" };

  it("passes over the interdomain trust account the people filter returns, leaves out the deleted object, and reads the people", async () => {
    const warnings: Finding[] = [];
    const records = await ldapSource.read(context(everyone, warnings));
    expect(records.map((r) => [r.userName, r.kind])).toEqual([["aalves", "person"]]);
    expect(warnings.map((w) => [w.rule, w.message])).toEqual([
      ["source-deleted-objects", `source "ad": 1 deleted Active Directory object (isDeleted TRUE: read with the Show Deleted control) left out, so that it counts as absent: cn=Bo Berg,${PEOPLE_DN} (login "bberg")`],
    ]);
  });

  it("finds the primary group by the RID of its objectSid: Ana is in Domain Users, which lists no one", async () => {
    const warnings: Finding[] = [];
    const [ana] = await ldapSource.read(context(everyone, warnings));
    expect(ana!.groups).toEqual(["Domain Users"]);
    // The group's id is what a move leaves as it is (here slapd's entryUUID; AD's objectGUID), its DN beside it.
    expect(ana!.groupRefs).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), dn: `cn=Domain Users,${GROUPS_DN}`, name: "Domain Users" }]);
    expect(warnings.map((w) => w.rule)).not.toContain("source-primary-group-unread");
  });

  it("an AD entry without accountExpires stops the read", async () => {
    const without = await startSlapd({ schema: AD_SLAPD_SCHEMA, ldif: PEOPLE[0]!.replace("accountExpires: 9223372036854775807\n", "") });
    try {
      const options = { url: without.url, bindDN: without.bindDN, password: "${env:LDAP_PASSWORD}", people: everyone, now: "2026-11-26T10:00:00Z" };
      const failed = await ldapSource.read({ name: "ad", config: { type: "ldap", options }, repoDir: "/nonexistent", env: { LDAP_PASSWORD: without.password } }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(failed).toBeInstanceOf(SourceError);
      expect((failed as SourceError).message).toContain(`cn=Ana Alves,${PEOPLE_DN}: no accountExpires: cannot tell whether the account has expired`);
    } finally {
      await without.stop();
    }
  });
});
