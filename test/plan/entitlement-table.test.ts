import { describe, expect, it } from "vitest";
import { withAppPolicyDefaults } from "../../src/config/defaults.js";
import type { AppPolicyDoc, GroupDoc } from "../../src/model/documents.js";
import type { Located } from "../../src/model/located.js";
import { EntitlementTable } from "../../src/plan/entitlement-table.js";
import { conferredBy } from "../../src/plan/conferred.js";
import type { Membership } from "../../src/policy/memberships.js";

// The table decides which membership justifies each entitlement the way the planner always has:
// the first mapping in policy order whose group the identity is in, with the identity's last
// membership of that group; privileged when any mapping to it, or its group, is.
const app: AppPolicyDoc = withAppPolicyDefaults({
  kind: "AppPolicy",
  id: "app",
  target: "app",
  scope: { include: [] },
  entitlements: [
    { group: "g1", entitlement: "role:b" },
    { group: "g2", entitlement: "role:a" },
    { group: "g3", entitlement: "role:b", privileged: true },
    { group: "g2", entitlement: "role:c" },
  ],
});
const groups = new Map([["g2", { value: { kind: "Group", id: "g2", privileged: true } } as unknown as Located<GroupDoc>]]);
const member = (group: string, at: string): Membership => ({ group, via: "explicit", at });

describe("an app's entitlement table", () => {
  const table = new EntitlementTable(app, groups);

  it("numbers the managed entitlements in sorted order, privileged as the policy and groups say", () => {
    expect(table.names).toEqual(["role:a", "role:b", "role:c"]);
    expect(table.privileged).toEqual([true, true, true]);
    expect(new EntitlementTable({ ...app, entitlements: [{ group: "g1", entitlement: "x" }] }, groups).privileged).toEqual([false]);
    expect(table.slotOf("role:c")).toBe(2);
    expect(table.slotOf("role:other")).toBeUndefined();
  });

  it("says where each mapping is: a group's own to a slot, or every mapping to it, and which ended membership a slot had", () => {
    const placed = new EntitlementTable(app, groups, {}, new Map(), (i) => `app.yaml:${10 + 2 * i}`);
    const b = placed.slotOf("role:b")!;
    expect(placed.mappedAt(b, "g3")).toEqual(["app.yaml:14"]);
    expect(placed.mappedAt(b)).toEqual(["app.yaml:10", "app.yaml:14"]);
    expect(placed.mappedAt(b, "g2")).toEqual([]);
    // Without positions, nothing is cited.
    expect(table.mappedAt(b)).toEqual([]);
    const ended = member("g3", "g3.yaml:4");
    expect(placed.endedMembership([member("g2", "g2.yaml:1"), ended], b)).toBe(ended);
    expect(placed.endedMembership([member("g2", "g2.yaml:1")], b)).toBeUndefined();
  });

  it("justifies each entitlement by the first mapping's group, with the identity's last membership of it", () => {
    const wanted: (Membership | undefined)[] = [];
    const g3 = member("g3", "g3.yaml:1");
    const g1First = member("g1", "g1.yaml:1");
    const g1Last = member("g1", "g1.yaml:9");
    table.fillWanted([g3, g1First, g1Last], wanted);
    expect(wanted).toEqual([undefined, g1Last, undefined]);
    expect(wanted[1]).toBe(g1Last);
    table.fillWanted([g3], wanted);
    expect(wanted[1]).toBe(g3);
    const g2 = member("g2", "g2.yaml:1");
    table.fillWanted([g2], wanted);
    expect(wanted).toEqual([g2, undefined, g2]);
    table.fillWanted([], wanted);
    expect(wanted).toEqual([undefined, undefined, undefined]);
  });

  it("marks the managed entitlements an account holds, ignoring others and repeats", () => {
    const held = new Uint8Array(3);
    table.fillHeld(["role:c", "role:zzz", "role:a", "role:a"], held);
    expect([...held]).toEqual([1, 0, 1]);
    table.fillHeld([], held);
    expect([...held]).toEqual([0, 0, 0]);
  });
});

