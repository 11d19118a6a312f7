// The rules see a SCIM group as the planner does. RFC 7643 §8.7.1 gives Group.displayName
// `"caseExact": false` (https://www.rfc-editor.org/rfc/rfc7643#section-8.7.1), so the app's
// "Finance-Approvers" is the policy's group:finance-approvers: a separation-of-duties rule that
// names the policy's spelling must see Fiona hold it although the app spells it otherwise, and a
// rule's required reviewers apply to it (rv34 finding 1). Against the scimmy SCIM server, read live.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { startScimServer, type ScimServer } from "../servers/scim-server.js";
import { PolicyRepo, type Person } from "./helpers/policy-repo.js";
import type { Plan } from "../../src/plan/plan.js";

const people: Person[] = [
  { worker: "W1", login: "fiona", department: "Finance" },
  { worker: "W2", login: "bill", department: "Finance" },
];

describe("scim: custom rules compare group names as the planner does", () => {
  let server: ScimServer;
  let repo: PolicyRepo;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startScimServer();
    // The app's own spelling, as its /Groups returns it; Fiona already approves.
    await server.seed({
      users: [
        { userName: "fiona", externalId: "hr:W1", active: true },
        { userName: "bill", externalId: "hr:W2", active: true },
      ],
      groups: [{ displayName: "Finance-Approvers", members: ["fiona"] }, { displayName: "Sales-Ops" }],
    });
    env = { SCIM_TOKEN: server.token };
    repo = new PolicyRepo({
      targetName: "erp",
      target: { type: "scim", url: server.url, token: "${env:SCIM_TOKEN}", options: { timeoutMs: 5000 } },
      people,
      groups: [
        { id: "finance-approvers", members: ["fiona"], privileged: true },
        // This pull request: Fiona covers sales ops, which her approver role forbids.
        { id: "sales-ops", members: ["fiona", "bill"] },
      ],
      policy: {
        scope: { include: [{ kinds: ["person"] }] },
        entitlements: [
          { group: "finance-approvers", entitlement: "group:finance-approvers" },
          { group: "sales-ops", entitlement: "group:sales-ops" },
        ],
      },
    });
    repo.write(
      "policies/rules/governance.yaml",
      stringify({
        kind: "RuleSet",
        id: "governance",
        rules: [
          { id: "sod-approver-sales-ops", severity: "error", match: { kinds: ["person"], entitlements: ["erp:group:finance-approvers"] }, forbid: { entitlements: ["erp:group:sales-ops"] }, message: "approver and sales ops" },
          // Written in the app's spelling: the same group for the rule as for the planner.
          { id: "sales-ops-grants", severity: "info", match: { kinds: ["person"], entitlements: ["erp:group:Sales-Ops"] }, message: "sales ops access", reviewers: ["@initech/sales-leads"] },
        ],
      }),
    );
  }, 30_000);
  afterAll(async () => {
    repo?.cleanup();
    await server?.stop();
  });

  it("blocks the grant that adds the second membership, and asks the rule's reviewers for it", async () => {
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "plan.json"], env);
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(repo.read("plan.json")) as Plan;
    expect(plan.findings.filter((f) => f.rule === "sod-approver-sales-ops").map((f) => f.identity)).toEqual(["fiona"]);
    // Fiona's approver membership is held under the app's spelling: nothing to grant or revoke for it.
    expect(plan.changes.map((c) => `${c.action} ${c.identity} ${c.entitlement ?? ""} ${(c.reviewers ?? []).join(",")}`).sort()).toEqual([
      "grant bill group:sales-ops @initech/sales-leads",
      "grant fiona group:sales-ops @initech/sales-leads",
    ]);
  });
});
