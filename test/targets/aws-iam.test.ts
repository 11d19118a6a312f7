// The aws-iam target end to end through the real CLI and the official @aws-sdk/client-iam, against
// the IAM fake (awsQuery, every request and answer checked against IAM's Smithy model): read users
// and keys, plan which keys go (offboarded NHI, unknown key, unused key), apply, drift 0. What the
// fake cannot prove: SigV4 signatures (only their shape and key id are checked), IAM's real limits.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { createAwsIamConnector } from "../../src/targets/aws-iam/index.js";
import { TargetError } from "../../src/targets/target-error.js";
import { changeLines, PolicyRepo, type Person } from "../apply/helpers/policy-repo.js";
import { startIamFake, type FakeIamUser, type IamFake } from "../servers/iam-fake/server.js";
import { iamUsers } from "./credentials/iam-users.js";
import { writeNhis } from "./credentials/nhi-files.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY_ID = "AKIAEXAMPLESCOPESYNC";
const people: Person[] = [{ worker: "W1", login: "ada", department: "Platform" }];
let fake: IamFake;
let repo: PolicyRepo;
const env = { IAM_KEY_ID: KEY_ID, IAM_SECRET: SECRET };

function iamRepo(options: Record<string, unknown> = {}, credentials: Record<string, unknown> = { unknown: "revoke", revokeUnusedAfter: "90d" }): PolicyRepo {
  const r = new PolicyRepo({
    targetName: "aws",
    target: { type: "aws-iam", options: { endpoint: fake.url, accessKeyId: "${env:IAM_KEY_ID}", secretAccessKey: "${env:IAM_SECRET}", pathPrefix: "/service/", ...options } },
    people,
    groups: [],
    policy: {
      scope: { include: [{ kinds: ["service-account"], where: { platform: ["aws"] } }] },
      accounts: { login: "awsUser" },
      credentials,
    },
  });
  writeNhis(r, [
    { id: "svc-deployer", attributes: { platform: "aws", awsUser: "svc-deployer" }, credentials: [{ id: "AKIAEXAMPLEDEPLOY001", type: "api-key", target: "aws" }] },
    { id: "svc-legacy", status: "disabled", attributes: { platform: "aws", awsUser: "svc-legacy" }, credentials: [{ id: "AKIAEXAMPLELEGACY001", type: "api-key", target: "aws" }] },
    { id: "svc-idle", attributes: { platform: "aws", awsUser: "svc-idle" }, credentials: [{ id: "AKIAEXAMPLEIDLE00001", type: "api-key", target: "aws" }, { id: "AKIAEXAMPLEIDLE00002", type: "api-key", target: "aws" }] },
    { id: "svc-retired", status: "disabled", attributes: { platform: "aws", awsUser: "svc-retired" } },
  ]);
  return r;
}

const status = (user: string, key: string): string | undefined => fake.users.find((u) => u.UserName === user)?.keys.find((k) => k.AccessKeyId === key)?.Status;

beforeEach(async () => {
  fake = await startIamFake({ accessKeyId: KEY_ID, secretAccessKey: SECRET, users: iamUsers(), maxPage: 2 });
});

afterEach(async () => {
  repo?.cleanup();
  expect(fake.violations).toEqual([]);
  await fake.close();
});

