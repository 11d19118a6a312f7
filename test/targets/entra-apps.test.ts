// The entra-apps target end to end through the real CLI and plain fetch with Graph's documented
// request shapes, against the Graph fake (every request and answer checked against the CSDL of
// Graph v1.0): read applications and their credentials, plan which go (offboarded NHI, unknown
// secret; certificates as manual findings), apply removePassword, drift 0. What the fake cannot
// prove: tokens' signatures and consent, Graph's real throttling limits.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { createEntraAppsConnector } from "../../src/targets/entra-apps/index.js";
import { changeLines, PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { startGraphFake, type GraphFake, type GraphRole } from "../servers/graph-fake/server.js";
import { entraApplications, SCOPESYNC_CLIENT, TENANT } from "./credentials/entra-apps.js";
import { writeNhis } from "./credentials/nhi-files.js";

const SECRET = "Qx8~p2L.aVt_3sZrW9kYbN4mE7uH1cJ6fDg0";
const people: Person[] = [{ worker: "W1", login: "ada", department: "Platform" }];
const env = { ENTRA_SECRET: SECRET };
let fake: GraphFake;
let repo: PolicyRepo;

async function start(roles?: GraphRole[], echoSecrets = false): Promise<void> {
  fake = await startGraphFake({ tenantId: TENANT, clientId: SCOPESYNC_CLIENT, clientSecret: SECRET, applications: entraApplications(), maxPage: 2, ...(roles ? { roles } : {}), echoSecrets });
}

function entraRepo(options: Record<string, unknown> = {}, credentials: Record<string, unknown> = { unknown: "revoke", revokeUnusedAfter: "30d" }): PolicyRepo {
  const r = new PolicyRepo({
    targetName: "entra",
    target: { type: "entra-apps", token: "${env:ENTRA_SECRET}", options: { tenantId: TENANT, clientId: SCOPESYNC_CLIENT, graphUrl: fake.graphUrl, loginUrl: fake.url, ...options } },
    people,
    groups: [],
    policy: { scope: { include: [{ kinds: ["service-account"], where: { platform: ["entra"] } }] }, accounts: { login: "entraAppId" }, credentials },
  });
  writeNhis(r, [
    { id: "svc-reporting", attributes: { platform: "entra", entraAppId: "11111111-aaaa-4bbb-8ccc-000000000001" }, credentials: [{ id: "a0000000-0000-4000-8000-00000000000a", type: "oauth-client", target: "entra" }, { id: "c0000000-0000-4000-8000-00000000000c", type: "certificate", target: "entra" }] },
    { id: "svc-old-portal", status: "disabled", attributes: { platform: "entra", entraAppId: "11111111-aaaa-4bbb-8ccc-000000000002" } },
  ]);
  return r;
}

const secrets = (appId: string): string[] => fake.applications.find((a) => a.appId === appId)!.passwordCredentials.map((c) => c.keyId);

afterEach(async () => {
  repo?.cleanup();
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("entra-apps: read → plan → apply → drift 0 against the Graph fake", () => {
  beforeEach(() => start());

  it("removes the disabled NHI's secret and the unknown secret; certificates are findings with the az command; drift 0", async () => {
    repo = entraRepo();
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([
      "revoke-credential svc-old-portal password:d0000000-0000-4000-8000-00000000000d",
      "revoke-credential svc-reporting password:b0000000-0000-4000-8000-00000000000b",
    ]);
    const reasons = Object.fromEntries(plan.changes.map((c) => [c.credential, c.reason]));
    expect(reasons["password:b0000000-0000-4000-8000-00000000000b"]).toMatch(/^unknown credential: entra reports client-secret b0000000-0000-4000-8000-00000000000b on "11111111-aaaa-4bbb-8ccc-000000000001", which identities\/service-accounts\/svc-reporting\.yaml:\d+ does not list/);
    expect(reasons["password:d0000000-0000-4000-8000-00000000000d"]).toMatch(/^status: disabled in identities\/service-accounts\/svc-old-portal\.yaml:\d+: its client-secret d0000000-0000-4000-8000-00000000000d stops working first$/);
    expect(plan.findings.filter((f) => f.rule === "credential-manual-revocation").map((f) => `${f.identity}: ${f.remediation}`)).toEqual([
      "svc-old-portal: run: az ad app credential delete --id 11111111-aaaa-4bbb-8ccc-000000000002 --key-id e0000000-0000-4000-8000-00000000000e --cert",
    ]);
    // Graph's application resource records no last use: revokeUnusedAfter finds nothing to go on.
    expect(plan.changes.some((c) => c.reason.startsWith("unused"))).toBe(false);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity).sort()).toEqual(["11111111-aaaa-4bbb-8ccc-000000000003", SCOPESYNC_CLIENT]);
    // Paged at 2 applications a page: 4 applications, 2 pages, each followed by @odata.nextLink.
    expect(fake.requests.filter((r) => r.path.startsWith("/v1.0/applications?")).length).toBe(2);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(secrets("11111111-aaaa-4bbb-8ccc-000000000001")).toEqual(["a0000000-0000-4000-8000-00000000000a"]);
    expect(secrets("11111111-aaaa-4bbb-8ccc-000000000002")).toEqual([]);
    expect(fake.applications[1]!.keyCredentials).toHaveLength(1); // the certificate waits for a person
    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code, drift.stderr).toBe(0);
    expect(changeLines(JSON.parse(drift.stdout) as Plan)).toEqual([]);
    const removals = fake.requests.filter((r) => r.path.endsWith("/removePassword")).length;
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(fake.requests.filter((r) => r.path.endsWith("/removePassword")).length).toBe(removals);
  });

  it("credentials.unknown: report leaves the unknown secret and says so; revoke: manual plans the az command for secrets too", async () => {
    repo = entraRepo({ revoke: "manual" }, {});
    const { plan } = await repo.plan(env);
    expect(plan.changes).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "credential-unknown").map((f) => f.message)).toEqual([
      'entra reports client-secret b0000000-0000-4000-8000-00000000000b on "11111111-aaaa-4bbb-8ccc-000000000001" that identities/service-accounts/svc-reporting.yaml:1 does not list; nobody reviewed it',
    ]);
    expect(plan.findings.filter((f) => f.rule === "credential-manual-revocation").map((f) => f.remediation).sort()).toEqual([
      "run: az ad app credential delete --id 11111111-aaaa-4bbb-8ccc-000000000002 --key-id d0000000-0000-4000-8000-00000000000d",
      "run: az ad app credential delete --id 11111111-aaaa-4bbb-8ccc-000000000002 --key-id e0000000-0000-4000-8000-00000000000e --cert",
    ]);
  });

  it("429 with Retry-After on removePassword: the run waits and retries; both secrets go", async () => {
    repo = entraRepo();
    await repo.plan(env);
    fake.throttle(1, 1, /removePassword$/);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(secrets("11111111-aaaa-4bbb-8ccc-000000000002")).toEqual([]);
  });

  it("an application deleted after the plan: apply's re-plan no longer has its change; the connector calls it in place", async () => {
    repo = entraRepo();
    const { plan } = await repo.plan(env);
    fake.applications.splice(1, 1);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0");
    // The connector itself, asked for the gone application's secret (a crash-and-rerun): in place.
    const connector = createEntraAppsConnector({ type: "entra-apps", token: "${env:ENTRA_SECRET}", options: { tenantId: TENANT, clientId: SCOPESYNC_CLIENT, graphUrl: fake.graphUrl, loginUrl: fake.url } }, { name: "entra", repoDir: repo.dir, env });
    const gone = plan.changes.find((c) => c.identity === "svc-old-portal")!;
    expect(await connector.apply(gone)).toEqual({ status: "unchanged", account: "0a1b2c3d-0000-4000-8000-000000000002" });
    // A secret already removed from an application that still exists: in place too, no removePassword sent.
    const removals = fake.requests.filter((r) => r.path.endsWith("/removePassword")).length;
    expect(await connector.apply(plan.changes.find((c) => c.identity === "svc-reporting")!)).toEqual({ status: "unchanged", account: "0a1b2c3d-0000-4000-8000-000000000001" });
    expect(fake.requests.filter((r) => r.path.endsWith("/removePassword")).length).toBe(removals);
  });
});

