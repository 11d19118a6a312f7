// What a discovery source refuses, and how it says so: the file and entry, what is wrong, the fix.
// An export holding a live secret is refused (and the secret never echoed); a cut-short export is
// an error, never a shorter list.
import { describe, expect, it } from "vitest";
import { awsIamSource } from "../../src/sources/aws-iam/index.js";
import { entraAppsSource } from "../../src/sources/entra-apps/index.js";
import { gcpIamSource } from "../../src/sources/gcp-iam/index.js";
import { kubernetesSource } from "../../src/sources/kubernetes/index.js";
import { readError, sourceContext } from "./helpers.js";

const at = { exportedAt: "2026-11-26T06:00:00Z" };

describe("discovery sources refuse bad exports", () => {
  it("entra-apps: a credential with secretText (a live secret), without echoing it", async () => {
    const e = await readError(entraAppsSource, sourceContext("entra-apps", "entra-apps", "entra-apps/bad/secret-text.json", at));
    expect(e.message).toBe('source "entra-apps": entra-apps/bad/secret-text.json entry 1 passwordCredentials[0]: secretText holds a client secret');
    expect(e.hint).toContain("delete this file: it holds a live secret");
    expect(`${e.message}${e.hint}`).not.toContain("not-a-real-secret");
  });

  it("entra-apps: a last page that still has @odata.nextLink", async () => {
    const e = await readError(entraAppsSource, sourceContext("entra-apps", "entra-apps", "entra-apps/bad/next-link.json", at));
    expect(e.message).toContain("@odata.nextLink");
  });

  it("entra-apps: a credential without startDateTime", async () => {
    const e = await readError(entraAppsSource, sourceContext("entra-apps", "entra-apps", "entra-apps/bad/no-start.json", at));
    expect(e.message).toBe('source "entra-apps": entra-apps/bad/no-start.json entry 2 keyCredentials[0]: startDateTime is missing');
  });

  it("aws-iam: a report without a documented column", async () => {
    const e = await readError(awsIamSource, sourceContext("aws", "aws-iam", "aws-iam/bad/missing-column.csv", at));
    expect(e.message).toBe('source "aws": aws-iam/bad/missing-column.csv: not an IAM credential report: missing column access_key_1_last_used_date');
    expect(e.hint).toContain("get-credential-report");
  });

  it("aws-iam: a date that is not ISO 8601, at its line", async () => {
    const e = await readError(awsIamSource, sourceContext("aws", "aws-iam", "aws-iam/bad/bad-date.csv", at));
    expect(e.message).toBe('source "aws": aws-iam/bad/bad-date.csv row 2 (line 3): access_key_1_last_rotated "02/01/2024" is not an ISO 8601 date-time');
  });

  it("aws-iam: a yes/no cell that is neither true nor false, named by its column", async () => {
    const e = await readError(awsIamSource, sourceContext("aws", "aws-iam", "aws-iam/bad/bad-boolean.csv", at));
    expect(e.message).toBe('source "aws": aws-iam/bad/bad-boolean.csv row 2 (line 3): mfa_active is "yes", expected true or false');
  });

  it("aws-iam: a roles page that says more follow, with none after it", async () => {
    const e = await readError(awsIamSource, sourceContext("aws", "aws-iam", "aws-iam/credential-report.csv", { ...at, roles: "aws-iam/bad/roles-truncated.json" }));
    expect(e.message).toBe('source "aws": aws-iam/bad/roles-truncated.json: IsTruncated is true but no later page was exported');
  });

  it("a missing extra export names its own option in the fix, not the source's path", async () => {
    const roles = await readError(awsIamSource, sourceContext("aws", "aws-iam", "aws-iam/credential-report.csv", { ...at, roles: "aws-iam/no-such-roles.json" }));
    expect(roles.message).toBe('source "aws": export file not found: aws-iam/no-such-roles.json');
    expect(roles.hint).toBe("Check sources.aws.options.roles in scopesync.yaml, or produce the export first.");
    const activity = await readError(entraAppsSource, sourceContext("entra-apps", "entra-apps", "entra-apps/applications.json", { ...at, signInActivity: "entra-apps/no-such-activity.json" }));
    expect(activity.message).toBe('source "entra-apps": export file not found: entra-apps/no-such-activity.json');
    expect(activity.hint).toBe("Check sources.entra-apps.options.signInActivity in scopesync.yaml, or produce the export first.");
    // An empty directory of pages, too.
    const empty = await readError(entraAppsSource, sourceContext("entra-apps", "entra-apps", "entra-apps/applications.json", { ...at, signInActivity: "ldif" }));
    expect(empty.hint).toContain("point sources.entra-apps.options.signInActivity at the export file");
    // The main export still names path.
    const main = await readError(awsIamSource, sourceContext("aws", "aws-iam", "aws-iam/no-such-report.csv", at));
    expect(main.hint).toBe("Check sources.aws.path in scopesync.yaml, or produce the export first.");
  });

  it("gcp-iam: a key of an account the list does not have", async () => {
    const e = await readError(gcpIamSource, sourceContext("gcp", "gcp-iam", "gcp-iam/service-accounts.json", { ...at, keys: "gcp-iam/bad/orphan-key.json" }));
    expect(e.message).toBe('source "gcp": gcp-iam/bad/orphan-key.json entry 1: key of ghost@corp-prod-1234.iam.gserviceaccount.com, which is not in the service account list');
  });

  it("gcp-iam: a keys directory without one account's file is an error naming the account and the file expected, not an account without keys", async () => {
    const e = await readError(gcpIamSource, sourceContext("gcp", "gcp-iam", "gcp-iam/service-accounts.json", { ...at, keys: "gcp-iam/bad/keys-one-missing" }));
    expect(e.message).toBe('source "gcp": options.keys: no keys file for service account 123456789012-compute@developer.gserviceaccount.com (gcp-iam/service-accounts.json entry 3): expected gcp-iam/bad/keys-one-missing/123456789012-compute@developer.gserviceaccount.com.json; a missing file is not "no keys", and its keys would be neither judged nor revoked');
    expect(e.hint).toBe("Export it: `gcloud iam service-accounts keys list --iam-account 123456789012-compute@developer.gserviceaccount.com --format=json > gcp-iam/bad/keys-one-missing/123456789012-compute@developer.gserviceaccount.com.json` (an account without keys gets a file holding []).");
  });

  it("gcp-iam: an empty keys file named after no account says nothing about whose keys are none", async () => {
    const e = await readError(gcpIamSource, sourceContext("gcp", "gcp-iam", "gcp-iam/service-accounts.json", { ...at, keys: "gcp-iam/bad/keys-empty-unnamed" }));
    expect(e.message).toBe("source \"gcp\": gcp-iam/bad/keys-empty-unnamed/compute-default.json: holds no keys, and its name is no service account's, so it says nothing about which account has none");
  });

  it("kubernetes: token secrets that still hold their data, without echoing it", async () => {
    const e = await readError(kubernetesSource, sourceContext("k8s", "kubernetes", "kubernetes/serviceaccounts.json", { ...at, secrets: "kubernetes/bad/secrets-with-data.json" }));
    expect(e.message).toBe('source "k8s": kubernetes/bad/secrets-with-data.json entry 1: holds the token (data)');
    expect(e.hint).toContain("jq 'del(.items[].data)'");
    expect(`${e.message}${e.hint}`).not.toContain("ZXhhbXBsZQ");
  });
});