describe("aws-iam: read → plan → apply → drift 0 against the IAM fake", () => {
  it("deactivates the disabled NHI's key, the unknown key and the unused keys; drift is 0 and a re-apply changes nothing", async () => {
    repo = iamRepo();
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([
      "revoke-credential svc-deployer access-key:svc-deployer:AKIAEXAMPLEDEPLOY002",
      "revoke-credential svc-idle access-key:svc-idle:AKIAEXAMPLEIDLE00001",
      "revoke-credential svc-idle access-key:svc-idle:AKIAEXAMPLEIDLE00002",
      "revoke-credential svc-legacy access-key:svc-legacy:AKIAEXAMPLELEGACY001",
    ]);
    const reasons = Object.fromEntries(plan.changes.map((c) => [c.credential, c.reason]));
    expect(reasons["access-key:svc-deployer:AKIAEXAMPLEDEPLOY002"]).toMatch(/^unknown credential: aws reports access-key AKIAEXAMPLEDEPLOY002 on "svc-deployer", which identities\/service-accounts\/svc-deployer\.yaml:\d+ does not list \(credentials\.unknown: revoke in policies\/apps\/aws\.yaml:\d+\)$/);
    expect(reasons["access-key:svc-idle:AKIAEXAMPLEIDLE00001"]).toMatch(/^unused: access-key AKIAEXAMPLEIDLE00001 on "svc-idle" was last used on 2026-05-01, 209 days before this plan, over revokeUnusedAfter: 90d/);
    expect(reasons["access-key:svc-idle:AKIAEXAMPLEIDLE00002"]).toMatch(/^unused: access-key AKIAEXAMPLEIDLE00002 on "svc-idle" was never used since it was made on 2026-08-18, 100 days before this plan/);
    expect(reasons["access-key:svc-legacy:AKIAEXAMPLELEGACY001"]).toMatch(/^status: disabled in identities\/service-accounts\/svc-legacy\.yaml:\d+: its access-key AKIAEXAMPLELEGACY001 stops working first$/);
    expect(plan.changes.every((c) => !c.privileged && c.action === "revoke-credential")).toBe(true);
    // build-runner has a user and a key, but no file declares it.
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["build-runner"]);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(status("svc-deployer", "AKIAEXAMPLEDEPLOY001")).toBe("Active");
    expect(status("svc-deployer", "AKIAEXAMPLEDEPLOY002")).toBe("Inactive");
    expect(status("svc-legacy", "AKIAEXAMPLELEGACY001")).toBe("Inactive");
    expect(status("svc-idle", "AKIAEXAMPLEIDLE00002")).toBe("Inactive");
    expect(status("build-runner", "AKIAEXAMPLEBUILD0001")).toBe("Active");
    expect(status("alice", "AKIAEXAMPLEALICE0001")).toBe("Active");
    expect(fake.count("UpdateAccessKey")).toBe(4);

    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code, drift.stderr).toBe(0);
    expect(changeLines(JSON.parse(drift.stdout) as Plan)).toEqual([]);
    // The reviewed plan again: every key is Inactive already, nothing is sent.
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(fake.count("UpdateAccessKey")).toBe(4);
  });

  it("revoke: delete deletes the keys instead; the unknown key is only reported with credentials.unknown: report", async () => {
    repo = iamRepo({ revoke: "delete" }, { revokeUnusedAfter: "90d" });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).not.toContain("revoke-credential svc-deployer access-key:svc-deployer:AKIAEXAMPLEDEPLOY002");
    const unknown = plan.findings.filter((f) => f.rule === "credential-unknown");
    expect(unknown.map((f) => `${f.identity}: ${f.message}`)).toEqual([
      'svc-deployer: aws reports access-key AKIAEXAMPLEDEPLOY002 on "svc-deployer" that identities/service-accounts/svc-deployer.yaml:1 does not list; nobody reviewed it',
    ]);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(fake.count("DeleteAccessKey")).toBe(3);
    expect(fake.users.find((u) => u.UserName === "svc-idle")!.keys).toEqual([]);
    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code, drift.stderr).toBe(0);
  });

  it("revoke: manual plans no change: each key is a finding with the exact aws iam command", async () => {
    repo = iamRepo({ revoke: "manual" });
    const { plan } = await repo.plan(env);
    expect(plan.changes).toEqual([]);
    const manual = plan.findings.filter((f) => f.rule === "credential-manual-revocation").map((f) => f.remediation).sort();
    expect(manual).toEqual([
      "run: aws iam update-access-key --user-name svc-deployer --access-key-id AKIAEXAMPLEDEPLOY002 --status Inactive",
      "run: aws iam update-access-key --user-name svc-idle --access-key-id AKIAEXAMPLEIDLE00001 --status Inactive",
      "run: aws iam update-access-key --user-name svc-idle --access-key-id AKIAEXAMPLEIDLE00002 --status Inactive",
      "run: aws iam update-access-key --user-name svc-legacy --access-key-id AKIAEXAMPLELEGACY001 --status Inactive",
    ]);
    expect(fake.count("UpdateAccessKey")).toBe(0);
  });
});

