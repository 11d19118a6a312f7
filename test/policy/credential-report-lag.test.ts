// rv81 F3: the aws-iam target deactivated an offboarded NHI's key (UpdateAccessKey
// Status=Inactive); the next plan reads a credential report made before that, which still says
// access_key_1_active=true, as IAM makes a new report at most every four hours ("requests
// generation of a new report, which can be done every four hours. If the last report is still
// recent the State field reads COMPLETE", AWS IAM User Guide, Use GenerateCredentialReport). The
// plan said the key was "still active … none holds it" and asked for it to be revoked by hand,
// on every plan until the next report. A report made after the revoke that still lists the key
// active is the real alarm, and says so.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CREDENTIAL_REPORT, findingsOf, ownerLeftRepos, planOf } from "../helpers/owner-left-repo.js";

const repoWith = ownerLeftRepos();

const KEY = "access-key:etl-runner:AKIAEXAMPLEETLRUN001";
/** The target's state: etl-runner's key, made when the report's access_key_1 was, with this status. */
const iamState = (readAt: string, credentials: object[]): string =>
  JSON.stringify({ formatVersion: 1, target: "iam", readAt, accounts: [{ id: "AIDAEXAMPLEETLRUN001", login: "etl-runner", active: true, attributes: { arn: "arn:aws:iam::123456789012:user/etl-runner" }, entitlements: [] }], credentials });
const inactiveKey = { id: KEY, account: "AIDAEXAMPLEETLRUN001", type: "access-key", credentialId: "AKIAEXAMPLEETLRUN001", createdAt: "2025-10-06T12:00:00.000Z", lastUsedAt: "2026-11-25T17:32:00.000Z", recordsUse: true, status: "inactive" };

/** svc-etl (IAM user etl-runner) whose owner left, an aws-iam target reading its account, and the report made at `reportAt`. */
function etl(reportAt: string, state: string): string {
  return repoWith({
    sources: `  aws:\n    type: aws-iam\n    path: exports/aws/credential-report.csv\n    options: { exportedAt: "${reportAt}" }\n`,
    targets: "  iam:\n    type: aws-iam\n    state: state/iam.json\n",
    files: {
      "exports/aws/credential-report.csv": CREDENTIAL_REPORT,
      "state/iam.json": state,
      "policies/apps/iam.yaml": "kind: AppPolicy\nid: iam\ntarget: iam\nscope:\n  include:\n    - kinds: [service-account]\n      where: { awsUser: [etl-runner] }\naccounts:\n  login: awsUser\n",
      "identities/service-accounts/svc-etl.yaml": "kind: ServiceAccount\nid: svc-etl\nowner: grace.hopper\nstatus: active\npurpose: Nightly ETL from S3.\nattributes:\n  awsUser: etl-runner\ndiscoveredBy:\n  - { source: aws, id: etl-runner }\n",
    },
  });
}

/** A journal line as apply writes it when the revoke was applied (docs/formats.md, "The apply journal"). */
const revokedAt = (at: string): string =>
  `${JSON.stringify({ at, run: "run-1", fingerprint: "sha256:" + "a".repeat(64), review: "reviewed", replan: "sha256:" + "b".repeat(64), planTime: at, change: "0123456789abcdef", target: "iam", action: "revoke-credential", identity: "svc-etl", account: "AIDAEXAMPLEETLRUN001", login: "etl-runner", credential: KEY, phase: "done", outcome: "applied" })}\n`;

