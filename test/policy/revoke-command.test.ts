// The command a finding gives to revoke a discovered credential in the system that issued it:
// an IAM user's access key and signing certificate have commands of their own.
import { describe, expect, it } from "vitest";
import type { Identity } from "../../src/model/identity.js";
import { revokeCommand } from "../../src/policy/rules/builtin/revoke-command.js";

const iamUser = { id: "svc-backup", attributes: { awsPrincipalType: "user" } } as unknown as Identity;

describe("revokeCommand for the aws-iam source", () => {
  it("an access key: list-access-keys, then update-access-key", () => {
    expect(revokeCommand(iamUser, { id: "access_key_1", type: "api-key", issuedAt: "2026-09-15T09:00:00.000Z", principal: "backup-bot" }, "aws-iam")).toBe("find the key created 2026-09-15T09:00:00.000Z with `aws iam list-access-keys --user-name backup-bot`, then `aws iam update-access-key --user-name backup-bot --access-key-id ID --status Inactive` (and delete-access-key once nothing breaks)");
  });

  it("a signing certificate: list-signing-certificates, then update-signing-certificate, never update-access-key", () => {
    const command = revokeCommand(iamUser, { id: "cert_1", type: "certificate", issuedAt: "2026-03-01T00:00:00.000Z", principal: "backup-bot" }, "aws-iam");
    expect(command).toBe("find the certificate uploaded 2026-03-01T00:00:00.000Z with `aws iam list-signing-certificates --user-name backup-bot`, then `aws iam update-signing-certificate --user-name backup-bot --certificate-id ID --status Inactive` (and delete-signing-certificate once nothing breaks)");
    expect(command).not.toContain("access-key");
  });
});

describe("revokeCommand for the entra-apps source", () => {
  const app = { id: "vendor-billing-connector", attributes: { entraAppId: "4d5e6f70-0000-4000-8000-00000000f0a5" } } as unknown as Identity;

  it("a service principal's own secret: removePassword on the service principal, and `az ad sp credential delete` with its object id", () => {
    // `az ad app credential` works on the application object, which another tenant's app does not have here.
    const command = revokeCommand(app, { id: "3a4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e11", type: "oauth-client", issuedAt: "2026-06-01T00:00:00Z", principal: "servicePrincipals/66a4b15d-eb30-41a7-8c3d-62c1ecd39aff" }, "entra-apps");
    expect(command).toBe('POST https://graph.microsoft.com/v1.0/servicePrincipals/66a4b15d-eb30-41a7-8c3d-62c1ecd39aff/removePassword with {"keyId":"3a4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e11"} (or `az ad sp credential delete --id 66a4b15d-eb30-41a7-8c3d-62c1ecd39aff --key-id 3a4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e11`)');
    // An application registration's secret keeps `az ad app credential delete` with its appId.
    expect(revokeCommand(app, { id: "2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e01", type: "oauth-client", issuedAt: "2026-02-03T10:00:00Z", principal: "applications/7c1e0d2a-4b3f-4e5d-9a8b-1c2d3e4f5a01" }, "entra-apps")).toContain("`az ad app credential delete --id 4d5e6f70-0000-4000-8000-00000000f0a5 --key-id 2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e01`");
    expect(revokeCommand(app, { id: "4b5e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e12", type: "certificate", issuedAt: "2026-06-01T00:00:00Z", principal: "servicePrincipals/66a4b15d-eb30-41a7-8c3d-62c1ecd39aff" }, "entra-apps")).toContain("`az ad sp credential delete --id 66a4b15d-eb30-41a7-8c3d-62c1ecd39aff --key-id 4b5e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e12 --cert`");
  });
});

// rv81 F2: one workload that AWS, GCP, Entra and a cluster all report is one identity with every
// system's attributes merged (resolve/reconcile-nhis.ts). Each credential is revoked where it
// lives: the command follows the system that reported it, never the identity's attributes, which
// named the AWS CLI for every key as long as AWS was one of the systems.
describe("revokeCommand follows the credential's own system", () => {
  const merged = { id: "svc-etl", attributes: { awsPrincipalType: "user", entraAppId: "4d5e6f70-0000-4000-8000-00000000f0a5", gcpProject: "corp-prod-1234", k8sNamespace: "etl" } } as unknown as Identity;

  it("a GCP key gets gcloud, an Entra secret Graph, a token Secret kubectl, an IAM key the AWS CLI", () => {
    const gcp = revokeCommand(merged, { id: "projects/corp-prod-1234/serviceAccounts/etl-runner@corp-prod-1234.iam.gserviceaccount.com/keys/1f2e3d4c", type: "api-key", issuedAt: "2025-04-01T10:00:00Z", principal: "etl-runner@corp-prod-1234.iam.gserviceaccount.com" }, "gcp-iam");
    expect(gcp).toBe("`gcloud iam service-accounts keys disable 1f2e3d4c --iam-account etl-runner@corp-prod-1234.iam.gserviceaccount.com`, then `keys delete` once nothing breaks");
    expect(revokeCommand(merged, { id: "2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e01", type: "oauth-client", issuedAt: "2026-02-03T10:00:00Z", principal: "applications/7c1e0d2a-4b3f-4e5d-9a8b-1c2d3e4f5a01" }, "entra-apps")).toMatch(/^POST https:\/\/graph\.microsoft\.com\/v1\.0\/applications\/7c1e0d2a-4b3f-4e5d-9a8b-1c2d3e4f5a01\/removePassword /);
    expect(revokeCommand(merged, { id: "etl-token", type: "token", issuedAt: "2026-02-03T10:00:00Z", principal: "etl/etl-runner" }, "kubernetes")).toBe("`kubectl delete secret etl-token --namespace etl`");
    expect(revokeCommand(merged, { id: "access_key_1", type: "api-key", issuedAt: "2025-10-06T12:00:00.000Z", principal: "etl-runner" }, "aws-iam")).toContain("`aws iam update-access-key --user-name etl-runner --access-key-id ID --status Inactive`");
  });

  it("a credential of a system with no command of its own is not given another system's", () => {
    expect(revokeCommand(merged, { id: "deploy-key:acme/etl:1", type: "ssh-key", issuedAt: "2026-02-03T10:00:00Z" }, "github")).toBe("revoke it in the system that issued it");
  });
});
