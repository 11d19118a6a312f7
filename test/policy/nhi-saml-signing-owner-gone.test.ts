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

describe("a SAML SSO app whose owner left", () => {
  it("asks for a new owner, with no revoke command, quarantine or switch-off, and shows the signing certificate", async () => {
    dir = mkdtempSync(join(tmpdir(), "saml-sso-"));
    mkdirSync(join(dir, "exports"));
    mkdirSync(join(dir, "state"));
    mkdirSync(join(dir, "policies/apps"), { recursive: true });
    writeFileSync(join(dir, "scopesync.yaml"), CONFIG);
    writeFileSync(join(dir, "exports/hr.csv"), HR);
    cpSync(join(FIXTURES, "sources/entra-apps/saml-sso"), join(dir, "exports"), { recursive: true });
    writeFileSync(join(dir, "state/wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", accounts: [] }));
    writeFileSync(join(dir, "policies/apps/wiki.yaml"), POLICY);
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", "2026-11-26T09:00:00Z"]);
    expect(r.stderr).toBe("");
    const plan = JSON.parse(r.stdout) as Plan;
    const text = JSON.stringify(plan);
    expect(text).not.toContain("removeKey");
    expect(text).not.toContain("removePassword");
    expect(plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active")).toEqual([]);
    const owner = plan.findings.filter((f) => f.rule === "nhi-owner-active");
    expect(owner).toHaveLength(1);
    expect(owner[0]!.message).toContain("it is a SAML single sign-on app whose only key is its token-signing certificate (CN=Microsoft Azure Federated SSO Certificate (thumbprint 7E8C9A1B2C3D4E5F60718293A4B5C6D7E8F90A1B, in use), expires 2028-03-01T10:00:00.000Z), so it is not quarantined");
    expect(owner[0]!.remediation).toMatch(/^name a new owner of the enterprise application in the system/);
    expect(owner[0]!.remediation).not.toContain("switch it off");

    const report = await runCli(["nhi", "report", "--repo", dir, "--now", "2026-11-26T09:00:00Z"]);
    expect(report.stdout).toContain("SAML token-signing certificate (the app's, not a credential to revoke): CN=Microsoft Azure Federated SSO Certificate");
    expect(report.stdout).toContain("0 credential(s)");
  });
});