describe("a key an aws-iam target switched off, which the credential report still lists active", () => {
  it("the report predates the state that lists it inactive: no alarm, an info finding says the report lags, and the NHI is quarantined", async () => {
    const plan = await planOf(etl("2026-11-26T06:00:00Z", iamState("2026-11-26T08:30:00Z", [inactiveKey])));
    expect(plan.changes.filter((c) => c.target === "iam")).toEqual([]);
    expect(findingsOf(plan, "nhi-offboarded-credential-active", "svc-etl")).toEqual([]);
    const [lag] = findingsOf(plan, "credential-report-lag", "svc-etl");
    expect(lag!.severity).toBe("info");
    expect(lag!.message).toBe("svc-etl's api-key access_key_1 (aws: etl-runner) is switched off: target iam lists it inactive (state read 2026-11-26T08:30:00Z); the credential report of 2026-11-26T06:00:00.000Z, which still lists it active, was made before that");
    expect(lag!.location).toBe("exports/aws/credential-report.csv row 1 (line 2)");
    expect(findingsOf(plan, "nhi-owner-active", "svc-etl")[0]!.message).toBe('svc-etl is quarantined: owner "grace.hopper" is terminated');
    // A key of the same user made at another time is not the report's access_key_1: that one is still named.
    const other = { ...inactiveKey, id: "access-key:etl-runner:AKIAEXAMPLEETLRUN002", credentialId: "AKIAEXAMPLEETLRUN002", createdAt: "2024-01-02T12:00:00.000Z" };
    const mismatched = await planOf(etl("2026-11-26T06:00:00Z", iamState("2026-11-26T08:30:00Z", [other])));
    expect(findingsOf(mismatched, "credential-report-lag", "svc-etl")).toEqual([]);
    expect(findingsOf(mismatched, "nhi-offboarded-credential-active", "svc-etl")[0]!.message).toContain("no target of type aws-iam plans to revoke it (none holds it, or none has svc-etl in its scope)");
  });

  it("scopesync's journal records the revoke after the report was made: the finding names the journal line and the time", async () => {
    // revoke: delete — the state read after the apply no longer lists the key at all.
    const dir = etl("2026-11-26T06:00:00Z", iamState("2026-11-26T08:30:00Z", []));
    writeFileSync(join(dir, "journal.jsonl"), revokedAt("2026-11-26T07:12:00.000Z"));
    const plan = await planOf(dir, "--journal", join(dir, "journal.jsonl"));
    expect(findingsOf(plan, "nhi-offboarded-credential-active", "svc-etl")).toEqual([]);
    expect(findingsOf(plan, "credential-report-lag", "svc-etl").map((f) => f.message)).toEqual([
      "svc-etl's api-key access_key_1 (aws: etl-runner) is switched off: scopesync revoked it on target iam at 2026-11-26T07:12:00.000Z (journal.jsonl:1); the credential report of 2026-11-26T06:00:00.000Z, which still lists it active, was made before that",
    ]);
  });

  it("a report made after the revoke that still lists the key active is the alarm: it may have been switched on again", async () => {
    const dir = etl("2026-11-26T08:45:00Z", iamState("2026-11-26T08:30:00Z", [inactiveKey]));
    writeFileSync(join(dir, "journal.jsonl"), revokedAt("2026-11-26T07:12:00.000Z"));
    const plan = await planOf(dir, "--journal", join(dir, "journal.jsonl"));
    expect(findingsOf(plan, "credential-report-lag", "svc-etl")).toEqual([]);
    const [alarm] = findingsOf(plan, "nhi-offboarded-credential-active", "svc-etl");
    expect(alarm!.severity).toBe("warning");
    expect(alarm!.message).toBe('svc-etl is offboarded (quarantined: owner "grace.hopper" is terminated; a new owner must be assigned), but its api-key access_key_1 (aws: etl-runner) is still active, last used 2026-11-25T17:32:00.000Z, 5 days after its owner grace.hopper left (2026-11-20): scopesync revoked it on target iam at 2026-11-26T07:12:00.000Z (journal.jsonl:1), and target iam lists it inactive (state read 2026-11-26T08:30:00Z), but the credential report of 2026-11-26T08:45:00.000Z, made after that, still lists it active: it may have been switched on again');
    expect(alarm!.remediation).toMatch(/`aws iam update-access-key --user-name etl-runner --access-key-id ID --status Inactive` \(and delete-access-key once nothing breaks\); then `scopesync state pull --target iam`, after which the plan revokes it again if the target lists it active$/);
    expect(alarm!.message).not.toContain("none holds it");
  });

});