describe("aws-iam: offboarding by the NHI lifecycle", () => {
  // rv56 F3: an offboarded IAM user keeps working through its console password (GetLoginProfile:
  // LoginProfile { UserName, CreateDate }; ListUsers' PasswordLastUsed) and its X.509 signing
  // certificate (ListSigningCertificates: SigningCertificate { UserName, CertificateId,
  // CertificateBody, Status, UploadDate }), both as the IAM API reference documents them. The
  // plan revokes them with the key: DeleteLoginProfile, UpdateSigningCertificate Status=Inactive.
  const CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n";
  it("a disabled NHI loses its console password and signing certificate with its key; an active NHI keeps its password under credentials.unknown: revoke", async () => {
    const legacy = fake.users.find((u) => u.UserName === "svc-legacy")!;
    legacy.loginProfile = { CreateDate: new Date("2023-03-01T08:00:00Z"), lastUsed: new Date("2026-11-24T08:00:00Z") };
    legacy.certificates = [{ CertificateId: "CERTEXAMPLELEGACY000000001", Status: "Active", UploadDate: new Date("2025-08-02T10:00:00Z"), CertificateBody: CERT }];
    fake.users.find((u) => u.UserName === "svc-deployer")!.loginProfile = { CreateDate: new Date("2025-01-10T08:00:00Z") };
    repo = iamRepo();
    const { plan } = await repo.plan(env);
    const legacyChanges = plan.changes.filter((c) => c.identity === "svc-legacy");
    expect(legacyChanges.map((c) => `${c.action} ${c.credential}`)).toEqual([
      "revoke-credential access-key:svc-legacy:AKIAEXAMPLELEGACY001",
      "revoke-credential login-profile:svc-legacy",
      "revoke-credential signing-certificate:svc-legacy:CERTEXAMPLELEGACY000000001",
    ]);
    expect(legacyChanges[1]!.reason).toMatch(/^status: disabled in identities\/service-accounts\/svc-legacy\.yaml:\d+: its console-password stops working first$/);
    // No file can list a console password: `unknown: revoke` does not take an active NHI's.
    expect(changeLines(plan)).not.toContain("revoke-credential svc-deployer login-profile:svc-deployer");
    expect(plan.findings.filter((f) => f.rule === "credential-unknown")).toEqual([]);

    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(legacy.loginProfile).toBeUndefined();
    expect(legacy.certificates[0]!.Status).toBe("Inactive");
    expect(fake.users.find((u) => u.UserName === "svc-deployer")!.loginProfile).toBeDefined();
    expect(fake.count("DeleteLoginProfile")).toBe(1);
    expect(fake.count("UpdateSigningCertificate")).toBe(1);
    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code, drift.stderr).toBe(0);
    expect(changeLines(JSON.parse(drift.stdout) as Plan)).toEqual([]);
    // The reviewed plan again: the password is gone and the certificate Inactive, nothing is sent.
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(fake.count("DeleteLoginProfile")).toBe(1);
    expect(fake.count("UpdateSigningCertificate")).toBe(1);
  });

  it("revoke: manual names the console password's and the certificate's commands instead", async () => {
    const legacy = fake.users.find((u) => u.UserName === "svc-legacy")!;
    legacy.loginProfile = { CreateDate: new Date("2023-03-01T08:00:00Z") };
    legacy.certificates = [{ CertificateId: "CERTEXAMPLELEGACY000000001", Status: "Active", UploadDate: new Date("2025-08-02T10:00:00Z"), CertificateBody: CERT }];
    repo = iamRepo({ revoke: "manual" });
    const { plan } = await repo.plan(env);
    const manual = plan.findings.filter((f) => f.rule === "credential-manual-revocation" && f.identity === "svc-legacy").map((f) => f.remediation).sort();
    expect(manual).toEqual([
      "run: aws iam delete-login-profile --user-name svc-legacy",
      "run: aws iam update-access-key --user-name svc-legacy --access-key-id AKIAEXAMPLELEGACY001 --status Inactive",
      "run: aws iam update-signing-certificate --user-name svc-legacy --certificate-id CERTEXAMPLELEGACY000000001 --status Inactive",
    ]);
  });

  it("an NHI whose owner left and one past its expiresAt lose their keys; the users stay", async () => {
    const key = (id: string) => ({ AccessKeyId: id, Status: "Active" as const, CreateDate: new Date("2026-09-01T00:00:00Z"), lastUsed: { date: new Date("2026-11-25T00:00:00Z"), service: "s3", region: "eu-west-1" } });
    fake.users.push({ UserName: "svc-bobs-etl", UserId: "AIDAEXAMPLEBOBSETL01", Path: "/service/", CreateDate: new Date("2026-09-01T00:00:00Z"), keys: [key("AKIAEXAMPLEBOBSETL01")] });
    fake.users.push({ UserName: "svc-campaign", UserId: "AIDAEXAMPLECAMPAIGN1", Path: "/service/", CreateDate: new Date("2026-09-01T00:00:00Z"), keys: [key("AKIAEXAMPLECAMPAIGN1")] });
    repo = iamRepo();
    repo.setPeople([...people, { worker: "W2", login: "bob", department: "Data", status: "Terminated" }]);
    writeNhis(repo, [
      { id: "svc-bobs-etl", owner: "bob", attributes: { platform: "aws", awsUser: "svc-bobs-etl" }, credentials: [{ id: "AKIAEXAMPLEBOBSETL01", type: "api-key", target: "aws" }] },
      { id: "svc-campaign", attributes: { platform: "aws", awsUser: "svc-campaign" }, credentials: [{ id: "AKIAEXAMPLECAMPAIGN1", type: "api-key", target: "aws" }] },
    ]);
    const campaign = repo.read("identities/service-accounts/svc-campaign.yaml");
    repo.write("identities/service-accounts/svc-campaign.yaml", `${campaign}expiresAt: "2026-11-01"\n`);
    const { plan } = await repo.plan(env);
    const reasons = Object.fromEntries(plan.changes.map((c) => [c.identity, c.reason]));
    expect(reasons["svc-bobs-etl"]).toBe('quarantined: owner "bob" is terminated; a new owner must be assigned: its access-key AKIAEXAMPLEBOBSETL01 stops working first');
    expect(reasons["svc-campaign"]).toMatch(/^expired on 2026-11-01 \(identities\/service-accounts\/svc-campaign\.yaml:\d+\): its access-key AKIAEXAMPLECAMPAIGN1 stops working first$/);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(status("svc-bobs-etl", "AKIAEXAMPLEBOBSETL01")).toBe("Inactive");
    expect(status("svc-campaign", "AKIAEXAMPLECAMPAIGN1")).toBe("Inactive");
  });
});

