// The github connector refuses any change that leaves the org fewer owners than its minAdmins
// (default 1), whatever the app policy says. Without `admins:` in the policy, a plan removing the
// last owner was "not blocked", reviewed, and then carried out in part: the team revokes done,
// the owner's demotion and removal refused, the leaver still an owner. The planner now holds the
// github targets to the connector's rule.
import { describe, expect, it } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { AppPolicyDoc, ProjectConfig } from "../../src/model/documents.js";
import type { TargetState } from "../../src/model/target-state.js";
import { checkSafety } from "../../src/plan/safety.js";

const account = (login: string, entitlements: string[]) => ({ id: login, login, active: true, attributes: {}, entitlements });
const state: TargetState = {
  formatVersion: 1,
  target: "github",
  readAt: "2026-11-26T06:00:00Z",
  accounts: [account("olga", ["role:admin", "team:engineering"]), account("pat", ["team:engineering"])],
  credentials: [],
};
const policy = { target: "github" } as unknown as AppPolicyDoc; // no `admins:`
const change = (action: Change["action"], login: string, entitlement?: string) => ({ id: `${action}-${login}-${entitlement ?? ""}`, target: "github", action, identity: login, login, ...(entitlement ? { entitlement } : {}) }) as Change;
const leaves = [change("revoke", "olga", "role:admin"), change("revoke", "olga", "team:engineering"), change("disable-account", "olga")];

function blocked(type: string, changes: Change[], options?: Record<string, unknown>): string[] {
  const config = { targets: { github: { type, ...(options ? { options } : {}) } } } as unknown as ProjectConfig;
  return checkSafety(changes, new Map([["github", state]]), config, new Map([["github", policy]]), new Map(), 0, () => false).blockedReasons;
}

describe("a github org's last owner leaves, and the policy sets no admins guard", () => {
  it("the plan is blocked, naming the connector's minimum and how to get past it", () => {
    expect(blocked("github", leaves)).toEqual([
      "github: after this plan 0 account(s) would hold role:admin (now 1); the minimum is 1 (targets.github.options.minAdmins, default 1: apply refuses to leave fewer org owners); grant role:admin to another person in the same plan first",
    ]);
  });

  it("not when another person is made an owner in the same plan, nor when minAdmins is 0", () => {
    expect(blocked("github", [...leaves, change("grant", "pat", "role:admin")])).toEqual([]);
    expect(blocked("github", leaves, { minAdmins: 0 })).toEqual([]);
  });

  it("minAdmins set higher is the minimum", () => {
    expect(blocked("github", [change("revoke", "pat", "team:engineering")], { minAdmins: 2 })).toEqual([]);
    expect(blocked("github", leaves, { minAdmins: 2 })[0]).toContain("the minimum is 2 (targets.github.options.minAdmins: apply refuses to leave fewer org owners)");
  });

  it("an owner invitation not yet accepted is no owner: the plan is still blocked", () => {
    const invited = { ...state, accounts: [...state.accounts, { ...account("quinn", ["role:admin"]), attributes: { pending: "true" } }] };
    const config = { targets: { github: { type: "github" } } } as unknown as ProjectConfig;
    expect(checkSafety(leaves, new Map([["github", invited]]), config, new Map([["github", policy]]), new Map(), 0, () => false).blockedReasons).toEqual([
      "github: after this plan 0 account(s) would hold role:admin (now 1); the minimum is 1 (targets.github.options.minAdmins, default 1: apply refuses to leave fewer org owners); grant role:admin to another person in the same plan first",
    ]);
  });

  it("a policy guard on a team keeps the owner guard beside it; one on role:admin with as high a minimum replaces it", () => {
    const config = { targets: { github: { type: "github" } } } as unknown as ProjectConfig;
    // pat maintains the platform-admins team: a guard on a team the org does not have would block on its own (admins-guard-names.ts).
    const withTeam: TargetState = { ...state, accounts: [state.accounts[0]!, account("pat", ["team:engineering", "team:platform-admins"])] };
    const guarded = (admins: { entitlement: string; minimum: number }) => checkSafety(leaves, new Map([["github", withTeam]]), config, new Map([["github", { target: "github", admins } as unknown as AppPolicyDoc]]), new Map(), 0, () => false).blockedReasons;
    expect(guarded({ entitlement: "team:platform-admins", minimum: 1 })).toEqual([
      "github: after this plan 0 account(s) would hold role:admin (now 1); the minimum is 1 (targets.github.options.minAdmins, default 1: apply refuses to leave fewer org owners); grant role:admin to another person in the same plan first",
    ]);
    expect(guarded({ entitlement: "role:admin", minimum: 1 })).toEqual([
      "github: after this plan 0 account(s) would hold role:admin (now 1); the minimum is 1; grant role:admin to another person in the same plan first",
    ]);
  });

  it("a grant of role:admin to someone the same plan creates is an invitation on github, and counts nowhere else", () => {
    // GitHub: create-account is an organization invitation, `state: pending` until accepted
    // (OrgMembership in github/rest-api-description); a SCIM app's POST /Users makes the user at once.
    const successor = [...leaves, change("create-account", "quinn"), change("grant", "quinn", "role:admin")];
    expect(blocked("github", successor)).toEqual([
      "github: after this plan 0 account(s) would hold role:admin (now 1); the minimum is 1 (targets.github.options.minAdmins, default 1: apply refuses to leave fewer org owners); not counted: quinn, whom this plan only invites (an invitation not yet accepted holds nothing); grant role:admin to an active member in the same plan, or lower targets.github.options.minAdmins in a reviewed change until the invitation is accepted",
    ]);
    const config = { targets: { github: { type: "scim" } } } as unknown as ProjectConfig;
    const scimPolicy = { target: "github", admins: { entitlement: "role:admin", minimum: 1 } } as unknown as AppPolicyDoc;
    expect(checkSafety(successor, new Map([["github", state]]), config, new Map([["github", scimPolicy]]), new Map(), 0, () => false).blockedReasons).toEqual([]);
  });

  it("other target types keep no owner guard unless the policy sets one", () => {
    expect(blocked("scim", leaves)).toEqual([]);
  });
});
