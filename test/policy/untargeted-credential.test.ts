// rv81 F1: an NHI's file lists a credential with no `target:` (an mTLS client certificate, a
// bank's API key: a system that is no scopesync target, "tracked for expiry and age only"). When
// the owner left, the NHI was called quarantined and no finding named the credential, though
// nothing of scopesync reaches the system it works in: it kept working, valid until 2027, unsaid.
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { EXAMPLE_NOW, editFile, exampleForTest } from "../helpers/example-copy.js";
import { findingsOf, ownerLeftRepos, planOf } from "../helpers/owner-left-repo.js";
import { join } from "node:path";

const repoWith = ownerLeftRepos();

const ERP_BRIDGE = `kind: ServiceAccount
id: svc-erp-bridge
owner: grace.hopper
status: active
purpose: Pushes invoices from the ERP into the bank's payment API every 15 minutes.
interactiveLogin: false
credentials:
  - id: erp-bridge-mtls
    type: certificate
    issuedAt: "2026-09-14"
    expiresAt: "2027-09-14"
    secretRef: vault:finance/erp-bridge#client_cert
  - id: bank-api-key
    type: api-key
    issuedAt: "2026-09-14"
    expiresAt: "2027-03-14"
    secretRef: vault:finance/erp-bridge#bank_api_key
  - id: old-bank-api-key
    type: api-key
    issuedAt: "2025-09-14"
    expiresAt: "2026-09-14"
`;

describe("a credential listed with no target, of an NHI whose owner left", () => {
  it("each one still valid is named, with its expiry and how a person revokes it where it lives; one past its expiry is not", async () => {
    const plan = await planOf(repoWith({ files: { "identities/service-accounts/svc-erp-bridge.yaml": ERP_BRIDGE } }));
    const hits = findingsOf(plan, "nhi-offboarded-credential-active", "svc-erp-bridge");
    expect(hits.map((f) => [f.message, f.location])).toEqual([
      ['svc-erp-bridge is offboarded (quarantined: owner "grace.hopper" is terminated; a new owner must be assigned), but its api-key bank-api-key stays valid until 2027-03-14: it is listed with no target, so no plan revokes it', "identities/service-accounts/svc-erp-bridge.yaml:13"],
      ['svc-erp-bridge is offboarded (quarantined: owner "grace.hopper" is terminated; a new owner must be assigned), but its certificate erp-bridge-mtls stays valid until 2027-09-14: it is listed with no target, so no plan revokes it', "identities/service-accounts/svc-erp-bridge.yaml:8"],
    ]);
    expect(hits[0]!.remediation).toBe("revoke api-key bank-api-key by hand in the system that issued it; the secret is kept at vault:finance/erp-bridge#bank_api_key; then remove it from the NHI's credentials");
    expect(hits[1]!.remediation).toBe("revoke certificate erp-bridge-mtls by hand at the certificate authority that issued it, or in the system that accepts it (its trusted client certificates); the secret is kept at vault:finance/erp-bridge#client_cert; then remove it from the NHI's credentials");
  });

  it("nhi-owner-active does not call it quarantined: nothing is switched off, and it says what keeps working", async () => {
    const plan = await planOf(repoWith({ files: { "identities/service-accounts/svc-erp-bridge.yaml": ERP_BRIDGE } }));
    const [owner] = findingsOf(plan, "nhi-owner-active", "svc-erp-bridge");
    expect(owner!.message).not.toContain("is quarantined");
    expect(owner!.message).toBe('svc-erp-bridge has lost its owner: owner "grace.hopper" is terminated; no target holds an active account or credential of it, and its api-key bank-api-key stays valid until 2027-03-14: it is listed with no target, so no plan revokes it; and its certificate erp-bridge-mtls stays valid until 2027-09-14: it is listed with no target, so no plan revokes it: this plan switches nothing off');
    expect(owner!.remediation).toContain("revoke certificate erp-bridge-mtls by hand");
  });

  it("the bundled example with ahmed.karimi terminated: svc-erp-bridge's erp-bridge-mtls is named beside its Entra secret and its CRM key", async () => {
    const dir = exampleForTest();
    editFile(join(dir, "examples", "exports", "hr.csv"), (text) => text.replace(/^(W1034,ahmed\.karimi,[^,]*,[^,]*,[^,]*,)Active,(.*,2023-10-02,)/m, "$1Terminated,$22026-11-20"));
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", EXAMPLE_NOW]);
    expect(r.stderr).toBe("");
    const plan = JSON.parse(r.stdout) as Parameters<typeof findingsOf>[0];
    const named = findingsOf(plan, "nhi-offboarded-credential-active", "svc-erp-bridge").map((f) => /, but (its \S+ \S+)/.exec(f.message)?.[1]);
    expect(named).toEqual(["its api-key erp-bridge-api-key", "its certificate erp-bridge-mtls", "its oauth-client 2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e01"]);
    const mtls = findingsOf(plan, "nhi-offboarded-credential-active", "svc-erp-bridge").find((f) => f.message.includes("erp-bridge-mtls"))!;
    expect(mtls.message).toContain("stays valid until 2027-09-14: it is listed with no target, so no plan revokes it");
    expect(mtls.location).toBe("identities/service-accounts/svc-erp-bridge.yaml:26");
    expect(findingsOf(plan, "nhi-owner-active", "svc-erp-bridge")[0]!.message).toContain("and its certificate erp-bridge-mtls stays valid until 2027-09-14");
  });
});
