// rv61 #2: one NHI, the IAM user "deployer" in two AWS accounts (prod 111111111111, dev
// 222222222222), each reported by its own account's credential report (GetCredentialReport
// "Retrieves a credential report for the AWS account",
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html), and one
// aws-iam target that reads prod. IAM user names are unique only within an account (IAM identifiers,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html), so prod's
// revocations are not dev's: matched by user name alone, they stood in for dev's active key,
// signing certificate and console password (used the day before), which no finding then named.
// The target's state comes from `state pull` through the official @aws-sdk/client-iam against the
// IAM fake (every request and answer checked against IAM's Smithy model), whose users carry the
// ARN ListUsers answers (User.Arn, "Required: Yes", API_User.html).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { startIamFake, type IamFake } from "../servers/iam-fake/server.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const KEY_ID = "AKIAEXAMPLESCOPESYNC";
const env = { IAM_KEY_ID: KEY_ID, IAM_SECRET: SECRET };
const NOW = "2026-11-26T09:00:00Z";
const CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n";
// The credential report's columns, as GetCredentialReport's CSV has them (IAM User Guide, "Getting credential reports").
const HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const report = (account: string, day: string, used: string): string =>
  `${HEADER}\ndeployer,arn:aws:iam::${account}:user/deployer,2026-08-${day}T10:00:00+00:00,true,${used}T08:00:00+00:00,2026-08-${day}T10:01:00+00:00,N/A,false,true,2026-08-${day}T10:05:00+00:00,${used}T21:40:00+00:00,eu-west-1,s3,false,N/A,N/A,N/A,N/A,true,2026-08-${day}T10:06:00+00:00,false,N/A\n`;

let fake: IamFake;
let dir: string;

