// The admins guard counts holders of the admins entitlement the way the planner and drift compare
// names: on a target whose group names ignore case (SCIM displayName, RFC 7643 §4.2), an account
// holding the app's `group:Admins` holds the policy's `group:admins`.
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { AppPolicyDoc, ProjectConfig } from "../../src/model/documents.js";
import type { TargetState } from "../../src/model/target-state.js";
import { checkSafety } from "../../src/plan/safety.js";

const account = (login: string, entitlements: string[]) => ({ id: login, login, active: true, attributes: {}, entitlements });
const state: TargetState = {
  formatVersion: 1,
  target: "crm",
  readAt: "2026-11-26T06:00:00Z",
  // The app spells the group "Admins"; the policy says group:admins.
  accounts: [account("ada", ["group:Admins"]), account("alan", ["group:Admins"]), account("grace", [])],
  credentials: [],
};
const policy = { target: "crm", admins: { entitlement: "group:admins", minimum: 2 } } as unknown as AppPolicyDoc;
const config = { targets: { crm: { type: "scim" } } } as unknown as ProjectConfig;
const change = (action: Change["action"], login: string, entitlement?: string) =>
  ({ id: `${action}-${login}`, target: "crm", action, identity: login, login, ...(entitlement ? { entitlement } : {}) }) as Change;

function guard(changes: Change[], ignoreCase: boolean): string[] {
  const states = new Map([["crm", state]]);
  return checkSafety(changes, states, config, new Map([["crm", policy]]), new Map(), 0, () => ignoreCase).blockedReasons;
}

describe("safety: the admins guard compares names per the target", () => {
  it("a revoke of the app's spelling of the admins group blocks when it leaves too few (case-insensitive target)", () => {
    expect(guard([change("revoke", "ada", "group:Admins")], true)).toEqual([
      "crm: after this plan 1 account(s) would hold group:admins (now 2); the minimum is 2; grant group:admins to another person in the same plan first",
    ]);
  });

  it("disabling a holder of the app's spelling counts as losing an admin (case-insensitive target)", () => {
    expect(guard([change("disable-account", "ada")], true)).toHaveLength(1);
  });

  it("a grant spelled as the policy does replaces the lost admin (case-insensitive target)", () => {
    expect(guard([change("revoke", "ada", "group:Admins"), change("grant", "grace", "group:admins")], true)).toEqual([]);
  });

  // rv64 #2: here it counted 0 admins before and after, so the revoke of the app's admins passed.
  it("on a case-sensitive target, group:Admins is another group: a guard on group:admins, which the target does not have, blocks and names the app's spelling", () => {
    expect(guard([change("revoke", "ada", "group:Admins")], false)).toEqual([
      'crm: the admins guard counts holders of group:admins, which target "crm" does not have: no account holds it, no group it lists is named so, and this plan grants it to nobody, so the guard counts 0 admins and protects none; the nearest entitlement it has is group:Admins: write admins.entitlement as the target names it',
    ]);
  });
});

// The guard may count 0 for a reason other than a name the target does not have: the group is
// there and empty (the read lists it), or the plan grants it. Those keep the rule that a target
// already below its minimum is not blocked by a plan that does not lower the count further.
describe("safety: an admins guard whose entitlement the target does not have", () => {
  const scim = (s: Partial<TargetState>, changes: Change[], admins = "group:crm-admins") =>
    checkSafety(changes, new Map([["crm", { ...state, ...s }]]), config, new Map([["crm", { target: "crm", admins: { entitlement: admins, minimum: 1 } } as unknown as AppPolicyDoc]]), new Map(), 0, () => true).blockedReasons;
  const leave = [change("disable-account", "ada")];

  it("is not blocked on when the read lists the group (SCIM Group.id kept in groupIds), empty as it is", () => {
    expect(scim({ groupIds: [{ entitlement: "group:CRM-Admins", id: "5f0e…" }] }, leave)).toEqual([]);
  });

  it("is not blocked on when this plan grants it", () => {
    expect(scim({}, [...leave, change("grant", "grace", "group:crm-admins")])).toEqual([]);
  });

  it("lists the target's entitlements of that kind when none is near the name", () => {
    expect(scim({}, leave, "group:administrators-of-the-crm")).toEqual([
      'crm: the admins guard counts holders of group:administrators-of-the-crm, which target "crm" does not have: no account holds it, no group it lists is named so, and this plan grants it to nobody, so the guard counts 0 admins and protects none; write admins.entitlement as the target names it; its group: entitlements: group:Admins, or grant it to the app\'s admins in the same plan',
    ]);
  });

  it("leaves the github connector's own owner guard alone: it names its own role", () => {
    const github = { targets: { github: { type: "github" } } } as unknown as ProjectConfig;
    const noOwners: TargetState = { ...state, target: "github", accounts: [account("ada", ["team:x"])] };
    const c = { ...change("disable-account", "ada"), target: "github" } as Change;
    expect(checkSafety([c], new Map([["github", noOwners]]), github, new Map(), new Map(), 0).blockedReasons).toEqual([]);
  });
});