describe("entra-apps: lockout guard", () => {
  beforeEach(() => start());

  it("a plan that would remove the secret scopesync signs in with (runAs) is blocked, never applied", async () => {
    fake.applications[3]!.passwordCredentials.push({ keyId: "99999999-0000-4000-8000-000000000099", displayName: "scopesync", hint: "Qx8", startDateTime: "2026-11-01T00:00:00Z", endDateTime: "2027-05-01T00:00:00Z" });
    repo = entraRepo({});
    repo.writeConfig({ target: { ...repo.spec.target, runAs: SCOPESYNC_CLIENT } });
    writeNhis(repo, [{ id: "scopesync-entra", attributes: { platform: "entra", entraAppId: SCOPESYNC_CLIENT } }]);
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], env);
    expect(result.code).toBe(3);
    const plan = JSON.parse(repo.read("reviewed.json")) as Plan;
    expect(plan.blockedReasons).toContain(`entra: the plan would revoke-credential for ${SCOPESYNC_CLIENT}, the account scopesync itself runs as (targets.entra.runAs); that would lock scopesync out`);
  });
});

describe("entra-apps: Graph's refusals", () => {
  it("Application.Read.All only: the plan is made, apply fails with 403 Authorization_RequestDenied and the permission to grant; nothing is removed", async () => {
    await start(["Application.Read.All"]);
    repo = entraRepo();
    await repo.plan(env);
    const failed = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toContain("POST /applications/0a1b2c3d-0000-4000-8000-000000000002/removePassword: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.");
    expect(secrets("11111111-aaaa-4bbb-8ccc-000000000001")).toHaveLength(2);
    expect(secrets("11111111-aaaa-4bbb-8ccc-000000000002")).toHaveLength(1);
  });

  it("Application.ReadWrite.OwnedBy: removes the secret of an application scopesync owns, refuses the other", async () => {
    await start(["Application.ReadWrite.OwnedBy"]);
    repo = entraRepo();
    await repo.plan(env);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 1");
    expect(secrets("11111111-aaaa-4bbb-8ccc-000000000001")).toEqual(["a0000000-0000-4000-8000-00000000000a"]);
    expect(secrets("11111111-aaaa-4bbb-8ccc-000000000002")).toHaveLength(1);
  });

  it("a wrong client secret fails the plan with the sign-in error; an echoing server's secret and token appear nowhere", async () => {
    await start(undefined, true);
    repo = entraRepo();
    const wrong = "Wr0ng~Secret.value_1234567890abcdef";
    const failed = await repo.cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], { ENTRA_SECRET: wrong });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("could not sign in as client 5b1d7e9a-3c4f-4e2a-8b6d-1f0e2d3c4b5a in tenant 8f2c1c1e-0b1a-4c55-9a7e-0d6f5a3b2c10: invalid_client: AADSTS7000215: Invalid client secret provided.");
    expect(failed.stderr).not.toContain(wrong);
    // With the right secret and no write permission: the 403 echoes the bearer token; it is masked.
    fake.roles.splice(0, fake.roles.length, "Application.Read.All");
    const { plan, result } = await repo.plan(env);
    const denied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(denied.code).toBe(1);
    expect(denied.stdout + denied.stderr).toContain("(request had Authorization: Bearer ***)");
    const everything = [JSON.stringify(plan), result.stdout, result.stderr, denied.stdout, denied.stderr, failed.stdout, failed.stderr].join("\n");
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toMatch(/eyJ0eXAiOiJKV1QifQ\.[0-9a-f]{32}/);
  });
});