describe("aws-iam: service-specific credentials and SSH public keys", () => {
  // rv104 H1: an offboarded IAM user kept its Amazon Bedrock long-term API keys and CodeCommit Git
  // credentials (ListServiceSpecificCredentials: ServiceSpecificCredentialMetadata { UserName,
  // Status, ServiceUserName, CreateDate, ServiceSpecificCredentialId, ServiceName }, paged by
  // Marker/IsTruncated) and its SSH public keys (ListSSHPublicKeys: SSHPublicKeyMetadata { UserName,
  // SSHPublicKeyId, Status, UploadDate }), as the IAM API reference documents them: the target read
  // neither. They go with the access key, as `revoke` says. The password of a service-specific
  // credential is answered only at creation; the fake keeps one to show it appears nowhere.
  const PASSWORD = "bedrock-api-key-secret-EXAMPLE/0123456789abcdefXYZ=";
  const bedrock = (id: string, at: string) => ({ ServiceSpecificCredentialId: id, ServiceName: "bedrock.amazonaws.com", Status: "Active" as const, CreateDate: new Date(at), password: PASSWORD });
  function giveLegacy(): FakeIamUser {
    const legacy = fake.users.find((u) => u.UserName === "svc-legacy")!;
    // Three: the fake answers two a page, so the second page must be asked for.
    legacy.serviceCredentials = [
      bedrock("ACCAEXAMPLEBEDROCK01", "2025-09-01T12:00:00Z"),
      bedrock("ACCAEXAMPLEBEDROCK02", "2025-10-01T12:00:00Z"),
      { ServiceSpecificCredentialId: "ACCAEXAMPLEGITCRED01", ServiceName: "codecommit.amazonaws.com", ServiceUserName: "svc-legacy-at-123456789012", Status: "Active", CreateDate: new Date("2024-04-01T12:00:00Z"), password: PASSWORD },
    ];
    legacy.sshKeys = [{ SSHPublicKeyId: "APKAEXAMPLESSHKEY001", Status: "Active", UploadDate: new Date("2025-04-01T12:00:00Z") }];
    return legacy;
  }

  it("a disabled NHI loses them with its key (deactivated); the reason names the service; no password anywhere; a re-apply sends nothing", async () => {
    const legacy = giveLegacy();
    repo = iamRepo();
    const { plan } = await repo.plan(env);
    const changes = plan.changes.filter((c) => c.identity === "svc-legacy");
    expect(changes.map((c) => c.credential)).toEqual([
      "access-key:svc-legacy:AKIAEXAMPLELEGACY001",
      "service-credential:svc-legacy:ACCAEXAMPLEBEDROCK01",
      "service-credential:svc-legacy:ACCAEXAMPLEBEDROCK02",
      "service-credential:svc-legacy:ACCAEXAMPLEGITCRED01",
      "ssh-public-key:svc-legacy:APKAEXAMPLESSHKEY001",
    ]);
    expect(changes[1]!.reason).toMatch(/: its service-credential ACCAEXAMPLEBEDROCK01 \(bedrock\.amazonaws\.com\) stops working first$/);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(legacy.serviceCredentials!.map((c) => c.Status)).toEqual(["Inactive", "Inactive", "Inactive"]);
    expect(legacy.sshKeys!.map((k) => k.Status)).toEqual(["Inactive"]);
    expect(fake.count("UpdateServiceSpecificCredential")).toBe(3);
    expect(fake.count("UpdateSSHPublicKey")).toBe(1);
    const drift = await repo.cli(["drift", "--format", "json"], env);
    expect(drift.code, drift.stderr).toBe(0);
    expect(changeLines(JSON.parse(drift.stdout) as Plan)).toEqual([]);
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(fake.count("UpdateServiceSpecificCredential")).toBe(3);
    expect(fake.count("UpdateSSHPublicKey")).toBe(1);
    const everything = [JSON.stringify(plan), applied.stdout, applied.stderr, drift.stdout, drift.stderr, repo.read("reviewed.json")].join("\n");
    expect(everything).not.toContain(PASSWORD);
  });

  it("revoke: delete deletes them; revoke: manual names the aws iam commands", async () => {
    const legacy = giveLegacy();
    repo = iamRepo({ revoke: "delete" });
    await repo.plan(env);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(legacy.serviceCredentials).toEqual([]);
    expect(legacy.sshKeys).toEqual([]);
    expect(fake.count("DeleteServiceSpecificCredential")).toBe(3);
    expect(fake.count("DeleteSSHPublicKey")).toBe(1);

    repo.cleanup();
    giveLegacy();
    repo = iamRepo({ revoke: "manual" });
    const { plan } = await repo.plan(env);
    const manual = plan.findings.filter((f) => f.rule === "credential-manual-revocation" && f.identity === "svc-legacy").map((f) => f.remediation).sort();
    expect(manual).toContain("run: aws iam update-service-specific-credential --user-name svc-legacy --service-specific-credential-id ACCAEXAMPLEBEDROCK01 --status Inactive");
    expect(manual).toContain("run: aws iam update-ssh-public-key --user-name svc-legacy --ssh-public-key-id APKAEXAMPLESSHKEY001 --status Inactive");
  });

  it("an active NHI's that its file does not list is reported, not revoked: IAM records no use of it", async () => {
    fake.users.find((u) => u.UserName === "svc-deployer")!.serviceCredentials = [bedrock("ACCAEXAMPLEDEPLOYER1", "2025-09-01T12:00:00Z")];
    repo = iamRepo();
    const { plan } = await repo.plan(env);
    expect(changeLines(plan).filter((l) => l.includes("ACCAEXAMPLEDEPLOYER1"))).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "credential-unknown").map((f) => f.message)).toEqual([
      expect.stringMatching(/^aws reports service-credential ACCAEXAMPLEDEPLOYER1 on "svc-deployer" .* credentials\.unknown: revoke reports it rather than revoke it unreviewed$/),
    ]);
  });

  it("AccessDenied on ListServiceSpecificCredentials fails the plan naming the permission, never an empty list", async () => {
    giveLegacy();
    fake.allow.delete("iam:ListServiceSpecificCredentials");
    repo = iamRepo();
    const failed = await repo.cli(["plan", "--live", "--format", "json", "--out", "plan.json"], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toContain("ListServiceSpecificCredentials of");
    expect(failed.stdout + failed.stderr).toContain("iam:ListServiceSpecificCredentials");
  });
});

