import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "../../src/policy/rules/builtin/index.js";
import { planWith, stateWith } from "../helpers/plan-with.js";

// Each built-in rule once where it must fire and once where it must not. The inputs are the
// scenario base (four people, one app) plus the few lines each case is about.

const svc = (extra: string, id = "svc-x") => `kind: ServiceAccount\nid: ${id}\nowner: ada\nstatus: active\n${extra}`;
const agent = (extra: string) => `kind: Agent\nid: agent-x\nowner: ada\n${extra}`;
const cred = (fields: string) => `credentials:\n  - id: key-1\n    type: api-key\n    issuedAt: 2026-10-01\n${fields}`;
const rules = (builtins: string) => `kind: RuleSet\nid: test\nbuiltins:\n${builtins}`;

/** The credential report's root row: MFA on, no access keys, no certificates. */
const ROOT_ROW = "<root_account>,arn:aws:iam::123456789012:root,2019-01-07T09:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
/** The root row with MFA off and an active access key, last used a week ago. */
const ROOT_WITH_KEY = "<root_account>,arn:aws:iam::123456789012:root,2019-01-07T09:00:00+00:00,not_supported,N/A,not_supported,not_supported,false,true,2021-03-01T10:00:00+00:00,2026-11-20T08:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

const ENTRA_APP_ID = "2b3c4d5e-0000-4000-8000-00000000e7b1";
/** Owners as Graph's `$expand=owners` lists them: a user, and the application's own service principal. */
const entraUser = (login: string) => ({ "@odata.type": "#microsoft.graph.user", id: `a1b2c3d4-0000-4000-8000-0000000${login.padStart(5, "0")}`, userPrincipalName: `${login}@corp.example`, mail: `${login}@corp.example` });
const ENTRA_SELF = { "@odata.type": "#microsoft.graph.servicePrincipal", id: "c0ffee00-0000-4000-8000-0000000000aa", appId: ENTRA_APP_ID, displayName: "Ledger Bridge" };

