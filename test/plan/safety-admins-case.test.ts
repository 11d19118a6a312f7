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

  it("on a case-sensitive target, group:Admins is another group: nobody holds group:admins, and nothing changes that", () => {
    // Zero holders before and after: the guard only blocks a plan that lowers the count.
    expect(guard([change("revoke", "ada", "group:Admins")], false)).toEqual([]);
  });
});