describe("aws-iam: a saved state plans as the live target does", () => {
  it("state pull keeps each key's status, dates and use; the offline plan equals the live one, also after apply", async () => {
    repo = iamRepo();
    const { plan: live } = await repo.plan(env);
    const pulled = await repo.cli(["state", "pull", "--target", "aws"], env);
    expect(pulled.code, pulled.stderr).toBe(0);
    const saved = JSON.parse(repo.read("state/aws.json")) as { credentials: Array<Record<string, unknown>> };
    expect(saved.credentials.find((c) => c.id === "access-key:svc-idle:AKIAEXAMPLEIDLE00001")).toEqual({ id: "access-key:svc-idle:AKIAEXAMPLEIDLE00001", account: "AIDAEXAMPLEIDLE00001", type: "access-key", credentialId: "AKIAEXAMPLEIDLE00001", createdAt: "2024-02-01T08:00:00.000Z", lastUsedAt: "2026-05-01T00:00:00.000Z", recordsUse: true, status: "active" });
    const offline = await repo.cli(["plan", "--format", "json"], {});
    expect(offline.code, offline.stderr).toBe(0);
    expect(changeLines(JSON.parse(offline.stdout) as Plan)).toEqual(changeLines(live));
    await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect((await repo.cli(["state", "pull", "--target", "aws"], env)).code).toBe(0);
    expect(changeLines(JSON.parse((await repo.cli(["plan", "--format", "json"], {})).stdout) as Plan)).toEqual([]);
  });
});