// RFC 7643 §8.7.1: SCIM Group.displayName is "caseExact": false. Two spellings of one group are one
// slot, privileged if either mapping is (validate refuses the second; a plan must not lose it).
describe("an app's entitlement table on a target whose group names ignore case", () => {
  const scim: AppPolicyDoc = {
    ...app,
    entitlements: [
      { group: "g1", entitlement: "group:finance-approvers", privileged: true },
      { group: "g3", entitlement: "group:Finance-Approvers" },
      { group: "g1", entitlement: "role:Admin" },
    ],
  };
  const table = new EntitlementTable(scim, new Map(), { groupNamesIgnoreCase: true });

  it("gives both spellings one slot, spelled as the first mapping, privileged by either", () => {
    expect(table.names).toEqual(["group:finance-approvers", "role:Admin"]);
    expect(table.privileged).toEqual([true, false]);
    expect(table.slotOf("group:FINANCE-APPROVERS")).toBe(0);
    // Only group: names fold: other kinds keep their case.
    expect(table.slotOf("role:admin")).toBeUndefined();
    const wanted: (Membership | undefined)[] = [];
    const deputy = member("g3", "g3.yaml:1");
    table.fillWanted([deputy], wanted);
    expect(wanted).toEqual([deputy, undefined]);
  });
});

// GitHub: a team's repository access is its members' ("Organization owners and team maintainers can
// give teams admin, read, or write access to organization repositories"), and "Child teams inherit
// the parent's access permissions" (github/docs content/organizations/organizing-members-into-teams/
// about-teams.md). Membership of a team that holds a privileged entitlement is privileged.
describe("an entitlement that confers a privileged one", () => {
  const github: AppPolicyDoc = {
    ...app,
    entitlements: [
      { group: "g1", entitlement: "team:platform" },
      { group: "g1", entitlement: "team:oncall" },
      { group: "g1", entitlement: "team:docs" },
      { group: "g1", entitlement: "team:sre" },
      { group: "g2x", entitlement: "repo:wiki:write", privileged: true },
    ],
    groupGrants: { "team:platform": ["repo:infra:admin"], "team:docs": ["repo:docs:write"], "team:sre": ["repo:wiki:write"] },
  };
  const inherentlyPrivileged = /^repo:[^:]+:(maintain|admin)$/;

  it("is privileged, with what it confers: by groupGrants, by what the target says the team holds, through parents", () => {
    // The target: oncall is a child of platform; docs holds admin on docs by hand (not in groupGrants).
    const conferred = conferredBy(github, [
      { entitlement: "team:oncall", holds: [], parent: "team:platform" },
      { entitlement: "team:platform", holds: [] },
      { entitlement: "team:docs", holds: ["repo:docs:admin"] },
    ]);
    const table = new EntitlementTable(github, new Map(), { inherentlyPrivileged }, conferred);
    expect(table.names).toEqual(["repo:wiki:write", "team:docs", "team:oncall", "team:platform", "team:sre"]);
    expect(table.names.map((_, slot) => table.confersText(slot))).toEqual(["", "confers repo:docs:admin", "confers repo:infra:admin", "confers repo:infra:admin", "confers repo:wiki:write"]);
    // repo:wiki:write is privileged by the policy's mapping, so the team that holds it is too.
    expect(table.privileged).toEqual([true, true, true, true, true]);
  });

  it("is not privileged when what it confers is not, and without a conferral nothing changes", () => {
    const plain = new EntitlementTable({ ...github, groupGrants: { "team:docs": ["repo:docs:write"] }, entitlements: [{ group: "g1", entitlement: "team:docs" }] }, new Map(), { inherentlyPrivileged }, conferredBy({ ...github, groupGrants: { "team:docs": ["repo:docs:write"] } }, undefined));
    expect(plain.privileged).toEqual([false]);
    expect(plain.confersText(0)).toBe("");
  });

  it("follows parents up, and stops at a cycle a hand-edited state file could hold", () => {
    const conferred = conferredBy({ ...github, groupGrants: {} }, [
      { entitlement: "team:a", holds: ["repo:x:admin"], parent: "team:b" },
      { entitlement: "team:b", holds: ["repo:y:read"], parent: "team:c" },
      { entitlement: "team:c", holds: ["repo:z:maintain"], parent: "team:a" },
    ]);
    expect(conferred.get("team:a")).toEqual(["repo:x:admin", "repo:y:read", "repo:z:maintain"]);
    expect(conferred.get("team:b")).toEqual(["repo:x:admin", "repo:y:read", "repo:z:maintain"]);
  });
});
