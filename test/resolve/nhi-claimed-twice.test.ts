// Two agent files that claim one discovered record: two coding tools configured with one of their
// owner's fine-grained tokens, one agent expired, one active. The file read last (by file name)
// took the grant: in one order the expired agent's token was left working while agent-expired said
// the plan disabled it, in the other the active agent's token was revoked and nothing named it
// (rv63 #3). Now the same `{ source, id }` in two files is a load error naming both, and two files
// whose refs meet in one record only the export shows (its id in one, its login in the other) or
// in one credential two sources report: neither gets it, nothing is planned for either, and an
// error finding at each file names the other and the record.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { runCli } from "../helpers/run-cli.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const NOW = "2026-11-26T09:00:00Z";
const temp = tempDirs();

/**
 * One grant as `GET /orgs/{org}/personal-access-tokens` answers it
 * (https://docs.github.com/en/rest/orgs/personal-access-tokens#list-fine-grained-personal-access-tokens-with-access-to-organization-resources).
 */
const GRANT = {
  id: 25381,
  owner: { login: "noorh", id: 7100001, type: "User", site_admin: false },
  repository_selection: "subset",
  repositories_url: "https://api.github.com/organizations/9100001/personal-access-tokens/25381/repositories",
  permissions: { repository: { contents: "write", pull_requests: "write", metadata: "read" } },
  access_granted_at: "2026-09-01T10:00:00Z",
  token_id: 98765,
  token_name: "coding-agents",
  token_expired: false,
  token_expires_at: "2027-08-31T10:00:00Z",
  token_last_used_at: "2026-11-25T17:40:00Z",
};

const agent = (id: string, expiresAt: string, source: string, ref: string) =>
  `kind: Agent\nid: ${id}\nowner: noor.haddad\nmodel: claude-sonnet-4-5\npurpose: configured with Noor's fine-grained token "coding-agents"\nexpiresAt: "${expiresAt}"\ndiscoveredBy:\n  - source: ${source}\n    id: ${ref}\n`;

/**
 * A repository with a github source (twice when `secondSource`) reading the grant, a github target
 * whose state lists it under Noor's account as its live read does, and the two agents as given.
 */
function repo(coder: string, reviewer: string, secondSource = false): string {
  const dir = temp("scopesync-claimed-twice-");
  for (const d of ["exports/github", "state", "identities/agents", "identities/people", "policies/apps"]) mkdirSync(join(dir, d), { recursive: true });
  const source = (name: string) => `  ${name}:\n    type: github\n    path: exports/github/installations.json\n    options:\n      patGrants: exports/github/pat-grants.json\n      exportedAt: "2026-11-26T06:00:00Z"\n`;
  writeFileSync(join(dir, "scopesync.yaml"), `version: 1\norganisation: northwind\nsources:\n  hr:\n    type: csv\n    path: exports/hr.csv\n    options:\n      exportedAt: "2026-11-26T06:00:00Z"\n${source("gh")}${secondSource ? source("gh2") : ""}targets:\n  github:\n    type: github\n    org: northwind-labs\n    token: "\${env:GH_TOKEN}"\n    state: state/github.json\n`);
  writeFileSync(join(dir, "exports/hr.csv"), "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department\nE200,noor.haddad,Noor,Haddad,noor.haddad@northwind.example,Active,Employee,Staff Engineer,Engineering\n");
  writeFileSync(join(dir, "identities/people/noor.haddad.yaml"), "kind: Person\nid: noor.haddad\nattributes: { githubLogin: noorh }\n");
  writeFileSync(join(dir, "exports/github/installations.json"), JSON.stringify({ total_count: 0, installations: [] }));
  writeFileSync(join(dir, "exports/github/pat-grants.json"), JSON.stringify([GRANT]));
  writeFileSync(join(dir, "identities/agents/agent-coder.yaml"), coder);
  writeFileSync(join(dir, "identities/agents/agent-reviewer.yaml"), reviewer);
  writeFileSync(join(dir, "policies/apps/github.yaml"), "kind: AppPolicy\nid: github\ntarget: github\nscope:\n  include:\n    - kinds: [person]\n      where: { department: Engineering }\naccounts:\n  login: githubLogin\n  onSuspended: keep\nonLeaveScope: disable\n");
  writeFileSync(join(dir, "state/github.json"), JSON.stringify({ formatVersion: 1, target: "github", readAt: "2026-11-26T06:10:00Z", accounts: [{ id: "7100001", login: "noorh", externalId: "hr:E200", active: true, attributes: {}, entitlements: [] }], credentials: [{ id: "pat-grant:25381", account: "7100001", type: "token", credentialId: "coding-agents" }] }));
  return dir;
}

async function plan(dir: string): Promise<{ code: number; plan: Plan; text: string }> {
  const json = await runCli(["plan", "--repo", dir, "--format", "json", "--now", NOW]);
  const text = await runCli(["plan", "--repo", dir, "--now", NOW]);
  return { code: json.code, plan: JSON.parse(json.stdout) as Plan, text: text.stdout };
}