describe("aws-iam: accounts no identity claims", () => {
  it("unmanagedAccounts: disable revokes the keys of an IAM user no file declares; the user itself stays", async () => {
    repo = iamRepo();
    repo.writePolicy({ scope: { include: [{ kinds: ["service-account"], where: { platform: ["aws"] } }] }, accounts: { login: "awsUser" }, unmanagedAccounts: "disable" });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["revoke-credential account:build-runner access-key:build-runner:AKIAEXAMPLEBUILD0001", "revoke-credential svc-legacy access-key:svc-legacy:AKIAEXAMPLELEGACY001"]);
    expect(plan.findings.find((f) => f.rule === "unmanaged-account")!.message).toBe('aws account "build-runner" matches no identity; its credentials will be revoked (unmanagedAccounts: disable)');
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(status("build-runner", "AKIAEXAMPLEBUILD0001")).toBe("Inactive");
    expect(fake.users.some((u) => u.UserName === "build-runner")).toBe(true);
  });
});

describe("aws-iam: IAM's refusals", () => {
  it("AccessDenied on UpdateAccessKey: apply exits 1 naming the permission, keys stay Active, and a re-run with the permission converges", async () => {
    repo = iamRepo();
    await repo.plan(env);
    fake.allow.delete("iam:UpdateAccessKey");
    const failed = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(failed.code).toBe(1);
    const text = failed.stdout + failed.stderr;
    expect(text).toContain("UpdateAccessKey AKIAEXAMPLELEGACY001 of svc-legacy to Inactive: 403 AccessDenied: User: arn:aws:iam::123456789012:user/scopesync is not authorized to perform: iam:UpdateAccessKey");
    expect(status("svc-legacy", "AKIAEXAMPLELEGACY001")).toBe("Active");
    expect(status("svc-deployer", "AKIAEXAMPLEDEPLOY002")).toBe("Active");
    fake.allow.add("iam:UpdateAccessKey");
    const retried = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(retried.code, retried.stdout + retried.stderr).toBe(0);
    expect(status("svc-legacy", "AKIAEXAMPLELEGACY001")).toBe("Inactive");
  });

  it("NoSuchEntity: a key or a user deleted since the plan is already revoked, not an error (a crashed run re-applied)", async () => {
    repo = iamRepo({ revoke: "delete" });
    const { plan } = await repo.plan(env);
    const connector = createAwsIamConnector({ type: "aws-iam", options: { endpoint: fake.url, accessKeyId: "${env:IAM_KEY_ID}", secretAccessKey: "${env:IAM_SECRET}", revoke: "delete" } }, { name: "aws", repoDir: ".", env });
    const legacy = plan.changes.find((c) => c.identity === "svc-legacy")!;
    const idle = plan.changes.find((c) => c.credential === "access-key:svc-idle:AKIAEXAMPLEIDLE00002")!;
    fake.users.splice(fake.users.findIndex((u) => u.UserName === "svc-legacy"), 1);
    fake.users.find((u) => u.UserName === "svc-idle")!.keys.pop();
    // The plan's read asked every user for a console password; most have none (NoSuchEntity).
    fake.requests.length = 0;
    expect(await connector.apply(legacy)).toEqual({ status: "unchanged", account: "AIDAEXAMPLELEGACY001" });
    expect(await connector.apply(idle)).toEqual({ status: "unchanged", account: "AIDAEXAMPLEIDLE00001" });
    expect(fake.requests.filter((r) => r.code === "NoSuchEntity").map((r) => r.action)).toEqual(["ListAccessKeys"]);
    expect(fake.count("DeleteAccessKey")).toBe(0);
    await connector.close?.();
  });

  it("AccessDenied on ListUsers fails the plan (exit 1) with the permissions to grant; no plan is written", async () => {
    repo = iamRepo();
    fake.allow.delete("iam:ListUsers");
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ListUsers under /service/: 403 AccessDenied");
    expect(result.stderr).toContain("iam:ListUsers, iam:ListAccessKeys, iam:GetAccessKeyLastUsed");
    expect(() => repo.read("reviewed.json")).toThrow();
  });

  it("Throttling: the run retries the read as a whole; it completes", async () => {
    repo = iamRepo();
    fake.throttle(2, "ListAccessKeys");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toHaveLength(4);
    expect(fake.requests.filter((r) => r.code === "Throttling")).toHaveLength(2);
  });

  it("Throttling from the SDK (maxAttempts: 1) is a retryable error with IAM's code, never an empty list", async () => {
    fake.throttle(1, "ListUsers");
    const connector = createAwsIamConnector({ type: "aws-iam", options: { endpoint: fake.url, accessKeyId: "${env:IAM_KEY_ID}", secretAccessKey: "${env:IAM_SECRET}" } }, { name: "aws", repoDir: ".", env });
    const error = await connector.read().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TargetError);
    expect((error as TargetError).message).toBe('target "aws": ListUsers under /: 400 Throttling: Rate exceeded');
    expect((error as TargetError).retryable).toBe(true);
    expect(fake.count("ListUsers")).toBe(1);
    await connector.close?.();
  });

  it("a server that echoes the secret key: it appears in no output, plan or error", async () => {
    await fake.close();
    fake = await startIamFake({ accessKeyId: KEY_ID, secretAccessKey: SECRET, users: iamUsers(), echoSecrets: true, allow: ["iam:ListUsers", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed", "iam:GetLoginProfile", "iam:ListSigningCertificates", "iam:ListServiceSpecificCredentials", "iam:ListSSHPublicKeys"] });
    repo = iamRepo();
    const { plan, result } = await repo.plan(env);
    const failed = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(failed.code).toBe(1);
    const everything = [JSON.stringify(plan), result.stdout, result.stderr, failed.stdout, failed.stderr, repo.read("reviewed.json")].join("\n");
    expect(failed.stdout + failed.stderr).toContain("AccessDenied");
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(encodeURIComponent(SECRET));
  });
});

describe("aws-iam: an active NHI's signing certificate its file does not list", () => {
  // rv61 (low): the read gained ListSigningCertificates (SigningCertificate { UserName,
  // CertificateId, CertificateBody, Status, UploadDate }, IAM API reference), which records no
  // use. A certificate an active NHI's file written before never listed is probably the one in use:
  // under credentials.unknown: revoke the first sync after the upgrade deactivated it unreviewed.
  // It is reported instead; an access key nobody listed is still revoked.
  const CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n";
  it("is reported (credential-unknown), not revoked; listed, it is neither", async () => {
    const deployer = fake.users.find((u) => u.UserName === "svc-deployer")!;
    deployer.certificates = [{ CertificateId: "CERTEXAMPLEDEPLOYER0000001", Status: "Active", UploadDate: new Date("2025-02-03T10:00:00Z"), CertificateBody: CERT }];
    repo = iamRepo();
    const { plan } = await repo.plan(env);
    expect(changeLines(plan).filter((l) => l.startsWith("revoke-credential svc-deployer"))).toEqual(["revoke-credential svc-deployer access-key:svc-deployer:AKIAEXAMPLEDEPLOY002"]);
    const unknown = plan.findings.filter((f) => f.rule === "credential-unknown");
    expect(unknown.map((f) => `${f.identity}: ${f.message}`)).toEqual([
      'svc-deployer: aws reports signing-certificate CERTEXAMPLEDEPLOYER0000001 on "svc-deployer" that identities/service-accounts/svc-deployer.yaml:1 does not list; nobody reviewed it, and aws records no use of it, so it may be the one in use: credentials.unknown: revoke reports it rather than revoke it unreviewed',
    ]);
    expect(unknown[0]!.remediation).toBe("list it in the identity's credentials (id: certexampledeployer0000001, target: aws, issuedAt: 2025-02-03T10:00:00.000Z) if it is meant to exist, or revoke it in the system that issued it once nothing uses it");
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(deployer.certificates[0]!.Status).toBe("Active");
    expect(fake.count("UpdateSigningCertificate")).toBe(0);

    writeNhis(repo, [
      { id: "svc-deployer", attributes: { platform: "aws", awsUser: "svc-deployer" }, credentials: [{ id: "AKIAEXAMPLEDEPLOY001", type: "api-key", target: "aws" }, { id: "CERTEXAMPLEDEPLOYER0000001", type: "certificate", target: "aws" }] },
    ]);
    const listed = await repo.plan(env);
    expect(listed.plan.findings.filter((f) => f.rule === "credential-unknown")).toEqual([]);
  });
});
