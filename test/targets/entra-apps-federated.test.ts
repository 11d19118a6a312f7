// Entra federated identity credentials (workload identity federation) through the entra-apps
// target, against the Graph fake (every request and answer checked against Graph v1.0's CSDL,
// federatedIdentityCredential included): a GitHub Actions workflow or a Kubernetes service account
// signs in as the application with no secret, so an offboarded NHI whose secrets alone were removed
// kept signing in. Now the read expands `federatedIdentityCredentials`, the plan revokes each of an
// offboarded NHI's as its own change naming issuer and subject, apply sends Graph's `DELETE
// /applications/{id}/federatedIdentityCredentials/{id}`, and the next read no longer lists it (drift
// 0). Graph's refusals are Graph's: 403 Authorization_RequestDenied without
// Application.ReadWrite.OwnedBy/All, 404 Request_ResourceNotFound for a credential already deleted
// (https://learn.microsoft.com/en-us/graph/api/federatedidentitycredential-delete).
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { createEntraAppsConnector } from "../../src/targets/entra-apps/index.js";
import { changeLines, PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { startGraphFake, type FakeFederatedCredential, type GraphFake, type GraphRole } from "../servers/graph-fake/server.js";
import { entraApplications, SCOPESYNC_CLIENT, TENANT } from "./credentials/entra-apps.js";
import { writeNhis } from "./credentials/nhi-files.js";

const SECRET = "Qx8~p2L.aVt_3sZrW9kYbN4mE7uH1cJ6fDg0";
const people: Person[] = [{ worker: "W1", login: "ada", department: "Platform" }];
const env = { ENTRA_SECRET: SECRET };
const GITHUB = "https://token.actions.githubusercontent.com";
const AKS = "https://eastus.oic.prod-aks.azure.com/8f2c1c1e-0b1a-4c55-9a7e-0d6f5a3b2c10/7d3e5f10-0000-4000-8000-0000000000aa/";
// The old portal (disabled NHI): a GitHub Actions deployment and an AKS workload sign in as it.
const PORTAL_FICS: FakeFederatedCredential[] = [
  { id: "f1000000-0000-4000-8000-000000000001", name: "gh-deploy-prod", issuer: GITHUB, subject: "repo:acme/partner-portal:environment:production", audiences: ["api://AzureADTokenExchange"], description: "deploys from GitHub" },
  { id: "f1000000-0000-4000-8000-000000000002", name: "aks-portal-worker", issuer: AKS, subject: "system:serviceaccount:portal:worker", audiences: ["api://AzureADTokenExchange"], description: null },
];
// The reporting exporter (kept): its own workflow; never revoked as "unknown".
const REPORTING_FIC: FakeFederatedCredential = { id: "f2000000-0000-4000-8000-000000000001", name: "gh-reporting", issuer: GITHUB, subject: "repo:acme/reporting:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"] };
const PORTAL = "0a1b2c3d-0000-4000-8000-000000000002";
let fake: GraphFake;
let repo: PolicyRepo | undefined;

async function start(roles?: GraphRole[]): Promise<void> {
  const applications = entraApplications();
  applications[0]!.federatedIdentityCredentials = [{ ...REPORTING_FIC }];
  applications[1]!.federatedIdentityCredentials = PORTAL_FICS.map((f) => ({ ...f }));
  fake = await startGraphFake({ tenantId: TENANT, clientId: SCOPESYNC_CLIENT, clientSecret: SECRET, applications, maxPage: 2, ...(roles ? { roles } : {}) });
}

function entraRepo(options: Record<string, unknown> = {}): PolicyRepo {
  const r = new PolicyRepo({
    targetName: "entra",
    target: { type: "entra-apps", token: "${env:ENTRA_SECRET}", options: { tenantId: TENANT, clientId: SCOPESYNC_CLIENT, graphUrl: fake.graphUrl, loginUrl: fake.url, ...options } },
    people,
    groups: [],
    policy: { scope: { include: [{ kinds: ["service-account"], where: { platform: ["entra"] } }] }, accounts: { login: "entraAppId" }, credentials: { unknown: "revoke" } },
  });
  writeNhis(r, [
    { id: "svc-reporting", attributes: { platform: "entra", entraAppId: "11111111-aaaa-4bbb-8ccc-000000000001" }, credentials: [{ id: "a0000000-0000-4000-8000-00000000000a", type: "oauth-client", target: "entra" }, { id: "b0000000-0000-4000-8000-00000000000b", type: "oauth-client", target: "entra" }, { id: "c0000000-0000-4000-8000-00000000000c", type: "certificate", target: "entra" }] },
    { id: "svc-old-portal", status: "disabled", attributes: { platform: "entra", entraAppId: "11111111-aaaa-4bbb-8ccc-000000000002" } },
  ]);
  return r;
}

const fics = (appId: string): string[] => (fake.applications.find((a) => a.appId === appId)!.federatedIdentityCredentials ?? []).map((f) => f.name);
const connectorFor = (r: PolicyRepo) => createEntraAppsConnector({ type: "entra-apps", token: "${env:ENTRA_SECRET}", options: { tenantId: TENANT, clientId: SCOPESYNC_CLIENT, graphUrl: fake.graphUrl, loginUrl: fake.url } }, { name: "entra", repoDir: r.dir, env });

