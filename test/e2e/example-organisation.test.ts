import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

// The README's quick start: the bundled example organisation, through the built CLI as a user
// runs it. The expected changes are the ones examples/README.md lists, case by case.
const ROOT = new URL("../../", import.meta.url).pathname;
const NOW = "2026-11-26T09:00:00Z";

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    return { code: 0, stdout: execFileSync("node", ["bin/scopesync.js", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }), stderr: "" };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { code: err.status, stdout: err.stdout, stderr: err.stderr };
  }
}

describe("the example organisation (README quick start)", () => {
  it("validates", () => {
    const r = cli(["validate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^valid: scopesync.yaml and \d+ documents/);
  });

  it("plans every semantic the example is built to show, unblocked", async () => {
    const r = await runCli(["plan", "--repo", ROOT, "--format", "json", "--now", NOW]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    const has = (target: string, action: string, identity: string, entitlement?: string) =>
      plan.changes.some((c) => c.target === target && c.action === action && c.identity === identity && (entitlement === undefined || c.entitlement === entitlement));
    expect(plan.blocked).toBe(false);
    expect(plan.summary).toEqual({ "revoke-credential": 3, revoke: 12, "disable-account": 8, "create-account": 6, "enable-account": 2, "update-account": 3, grant: 8 });
    // joiner
    expect(has("github", "create-account", "priya.raman")).toBe(true);
    expect(has("github", "grant", "priya.raman", "team:engineering")).toBe(true);
    // mover with privileged access: revoked in the same plan, marked as a move
    const moved = plan.changes.filter((c) => c.identity === "marcus.chen" && c.target === "github" && c.action === "revoke");
    expect(moved.map((c) => c.entitlement).sort()).toEqual(["role:admin", "team:platform", "team:platform-admins"]);
    expect(moved.every((c) => c.privileged && c.move?.department?.to === "Sales" && c.origin === "source")).toBe(true);
    // ...and the move brings the CRM into scope: a mover's new account, not a joiner's
    const crmAccount = plan.changes.find((c) => c.identity === "marcus.chen" && c.target === "crm" && c.action === "create-account");
    expect(crmAccount?.reason).toMatch(/^mover: department Platform → Sales, .*; now in the scope of policies\/apps\/crm\.yaml:\d+, no account yet$/);
    expect(crmAccount?.move?.department).toEqual({ from: "Platform", to: "Sales" });
    const localUpdate = plan.changes.find((c) => c.identity === "marcus.chen" && c.target === "local" && c.action === "update-account");
    expect(localUpdate?.reason).toMatch(/^mover: .*; the account's attributes follow policies\/apps\/local\.yaml:\d+$/);
    expect(localUpdate?.attributes?.department).toEqual({ from: "Platform", to: "Sales" });
    // leaver: entitlements, then the account, in the action order
    const derek = plan.changes.filter((c) => c.identity === "derek.walsh" && c.target === "github").map((c) => c.action);
    expect(derek).toEqual(["revoke", "disable-account"]);
    // NHI whose owner left, expired agent, disabled service account: credentials first
    for (const nhi of ["svc-demo-provisioner", "agent-release-notes", "svc-legacy-backup"]) {
      expect(plan.changes.filter((c) => c.identity === nhi).map((c) => c.action)).toEqual(["revoke-credential", "revoke", "disable-account"]);
    }
    // expired grant; rename in place; rehire; unmanaged account disabled by policy
    expect(plan.changes.filter((c) => c.identity === "nikhil.rao").every((c) => c.action === "revoke" && c.origin === "policy")).toBe(true);
    expect(plan.changes.find((c) => c.identity === "mei.kowalski" && c.target === "crm")?.attributes?.login).toEqual({ from: "mei.tanaka", to: "mei.kowalski" });
    expect(plan.changes.some((c) => c.identity === "mei.kowalski" && (c.action === "delete-account" || c.action === "create-account"))).toBe(false);
    expect(has("github", "enable-account", "jonas.berg")).toBe(true);
    expect(has("crm", "disable-account", "account:demo.user")).toBe(true);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity).sort()).toEqual(["demo.user", "kpatel-consult"]);
    // break-glass and the account scopesync runs as are never touched
    expect(plan.changes.some((c) => c.identity === "hana.sato" || c.login === "scopesync-bot")).toBe(false);
  });

  it("--detailed-exitcode gives 2 for a plan with changes", async () => {
    const r = await runCli(["plan", "--repo", ROOT, "--now", NOW, "--detailed-exitcode"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("Plan is ready for review.");
  });

  it("explain cites the group file, the policy and the source record", async () => {
    const r = await runCli(["explain", "nikhil.rao", "--app", "github", "--repo", ROOT, "--now", NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("platform-admins: expired on 2026-11-20, identities/groups/platform-admins.yaml:");
    expect(r.stdout).toMatch(/department = \S+\s+from hr examples\/exports\/hr.csv row \d+/);
    expect(r.stdout).toMatch(/revoke role:admin \(policy, privileged\): grant to platform-admins expired on 2026-11-20/);
    expect(r.stdout).toContain("scope: in scope by the include rule at policies/apps/github.yaml:");
  });

  it("explain suggests the closest identity for a typo", async () => {
    const r = await runCli(["explain", "nikhil.roa", "--repo", ROOT, "--now", NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: no identity or account "nikhil.roa"');
    expect(r.stderr).toContain('did you mean "nikhil.rao"?');
  });

  it("identities shows merged records and where each attribute came from", async () => {
    const r = await runCli(["identities", "--repo", ROOT, "--format", "json", "--now", NOW]);
    expect(r.code).toBe(0);
    const { identities } = JSON.parse(r.stdout) as { identities: Array<{ id: string; records: string[]; provenance: Record<string, { source: string; rule?: string }> }> };
    const rajesh = identities.find((i) => i.id === "rajesh.singh")!;
    expect(rajesh.records.map((x) => x.split(":")[0])).toEqual(["globex", "hr"]);
    expect(rajesh.provenance.department).toMatchObject({ source: "hr", rule: "authoritative: hr" });
    const alex = identities.filter((i) => i.id === "alex.kim" || i.id === "akim");
    expect(alex).toHaveLength(2); // kept apart by the reviewed `separate` decision
  });
});
