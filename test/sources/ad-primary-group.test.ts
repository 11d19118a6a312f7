// Active Directory's primary group (rv68 #3). Microsoft: "The user is a member of its primary
// group, although the group is not listed in the user's memberOf attribute. Likewise, a group
// object's member attribute will not list the user objects whose primaryGroupID is set to the
// group" (MS-ADA3 primaryGroupID). The group is found by its objectSid: the user's domain SID and
// primaryGroupID as the RID. Where it cannot be found, an info says so rather than nothing.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { adEntry, adGroupEntry, adLdifContext, ldapsearchResult, sidBytes, type AdUser } from "../helpers/ad-ldif.js";

const DOMAIN = "S-1-5-21-2127521184-1503349624-882142282";
const OTHER_DOMAIN = "S-1-5-21-1004336348-1177238915-682003330";
const DOMAIN_USERS = "CN=Domain Users,CN=Users,DC=contoso,DC=example";
const ana: AdUser = {
  sam: "aalves", given: "Ana", family: "Alves", guid: "11111111-1111-4111-8111-111111111111", uac: 512, ou: "Staff",
  extra: [`objectSid:: ${sidBytes(`${DOMAIN}-1104`)}`, "primaryGroupID: 513"],
};

async function read(people: AdUser[], groups: string[]) {
  const findings: Finding[] = [];
  const text = [
    ldapsearchResult("OU=Staff,DC=contoso,DC=example", "(&(objectCategory=person)(objectClass=user))", people.map(adEntry)),
    ldapsearchResult("CN=Users,DC=contoso,DC=example", "(objectClass=group)", groups),
  ].join("\n");
  const records = await ldifSource.read({ ...adLdifContext(text), warn: (finding) => findings.push(finding) });
  return { records, findings };
}

describe("ldif: the primary group (primaryGroupID)", () => {
  it("makes the user a member of the group whose objectSid is the domain's SID and the RID, which lists no one", async () => {
    const { records, findings } = await read([ana], [adGroupEntry({ dn: DOMAIN_USERS, sid: `${DOMAIN}-513` })]);
    expect(records[0]!.groups).toEqual(["Domain Users"]);
    expect(records[0]!.groupRefs).toEqual([{ id: DOMAIN_USERS, name: "Domain Users" }]);
    expect(findings).toEqual([]);
  });

  it("follows the primary group's own nesting, like any other group's", async () => {
    const domainUsers = adGroupEntry({ dn: DOMAIN_USERS, sid: `${DOMAIN}-513`, memberOf: ["CN=wiki-users,OU=AppGroups,DC=contoso,DC=example"] });
    const { records } = await read([ana], [domainUsers]);
    expect(records[0]!.groups).toEqual(["Domain Users", "wiki-users"]);
  });

  it("takes no group of another domain with the same RID", async () => {
    const { records, findings } = await read([ana], [adGroupEntry({ dn: "CN=Domain Users,CN=Users,DC=fabrikam,DC=example", sid: `${OTHER_DOMAIN}-513` })]);
    expect(records[0]!.groups).toEqual([]);
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([["source-primary-group-unread", "info"]]);
  });

  it("says, in one info, whose primary group it could not find, and why", async () => {
    const bo: AdUser = { sam: "bberg", given: "Bo", family: "Berg", guid: "22222222-2222-4222-8222-222222222222", uac: 512, ou: "Staff", extra: ["primaryGroupID: 513"] };
    const cy: AdUser = { ...ana, sam: "cyu", given: "Cy", family: "Yu", guid: "33333333-3333-4333-8333-333333333333", extra: [`objectSid:: ${sidBytes(`${DOMAIN}-1105`)}`, "primaryGroupID: 1107"] };
    const { records, findings } = await read([ana, bo, cy], []);
    expect(records.map((r) => r.groups)).toEqual([[], [], []]);
    expect(findings).toEqual([
      {
        rule: "source-primary-group-unread",
        severity: "info",
        message: 'source "ad": the primary group (primaryGroupID) of 3 people is not among the exported groups (RID 513 (Domain Users): 1 person; RID 1107: 1 person; 1 person without objectSid, so their domain is unknown): Active Directory lists no one in their primary group\'s member or memberOf, so no one is in it here, and a policy naming it matches none of them',
        remediation: expect.stringContaining("Export the groups with objectSid"),
        location: "ad.ldif entry 1 (line 9)",
      },
    ]);
  });
});
