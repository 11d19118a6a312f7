// An undeclared Entra NHI whose owner left, beside an entra-apps target (scenario
// nhi-undeclared-sp-owner-gone): another tenant's service principal and an application the
// target's tenant does not have were reported as "quarantined", nothing was planned for them, and
// no finding named their still-active client secrets. Now each secret is named, with the command
// for the kind of object that holds it, and nhi-owner-active says the plan switches nothing off.
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { SCENARIO_NOW, scenarioForTest } from "../helpers/scenario.js";

async function plan(): Promise<Plan> {
  const dir = await scenarioForTest("nhi-undeclared-sp-owner-gone");
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const finding = (p: Plan, rule: string, identity: string) => p.findings.filter((f) => f.rule === rule && f.identity === identity);

describe("an undeclared NHI the plan quarantines, whose credentials no target holds", () => {
  it("another tenant's service principal: its own secret is named, with the service-principal command, and nothing claims it is switched off", async () => {
    const p = await plan();
    expect(p.changes.filter((c) => c.identity === "vendor-billing-connector")).toEqual([]);
    const [active] = finding(p, "nhi-offboarded-credential-active", "vendor-billing-connector");
    expect(active!.message).toBe('vendor-billing-connector is offboarded (quarantined: owner "linus" is terminated; a new owner must be assigned), but its oauth-client 3a4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e11 (entra-apps: servicePrincipals/66a4b15d-eb30-41a7-8c3d-62c1ecd39aff) is still active: no plan revokes it (an entra-apps target governs application registrations only, and this credential is the service principal\'s own)');
    // `az ad sp credential delete --id` takes the service principal's object id (learn.microsoft.com/cli/azure/ad/sp/credential).
    expect(active!.remediation).toBe('POST https://graph.microsoft.com/v1.0/servicePrincipals/66a4b15d-eb30-41a7-8c3d-62c1ecd39aff/removePassword with {"keyId":"3a4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e11"} (or `az ad sp credential delete --id 66a4b15d-eb30-41a7-8c3d-62c1ecd39aff --key-id 3a4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e11`)');
    expect(active!.location).toBe("entra/servicePrincipals.json entry 1");
    const [owner] = finding(p, "nhi-owner-active", "vendor-billing-connector");
    expect(owner!.message).toBe('vendor-billing-connector has lost its owner: owner "linus" is terminated (owner as entra-apps reports it); no target holds an active account or credential of it, so this plan switches nothing off (nhi-offboarded-credential-active names each credential still active)');
    expect(owner!.message).not.toContain("is quarantined");
    // The application the target holds is quarantined in words and in the plan, with no secret left to name.
    expect(p.changes.filter((c) => c.identity === "ledger-bridge").map((c) => `${c.target} ${c.action} ${c.credential}`)).toEqual(["entra revoke-credential password:8e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cb1"]);
    expect(finding(p, "nhi-owner-active", "ledger-bridge")[0]!.message).toBe('ledger-bridge is quarantined: owner "linus" is terminated (owner as entra-apps reports it)');
    expect(finding(p, "nhi-offboarded-credential-active", "ledger-bridge")).toEqual([]);
  });

  it("an application the target's tenant does not hold: named, with the application command and the Entra way into the target's reach", async () => {
    const p = await plan();
    const [active] = finding(p, "nhi-offboarded-credential-active", "stale-reporter");
    expect(active!.message).toMatch(/: no target of type entra-apps plans to revoke it \(none holds it, or none has stale-reporter in its scope\)$/);
    expect(active!.remediation).toBe('POST https://graph.microsoft.com/v1.0/applications/31bf6e0c-96eb-4c52-b788-1d7c97ee45c2/removePassword with {"keyId":"9e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cc2"} (or `az ad app credential delete --id 2b3c4d5e-0000-4000-8000-00000000e7c2 --key-id 9e2b1c3d-4a5f-4b60-9c71-8d9eaf0b1cc2`); or bring the application into an entra-apps target\'s reach (the tenant it reads, an app policy whose scope has stale-reporter), which the plan then revokes it in');
    expect(active!.remediation).not.toMatch(/path prefix|the user/);
    expect(finding(p, "nhi-owner-active", "stale-reporter")[0]!.message).toMatch(/no target holds an active account or credential of it, so this plan switches nothing off/);
  });
});
