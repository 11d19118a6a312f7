// rv106 M2: the "GitHub Enterprise Cloud" SAML SSO enterprise app, its token-signing certificate
// added by Graph's servicePrincipal: addTokenSigningCertificate (a Sign and a Verify keyCredential
// and a passwordCredential that opens the PFX, one customKeyIdentifier:
// learn.microsoft.com/graph/api/serviceprincipal-addtokensigningcertificate), owned by an admin who
// left. The plan quarantined the app and asked for removeKey on both keys and removePassword on the
// PFX password, and "switch it off": an SSO outage for everyone that keeps no leaver out. Now the
// owner leaving asks for a new owner, and the certificate is shown as the app's, never revoked.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { FIXTURES, runCli } from "../helpers/run-cli.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const CONFIG = `version: 1
organisation: contoso
sources:
  hr:
    type: csv
    path: exports/hr.csv
    authoritative: [name, department, status, employeeId, terminationDate]
    options:
      exportedAt: "2026-11-26T06:00:00Z"
      columns: { externalId: WorkerID, employeeId: WorkerID, userName: UserID, givenName: FirstName, familyName: LastName, email: Email, status: WorkerStatus, department: Department, terminationDate: TerminationDate }
      statusValues: { Active: active, Terminated: terminated }
  entra-apps:
    type: entra-apps
    path: exports/applications.json
    options: { exportedAt: "2026-11-26T05:00:00Z", servicePrincipals: exports/servicePrincipals.json }
targets:
  wiki: { type: file, path: state/wiki.json }
`;
const HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,Department,TerminationDate
W1,ana.lima@contoso.com,Ana,Lima,ana.lima@contoso.com,Active,IT,
W2,ben.okafor@contoso.com,Ben,Okafor,ben.okafor@contoso.com,Terminated,IT,2026-11-20
`;
const POLICY = "kind: AppPolicy\nid: wiki\ntarget: wiki\nscope:\n  include:\n    - kinds: [person]\naccounts:\n  login: userName\nentitlements: []\nonLeaveScope: disable\n";

/** The repository with the saml-sso exports; `applications`: another GET /applications body. */
async function planned(applications?: object): Promise<Plan> {
  const d = (dir = mkdtempSync(join(tmpdir(), "saml-sso-")));
  mkdirSync(join(d, "exports"));
  mkdirSync(join(d, "state"));
  mkdirSync(join(d, "policies/apps"), { recursive: true });
  writeFileSync(join(d, "scopesync.yaml"), CONFIG);
  writeFileSync(join(d, "exports/hr.csv"), HR);
  cpSync(join(FIXTURES, "sources/entra-apps/saml-sso"), join(d, "exports"), { recursive: true });
  if (applications) writeFileSync(join(d, "exports/applications.json"), JSON.stringify(applications));
  writeFileSync(join(d, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", accounts: [] }));
  writeFileSync(join(d, "policies/apps/wiki.yaml"), POLICY);
  const r = await runCli(["plan", "--repo", d, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

describe("a SAML SSO app whose owner left", () => {
  it("asks for a new owner, with no revoke command, quarantine or switch-off, and shows the signing certificate", async () => {
    const plan = await planned();
    const text = JSON.stringify(plan);
    expect(text).not.toContain("removeKey");
    expect(text).not.toContain("removePassword");
    expect(plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active")).toEqual([]);
    const owner = plan.findings.filter((f) => f.rule === "nhi-owner-active");
    expect(owner).toHaveLength(1);
    expect(owner[0]!.message).toContain("it is a SAML single sign-on app whose only key is its token-signing certificate (CN=Microsoft Azure Federated SSO Certificate (thumbprint 7E8C9A1B2C3D4E5F60718293A4B5C6D7E8F90A1B, in use), expires 2028-03-01T10:00:00.000Z), so it is not quarantined");
    expect(owner[0]!.remediation).toMatch(/^name a new owner of the enterprise application in the system/);
    expect(owner[0]!.remediation).not.toContain("switch it off");

    const report = await runCli(["nhi", "report", "--repo", dir!, "--now", "2026-11-26T09:00:00Z"]);
    expect(report.stdout).toContain("SAML token-signing certificate (the app's, not a credential to revoke): CN=Microsoft Azure Federated SSO Certificate");
    expect(report.stdout).toContain("0 credential(s)");
  });
});

// rv106 L2: an expired client secret of an offboarded NHI was "still active" with a removePassword
// fix. Entra rejects a secret past its endDateTime: it is a tidy-up (credential-expired), not an
// active credential.
describe("an offboarded app registration's expired client secret", () => {
  const OWNER = { "@odata.type": "#microsoft.graph.user", id: "00000001-aaaa-4bbb-8ccc-000000000001", userPrincipalName: "ben.okafor@contoso.com", mail: "ben.okafor@contoso.com" };
  const secret = (keyId: string, end: string) => ({ customKeyIdentifier: null, displayName: "ci", endDateTime: end, hint: "2f4", keyId, secretText: null, startDateTime: "2025-11-25T10:00:00Z" });
  const APPS = {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(owners())",
    value: [{
      id: "7c1e0d2a-4b3f-4e5d-9a8b-1c2d3e4f5a21", appId: "b8e7d6c5-1a2b-4c3d-8e9f-0a1b2c3d4e21", displayName: "Payroll Sync", createdDateTime: "2025-02-03T10:00:00Z", signInAudience: "AzureADMyOrg", tags: [], keyCredentials: [],
      passwordCredentials: [secret("2f4e0000-0000-4000-8000-000000000001", "2026-11-25T10:00:00Z"), secret("2f4e0000-0000-4000-8000-000000000002", "2027-11-25T10:00:00Z")],
      owners: [OWNER],
    }],
  };

  it("is no active credential: credential-expired says when it expired and how to tidy it up; the live one is still active", async () => {
    const plan = await planned(APPS);
    const active = plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active").map((f) => f.message);
    expect(active).toHaveLength(1);
    expect(active[0]).toContain("2f4e0000-0000-4000-8000-000000000002");
    const expired = plan.findings.filter((f) => f.rule === "credential-expired");
    expect(expired).toHaveLength(1);
    expect(expired[0]!.message).toContain("2f4e0000-0000-4000-8000-000000000001");
    expect(expired[0]!.message).toContain("expired on 2026-11-25T10:00:00.000Z (payroll-sync is offboarded: quarantined: owner \"ben.okafor@contoso.com\" is terminated");
    expect(expired[0]!.remediation).toMatch(/^to tidy up, delete it: POST https:\/\/graph\.microsoft\.com\/v1\.0\/applications\/7c1e0d2a-4b3f-4e5d-9a8b-1c2d3e4f5a21\/removePassword/);
  });
});
