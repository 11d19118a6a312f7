// rv63 #1: an AI agent that works through a GitHub App installation, offboarded for a reason other
// than its owner leaving. Expired, the plan had 0 changes and agent-expired said "until then the
// plan disables it"; with `status: disabled` the plan said "Every target matches the desired state"
// and no finding at all, while the App kept write access to every repository. No target suspends or
// uninstalls an installation: organisation owners do, in the org's settings ("They can also suspend
// or delete the GitHub App to prevent the app from accessing resources owned by the organization",
// https://docs.github.com/organizations/keeping-your-organization-secure/reviewing-your-organizations-installed-integrations).
// Now each reason (expired, disabled, quarantined as undeclared, owner gone) asks one question of
// switch-off.ts, and the finding says what keeps working and how a person stops it.
// The export is GitHub's answer to GET /orgs/{org}/installations
// (https://docs.github.com/en/rest/orgs/orgs#list-app-installations-for-an-organization); the
// roles export is `aws iam get-account-authorization-details --filter Role`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { installations, REPORT, ROLES } from "../helpers/still-working-exports.js";

const NOW = "2026-11-26T09:00:00Z";
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const HR = `WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department
E200,noor.haddad,Noor,Haddad,noor.haddad@northwind.example,Active,Employee,Staff Engineer,Engineering
E201,piet.visser,Piet,Visser,piet.visser@northwind.example,Active,Employee,Engineer,Engineering
`;

interface Setup {
  /** The agent's lines after discoveredBy; undefined: no file declares it. */
  agentTail?: string;
  suspendedAt?: string | null;
  undeclared?: "quarantine";
  /** A ServiceAccount file for the IAM role, with these lines. */
  roleTail?: string;
}

function repo(s: Setup): string {
  const d = mkdtempSync(join(tmpdir(), "still-working-"));
  for (const sub of ["exports/github", "exports/aws", "state", "identities/agents", "identities/people", "identities/service-accounts", "policies/apps"]) mkdirSync(join(d, sub), { recursive: true });
  const undeclared = s.undeclared ? `      undeclared: ${s.undeclared}\n` : "";
  writeFileSync(join(d, "scopesync.yaml"), `version: 1\norganisation: northwind\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n  gh:\n    type: github\n    path: exports/github/installations.json\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n${undeclared}  aws:\n    type: aws-iam\n    path: exports/aws/credential-report.csv\n    options:\n      roles: exports/aws/roles.json\n      exportedAt: "2026-11-26T06:00:00Z"\ntargets:\n  github:\n    type: github\n    org: northwind-labs\n    token: "\${env:GH_TOKEN}"\n    state: state/github.json\n`);
  writeFileSync(join(d, "exports/hr.csv"), HR);
  writeFileSync(join(d, "identities/people/noor.haddad.yaml"), "kind: Person\nid: noor.haddad\nattributes: { githubLogin: noorh }\n");
  writeFileSync(join(d, "identities/people/piet.visser.yaml"), "kind: Person\nid: piet.visser\nattributes: { githubLogin: pvisser }\n");
  writeFileSync(join(d, "exports/github/installations.json"), JSON.stringify(installations(s.suspendedAt ?? null)));
  writeFileSync(join(d, "exports/aws/roles.json"), JSON.stringify(ROLES));
  writeFileSync(join(d, "exports/aws/credential-report.csv"), REPORT);
  if (s.agentTail !== undefined) {
    writeFileSync(join(d, "identities/agents/agent-coder.yaml"), `kind: Agent\nid: agent-coder\ndisplayName: Coding agent (GitHub App nw-coding-agent)\nowner: noor.haddad\nmodel: claude-sonnet-4-5\npurpose: Picks up labelled issues, pushes branches and opens pull requests in every repository.\ndiscoveredBy:\n  - source: gh\n    id: installation:58211904\n${s.agentTail}`);
  }
  writeFileSync(join(d, "identities/service-accounts/nightly-export.yaml"), `kind: ServiceAccount\nid: nightly-export\nowner: noor.haddad\npurpose: Nightly S3 export from GitHub Actions (OIDC role).\ndiscoveredBy:\n  - { source: aws, id: role/nightly-export }\n${s.roleTail ?? ""}`);
  writeFileSync(join(d, "policies/apps/github.yaml"), "kind: AppPolicy\nid: github\ntarget: github\nscope:\n  include:\n    - kinds: [person]\n      where: { department: Engineering }\naccounts:\n  login: githubLogin\n  onSuspended: keep\nonLeaveScope: disable\n");
  writeFileSync(join(d, "state/github.json"), JSON.stringify({ formatVersion: 1, target: "github", readAt: "2026-11-26T06:10:00Z", accounts: [
    { id: "7100001", login: "noorh", externalId: "hr:E200", active: true, attributes: {}, entitlements: [] },
    { id: "7100002", login: "pvisser", externalId: "hr:E201", active: true, attributes: {}, entitlements: [] },
  ], credentials: [] }));
  return d;
}

async function plan(d: string): Promise<Plan> {
  const r = await runCli(["plan", "--repo", d, "--format", "json", "--now", NOW], { env: {} });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Plan;
}

