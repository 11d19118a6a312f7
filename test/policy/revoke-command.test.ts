// The command a finding gives to revoke a discovered credential in the system that issued it:
// an IAM user's access key and signing certificate have commands of their own.
import { describe, expect, it } from "vitest";
import type { Identity } from "../../src/model/identity.js";
import { revokeCommand } from "../../src/policy/rules/builtin/revoke-command.js";

const iamUser = { id: "svc-backup", attributes: { awsPrincipalType: "user" } } as unknown as Identity;

describe("revokeCommand for the aws-iam source", () => {
  it("an access key: list-access-keys, then update-access-key", () => {
    expect(revokeCommand(iamUser, { id: "access_key_1", type: "api-key", issuedAt: "2026-09-15T09:00:00.000Z", principal: "backup-bot" })).toBe("find the key created 2026-09-15T09:00:00.000Z with `aws iam list-access-keys --user-name backup-bot`, then `aws iam update-access-key --user-name backup-bot --access-key-id ID --status Inactive` (and delete-access-key once nothing breaks)");
  });

  it("a signing certificate: list-signing-certificates, then update-signing-certificate, never update-access-key", () => {
    const command = revokeCommand(iamUser, { id: "cert_1", type: "certificate", issuedAt: "2026-03-01T00:00:00.000Z", principal: "backup-bot" });
    expect(command).toBe("find the certificate uploaded 2026-03-01T00:00:00.000Z with `aws iam list-signing-certificates --user-name backup-bot`, then `aws iam update-signing-certificate --user-name backup-bot --certificate-id ID --status Inactive` (and delete-signing-certificate once nothing breaks)");
    expect(command).not.toContain("access-key");
  });
});
