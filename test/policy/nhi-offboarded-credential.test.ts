// nhi-offboarded-credential-active: an offboarded NHI's keys that the aws-iam source reports as
// active, where no target is of type aws-iam, are named with the command that deactivates them.
// Before this rule, the plan disabled the accounts and said "credentials revoked", and the keys
// (used the day before) dropped out of every credential finding.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { buildScenario, SCENARIO_NOW } from "../helpers/scenario.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function plan(): Promise<Plan> {
  const s = await buildScenario("nhi-offboarded-key-unrevoked");
  cleanup = s.cleanup;
  const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

describe("nhi-offboarded-credential-active", () => {
  it("names the owner-gone NHI's active key, when it was last used, where the report says so, and the AWS command", async () => {
    const p = await plan();
    const f = p.findings.find((x) => x.rule === "nhi-offboarded-credential-active" && x.identity === "svc-backup")!;
    expect(f.severity).toBe("warning");
    expect(f.location).toBe("aws/credential-report.csv row 2 (line 3)");
    expect(f.message).toBe('svc-backup is offboarded (quarantined: owner "linus" is terminated; a new owner must be assigned), but its api-key access_key_1 (aws: backup-bot) is still active, last used 2026-11-24T02:10:00.000Z, 4 days after its owner linus left (2026-11-20): no target in scopesync.yaml is of type aws-iam, so no plan revokes it');
    expect(f.remediation).toContain("`aws iam update-access-key --user-name backup-bot --access-key-id ID --status Inactive`");
    expect(f.remediation).toMatch(/or configure a target of type aws-iam, which the plan then revokes it in$/);
  });

  // The credential report's password_enabled and password_last_used (AWS IAM User Guide, "Getting
  // credential reports": the date and time the user's password was last used to sign in to an AWS
  // website). backup-bot's owner linus left on 2026-11-20; someone signed in with its password
  // four days later: the strongest sign that the leaver still knows it.
  it("a console password signed in with after the owner left: when, how long after, and where to look", async () => {
    const s = await buildScenario("nhi-offboarded-key-unrevoked");
    cleanup = s.cleanup;
    const report = join(s.dir, "aws", "credential-report.csv");
    writeFileSync(report, readFileSync(report, "utf8").replace("backup-bot,arn:aws:iam::123456789012:user/backup-bot,2025-09-01T09:00:00+00:00,false,N/A,N/A,", "backup-bot,arn:aws:iam::123456789012:user/backup-bot,2025-09-01T09:00:00+00:00,true,2026-11-24T21:05:00+00:00,2025-09-01T09:00:00+00:00,"));
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    const hit = (JSON.parse(r.stdout) as Plan).findings.find((x) => x.rule === "nhi-offboarded-credential-active" && x.identity === "svc-backup" && x.message.includes("console password"))!;
    expect(hit.message).toBe('svc-backup is offboarded (quarantined: owner "linus" is terminated; a new owner must be assigned), but its console password (aws: backup-bot) is still enabled, last used 2026-11-24T21:05:00.000Z (password_last_used; password_enabled is true), 4 days after its owner linus left (2026-11-20): whoever knows it signs in to the AWS console, where access keys can be switched back on or made anew; no target in scopesync.yaml is of type aws-iam, so no plan deletes it');
    expect(hit.remediation).toBe("in AWS account 123456789012, `aws iam delete-login-profile --user-name backup-bot`; or configure a target of type aws-iam, which the plan then deletes it in; then find out who signed in after linus left: CloudTrail's ConsoleLogin events of IAM user backup-bot since 2026-11-20");
    expect(hit.location).toBe("aws/credential-report.csv row 2 (line 3)");
  });

  it("a disabled NHI: its active key is named, its inactive second key is not", async () => {
    const p = await plan();
    const hits = p.findings.filter((x) => x.rule === "nhi-offboarded-credential-active" && x.identity === "svc-deployer");
    expect(hits.map((h) => h.message)).toEqual(["svc-deployer is offboarded (status: disabled in identities/nhi/nhis.yaml:12), but its api-key access_key_1 (aws: ci-deployer) is still active, last used 2026-11-23T17:32:00.000Z: no target in scopesync.yaml is of type aws-iam, so no plan revokes it"]);
    // The accounts the targets hold are disabled as before; nothing is planned for the keys.
    expect(p.changes.filter((c) => c.identity.startsWith("svc-")).map((c) => `${c.action} ${c.identity}`)).toEqual(["disable-account svc-backup", "disable-account svc-deployer"]);
  });

  it("an aws-iam target that revokes the key quiets the rule for it; one that does not reach the other NHI's user does not", async () => {
    const s = await buildScenario("nhi-offboarded-key-unrevoked");
    cleanup = s.cleanup;
    const config = join(s.dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("targets:\n", "targets:\n  iam:\n    type: aws-iam\n    state: state/iam.json\n"));
    // The target reads ci-deployer's user and key; svc-deployer's file names that user (awsUser),
    // and a policy puts NHIs that name one in the target's scope. backup-bot is in neither.
    const nhis = join(s.dir, "identities", "nhi", "nhis.yaml");
    writeFileSync(nhis, readFileSync(nhis, "utf8").replace("id: svc-deployer\n", "id: svc-deployer\nattributes:\n  awsUser: ci-deployer\n"));
    writeFileSync(join(s.dir, "policies", "apps", "iam.yaml"), "kind: AppPolicy\nid: iam\ntarget: iam\nscope:\n  include:\n    - kinds: [service-account]\n      where: { awsUser: [ci-deployer] }\naccounts:\n  login: awsUser\n");
    writeFileSync(join(s.dir, "state", "iam.json"), JSON.stringify({ formatVersion: 1, target: "iam", readAt: "2026-11-26T06:00:00Z", accounts: [{ id: "AIDAEXAMPLECIDEPLOY1", login: "ci-deployer", active: true, attributes: { arn: "arn:aws:iam::123456789012:user/ci-deployer" }, entitlements: [] }], credentials: [{ id: "access-key:ci-deployer:AKIAEXAMPLECIDEPLOY1", account: "AIDAEXAMPLECIDEPLOY1", type: "access-key", credentialId: "AKIAEXAMPLECIDEPLOY1", createdAt: "2026-10-06T12:00:00.000Z", status: "active" }] }));
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.changes.filter((c) => c.target === "iam").map((c) => `${c.action} ${c.identity}`)).toContain("revoke-credential svc-deployer");
    const hits = p.findings.filter((x) => x.rule === "nhi-offboarded-credential-active");
    expect(hits.map((x) => x.identity)).toEqual(["svc-backup"]);
    expect(hits[0]!.message).toMatch(/: no target of type aws-iam plans to revoke it \(none holds it, or none has svc-backup in its scope\)$/);
  });

  // rv56 F3: a disabled IAM user with a console password (used two days earlier) and a signing
  // certificate, beside its access key. The credential report documents both: "the status of the
  // users' credentials, including passwords, access keys, MFA devices, and signing certificates"
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam-credential-report.html).
  // A target that revokes the key has not switched off the password or the certificate.
  function withPasswordAndCertificate(dir: string, iamCredentials: object[]): void {
    const report = join(dir, "aws", "credential-report.csv");
    writeFileSync(report, readFileSync(report, "utf8").replace(
      "ci-deployer,arn:aws:iam::123456789012:user/ci-deployer,2024-08-19T12:00:00+00:00,false,N/A,N/A,",
      "ci-deployer,arn:aws:iam::123456789012:user/ci-deployer,2024-08-19T12:00:00+00:00,true,2026-11-24T08:00:00+00:00,2024-08-19T12:00:00+00:00,",
    ).replace(/(ci-deployer,.*),false,N\/A,false,N\/A$/m, "$1,true,2025-08-02T10:00:00+00:00,false,N/A"));
    const config = join(dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("targets:\n", "targets:\n  iam:\n    type: aws-iam\n    state: state/iam.json\n"));
    const nhis = join(dir, "identities", "nhi", "nhis.yaml");
    writeFileSync(nhis, readFileSync(nhis, "utf8").replace("id: svc-deployer\n", "id: svc-deployer\nattributes:\n  awsUser: ci-deployer\n"));
    writeFileSync(join(dir, "policies", "apps", "iam.yaml"), "kind: AppPolicy\nid: iam\ntarget: iam\nscope:\n  include:\n    - kinds: [service-account]\n      where: { awsUser: [ci-deployer] }\naccounts:\n  login: awsUser\n");
    writeFileSync(join(dir, "state", "iam.json"), JSON.stringify({ formatVersion: 1, target: "iam", readAt: "2026-11-26T06:00:00Z", accounts: [{ id: "AIDAEXAMPLECIDEPLOY1", login: "ci-deployer", active: true, attributes: { arn: "arn:aws:iam::123456789012:user/ci-deployer" }, entitlements: [] }], credentials: iamCredentials }));
  }
  const KEY = { id: "access-key:ci-deployer:AKIAEXAMPLECIDEPLOY1", account: "AIDAEXAMPLECIDEPLOY1", type: "access-key", credentialId: "AKIAEXAMPLECIDEPLOY1", createdAt: "2026-10-06T12:00:00.000Z", status: "active" };

  it("a target that revokes only the access key: the console password and the signing certificate are each named as still working", async () => {
    const s = await buildScenario("nhi-offboarded-key-unrevoked");
    cleanup = s.cleanup;
    withPasswordAndCertificate(s.dir, [KEY]);
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.changes.filter((c) => c.target === "iam").map((c) => `${c.action} ${c.credential}`)).toEqual(["revoke-credential access-key:ci-deployer:AKIAEXAMPLECIDEPLOY1"]);
    const hits = p.findings.filter((x) => x.rule === "nhi-offboarded-credential-active" && x.identity === "svc-deployer");
    expect(hits.map((h) => h.message)).toEqual([
      "svc-deployer is offboarded (status: disabled in identities/nhi/nhis.yaml:12), but its certificate cert_1 (aws: ci-deployer) is still active: no target of type aws-iam plans to revoke it (none holds it, or none has svc-deployer in its scope)",
      "svc-deployer is offboarded (status: disabled in identities/nhi/nhis.yaml:12), but its console password (aws: ci-deployer) is still enabled, last used 2026-11-24T08:00:00.000Z: whoever knows it signs in to the AWS console, where access keys can be switched back on or made anew; no target of type aws-iam plans to delete it (none holds it, or none has svc-deployer in its scope)",
    ]);
    expect(hits[1]!.remediation).toMatch(/^in AWS account 123456789012, `aws iam delete-login-profile --user-name ci-deployer`; or bring the IAM user into an aws-iam target's reach/);
    expect(hits[1]!.location).toBe("aws/credential-report.csv row 3 (line 4)");
  });

  it("a target that holds the password and the certificate too: the plan revokes all three, and no finding is left", async () => {
    const s = await buildScenario("nhi-offboarded-key-unrevoked");
    cleanup = s.cleanup;
    withPasswordAndCertificate(s.dir, [
      KEY,
      { id: "login-profile:ci-deployer", account: "AIDAEXAMPLECIDEPLOY1", type: "console-password", createdAt: "2024-08-19T12:00:00.000Z", lastUsedAt: "2026-11-24T08:00:00.000Z", status: "active", withHolderOnly: true },
      { id: "signing-certificate:ci-deployer:CERTEXAMPLECIDEPLOYER00001", account: "AIDAEXAMPLECIDEPLOY1", type: "signing-certificate", credentialId: "CERTEXAMPLECIDEPLOYER00001", createdAt: "2025-08-02T10:00:00.000Z", status: "active" },
    ]);
    const r = await runCli(["plan", "--repo", s.dir, "--format", "json", "--now", SCENARIO_NOW]);
    expect(r.stderr).toBe("");
    const p = JSON.parse(r.stdout) as Plan;
    expect(p.changes.filter((c) => c.target === "iam").map((c) => `${c.action} ${c.credential}`)).toEqual([
      "revoke-credential access-key:ci-deployer:AKIAEXAMPLECIDEPLOY1",
      "revoke-credential login-profile:ci-deployer",
      "revoke-credential signing-certificate:ci-deployer:CERTEXAMPLECIDEPLOYER00001",
    ]);
    expect(p.findings.filter((x) => x.rule === "nhi-offboarded-credential-active" && x.identity === "svc-deployer")).toEqual([]);
  });
});