beforeEach(async () => {
  fake = await startIamFake({
    accountId: "111111111111", accessKeyId: KEY_ID, secretAccessKey: SECRET,
    users: [{
      UserName: "deployer", UserId: "AIDAPRODDEPLOYER0001", Path: "/", CreateDate: new Date("2026-08-01T10:00:00Z"),
      keys: [{ AccessKeyId: "AKIAPRODDEPLOYER0001", Status: "Active", CreateDate: new Date("2026-08-01T10:05:00Z"), lastUsed: { date: new Date("2026-11-20T21:40:00Z"), service: "s3", region: "eu-west-1" } }],
      loginProfile: { CreateDate: new Date("2026-08-01T10:01:00Z"), lastUsed: new Date("2026-11-24T08:00:00Z") },
      certificates: [{ CertificateId: "PRODCERT0000000000000001", Status: "Active", UploadDate: new Date("2026-08-01T10:06:00Z"), CertificateBody: CERT }],
    }],
  });
  dir = mkdtempSync(join(tmpdir(), "scopesync-iam-two-"));
  for (const d of ["identities/nhi", "state", "aws-prod", "aws-dev", "policies/apps"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "hr.csv"), "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate\nW1,ines.vald,Ines,Vald,ines.vald@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,\nW4,tarik.moe,Tarik,Moe,tarik.moe@corp.example,Terminated,Employee,Engineer,Platform,W1,2022-04-04,2026-11-20\n");
  writeFileSync(join(dir, "aws-prod", "credential-report.csv"), report("111111111111", "01", "2026-11-24"));
  writeFileSync(join(dir, "aws-dev", "credential-report.csv"), report("222222222222", "03", "2026-11-25"));
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1
organisation: corp
sources:
  hr:
    type: csv
    path: hr.csv
    authoritative: [name, department, title, manager, employmentType, status, employeeId]
    options: { exportedAt: "2026-11-26T06:00:00Z" }
  aws-prod:
    type: aws-iam
    path: aws-prod/credential-report.csv
    options: { exportedAt: "2026-11-26T06:00:00Z" }
  aws-dev:
    type: aws-iam
    path: aws-dev/credential-report.csv
    options: { exportedAt: "2026-11-26T06:00:00Z" }
targets:
  iam-prod:
    type: aws-iam
    state: state/iam-prod.json
    options: { endpoint: "${fake.url}", accessKeyId: "\${env:IAM_KEY_ID}", secretAccessKey: "\${env:IAM_SECRET}" }
`);
  writeFileSync(join(dir, "policies", "apps", "iam-prod.yaml"), "kind: AppPolicy\nid: iam-prod\ntarget: iam-prod\nscope:\n  include:\n    - kinds: [service-account]\n      where: { awsUser: [deployer] }\naccounts:\n  login: awsUser\n");
  writeFileSync(join(dir, "identities", "nhi", "svc-deployer.yaml"), 'kind: ServiceAccount\nid: svc-deployer\ndisplayName: Deployer\nowner: tarik.moe\nenvironment: production\npurpose: "Deploys from CI into the prod and dev AWS accounts."\nattributes: { awsUser: deployer }\ndiscoveredBy:\n  - { source: aws-prod, id: deployer }\n  - { source: aws-dev, id: deployer }\n');
});

afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  expect(fake.violations).toEqual([]);
  await fake.close();
});

async function pulledPlan(): Promise<Plan> {
  const pulled = await runCli(["state", "pull", "--target", "iam-prod", "--repo", dir, "--now", NOW], { env, cwd: dir });
  expect(pulled.code, pulled.stderr).toBe(0);
  const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW], { env, cwd: dir });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const offboarded = (plan: Plan) => plan.findings.filter((f) => f.rule === "nhi-offboarded-credential-active");

describe("aws-iam: an NHI in two AWS accounts, one target (prod)", () => {
  it("the state records each user's ARN; the plan says which account the target reads", async () => {
    const plan = await pulledPlan();
    const state = JSON.parse(readFileSync(join(dir, "state", "iam-prod.json"), "utf8")) as { accounts: Array<{ attributes: Record<string, string> }> };
    expect(state.accounts[0]!.attributes.arn).toBe("arn:aws:iam::111111111111:user/deployer");
    expect(plan.targets["iam-prod"]!.awsAccount).toBe("111111111111");
  });

  it("prod's key, certificate and password are revoked and not named; dev's are each named, with its account", async () => {
    const plan = await pulledPlan();
    expect(plan.changes.map((c) => `${c.action} ${c.identity} ${c.credential}`)).toEqual([
      "revoke-credential svc-deployer access-key:deployer:AKIAPRODDEPLOYER0001",
      "revoke-credential svc-deployer login-profile:deployer",
      "revoke-credential svc-deployer signing-certificate:deployer:PRODCERT0000000000000001",
    ]);
    const hits = offboarded(plan);
    expect(hits.every((f) => f.location === "aws-dev/credential-report.csv row 1 (line 2)")).toBe(true);
    const why = "no aws-iam target reads AWS account 222222222222 (iam-prod reads 111111111111)";
    expect(hits.map((f) => f.message.slice(f.message.indexOf(" but ") + 5))).toEqual([
      `its api-key access_key_1 (aws-dev: deployer) is still active, last used 2026-11-25T21:40:00.000Z, 5 days after its owner tarik.moe left (2026-11-20): ${why}, so no plan revokes it`,
      `its certificate cert_1 (aws-dev: deployer) is still active: ${why}, so no plan revokes it`,
      `its console password (aws-dev: deployer) is still enabled, last used 2026-11-25T08:00:00.000Z (password_last_used; password_enabled is true), 5 days after its owner tarik.moe left (2026-11-20): whoever knows it signs in to the AWS console, where access keys can be switched back on or made anew; ${why}, so no plan deletes it`,
    ]);
    expect(hits.every((f) => f.remediation!.startsWith("in AWS account 222222222222, "))).toBe(true);
    expect(hits[2]!.remediation).toBe("in AWS account 222222222222, `aws iam delete-login-profile --user-name deployer`; or configure an aws-iam target whose credentials sign in to AWS account 222222222222, which the plan then deletes it in; then find out who signed in after tarik.moe left: CloudTrail's ConsoleLogin events of IAM user deployer since 2026-11-20");
  });

  it("without the target, each account's console password is named, not only the one whose report was read last", async () => {
    const config = join(dir, "scopesync.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace(/targets:\n[\s\S]*$/, "targets:\n  wiki:\n    type: file\n    path: state/wiki.json\n"));
    writeFileSync(join(dir, "state", "wiki.json"), JSON.stringify({ formatVersion: 1, target: "wiki", readAt: "2026-11-26T06:00:00Z", accounts: [], credentials: [] }));
    rmSync(join(dir, "policies", "apps", "iam-prod.yaml"));
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW], { cwd: dir });
    expect(r.stderr).toBe("");
    const passwords = offboarded(JSON.parse(r.stdout) as Plan).filter((f) => f.message.includes("console password"));
    expect(passwords.map((f) => `${f.location} | ${f.remediation}`)).toEqual([
      "aws-dev/credential-report.csv row 1 (line 2) | in AWS account 222222222222, `aws iam delete-login-profile --user-name deployer`; or configure a target of type aws-iam, which the plan then deletes it in; then find out who signed in after tarik.moe left: CloudTrail's ConsoleLogin events of IAM user deployer since 2026-11-20",
      "aws-prod/credential-report.csv row 1 (line 2) | in AWS account 111111111111, `aws iam delete-login-profile --user-name deployer`; or configure a target of type aws-iam, which the plan then deletes it in; then find out who signed in after tarik.moe left: CloudTrail's ConsoleLogin events of IAM user deployer since 2026-11-20",
    ]);
  });

  it("a state that records no user's ARN (written by hand) revokes prod's credentials but is taken for neither account's, and says to pull it", async () => {
    await pulledPlan();
    const path = join(dir, "state", "iam-prod.json");
    writeFileSync(path, readFileSync(path, "utf8").replace(/"arn": "[^"]*",?\s*/, ""));
    const r = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW], { cwd: dir });
    expect(r.stderr).toBe("");
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.targets["iam-prod"]!.awsAccount).toBeUndefined();
    expect(plan.changes).toHaveLength(3);
    const hits = offboarded(plan);
    expect(hits.map((f) => f.location!.split("/")[0]).sort()).toEqual(["aws-dev", "aws-dev", "aws-dev", "aws-prod", "aws-prod", "aws-prod"]);
    const prodKey = hits.find((f) => f.location!.startsWith("aws-prod") && f.message.includes("access_key_1"))!;
    expect(prodKey.message).toMatch(/: target iam-prod plans to revoke the same user's, but no user in its state records an ARN, so which AWS account it reads is unknown and its change is not taken for this one, in AWS account 111111111111$/);
    expect(prodKey.remediation).toMatch(/; or pull iam-prod's state with this version \(`scopesync state pull --target iam-prod`\), which records each user's ARN, and plan again$/);
  });
});