type Case = [rule: string, fires: Record<string, string>, quiet: Record<string, string>, options?: { baseline: boolean }];
const CASES: Case[] = [
  ["nhi-owner-required", { "identities/svc.yaml": "kind: ServiceAccount\nid: svc-x\n" }, { "identities/svc.yaml": svc("") }],
  ["nhi-owner-active", { "identities/svc.yaml": svc("").replace("owner: ada", "owner: linus"), "hr.csv": hrWith("W4", "Terminated") }, { "identities/svc.yaml": svc("").replace("owner: ada", "owner: linus") }],
  // An Entra application owned only by its own service principal; quiet with a person beside it.
  ["nhi-owner-not-person", withEntra([ENTRA_SELF]), withEntra([ENTRA_SELF, entraUser("ada")])],
  // Two Entra owners, one terminated: the active one keeps it (an info); quiet while both are active.
  ["nhi-co-owner-gone", { ...withEntra([entraUser("ada"), entraUser("linus")]), "hr.csv": hrWith("W4", "Terminated") }, withEntra([entraUser("ada"), entraUser("linus")])],
  // A declared NHI whose owner is a guest of the organisation (HR's worker type Guest, as Entra's userType Guest reads); quiet with an employee as owner.
  ["nhi-owner-guest", { "identities/svc.yaml": svc("").replace("owner: ada", "owner: grace"), "hr.csv": hrWith("W3", "Active").replace("grace@corp.example,Active,Employee", "grace@corp.example,Active,Guest") }, { "identities/svc.yaml": svc("").replace("owner: ada", "owner: grace") }],
  // A declared NHI offboarded (status: disabled) whose IAM key the aws source reports active, with no aws-iam target; quiet while it is active.
  ["nhi-offboarded-credential-active", { ...withAws(report(["ci-deployer", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])), "identities/svc.yaml": discovered("ci-deployer", "status: disabled\n") }, { ...withAws(report(["ci-deployer", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])), "identities/svc.yaml": discovered("ci-deployer") }],
  // The aws-iam target's state, read after the report was made, lists the report's key inactive; quiet when the report is the newer.
  ["credential-report-lag", withIamTarget("2026-11-26T08:30:00Z"), withIamTarget("2026-11-26T05:00:00Z")],
  // A disabled service account whose API key is listed on a SCIM target, which revokes no key; quiet while it is active.
  ["nhi-offboarded-still-working", { "scopesync.yaml": withScimTarget(), "identities/svc.yaml": svc(cred("    target: helpdesk\n")).replace("status: active", "status: disabled") }, { "scopesync.yaml": withScimTarget(), "identities/svc.yaml": svc(cred("    target: helpdesk\n")) }],
  ["agent-expiry-required", { "identities/a.yaml": agent("") }, { "identities/a.yaml": agent("expiresAt: 2027-01-01\n") }],
  ["agent-expired", { "identities/a.yaml": agent("expiresAt: 2026-11-01\n") }, { "identities/a.yaml": agent("expiresAt: 2026-12-01\n") }],
  ["nhi-interactive-login", { "identities/svc.yaml": svc("interactiveLogin: true\n") }, { "identities/svc.yaml": svc("interactiveLogin: false\n") }],
  ["nhi-in-human-group", { "identities/svc.yaml": svc(""), "identities/g.yaml": "kind: Group\nid: staff\nmembers:\n  - identity: ada\n  - identity: svc-x\n" }, { "identities/svc.yaml": svc(""), "identities/g.yaml": "kind: Group\nid: bots\nmembers:\n  - identity: svc-x\n" }],
  ["nhi-reuse", { "identities/svc.yaml": svc(`${cred("    target: app\n")}  - id: key-2\n    type: token\n    issuedAt: 2026-10-01\n    target: other\n`), "scopesync.yaml": withSecondTarget() }, { "identities/svc.yaml": svc(cred("    target: app\n")) }],
  ["credential-max-age", { "identities/svc.yaml": svc(cred("    lastRotatedAt: 2026-01-01\n")) }, { "identities/svc.yaml": svc(cred("    lastRotatedAt: 2026-11-01\n")) }],
  ["credential-expiry-required", { "identities/svc.yaml": svc(cred("")) }, { "identities/svc.yaml": svc(cred("    expiresAt: 2027-01-01\n")) }],
  ["credential-expiry-too-far", { "identities/svc.yaml": svc(cred("    expiresAt: 2029-01-01\n")) }, { "identities/svc.yaml": svc(cred("    expiresAt: 2027-06-01\n")) }],
  ["credential-expired", { "identities/svc.yaml": svc(cred("    expiresAt: 2026-11-20\n")) }, { "identities/svc.yaml": svc(cred("    expiresAt: 2026-12-20\n")) }],
  ["credential-unused", { ...withAws(report(["ci-deployer", "2026-05-01T10:00:00+00:00", "2026-06-01T10:00:00+00:00"])), "identities/svc.yaml": discovered("ci-deployer") }, { ...withAws(report(["ci-deployer", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])), "identities/svc.yaml": discovered("ci-deployer") }],
  ["nhi-undeclared", withAws(report(["stray-bot", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])), { ...withAws(report(["stray-bot", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])), "identities/svc.yaml": discovered("stray-bot") }],
  // Under undeclared: quarantine, an IAM user with a console password is a person's, most likely: reported, not quarantined.
  ["nhi-undeclared-interactive", quarantining(withAws(withPassword(report(["dana", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"]), "dana"))), quarantining(withAws(report(["dana", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])))],
  ["nhi-not-found", { ...withAws(report()), "identities/svc.yaml": discovered("ci-deployer") }, { ...withAws(report(["ci-deployer", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])), "identities/svc.yaml": discovered("ci-deployer") }],
  // A CI identity's access key is a finding only where the account offers GitHub OIDC (a role trusts it).
  ["nhi-long-lived-key", { ...withAws(report(["ci-deployer", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"]), true), "identities/svc.yaml": discovered("ci-deployer", "attributes:\n  workload: ci\n") }, { ...withAws(report(["ci-deployer", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"])), "identities/svc.yaml": discovered("ci-deployer", "attributes:\n  workload: ci\n") }],
  // The root user: a key (or no MFA) is a finding; the report's usual root row (MFA, no keys) is not.
  ["aws-root-user", withAws(report().replace(ROOT_ROW, ROOT_WITH_KEY)), withAws(report())],
  ["privileged-birthright", { "hr.csv": hrWith("W5", "Active", "Platform") }, { "hr.csv": hrWith("W5", "Active", "Platform"), "identities/groups/platform-admins.yaml": "kind: Group\nid: platform-admins\nprivileged: true\nallowPrivilegedBirthright: true\nbirthright:\n  - kinds: [person]\n    where: { department: Platform }\n" }],
  ["environment-isolation", { "identities/svc.yaml": svc("environment: staging\n"), "identities/g.yaml": "kind: Group\nid: prod-deployers\nenvironment: production\nmembers:\n  - identity: svc-x\n" }, { "identities/svc.yaml": svc("environment: production\n"), "identities/g.yaml": "kind: Group\nid: prod-deployers\nenvironment: production\nmembers:\n  - identity: svc-x\n" }],
  // An entitlement no policy manages stays with the leaver: the plan cannot take it, the rule says so.
  ["leaver-access-remaining", { "hr.csv": hrWith("W4", "Terminated"), "state/app.json": stateWith({ linus: { entitlements: ["team:engineering", "team:side-project"] } }) }, { "hr.csv": hrWith("W4", "Terminated") }],
  // Active in HR after the termination date: fires the day after it, not on it (nor for a rehire, hired after it: the example's jonas.berg).
  ["termination-date-passed", { "hr.csv": hrWith("W4", "Active").replace("2022-04-04,\n", "2022-04-04,2026-11-24\n") }, { "hr.csv": hrWith("W4", "Active").replace("2022-04-04,\n", "2022-04-04,2026-11-26\n").replace("W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,", "W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2026-10-01,2025-06-30") }],
  // Terminated in HR while the termination date is still to come: fires on the last day itself, not the day after.
  ["termination-date-to-come", { "hr.csv": hrWith("W4", "Terminated").replace(",2026-11-20\n", ",2026-11-26\n") }, { "hr.csv": hrWith("W4", "Terminated").replace(",2026-11-20\n", ",2026-11-25\n") }],
  ["privilege-after-move", { "hr.csv": hrWith("W3", "Active", "Sales"), "identities/groups/platform-admins.yaml": explicitAdmins("grace") }, { "identities/groups/platform-admins.yaml": explicitAdmins("grace") }, { baseline: true }],
];

function hrWith(worker: string, status: string, department?: string): string {
  const rows = [
    "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate",
    "W1,ada,Ada,Lovelace,ada@corp.example,Active,Employee,Head of Platform,Platform,,2019-01-07,",
    "W2,alan,Alan,Turing,alan@corp.example,Active,Employee,Platform Engineer,Platform,W1,2020-02-03,",
    "W3,grace,Grace,Hopper,grace@corp.example,Active,Employee,Engineer,Engineering,W1,2021-03-01,",
    "W4,linus,Linus,Torvalds,linus@corp.example,Active,Employee,Engineer,Engineering,W1,2022-04-04,",
  ];
  const i = rows.findIndex((r) => r.startsWith(`${worker},`));
  if (i < 0) rows.push(`${worker},edsger,Edsger,Dijkstra,edsger@corp.example,${status},Employee,Engineer,${department ?? "Engineering"},W1,2026-11-20,`);
  else {
    const cols = rows[i]!.split(",");
    cols[5] = status;
    if (status === "Terminated") cols[11] = "2026-11-20";
    if (department) cols[8] = department;
    rows[i] = cols.join(",");
  }
  return `${rows.join("\n")}\n`;
}

/** An IAM credential report: the root account, then one user per [name, key created, key last used]. */
function report(...users: Array<[string, string, string]>): string {
  const header = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
  const root = ROOT_ROW;
  const rows = users.map(([u, created, used]) => `${u},arn:aws:iam::123456789012:user/${u},${created},false,N/A,N/A,N/A,false,true,${created},${used},eu-west-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`);
  return [header, root, ...rows, ""].join("\n");
}

/** The scenario base with an aws-iam discovery source (and, with `oidc`, a role trusting GitHub's OIDC issuer). */
function withAws(credentialReport: string, oidc = false): Record<string, string> {
  const config = `version: 1\norganisation: scenario\nsources:\n  hr:\n    type: csv\n    path: hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n  aws:\n    type: aws-iam\n    path: aws/report.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n${oidc ? "      roles: aws/roles.json\n" : ""}targets:\n  app:\n    type: file\n    path: state/app.json\n    runAs: scopesync-bot\n`;
  const roles = JSON.stringify({ Roles: [{ Path: "/", RoleName: "gha", RoleId: "AROAEXAMPLE000000001", Arn: "arn:aws:iam::123456789012:role/gha", CreateDate: "2026-01-01T00:00:00Z", AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" }, Action: "sts:AssumeRoleWithWebIdentity" }] } }] });
  return { "scopesync.yaml": config, "aws/report.csv": credentialReport, ...(oidc ? { "aws/roles.json": roles } : {}), "identities/root.yaml": discovered("aws-root-account") };
}

/**
 * withAws with ci-deployer disabled and an aws-iam target whose state, read at `readAt`, lists the
 * key the report's access_key_1 is (same user, same CreateDate) as inactive.
 */
function withIamTarget(readAt: string): Record<string, string> {
  const files = withAws(report(["ci-deployer", "2026-10-01T10:00:00+00:00", "2026-11-25T10:00:00+00:00"]));
  const state = { formatVersion: 1, target: "iam", readAt, accounts: [{ id: "AIDAEXAMPLECIDEPLOY1", login: "ci-deployer", active: true, attributes: { arn: "arn:aws:iam::123456789012:user/ci-deployer" }, entitlements: [] }], credentials: [{ id: "access-key:ci-deployer:AKIAEXAMPLECIDEPLOY1", account: "AIDAEXAMPLECIDEPLOY1", type: "access-key", credentialId: "AKIAEXAMPLECIDEPLOY1", createdAt: "2026-10-01T10:00:00.000Z", status: "inactive" }] };
  return {
    ...files,
    "scopesync.yaml": files["scopesync.yaml"]!.replace("targets:\n", "targets:\n  iam:\n    type: aws-iam\n    state: state/iam.json\n"),
    "state/iam.json": JSON.stringify(state),
    "identities/svc.yaml": discovered("ci-deployer", "status: disabled\nattributes:\n  awsUser: ci-deployer\n"),
    "policies/apps/iam.yaml": "kind: AppPolicy\nid: iam\ntarget: iam\nscope:\n  include:\n    - kinds: [service-account]\n      where: { awsUser: [ci-deployer] }\naccounts:\n  login: awsUser\n",
  };
}

/** The scenario base with an entra-apps discovery source: one application (`GET /applications?$expand=owners`) with these owners. */
function withEntra(owners: object[]): Record<string, string> {
  const config = `version: 1\norganisation: scenario\nsources:\n  hr:\n    type: csv\n    path: hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n  entra-apps:\n    type: entra-apps\n    path: entra/applications.json\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\ntargets:\n  app:\n    type: file\n    path: state/app.json\n    runAs: scopesync-bot\n`;
  const app = { id: "21bf6e0c-96eb-4c52-b788-1d7c97ee45b1", appId: ENTRA_APP_ID, displayName: "Ledger Bridge", createdDateTime: "2026-03-02T12:30:00Z", signInAudience: "AzureADMyOrg", tags: [], keyCredentials: [], passwordCredentials: [], federatedIdentityCredentials: [], owners };
  return { "scopesync.yaml": config, "entra/applications.json": JSON.stringify({ "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#applications(owners())", value: [app] }) };
}

/** The aws source of withAws set to `undeclared: quarantine`. */
function quarantining(files: Record<string, string>): Record<string, string> {
  return { ...files, "scopesync.yaml": files["scopesync.yaml"]!.replace("path: aws/report.csv\n    options:\n", "path: aws/report.csv\n    options:\n      undeclared: quarantine\n") };
}

/** A credential report whose user has a console password (password_enabled true, used yesterday). */
function withPassword(credentialReport: string, user: string): string {
  return credentialReport.replace(new RegExp(`(user/${user},[^,]*),false,N/A`), "$1,true,2026-11-25T08:00:00+00:00");
}

/** A service account declared where aws reports it. */
function discovered(user: string, extra = ""): string {
  return `kind: ServiceAccount\nid: ${user}\nowner: ada\n${extra}discoveredBy:\n  - source: aws\n    id: ${user === "aws-root-account" ? "\"<root_account>\"" : user}\n`;
}

function explicitAdmins(member: string): string {
  return `kind: Group\nid: platform-admins\nprivileged: true\nallowPrivilegedBirthright: true\nbirthright:\n  - kinds: [person]\n    where: { department: Platform }\nmembers:\n  - identity: ${member}\n    reason: release captain\n`;
}

/** The scenario base with a SCIM target beside the file target (read from a state file). */
function withScimTarget(): string {
  return `version: 1\norganisation: scenario\nsources:\n  hr:\n    type: csv\n    path: hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\ntargets:\n  app:\n    type: file\n    path: state/app.json\n    runAs: scopesync-bot\n  helpdesk:\n    type: scim\n    url: https://helpdesk.corp.example/api/scim/v2\n    token: "\${env:HELPDESK_SCIM_TOKEN}"\n    state: state/app.json\n`;
}

function withSecondTarget(): string {
  return `version: 1\norganisation: scenario\nsources:\n  hr:\n    type: csv\n    path: hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\ntargets:\n  app:\n    type: file\n    path: state/app.json\n    runAs: scopesync-bot\n  other:\n    type: file\n    path: state/app.json\n`;
}

describe("built-in rules", () => {
  it("every built-in rule has a case here", () => {
    expect(CASES.map(([rule]) => rule).sort()).toEqual(BUILTIN_RULES.map((r) => r.id).sort());
  });

  it.each(CASES)("%s fires", async (rule, fires, _quiet, options) => {
    const { plan } = await planWith(fires, options ?? {});
    const hits = plan.findings.filter((f) => f.rule === rule);
    expect(hits.length).toBeGreaterThan(0);
    const meta = BUILTIN_RULES.find((r) => r.id === rule)!;
    expect(hits[0]!.controls).toEqual(meta.controls);
    expect(hits[0]!.help).toBe(`https://github.com/scopesync/scopesync/blob/main/docs/rules.md#${rule}`);
    expect(hits[0]!.location).toMatch(/\.ya?ml:\d+$|\.csv row \d+ \(line \d+\)$|\.json entry \d+$/);
  });

  it.each(CASES)("%s stays quiet", async (rule, _fires, quiet, options) => {
    const { plan } = await planWith(quiet, options ?? {});
    expect(plan.findings.filter((f) => f.rule === rule)).toEqual([]);
  });

  it("aws-root-user: the root user is judged on its keys and MFA, never declared, proposed or told to be deleted", async () => {
    const files = withAws(report().replace(ROOT_ROW, ROOT_WITH_KEY));
    delete files["identities/root.yaml"]; // as most repositories have it: no file for the root user
    const { plan } = await planWith(files);
    const root = plan.findings.filter((f) => f.identity === "aws-root-account");
    expect(root.map((f) => f.rule)).toEqual(["aws-root-user", "aws-root-user"]);
    expect(root[0]!.message).toBe("the AWS account root user (arn:aws:iam::123456789012:root) has access key access_key_1 (active, created 2021-03-01T10:00:00.000Z, last used 2026-11-20T08:00:00.000Z): a root access key can do anything in the account and no policy can limit it");
    expect(root[0]!.remediation).toContain("sign in to the AWS Management Console as the root user");
    expect(root[0]!.remediation).toContain("delete the key under Access keys; the root user itself cannot be deleted");
    expect(root[1]!.message).toBe("the AWS account root user (arn:aws:iam::123456789012:root) signs in without MFA");
    expect(root[1]!.remediation).toContain("assign an MFA device");
    expect(root.every((f) => f.location === "aws/report.csv row 1 (line 2)")).toBe(true);
    // No "delete it in the system", no `aws iam … --user-name <root_account>`.
    expect(JSON.stringify(plan.findings)).not.toContain("--user-name '<root_account>'");
    expect(plan.findings.filter((f) => f.identity === "aws-root-account" && f.rule !== "aws-root-user")).toEqual([]);
  });

  it("settings change severity and switch a rule off", async () => {
    const file = { "identities/svc.yaml": svc(cred("")) };
    const raised = await planWith({ ...file, "policies/rules/r.yaml": rules("  credential-expiry-required: { severity: error }\n") });
    expect(raised.plan.findings.find((f) => f.rule === "credential-expiry-required")?.severity).toBe("error");
    expect(raised.plan.blocked).toBe(true);
    expect(raised.code).toBe(3);
    const off = await planWith({ ...file, "policies/rules/r.yaml": rules("  credential-expiry-required: { enabled: false }\n") });
    expect(off.plan.findings.some((f) => f.rule === "credential-expiry-required")).toBe(false);
    const strict = await planWith({ "identities/svc.yaml": svc(cred("    lastRotatedAt: 2026-11-01\n")), "policies/rules/r.yaml": rules("  credential-max-age: { maxAge: 7d }\n") });
    expect(strict.plan.findings.find((f) => f.rule === "credential-max-age")?.message).toContain("the limit is 7d");
  });
});
