// rv56 F2: a declared NHI whose owner left, that signs in with no secret a target can revoke: an
// IAM role GitHub Actions assumes through OIDC, an Entra application with a federated identity
// credential. nhi-owner-active said "is quarantined … (disabled, credentials revoked)" while the
// plan switched nothing off; the same NHI undeclared was told truthfully. Now, declared or not, the
// finding says what keeps working and how a person stops it, and never "is quarantined".
// Exports in the shapes AWS and Microsoft document: `aws iam get-account-authorization-details
// --filter Role` (RoleDetailList with AssumeRolePolicyDocument, Tags, RoleLastUsed), and Graph
// `GET /applications?$expand=owners` with an application's federatedIdentityCredentials
// (https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential: id, name,
// issuer, subject, audiences).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";

const NOW = "2026-11-26T09:00:00Z";
const APP_ID = "b8e7d6c5-1a2b-4c3d-8e9f-0a1b2c3d4e11";
const APP_OBJECT = "7c1e0d2a-4b3f-4e5d-9a8b-1c2d3e4f5a11";
const SECRET_KEY = "5d1e2f3a-0000-4000-8000-0000000000b1";
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate
W1,ada,Ada,Quill,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,
W4,lin,Lin,Tosh,lin@corp.example,Terminated,Employee,Engineer,Platform,W1,2022-04-04,2026-11-20
`;

function application(secret: boolean): object {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(owners())",
    value: [{
      id: APP_OBJECT, appId: APP_ID, displayName: "Release Pipeline", createdDateTime: "2025-02-03T10:00:00Z", signInAudience: "AzureADMyOrg", tags: [], keyCredentials: [],
      passwordCredentials: secret ? [{ keyId: SECRET_KEY, displayName: "legacy", startDateTime: "2026-01-05T10:00:00Z", endDateTime: "2027-01-05T10:00:00Z", hint: "Xy1" }] : [],
      federatedIdentityCredentials: [{ id: "f1f1f1f1-0000-4000-8000-000000000001", name: "gh-main", issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/release:ref:refs/heads/main", audiences: ["api://AzureADTokenExchange"], description: null }],
      owners: [{ "@odata.type": "#microsoft.graph.user", id: "e1a2b3c4-0000-4000-8000-000000000004", userPrincipalName: "lin@corp.example", mail: "lin@corp.example" }],
    }],
  };
}

const FEDERATED = { id: "federated:f1f1f1f1-0000-4000-8000-000000000001", account: APP_OBJECT, type: "federated-credential", access: '"gh-main": issuer https://token.actions.githubusercontent.com, subject repo:acme/release:ref:refs/heads/main', withHolderOnly: true };

const ROLES = {
  RoleDetailList: [{
    Path: "/", RoleName: "gha-deploy", RoleId: "AROAEXAMPLEGHADEPLOY1", Arn: "arn:aws:iam::111111111111:role/gha-deploy", CreateDate: "2025-05-01T10:00:00Z",
    AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/infra:*" } } }] },
    InstanceProfileList: [], RolePolicyList: [], AttachedManagedPolicies: [{ PolicyName: "AdministratorAccess", PolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }],
    Tags: [{ Key: "owner", Value: "lin@corp.example" }], RoleLastUsed: { LastUsedDate: "2026-11-25T10:00:00Z", Region: "eu-west-1" },
  }],
};
const REPORT_HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const ROOT_ROW = "<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

/**
 * Both NHIs declared with owner lin and discoveredBy; `entraTarget`: an entra-apps target holds the
 * application and its secret; `federated`: its state also lists the federated credential, as the
 * target reads it since it expands federatedIdentityCredentials.
 */
function repo(entraTarget: boolean, federated = false): string {
  const d = mkdtempSync(join(tmpdir(), "kept-sign-in-"));
  for (const sub of ["identities/service-accounts", "state", "entra", "aws", "policies/apps"]) mkdirSync(join(d, sub), { recursive: true });
  writeFileSync(join(d, "hr.csv"), HR);
  writeFileSync(join(d, "entra", "applications.json"), JSON.stringify(application(entraTarget)));
  writeFileSync(join(d, "aws", "roles.json"), JSON.stringify(ROLES));
  writeFileSync(join(d, "aws", "credential-report.csv"), `${REPORT_HEADER}\n${ROOT_ROW}\n`);
  const entra = entraTarget
    ? `  entra:\n    type: entra-apps\n    token: "\${env:ENTRA_SECRET}"\n    state: state/entra.json\n    options: { tenantId: "d2f3e4a5-0000-4000-8000-0000000000aa", clientId: "11111111-0000-4000-8000-000000000001" }\n`
    : "";
  writeFileSync(join(d, "scopesync.yaml"), `version: 1\norganisation: t\nsources:\n  hr:\n    type: csv\n    path: hr.csv\n    authoritative: [name, department, title, manager, employmentType, status, employeeId]\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\n  entra-apps:\n    type: entra-apps\n    path: entra/applications.json\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\n  aws:\n    type: aws-iam\n    path: aws/credential-report.csv\n    options: { roles: aws/roles.json, exportedAt: "2026-11-26T06:00:00Z" }\ntargets:\n  local:\n    type: file\n    path: state/local.json\n${entra}`);
  writeFileSync(join(d, "state", "local.json"), JSON.stringify({ formatVersion: 1, accounts: [], credentials: [] }));
  if (entraTarget) {
    writeFileSync(join(d, "state", "entra.json"), JSON.stringify({ formatVersion: 1, target: "entra", readAt: "2026-11-26T06:00:00Z", accounts: [{ id: APP_OBJECT, login: APP_ID, active: true, attributes: {}, entitlements: [] }], credentials: [{ id: `password:${SECRET_KEY}`, account: APP_OBJECT, type: "client-secret", credentialId: SECRET_KEY, createdAt: "2026-01-05T10:00:00Z" }, ...(federated ? [FEDERATED] : [])] }));
    writeFileSync(join(d, "policies", "apps", "entra.yaml"), `kind: AppPolicy\nid: entra\ntarget: entra\nscope:\n  include:\n    - kinds: [service-account]\n      where: { entraAppId: [${APP_ID}] }\naccounts:\n  login: entraAppId\n`);
  }
  writeFileSync(join(d, "identities", "service-accounts", "release-pipeline.yaml"), `kind: ServiceAccount\nid: release-pipeline\nowner: lin\npurpose: Publishes releases from GitHub Actions.\ndiscoveredBy:\n  - { source: entra-apps, id: ${APP_ID} }\n`);
  writeFileSync(join(d, "identities", "service-accounts", "gha-deploy.yaml"), "kind: ServiceAccount\nid: gha-deploy\nowner: lin\npurpose: GitHub Actions deploys to production (OIDC role).\ndiscoveredBy:\n  - { source: aws, id: role/gha-deploy }\n");
  return d;
}

async function plan(d: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", d, "--format", "json", "--now", NOW], { env: { ENTRA_SECRET: "unused-with-a-state-file" } });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const ownerFinding = (p: Plan, id: string) => p.findings.filter((f) => f.rule === "nhi-owner-active" && f.identity === id);

describe("nhi-owner-active: a declared NHI that signs in through a trust no target revokes", () => {
  it("no target governs either: neither is called quarantined; the role's trust and the federated credential are named, with how to remove them", async () => {
    dir = repo(false);
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.identity === "gha-deploy" || c.identity === "release-pipeline")).toEqual([]);
    const [role] = ownerFinding(p, "gha-deploy");
    expect(role!.message).toBe('gha-deploy has lost its owner: owner "lin" is terminated; no target in scopesync.yaml is the system that holds it (aws-iam), so it is not switched off there: only accounts of it in the targets, if it has any, are offboarded; and it is an IAM role, which keeps no secret to revoke: whoever its trust policy allows (here GitHub Actions workflows, through OIDC) can still assume it');
    expect(role!.remediation).toBe("switch it off in aws-iam by hand: remove who may assume it (`aws iam update-assume-role-policy --role-name gha-deploy --policy-document file://deny-all.json`, or delete the role) and revoke its active sessions (IAM console: Roles → gha-deploy → Revoke active sessions); and assign a new owner in the identity's file");
    expect(role!.location).toBe("identities/service-accounts/gha-deploy.yaml:3");
    const [app] = ownerFinding(p, "release-pipeline");
    expect(app!.message).toBe('release-pipeline has lost its owner: owner "lin" is terminated; no target in scopesync.yaml is the system that holds it (entra-apps), so it is not switched off there: only accounts of it in the targets, if it has any, are offboarded; and its federated identity credential lets GitHub Actions workflows sign in as the application with no secret, and no target removes it');
    expect(app!.remediation).toContain(`\`GET https://graph.microsoft.com/v1.0/applications(appId='${APP_ID}')/federatedIdentityCredentials\``);
    for (const f of [role!, app!]) expect(`${f.message} ${f.remediation}`).not.toMatch(/is quarantined|credentials revoked/);
  });

  // Each federated credential is named by its name, issuer and subject, with the application's last
  // sign-in from Graph's servicePrincipalSignInActivity (beta, GET /reports/servicePrincipalSignInActivities:
  // appId, lastSignInActivity.lastSignInDateTime) and how long after lin left (2026-11-20) that was.
  it("each federated credential is named with the application's last sign-in, after its owner left, and the Graph call that deletes it", async () => {
    dir = repo(false);
    writeFileSync(join(dir, "entra", "sign-ins.json"), JSON.stringify({ value: [{ id: APP_ID, appId: APP_ID, lastSignInActivity: { lastSignInDateTime: "2026-11-25T04:12:00Z", lastSignInRequestId: "7d3b6f2e-0000-4000-8000-000000000001" } }] }));
    const config = join(dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("path: entra/applications.json\n    options: {", "path: entra/applications.json\n    options: { signInActivity: entra/sign-ins.json,"));
    const p = await plan(dir);
    const hits = p.findings.filter((f) => f.rule === "nhi-offboarded-credential-active" && f.identity === "release-pipeline");
    expect(hits.map((h) => h.message)).toEqual([
      `release-pipeline is offboarded (quarantined: owner "lin" is terminated; a new owner must be assigned), but its federated identity credential "gh-main" (entra-apps: issuer https://token.actions.githubusercontent.com, subject repo:acme/release:ref:refs/heads/main) still lets that workload sign in as application ${APP_ID} with no secret; the application last signed in 2026-11-25T04:12:00.000Z, 5 days after its owner lin left (2026-11-20): no plan removes a federated credential`,
    ]);
    expect(hits[0]!.remediation).toBe(`\`az rest --method DELETE --url 'https://graph.microsoft.com/v1.0/applications(appId='\\''${APP_ID}'\\'')/federatedIdentityCredentials/f1f1f1f1-0000-4000-8000-000000000001'\` (Graph's DELETE federatedIdentityCredential; or the app registration's Certificates & secrets → Federated credentials → gh-main → Delete); then find out what signed in after lin left: the service principal sign-in log of application ${APP_ID} since 2026-11-20 (Entra admin center: Sign-in logs → Service principal sign-ins)`);
    expect(hits[0]!.location).toBe("entra/applications.json entry 1");
  });

  it("an entra-apps target removes the application's secret: the plan does so, and the finding says the federated credential still signs it in", async () => {
    dir = repo(true);
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.identity === "release-pipeline").map((c) => `${c.target} ${c.action} ${c.credential}`)).toEqual([`entra revoke-credential password:${SECRET_KEY}`]);
    const [app] = ownerFinding(p, "release-pipeline");
    expect(app!.message).toBe('release-pipeline has lost its owner: owner "lin" is terminated; this plan quarantines what the targets hold of it, but its federated identity credential lets GitHub Actions workflows sign in as the application with no secret, and no target removes it, so it is not switched off');
    expect(app!.remediation).toMatch(/^delete its federated identity credentials \(list them with /);
  });

  it("an entra-apps target that lists the federated credential revokes it with the secret: nothing is said to keep working", async () => {
    dir = repo(true, true);
    const p = await plan(dir);
    expect(p.changes.filter((c) => c.identity === "release-pipeline").map((c) => `${c.target} ${c.action} ${c.credential}`)).toEqual([`entra revoke-credential ${FEDERATED.id}`, `entra revoke-credential password:${SECRET_KEY}`]);
    expect(p.changes.find((c) => c.credential === FEDERATED.id)!.reason).toBe(`quarantined: owner "lin" is terminated; a new owner must be assigned: its federated-credential (${FEDERATED.access}) stops working first`);
    const said = ownerFinding(p, "release-pipeline").map((f) => `${f.message} ${f.remediation}`).join("\n");
    expect(said).not.toMatch(/federated identity credential/);
    // Nor by the offboarded NHI's own credential finding: the plan revokes that very credential.
    const kept = p.findings.filter((f) => f.rule === "nhi-offboarded-credential-active" && f.identity === "release-pipeline").map((f) => f.message);
    expect(kept).toEqual([]);
  });
});
