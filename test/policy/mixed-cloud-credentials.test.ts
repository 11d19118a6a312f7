// rv81 F2, F4, F5: one workload that AWS and GCP both report (`discoveredBy` with an IAM user and
// a GCP service account) is one identity with both systems' attributes merged. When its owner
// left, both keys were named, but the GCP key's fix was an `aws iam update-access-key` command
// (chosen from the identity's attributes, AWS first): an operator would get NoSuchEntity and the
// key would keep working. The fix also advised configuring a target of type gcp-iam, which
// scopesync does not have; and the IAM key's use five days after the owner left went unremarked.
import { describe, expect, it } from "vitest";
import { CREDENTIAL_REPORT, findingsOf, ownerLeftRepos, planOf } from "../helpers/owner-left-repo.js";

const repoWith = ownerLeftRepos();

const mixed = (): string =>
  repoWith({
    sources: `  aws:\n    type: aws-iam\n    path: exports/aws/credential-report.csv\n    options: { exportedAt: "2026-11-26T06:00:00Z" }\n  gcp:\n    type: gcp-iam\n    path: exports/gcp/service-accounts.json\n    options: { keys: exports/gcp/keys.json, exportedAt: "2026-11-26T06:00:00Z" }\n`,
    files: {
      "exports/aws/credential-report.csv": CREDENTIAL_REPORT,
      // `gcloud iam service-accounts list --format=json` and `… keys list --iam-account E --format=json`
      "exports/gcp/service-accounts.json": '[{"displayName":"ETL runner","email":"etl-runner@corp-prod-1234.iam.gserviceaccount.com","etag":"MDEwMjE5MjA=","name":"projects/corp-prod-1234/serviceAccounts/etl-runner@corp-prod-1234.iam.gserviceaccount.com","oauth2ClientId":"104271234567890123456","projectId":"corp-prod-1234","uniqueId":"104271234567890123456"}]\n',
      "exports/gcp/keys.json": '[{"keyAlgorithm":"KEY_ALG_RSA_2048","keyOrigin":"GOOGLE_PROVIDED","keyType":"USER_MANAGED","name":"projects/corp-prod-1234/serviceAccounts/etl-runner@corp-prod-1234.iam.gserviceaccount.com/keys/1f2e3d4c5b6a79880716253443526170","validAfterTime":"2025-04-01T10:00:00Z","validBeforeTime":"9999-12-31T23:59:59Z"}]\n',
      "identities/service-accounts/svc-etl.yaml": "kind: ServiceAccount\nid: svc-etl\nowner: grace.hopper\nstatus: active\npurpose: Nightly ETL from S3 into BigQuery; the same workload in both clouds.\ndiscoveredBy:\n  - { source: aws, id: etl-runner }\n  - { source: gcp, id: etl-runner@corp-prod-1234.iam.gserviceaccount.com }\n",
    },
  });

describe("an offboarded NHI that AWS and GCP both report", () => {
  it("each key's fix is the command of the system that reported it", async () => {
    const hits = findingsOf(await planOf(mixed()), "nhi-offboarded-credential-active", "svc-etl");
    const gcp = hits.find((f) => f.message.includes("(gcp: "))!;
    const aws = hits.find((f) => f.message.includes("(aws: "))!;
    expect(gcp.remediation).toBe("`gcloud iam service-accounts keys disable 1f2e3d4c5b6a79880716253443526170 --iam-account etl-runner@corp-prod-1234.iam.gserviceaccount.com`, then `keys delete` once nothing breaks");
    expect(aws.remediation).toMatch(/^in AWS account 123456789012, find the key created 2025-10-06T12:00:00\.000Z with `aws iam list-access-keys --user-name etl-runner`, then `aws iam update-access-key /);
  });

  it("no finding suggests a target type scopesync does not have; aws-iam, which it has, is still suggested", async () => {
    const plan = await planOf(mixed());
    const texts = plan.findings.filter((f) => f.identity === "svc-etl").map((f) => `${f.message} ${f.remediation ?? ""}`);
    for (const text of texts) expect(text).not.toMatch(/target of (that )?type (gcp-iam|kubernetes)|type gcp-iam, which|configure a target of that type/);
    const gcp = findingsOf(plan, "nhi-offboarded-credential-active", "svc-etl").find((f) => f.message.includes("(gcp: "))!;
    expect(gcp.message).toMatch(/is still active: scopesync has no target type that revokes gcp-iam credentials, so no plan revokes it$/);
    const [owner] = findingsOf(plan, "nhi-owner-active", "svc-etl");
    expect(owner!.remediation).toBe("switch it off in aws-iam, gcp-iam by hand (or configure a target of type aws-iam, which the plan then quarantines it in), and assign a new owner in the identity's file");
  });

  it("a key last used after its owner left says how long after", async () => {
    const aws = findingsOf(await planOf(mixed()), "nhi-offboarded-credential-active", "svc-etl").find((f) => f.message.includes("(aws: "))!;
    expect(aws.message).toContain("its api-key access_key_1 (aws: etl-runner) is still active, last used 2026-11-25T17:32:00.000Z, 5 days after its owner grace.hopper left (2026-11-20): ");
  });
});
