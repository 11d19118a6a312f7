// A custom rule that names an entitlement with a typo, or an app id no policy has, matched nobody:
// the bundled SoD control (sod-finance-approver-sales-ops) went silent, its FIN-311 exception
// stopped being listed, and validate said "valid" (rv93 C). Now the name is a problem at its line,
// in validate and in the plan (rule-entitlement-unknown). The bundled example; the real CLI.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { scopedBlockedReasons } from "../../src/plan/blocked-scope.js";
import { EXAMPLE_NOW, editFile, exampleForTest } from "../helpers/example-copy.js";
import { runCli } from "../helpers/run-cli.js";

const RULES = "policies/rules/governance.yaml";
const forbidSalesOps = (dir: string, name: string) => editFile(join(dir, RULES), (t) => t.replace('entitlements: ["crm:group:sales-ops"]', `entitlements: ["${name}"]`));

async function plan(dir: string): Promise<Plan> {
  return JSON.parse((await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW])).stdout) as Plan;
}
const named = (p: Plan) => p.findings.filter((f) => f.rule === "rule-entitlement-unknown").map((f) => [f.severity, f.location, f.message]);

describe("a rule's entitlement no policy writes and no target holds", () => {
  it("one letter off a mapped name is an error in validate and in the plan, at its line, with the name meant", async () => {
    const dir = exampleForTest();
    forbidSalesOps(dir, "crm:group:salesops");
    const v = await runCli(["validate", "--repo", dir]);
    expect(v.code).toBe(1);
    const message = 'rule sod-finance-approver-sales-ops\'s forbid.entitlements names "crm:group:salesops": app policy crm writes no "group:salesops" and no account or group of target crm holds it, so it matches nobody and the rule never fires on it; did you mean "crm:group:sales-ops"?';
    expect(v.stderr).toContain(`${RULES}:29:22: ${message} (finding rule-entitlement-unknown)\n  fix: write crm:group:sales-ops`);
    const p = await plan(dir);
    expect(named(p)).toEqual([["error", `${RULES}:29`, message]]);
    expect(p.blocked).toBe(true);
  });

  it("an app id in another case is an error naming the policy's id", async () => {
    const dir = exampleForTest();
    forbidSalesOps(dir, "CRM:group:sales-ops");
    const v = await runCli(["validate", "--repo", dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`${RULES}:29:22: rule sod-finance-approver-sales-ops's forbid.entitlements names "CRM:group:sales-ops": no app policy or target has the id "CRM", so it matches nobody and the rule never fires on it; did you mean "crm:group:sales-ops"?`);
    expect(named(await plan(dir))).toMatchObject([["error", `${RULES}:29`, expect.stringContaining('did you mean "crm:group:sales-ops"?')]]);
  });

  it("a name like nothing known is a warning; once the target holds it, nothing is said", async () => {
    const dir = exampleForTest();
    forbidSalesOps(dir, "crm:group:treasury");
    const v = await runCli(["validate", "--repo", dir]);
    expect(v.code).toBe(0);
    expect(v.stderr).toContain(`${RULES}:29:22: warning: rule sod-finance-approver-sales-ops's forbid.entitlements names "crm:group:treasury": app policy crm writes no "group:treasury" and no account or group of target crm holds it, so it matches nobody`);
    expect(named(await plan(dir)).map(([s]) => s)).toEqual(["warning"]);
    // A group the app has that no policy maps is a name a rule may well mean.
    const statePath = join(dir, "examples/state/crm.json");
    const state = JSON.parse(readFileSync(statePath, "utf8")) as { accounts: Array<{ entitlements: string[] }> };
    state.accounts[0]!.entitlements.push("group:treasury");
    writeFileSync(statePath, JSON.stringify(state, null, 2));
    expect((await runCli(["validate", "--repo", dir])).stderr).not.toContain("rule-entitlement-unknown");
    expect(named(await plan(dir))).toEqual([]);
  });

  it("holds no revocation: a rule that names nothing doubts policy, not whose accounts are whose", () => {
    const finding = { rule: "rule-entitlement-unknown", severity: "error" as const, message: "m", target: "crm" };
    const { blocks } = scopedBlockedReasons([finding], [], [], { repo: { ruleSets: [], apps: [], config: { value: { targets: {} } } } as never, byId: new Map(), prior: undefined, changes: [], now: 0 });
    expect(blocks.map((b) => b.holds)).toEqual([{ kind: "gives" }]);
  });
});

describe("a rule's where: value no identity holds", () => {
  it("is where-value-unmatched at its line, as a birthright's is", async () => {
    const dir = exampleForTest();
    editFile(join(dir, RULES), (t) => t.replace("where: { department: [Platform, Security] }", "where: { department: [Platfrom, Security] }"));
    const p = await plan(dir);
    expect(named(p)).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "where-value-unmatched").map((f) => [f.location, f.message])).toEqual([
      [`${RULES}:46`, 'rule privileged-member-department\'s require: no identity of kind person has department "Platfrom" (did you mean "Platform"?), so this value matches nobody'],
    ]);
  });
});