const AGENTS = ["agent-coder", "agent-reviewer"];

describe("two agent files that claim one discovered token grant", () => {
  it("the same ref in both (in any case): validate and plan refuse it, naming both files and the record", async () => {
    const dir = repo(agent("agent-coder", "2026-11-15", "gh", "pat-grant:25381"), agent("agent-reviewer", "2027-05-15", "gh", "PAT-GRANT:25381"));
    for (const args of [["validate"], ["plan", "--now", NOW]]) {
      const r = await runCli([...args, "--repo", dir]);
      const command = args[0];
      expect(r.code, command).toBe(1);
      const out = r.stdout + r.stderr;
      expect(out).toContain("identities/agents/agent-reviewer.yaml:8:5: agent-reviewer claims the discovered record gh:PAT-GRANT:25381, which agent-coder claims too (identities/agents/agent-coder.yaml:8)");
      expect(out).not.toMatch(/^\s+at /m);
    }
  });

  it("its id in one file and its login in the other: neither gets it, nothing is planned for either, whichever expired", async () => {
    for (const [coderExpires, reviewerExpires] of [["2026-11-15", "2027-05-15"], ["2027-05-15", "2026-11-15"]]) {
      const dir = repo(agent("agent-coder", coderExpires!, "gh", "pat-grant:25381"), agent("agent-reviewer", reviewerExpires!, "gh", "token-grant-25381"));
      expect((await runCli(["validate", "--repo", dir])).code).toBe(0);
      const { code, plan: p, text } = await plan(dir);
      expect(code).toBe(3); // blocked
      expect(p.changes.filter((c) => AGENTS.includes(c.identity) || c.credential === "pat-grant:25381")).toEqual([]);
      expect(p.findings.filter((f) => f.rule === "nhi-claimed-twice").map((f) => [f.severity, f.identity, f.location, f.message])).toEqual([
        ["error", "agent-coder", "identities/agents/agent-coder.yaml:8", "agent-coder claims the discovered record gh:pat-grant:25381 (exports/github/pat-grants.json entry 1), and so does agent-reviewer (identities/agents/agent-reviewer.yaml:8): one record is one NHI, so it is given to neither, and nothing is planned for agent-coder (no account, grant, disable or revoke) until one file claims it"],
        ["error", "agent-reviewer", "identities/agents/agent-reviewer.yaml:8", "agent-reviewer claims the discovered record gh:pat-grant:25381 (exports/github/pat-grants.json entry 1), and so does agent-coder (identities/agents/agent-coder.yaml:8): one record is one NHI, so it is given to neither, and nothing is planned for agent-reviewer (no account, grant, disable or revoke) until one file claims it"],
      ]);
      // Claimed: no undeclared NHI for it, and no nhi-not-found for either file.
      expect(p.findings.filter((f) => f.rule === "nhi-undeclared" || f.rule === "nhi-not-found")).toEqual([]);
      expect(text).toContain("BLOCKED");
    }
  });

  it("two sources reporting one grant, each file claiming it through its own: neither gets the credential", async () => {
    const dir = repo(agent("agent-coder", "2026-11-15", "gh", "pat-grant:25381"), agent("agent-reviewer", "2027-05-15", "gh2", "pat-grant:25381"), true);
    const { code, plan: p } = await plan(dir);
    expect(code).toBe(3);
    expect(p.changes.filter((c) => AGENTS.includes(c.identity) || c.credential === "pat-grant:25381")).toEqual([]);
    expect(p.findings.filter((f) => f.rule === "nhi-claimed-twice").map((f) => [f.identity, f.message])).toEqual([
      ["agent-coder", "agent-coder claims the discovered credential pat-grant:25381, which gh:pat-grant:25381 (exports/github/pat-grants.json entry 1) carries, and so does agent-reviewer (identities/agents/agent-reviewer.yaml:8, through gh2:pat-grant:25381): one credential is one NHI's, so it is given to neither, and nothing is planned for agent-coder (no account, grant, disable or revoke) until one file claims it"],
      ["agent-reviewer", "agent-reviewer claims the discovered credential pat-grant:25381, which gh2:pat-grant:25381 (exports/github/pat-grants.json entry 1) carries, and so does agent-coder (identities/agents/agent-coder.yaml:8, through gh:pat-grant:25381): one credential is one NHI's, so it is given to neither, and nothing is planned for agent-reviewer (no account, grant, disable or revoke) until one file claims it"],
    ]);
  });

  it("one file alone: the expired agent's grant is revoked, as before", async () => {
    const dir = repo(agent("agent-coder", "2026-11-15", "gh", "pat-grant:25381"), agent("agent-reviewer", "2027-05-15", "gh", "installation:1"));
    const { plan: p } = await plan(dir);
    expect(p.findings.filter((f) => f.rule === "nhi-claimed-twice")).toEqual([]);
    expect(p.changes.filter((c) => c.credential === "pat-grant:25381").map((c) => [c.action, c.identity])).toEqual([["revoke-credential", "agent-coder"]]);
  });
});
