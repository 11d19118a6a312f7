// An emergency account that belongs to no person, declared as a ServiceAccount with breakGlass:
// true. "In most organizations, emergency access accounts aren't associated with any individual
// user" (Microsoft Entra, Manage emergency access accounts:
// https://learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access),
// and such an account of last resort "must never be automatically removed or disabled" (DISA STIG,
// emergency administration account). breakGlass used to be refused on NHI files, and without it
// the owner leaving quarantined the account: its org-owner role revoked, unblocked.
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { editFile, EXAMPLE_NOW, exampleForTest } from "../helpers/example-copy.js";

const FILE = "identities/service-accounts/gh-emergency-owner.yaml";

/** The bundled example with a GitHub emergency owner account owned by the CTO, daniel.reyes (W1002). */
function withEmergencyAccount(extra = ""): string {
  const dir = exampleForTest();
  writeFileSync(join(dir, FILE), `kind: ServiceAccount
id: gh-emergency-owner
displayName: GitHub emergency owner (credentials sealed in the safe)
owner: daniel.reyes
breakGlass: true
environment: production
purpose: Emergency org-owner account, used only when no other owner can sign in (runbook SEC-RB-7).
interactiveLogin: true
${extra}attributes:
  platform: github
  githubLogin: acme-emergency-owner
`);
  editFile(join(dir, "examples/state/github.json"), (t) => {
    const state = JSON.parse(t) as { accounts: unknown[] };
    state.accounts.push({ id: "99990001", login: "acme-emergency-owner", active: true, attributes: {}, entitlements: ["role:admin"] });
    return JSON.stringify(state, null, 2);
  });
  editFile(join(dir, "identities/groups/org-owners.yaml"), (t) => `${t}  - identity: gh-emergency-owner\n    reason: emergency owner account (SEC-RB-7)\n`);
  return dir;
}

async function plan(dir: string): Promise<{ code: number; plan: Plan }> {
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
  expect(r.stderr).toBe("");
  return { code: r.code, plan: JSON.parse(r.stdout) as Plan };
}

describe("a break-glass ServiceAccount", () => {
  it("is accepted, and while its owner is active nothing is planned for it and nothing is blocked", async () => {
    const { code, plan: p } = await plan(withEmergencyAccount());
    expect(code).toBe(0);
    expect(p.changes.filter((c) => c.identity === "gh-emergency-owner")).toEqual([]);
  });

  it("is not quarantined when its owner leaves; break-glass-owner-gone warns, and the owner's own offboarding goes ahead", async () => {
    const dir = withEmergencyAccount();
    editFile(join(dir, "examples/exports/hr.csv"), (t) => t.replace(/^(W1002,daniel\.reyes,[^,]*,[^,]*,[^,]*),Active,(.*),2018-06-11,\r?$/m, "$1,Terminated,$2,2018-06-11,2026-11-25"));
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(0);
    expect(p.blocked).toBe(false);
    expect(p.changes.filter((c) => c.identity === "gh-emergency-owner")).toEqual([]);
    // The departing owner is offboarded as any leaver: a blocked plan would have held that back.
    expect(p.changes.filter((c) => c.identity === "daniel.reyes" && c.action === "disable-account").length).toBeGreaterThan(0);
    const gone = p.findings.filter((f) => f.rule === "break-glass-owner-gone");
    expect(gone).toEqual([{
      rule: "break-glass-owner-gone",
      severity: "warning",
      identity: "gh-emergency-owner",
      message: `gh-emergency-owner is a break-glass account and has lost its owner: owner "daniel.reyes" is terminated; it is not quarantined (an emergency account is never switched off automatically), and whoever left may still know its credentials`,
      remediation: `name an active person as owner in ${FILE}:4 and have them rotate the account's credentials; to retire the account instead, remove breakGlass from the file in a reviewed pull request`,
      location: `${FILE}:4`,
    }]);
    expect(p.blockedReasons).toEqual([]);
    expect(p.findings.find((f) => f.rule === "nhi-owner-active" && f.identity === "gh-emergency-owner")?.message).toBe(`gh-emergency-owner has lost its owner: owner "daniel.reyes" is terminated; it is break-glass, so it is not quarantined (break-glass-owner-gone asks for a new owner)`);
  });

  it("blocks any change the plan would make to it: past its expiresAt, it is not offboarded", async () => {
    const { code, plan: p } = await plan(withEmergencyAccount("expiresAt: 2026-11-01\n"));
    expect(code).toBe(3);
    const changes = p.changes.filter((c) => c.identity === "gh-emergency-owner").map((c) => `${c.target} ${c.action}${c.entitlement ? ` ${c.entitlement}` : ""}`);
    expect(changes).toEqual(["github revoke role:admin", "github disable-account"]);
    expect(p.blockedReasons).toEqual([
      `github: the plan would revoke role:admin for gh-emergency-owner, a break-glass identity (${FILE}:1); change break-glass access by hand, with its own review`,
      `github: the plan would disable-account for gh-emergency-owner, a break-glass identity (${FILE}:1); change break-glass access by hand, with its own review`,
    ]);
  });
});
