// Apps cap a group's member list and SCIM has no paging for members: Sentry's "members field will
// only contain up to 10,000 members" (docs.sentry.io, list-an-organizations-paginated-teams). A
// member past the cut read as "not a member", so a mover kept a privileged group and nothing said
// so. The test server's `groupMembersCap` lists at most that many per group, as Sentry does, while
// User.groups still names every group: a group a user claims and its list lacks is cut short, and
// so is one listing exactly 10,000 (the documented cap). Its grants and revokes are refused, with a
// warning; the repro with a Sentry-shaped app of 10,002 members is rv74's scim-members-cap-privilege-kept.sh.
import { describe, expect, it } from "vitest";
import type { ScimServer } from "../servers/scim-server.js";
import { connectorFor, scimServerPerFile } from "../servers/scim-server-testkit.js";
import { cutMemberLists } from "../../src/targets/scim/member-list-cut.js";

describe("a group whose member list the app cuts short", () => {
  let server: ScimServer;
  scimServerPerFile((started) => (server = started));

  it("is refused for grants and revokes, with a warning, when a user's own groups name it and its list lacks them", async () => {
    await server.seed({ users: [{ userName: "ada" }, { userName: "ben" }, { userName: "alan" }], groups: [{ displayName: "Admins", members: ["ada", "ben", "alan"] }, { displayName: "Engineering", members: ["ada"] }] });
    await server.inject({ groupMembersCap: 2 });
    const state = await connectorFor(server).read();
    expect(state.findings?.map((f) => [f.rule, f.severity])).toEqual([["scim-member-list-cut", "warning"]]);
    expect(state.findings?.[0]?.message).toMatch(/^the member list of group "Admins" \(id [^)]+\) looks cut short: 1 user\(s\) name it among their own groups \(User\.groups\) but its member list of 2 does not; a member past the cut reads as not a member, so its memberships are not planned from this read \(no grant or revoke of group:Admins\)$/);
    expect(state.refuses?.map((r) => r.entitlement)).toEqual(["group:Admins"]);
    // Engineering is whole: its memberships are planned from as before.
    expect(state.accounts.find((a) => a.login === "ada")?.entitlements).toEqual(["group:Admins", "group:Engineering"]);
  });

  it("is not said of lists the app gives whole", async () => {
    await server.seed({ users: [{ userName: "ada" }, { userName: "ben" }], groups: [{ displayName: "Admins", members: ["ada", "ben"] }] });
    const state = await connectorFor(server).read();
    expect(state.findings ?? []).toEqual([]);
    expect(state.refuses).toBeUndefined();
  });
});

// The length alone, where users do not name their groups (Sentry's users carry no `groups`): a
// scimmy server computes User.groups for every user, and 10,000 of them are slow to list there.
describe("cutMemberLists: a list of exactly the documented cap", () => {
  const members = Array.from({ length: 10_000 }, (_, i) => ({ value: `u${i}` }));
  const users = members.map((m) => ({ id: m.value, userName: m.value }));

  it("is cut short at exactly 10,000, whole at one more or one less; only the groups the policy maps are judged", () => {
    const groups = [
      { id: "g1", displayName: "Everyone", members },
      { id: "g2", displayName: "Other", members },
      { id: "g3", displayName: "More", members: [...members, { value: "u-extra" }] },
      { id: "g4", displayName: "Fewer", members: members.slice(1) },
    ];
    const cut = cutMemberLists("crm", groups, users, ["group:everyone", "group:More", "group:Fewer"]);
    expect(cut.refuses.map((r) => r.entitlement)).toEqual(["group:Everyone"]);
    expect(cut.findings.map((f) => f.message)).toEqual(["the member list of group \"Everyone\" (id g1) looks cut short: it lists exactly 10,000 members, the most Sentry's and Oracle's SCIM APIs put in one group's member list; a member past the cut reads as not a member, so its memberships are not planned from this read (no grant or revoke of group:Everyone)"]);
    expect(cut.findings[0]?.remediation).toBe('set targets.crm.options.groupMembers: filter if the app answers `filter=id eq "G" and members eq "U"` (each membership is then asked, not read from the list); otherwise review who holds group:Everyone in the app by hand');
    // Without a policy (an import), every group is judged.
    expect(cutMemberLists("crm", groups, users, undefined).refuses.map((r) => r.entitlement)).toEqual(["group:Everyone", "group:Other"]);
  });

  it("an indirect membership a user names (a nested group's) is no evidence, nor is a list with nobody in it", () => {
    const nested = [{ id: "a", userName: "a", groups: [{ value: "g1", type: "indirect" }] }, { id: "b", userName: "b", groups: [{ value: "g1", type: "direct" }] }];
    expect(cutMemberLists("crm", [{ id: "g1", displayName: "Admins", members: [{ value: "b" }] }], nested, undefined).refuses).toEqual([]);
    // An app that lists no members at all (AWS IAM Identity Center) is scim-group-members-unlisted's.
    expect(cutMemberLists("crm", [{ id: "g1", displayName: "Admins", members: [] }], nested, undefined).refuses).toEqual([]);
    // Someone listed, and b (direct) claimed but not listed: cut short.
    expect(cutMemberLists("crm", [{ id: "g1", displayName: "Admins", members: [{ value: "x" }] }], nested, undefined).refuses.map((r) => r.entitlement)).toEqual(["group:Admins"]);
  });
});
