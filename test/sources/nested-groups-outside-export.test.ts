// Groups inside groups when one of the two groups is not an entry of the export (rv68 #1). AD's
// memberOf lists direct groups only (MS-ADA2 memberOf), so a person in Engineering, which is a
// member of wiki-users, shows only Engineering; the nesting is in the export all the same: in
// wiki-users' member (the app groups' OU was searched) or in Engineering's memberOf (the teams'
// OU was). Either side must give the person wiki-users, from a file and from a live server.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { SourceRecord } from "../../src/model/source-record.js";
import { ldapSource } from "../../src/sources/ldap/index.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { adEntry, adGroupEntry, adLdifContext, adUserDn, ldapsearchResult, type AdUser } from "../helpers/ad-ldif.js";
import { BASE_DN, GROUPS_DN, PEOPLE_DN, startSlapd, type SlapdServer } from "../servers/slapd.js";

const ENGINEERING = "CN=Engineering,OU=Teams,DC=contoso,DC=example";
const WIKI_USERS = "CN=wiki-users,OU=AppGroups,DC=contoso,DC=example";
const ana: AdUser = { sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff", memberOf: [ENGINEERING] };

/** The people search of OU=Staff, then one groups search of `groupsBase` holding `groups`. */
function exportWith(groupsBase: string, groups: string[]): string {
  const people = ldapsearchResult("OU=Staff,DC=contoso,DC=example", "(&(objectCategory=person)(objectClass=user))", [adEntry(ana)]);
  return `${people}\n${ldapsearchResult(groupsBase, "(objectClass=group)", groups)}`;
}

describe("ldif: a nested group that is not an entry of the export", () => {
  it("follows the outer group's member to a group known only from the person's memberOf", async () => {
    const [record] = await ldifSource.read(adLdifContext(exportWith("OU=AppGroups,DC=contoso,DC=example", [adGroupEntry({ dn: WIKI_USERS, member: [ENGINEERING] })])));
    expect(record!.groups).toEqual(["Engineering", "wiki-users"]);
    expect(record!.groupRefs).toEqual([
      { id: ENGINEERING, name: "Engineering" },
      { id: WIKI_USERS, name: "wiki-users" },
    ]);
  });

  it("follows the inner group's memberOf to a group that is not exported, named by its DN's cn", async () => {
    const engineering = adGroupEntry({ dn: ENGINEERING, member: [adUserDn(ana)], memberOf: [WIKI_USERS] });
    const [record] = await ldifSource.read(adLdifContext(exportWith("OU=Teams,DC=contoso,DC=example", [engineering])));
    expect(record!.groups).toEqual(["Engineering", "wiki-users"]);
    expect(record!.groupRefs).toEqual([
      { id: ENGINEERING, name: "Engineering" },
      { id: WIKI_USERS, name: "wiki-users" },
    ]);
  });

  it("follows several levels, none of them exported, and gives each the DN first written as its id", async () => {
    // Engineering (only in Ana's memberOf) ⊂ wiki-users (exported) ⊂ All Apps (only in wiki-users' memberOf).
    const allApps = "CN=All Apps,OU=AppGroups,DC=contoso,DC=example";
    const wiki = adGroupEntry({ dn: WIKI_USERS, member: [ENGINEERING.toUpperCase()], memberOf: [allApps] });
    const [record] = await ldifSource.read(adLdifContext(exportWith("OU=AppGroups,DC=contoso,DC=example", [wiki])));
    expect(record!.groups).toEqual(["All Apps", "Engineering", "wiki-users"]);
    expect(record!.groupRefs!.map((ref) => ref.id)).toEqual([allApps, ENGINEERING, WIKI_USERS]);
  });
});

// The live source against OpenLDAP: the memberof overlay fills memberOf with direct groups only,
// as AD does, so the same two cases arise when options.groups searches one OU of two.
describe.skipIf(!inject("tools").slapd)("ldap: a nested group outside options.groups (slapd)", () => {
  const TEAMS_DN = `ou=teams,${BASE_DN}`;
  const engineering = `cn=engineering,${TEAMS_DN}`;
  const wikiUsers = `cn=wiki-users,${GROUPS_DN}`;
  let server: SlapdServer;

  beforeAll(async () => {
    server = await startSlapd({
      ldif: `dn: ${TEAMS_DN}\nobjectClass: organizationalUnit\nou: teams\n\ndn: uid=ana,${PEOPLE_DN}\nobjectClass: inetOrgPerson\nuid: ana\ncn: Ana Alves\nsn: Alves\nmail: ana@globex.example\n`,
      // Added online, inner group first, so that the overlay writes memberOf on Ana and on Engineering.
      groups: [
        { dn: engineering, attributes: { objectClass: "groupOfNames", cn: "engineering", member: `uid=ana,${PEOPLE_DN}` } },
        { dn: wikiUsers, attributes: { objectClass: "groupOfNames", cn: "wiki-users", member: engineering } },
      ],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const read = async (groups: { baseDN: string } | undefined): Promise<SourceRecord> => {
    const context: SourceContext = {
      name: "corp",
      config: { type: "ldap", options: { url: server.url, bindDN: server.bindDN, password: "${env:LDAP_PASSWORD}", people: { baseDN: PEOPLE_DN }, groups, now: "2026-11-26T10:00:00Z" } },
      repoDir: "/nonexistent",
      env: { LDAP_PASSWORD: server.password },
    };
    const [record] = await ldapSource.read(context);
    return record!;
  };

  it("options.groups on the app groups' OU: the team group is known only from memberOf, and its parent is followed", async () => {
    const ana = await read({ baseDN: GROUPS_DN });
    expect(ana.raw["memberOf"]).toBe(engineering);
    expect(ana.groups).toEqual(["engineering", "wiki-users"]);
  });

  it("options.groups on the teams' OU: the app group is known only from the team group's memberOf", async () => {
    const ana = await read({ baseDN: TEAMS_DN });
    expect(ana.groups).toEqual(["engineering", "wiki-users"]);
  });

  // Documented in docs/formats.md: memberOf holds direct groups only, so without a groups search
  // there is nothing to follow.
  it("without options.groups, only the direct groups of memberOf count: no nesting is followed", async () => {
    const ana = await read(undefined);
    expect(ana.groups).toEqual(["engineering"]);
  });
});