describe("discovery sources keep the systems' ids and dates", () => {
  it("aws-iam: key slots, never-used keys and inactive keys as the report says", async () => {
    const records = await awsIamSource.read(sourceContext("aws", "aws-iam", "aws-iam/credential-report.csv", at));
    const backup = records.find((r) => r.externalId === "backup-bot")!;
    expect(backup.credentials).toEqual([
      { id: "access_key_1", type: "api-key", issuedAt: "2026-09-01T08:00:00.000Z", neverUsed: true, status: "active", principal: "backup-bot", cannotExpire: "aws-access-key", discoveredBy: "aws", idScope: "arn:aws:iam::123456789012:user/backup-bot", reportedAt: "aws-iam/credential-report.csv row 3 (line 4)", exportedAt: "2026-11-26T06:00:00.000Z" },
      { id: "access_key_2", type: "api-key", issuedAt: "2023-05-10T08:00:00.000Z", lastUsedAt: "2025-01-03T04:00:00.000Z", lastUsedService: "s3", status: "active", principal: "backup-bot", cannotExpire: "aws-access-key", discoveredBy: "aws", idScope: "arn:aws:iam::123456789012:user/backup-bot", reportedAt: "aws-iam/credential-report.csv row 3 (line 4)", exportedAt: "2026-11-26T06:00:00.000Z" },
    ]);
  });

  it("entra-apps: keyId, start and end dates, last sign-in by keyId, owner by UPN", async () => {
    const records = await entraAppsSource.read(sourceContext("entra-apps", "entra-apps", "entra-apps/applications.json", { ...at, signInActivity: "entra-apps/signInActivity.json" }));
    const ci = records.find((r) => r.userName === "ci-deployer")!;
    expect(ci.owners).toEqual(["ada@corp.example"]);
    expect(ci.credentials).toEqual([
      { id: "5f1a0b2c-3d4e-4f50-8a61-7b8c9d0e1f20", type: "oauth-client", issuedAt: "2025-01-10T08:00:00.000Z", expiresAt: "2027-01-10T08:00:00.000Z", lastUsedAt: "2026-11-25T22:14:05.000Z", status: "active", principal: "applications/00af5dfb-85da-4b41-a677-0c6b86dd34f8", displayName: "github-actions", discoveredBy: "entra-apps", reportedAt: "entra-apps/applications.json entry 1", exportedAt: "2026-11-26T06:00:00.000Z" },
    ]);
  });
});