const about = (p: Plan, id: string) => p.findings.filter((f) => f.identity === id);
const APP = "it works through the GitHub App nw-coding-agent (installation 58211904: contents:write, issues:write, pull_requests:write, workflows:write on every repository of the organisation), which no target suspends or uninstalls, so the App keeps that access";
const SUSPEND = "an organisation owner suspends or uninstalls the App in GitHub (organisation Settings → GitHub Apps → nw-coding-agent → Configure → Suspend, or Uninstall)";

describe("an offboarded NHI that keeps working is told as such, whatever the reason", () => {
  it("an expired agent on a GitHub App installation: agent-expired says the App keeps its access and how to suspend it, not that the plan disables it", async () => {
    dir = repo({ agentTail: 'expiresAt: "2026-11-15"\n' });
    const p = await plan(dir);
    expect(p.changes).toEqual([]);
    const hits = about(p, "agent-coder");
    expect(hits.map((f) => f.rule)).toEqual(["agent-expired"]);
    expect(hits[0]!.message).toBe(`agent agent-coder expired on 2026-11-15; no target holds an active account or credential of it, and ${APP}: this plan switches nothing off`);
    expect(hits[0]!.remediation).toBe(`${SUSPEND}; and remove the agent's file, or renew \`expiresAt\` in a reviewed PR if it is still needed`);
    expect(hits[0]!.location).toBe("identities/agents/agent-coder.yaml:10");
  });

  it("a disabled agent on a GitHub App installation: nhi-offboarded-still-working, at its status line", async () => {
    dir = repo({ agentTail: 'expiresAt: "2027-05-15"\nstatus: disabled\n' });
    const p = await plan(dir);
    expect(p.changes).toEqual([]);
    const hits = about(p, "agent-coder");
    expect(hits.map((f) => `${f.severity} ${f.rule}`)).toEqual(["warning nhi-offboarded-still-working"]);
    expect(hits[0]!.message).toBe(`agent-coder is offboarded (status: disabled in identities/agents/agent-coder.yaml:1); no target holds an active account or credential of it, and ${APP}: this plan switches nothing off`);
    expect(hits[0]!.remediation).toBe(SUSPEND);
    expect(hits[0]!.location).toBe("identities/agents/agent-coder.yaml:11");
  });

  it("a disabled agent whose installation an owner has suspended (suspended_at): nothing keeps working, nothing is said", async () => {
    dir = repo({ agentTail: 'expiresAt: "2027-05-15"\nstatus: disabled\n', suspendedAt: "2026-11-25T16:40:00Z" });
    const p = await plan(dir);
    expect(about(p, "agent-coder")).toEqual([]);
  });

  it("an undeclared installation under undeclared: quarantine: nhi-undeclared says it is not switched off, not \"disabled downstream\"", async () => {
    dir = repo({ undeclared: "quarantine" });
    const p = await plan(dir);
    const hits = about(p, "nw-coding-agent");
    expect(hits.map((f) => f.rule)).toEqual(["nhi-undeclared"]);
    expect(hits[0]!.message).toBe(`service-account nw-coding-agent (gh:installation:58211904) is reported by gh and declared in no file; it is quarantined until a reviewed file declares it; no target holds an active account or credential of it, and ${APP}: this plan switches nothing off`);
    expect(hits[0]!.remediation).toBe(`${SUSPEND}; and declare it in identities/ with an owner and purpose (\`scopesync nhi propose --out DIR\` writes the file for review), or delete it in the system`);
    expect(hits[0]!.location).toBe("exports/github/installations.json installation 1");
  });

  it("an expired service account that is an IAM role: its trust keeps working, and no target is of type aws-iam", async () => {
    dir = repo({ roleTail: 'expiresAt: "2026-11-01"\n' });
    const p = await plan(dir);
    const hits = about(p, "nightly-export");
    expect(hits.map((f) => f.rule)).toEqual(["nhi-offboarded-still-working"]);
    expect(hits[0]!.message).toBe("nightly-export is offboarded (expired on 2026-11-01 (identities/service-accounts/nightly-export.yaml:1)); no target in scopesync.yaml is the system that holds it (aws-iam), so it is not switched off there: only accounts of it in the targets, if it has any, are offboarded; and it is an IAM role, which keeps no secret to revoke: whoever its trust policy allows (here GitHub Actions workflows, through OIDC) can still assume it");
    expect(hits[0]!.remediation).toMatch(/^switch it off in aws-iam by hand: remove who may assume it \(`aws iam update-assume-role-policy --role-name nightly-export /);
    expect(hits[0]!.location).toBe("identities/service-accounts/nightly-export.yaml:7");
  });

  it("the owner gone: nhi-owner-active alone tells it, with the same words about the App", async () => {
    dir = repo({ agentTail: 'expiresAt: "2027-05-15"\n' });
    writeFileSync(join(dir, "exports/hr.csv"), HR.replace("noor.haddad@northwind.example,Active", "noor.haddad@northwind.example,Terminated"));
    const p = await plan(dir);
    const hits = about(p, "agent-coder");
    expect(hits.map((f) => f.rule)).toEqual(["nhi-owner-active"]);
    expect(hits[0]!.message).toBe(`agent-coder has lost its owner: owner "noor.haddad" is terminated; no target holds an active account or credential of it, and ${APP}: this plan switches nothing off`);
    expect(hits[0]!.remediation).toBe(`${SUSPEND}; and assign a new owner in the identity's file`);
  });
});