afterEach(async () => {
  repo?.cleanup();
  repo = undefined;
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("entra-apps: federated identity credentials are revoked with their application's NHI", () => {
  it("each of the disabled NHI's federated credentials is its own change naming issuer and subject; apply deletes them; the next read has none, drift 0", async () => {
    await start();
    repo = entraRepo();
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([
      "revoke-credential svc-old-portal federated:f1000000-0000-4000-8000-000000000001",
      "revoke-credential svc-old-portal federated:f1000000-0000-4000-8000-000000000002",
      "revoke-credential svc-old-portal password:d0000000-0000-4000-8000-00000000000d",
    ]);
    const reasons = Object.fromEntries(plan.changes.map((c) => [c.credential, c.reason]));
    expect(reasons["federated:f1000000-0000-4000-8000-000000000001"]).toMatch(/^status: disabled in identities\/service-accounts\/svc-old-portal\.yaml:\d+: its federated-credential \("gh-deploy-prod": issuer https:\/\/token\.actions\.githubusercontent\.com, subject repo:acme\/partner-portal:environment:production\) stops working first$/);
    expect(reasons["federated:f1000000-0000-4000-8000-000000000002"]).toContain(`("aks-portal-worker": issuer ${AKS}, subject system:serviceaccount:portal:worker)`);
    // The read expands the relationship on the list: no request per application.
    expect(fake.requests.filter((r) => r.path.startsWith("/v1.0/applications?")).every((r) => decodeURIComponent(r.path).includes("$expand=federatedIdentityCredentials"))).toBe(true);
    expect(fake.requests.filter((r) => r.path.includes("/federatedIdentityCredentials"))).toEqual([]);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(fake.requests.filter((r) => r.method === "DELETE").map((r) => `${r.path} ${r.status}`)).toEqual([
      `/v1.0/applications/${PORTAL}/federatedIdentityCredentials/f1000000-0000-4000-8000-000000000001 204`,
      `/v1.0/applications/${PORTAL}/federatedIdentityCredentials/f1000000-0000-4000-8000-000000000002 204`,
    ]);
    expect(fics("11111111-aaaa-4bbb-8ccc-000000000002")).toEqual([]);
    // The kept NHI's workflow is no "unknown credential": no file can list one, Graph records no use.
    expect(fics("11111111-aaaa-4bbb-8ccc-000000000001")).toEqual(["gh-reporting"]);
    const journal = repo.read(".scopesync/journal.jsonl").split("\n").filter((l) => l.includes("federated:") && l.includes('"done"'));
    expect(journal).toHaveLength(2);
    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code, drift.stderr).toBe(0);
    expect(changeLines(JSON.parse(drift.stdout) as Plan)).toEqual([]);
  });

  it("revoke: manual plans none; each federated credential is a finding with the az command", async () => {
    await start();
    repo = entraRepo({ revoke: "manual" });
    const { plan } = await repo.plan(env);
    expect(plan.changes).toEqual([]);
    const manual = plan.findings.filter((f) => f.rule === "credential-manual-revocation" && f.message.includes("federated-credential"));
    expect(manual.map((f) => f.remediation)).toEqual([
      "run: az ad app federated-credential delete --id 11111111-aaaa-4bbb-8ccc-000000000002 --federated-credential-id f1000000-0000-4000-8000-000000000001",
      "run: az ad app federated-credential delete --id 11111111-aaaa-4bbb-8ccc-000000000002 --federated-credential-id f1000000-0000-4000-8000-000000000002",
    ]);
    expect(manual[0]!.message).toContain(`("gh-deploy-prod": issuer ${GITHUB}, subject repo:acme/partner-portal:environment:production)`);
  });
});

describe("entra-apps: Graph's refusals of a federated credential's deletion", () => {
  it("Application.Read.All only: apply fails with 403 Authorization_RequestDenied and the permission to grant; the credentials stay", async () => {
    await start(["Application.Read.All"]);
    repo = entraRepo();
    await repo.plan(env);
    const failed = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(failed.code).toBe(1);
    const out = failed.stdout + failed.stderr;
    expect(out).toContain(`DELETE /applications/${PORTAL}/federatedIdentityCredentials/f1000000-0000-4000-8000-000000000001: 403 Authorization_RequestDenied: Insufficient privileges to complete the operation.`);
    expect(out).toContain("Application.ReadWrite.OwnedBy");
    expect(fics("11111111-aaaa-4bbb-8ccc-000000000002")).toEqual(["gh-deploy-prod", "aks-portal-worker"]);
  });

  it("a credential already deleted (404), or an application gone: the connector calls it in place", async () => {
    await start();
    repo = entraRepo();
    const { plan } = await repo.plan(env);
    const change = plan.changes.find((c) => c.credential === "federated:f1000000-0000-4000-8000-000000000001")!;
    fake.applications[1]!.federatedIdentityCredentials!.splice(0, 1);
    const connector = connectorFor(repo);
    expect(await connector.apply(change)).toEqual({ status: "unchanged", account: PORTAL });
    expect(fake.requests.filter((r) => r.method === "DELETE").map((r) => r.status)).toEqual([404]);
    fake.applications.splice(1, 1);
    expect(await connector.apply(plan.changes.find((c) => c.credential === "federated:f1000000-0000-4000-8000-000000000002")!)).toEqual({ status: "unchanged", account: PORTAL });
  });
});
