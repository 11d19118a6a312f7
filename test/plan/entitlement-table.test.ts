import { describe, expect, it } from "vitest";
import { withAppPolicyDefaults } from "../../src/config/defaults.js";
import type { AppPolicyDoc, GroupDoc } from "../../src/model/documents.js";
import type { Located } from "../../src/model/located.js";
import { EntitlementTable } from "../../src/plan/entitlement-table.js";
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
