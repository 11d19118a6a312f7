// The reviewed-plan reconciliation (src/apply/reviewed.ts) on plain data: a change is "the same
// decision" only on the same account. A revocation reviewed for one account and now aimed at
// another (a stray copy took over the person's link) is not reviewed; a joiner's grant reviewed
// before its account existed still is once the account is there.
import { describe, expect, it } from "vitest";
import { reconcile } from "../../src/apply/reviewed.js";
import { fingerprint } from "../../src/plan/build-plan.js";
import { changeId, type Action, type Change } from "../../src/model/change.js";
import type { Plan } from "../../src/plan/plan.js";

function change(action: Action, account: string | undefined, entitlement?: string): Change {
  return { id: changeId("crm", action, "kim05", entitlement ?? ""), target: "crm", action, identity: "kim05", ...(account ? { account } : {}), anchor: "hr:K105", login: "kim05", ...(entitlement ? { entitlement } : {}), privileged: false, origin: "source", reason: "r", evidence: [] };
}

function plan(changes: Change[]): Plan {
  return { formatVersion: 1, fingerprint: fingerprint(changes), generatedAt: "2026-11-26T09:00:00.000Z", organisation: "acme", summary: {}, changes, findings: [], blocked: false, blockedReasons: [], overrides: [], exceptions: [], approvals: [], targets: {} };
}

describe("reconcile: the account is part of the decision", () => {
  it("a disable reviewed for account u-1 and now planned for u-2 is an unreviewed revocation, not the reviewed one", () => {
    const r = reconcile(plan([change("disable-account", "u-2")]), plan([change("disable-account", "u-1")]), "none");
    expect(r.reviewed).toEqual([]);
    expect(r.held.map((c) => c.account)).toEqual(["u-2"]);
  });

  it("a revoke on the same account stays reviewed", () => {
    const r = reconcile(plan([change("revoke", "u-1", "group:Engineering")]), plan([change("revoke", "u-1", "group:Engineering")]), "none");
    expect(r.reviewed).toHaveLength(1);
  });

  it("a revocation reviewed without an account does not pick one up", () => {
    const r = reconcile(plan([change("revoke", "u-2", "group:Engineering")]), plan([change("revoke", undefined, "group:Engineering")]), "revocations-only");
    expect(r.reviewed).toEqual([]);
    expect(r.unreviewedRevocations).toHaveLength(1);
  });

  it("a joiner's grant reviewed before the account existed is still the reviewed one once it does", () => {
    const r = reconcile(plan([change("grant", "u-9", "group:Engineering")]), plan([change("create-account", undefined), change("grant", undefined, "group:Engineering")]), "none");
    expect(r.reviewed.map((c) => c.action)).toEqual(["grant"]);
  });

  it("a credential revoke reviewed on the account and planned now without one (the account removed, the key outlived it) is still the reviewed one", () => {
    // apply removes a leaver even when their deploy key's delete fails; the key stays listed under
    // the login (heldBy) and the re-plan revokes it with no account. Read as unreviewed, the same
    // apply run again under `none` would hold back the very revoke the reviewer approved.
    const key = (account: string | undefined): Change => ({ ...change("revoke-credential", account), id: changeId("crm", "revoke-credential", "kim05", "deploy-key:infra:7"), credential: "deploy-key:infra:7" });
    const r = reconcile(plan([key(undefined)]), plan([key("u-1")]), "none");
    expect(r.reviewed.map((c) => c.credential)).toEqual(["deploy-key:infra:7"]);
    expect(r.held).toEqual([]);
    // Aimed at another account, it is another decision, as for any revocation.
    const other = reconcile(plan([key("u-2")]), plan([key("u-1")]), "none");
    expect(other.reviewed).toEqual([]);
    expect(other.held).toHaveLength(1);
  });

  it("a grant reviewed for one account and now for another is not reviewed", () => {
    const r = reconcile(plan([change("grant", "u-2", "group:Engineering")]), plan([change("grant", "u-1", "group:Engineering")]), "none");
    expect(r.held).toHaveLength(1);
  });
});
