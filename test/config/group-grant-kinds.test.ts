// `groupGrants` in a github app policy names only what scopesync can set on a team: its repository
// access. An `org-role:<name>` there passed the schema, was planned as a grant for review, and
// apply refused it ("unknown entitlement … for team"): a reviewer approved a plan that could not
// be applied. It is refused when the repository loads, at its file:line:col with the fix; nothing
// is planned. A team's organization roles are assigned in GitHub (PUT /orgs/{org}/organization-
// roles/teams/{team_slug}/{role_id}, docs.github.com/en/rest/orgs/organization-roles) and read.
import { afterEach, describe, expect, it } from "vitest";
import { NOW, PolicyRepo } from "../apply/helpers/policy-repo.js";
import { runCli } from "../helpers/run-cli.js";
import { at, githubRepo } from "../helpers/github-policy-repo.js";

let repo: PolicyRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe("groupGrants: what a team cannot be given here is refused when the repository loads", () => {
  it("org-role:<name> for a team: validate and plan stop at its position with the fix, nothing planned", async () => {
    repo = githubRepo({ "team:platform": ["repo:infra:write", "org-role:security_manager"] });
    const line = repo.read("policies/apps/github.yaml").split("\n").findIndex((l) => l.includes("org-role:security_manager")) + 1;
    expect(line).toBeGreaterThan(0);
    const col = repo.read("policies/apps/github.yaml").split("\n")[line - 1]!.indexOf("org-role") + 1;
    const expected = [
      `policies/apps/github.yaml:${line}:${col}: groupGrants gives team:platform "org-role:security_manager", which scopesync cannot set on a group of target "github" (github): apply would refuse it, so it is never planned for review`,
      '  fix: assign the organization role to the team in GitHub (Organization settings → Roles): scopesync reads it and marks the team\'s membership privileged where the role is; then remove "org-role:security_manager" from groupGrants; a team\'s own grants are repo:<name>:<read|triage|write|maintain|admin>',
    ];
    for (const command of [["validate", "--repo", repo.dir], ["plan", "--repo", repo.dir, "--now", NOW]]) {
      const r = await runCli(command, { env: {}, cwd: repo.dir });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.split("\n").slice(0, 2)).toEqual(expected);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("repository access for a team is accepted", async () => {
    repo = githubRepo({ "team:platform": ["repo:infra:write"] });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

// GitHub lists the enterprise teams assigned to an org with its own teams (GET /orgs/{org}/teams,
// `team_type` default all, since 2026-02-23), with slugs "ent:<name>" ("GitHub generates the
// enterprise team's slug from the team name and adds the ent: prefix", REST docs *Enterprise
// teams*). Their membership is the enterprise's, and the org-level routes answer "422:
// Unprocessable entity if you attempt to modify an enterprise team at the organization level".
describe("a GitHub enterprise team (team:ent:<name>) named in an app policy is refused when the repository loads", () => {
  const FIX = 'fix: remove "team:ent:copilot-users" from this policy: who is in ent:copilot-users is set in the enterprise (enterprise settings → People → Enterprise teams, or its identity provider group), and scopesync reads its members and says in the plan when one it keeps in the org leaves';

  it("mapped in entitlements: validate and plan stop at its position with the fix", async () => {
    repo = githubRepo({}, "team:ent:copilot-users");
    const expected = [
      `${at(repo, "team:ent:copilot-users")}: "team:ent:copilot-users" is a GitHub enterprise team (slug "ent:…") of target "github": the enterprise manages it, and GitHub refuses changes to it at the organization level, so scopesync cannot grant or revoke it`,
      `  ${FIX}`,
    ];
    for (const command of [["validate", "--repo", repo.dir], ["plan", "--repo", repo.dir, "--now", NOW]]) {
      const r = await runCli(command, { env: {}, cwd: repo.dir });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr.split("\n").slice(0, 2)).toEqual(expected);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("given repository access in groupGrants: refused at its position with the fix", async () => {
    repo = githubRepo({ "team:ent:copilot-users": ["repo:infra:write"] });
    const r = await runCli(["validate", "--repo", repo.dir], { env: {}, cwd: repo.dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual([
      `${at(repo, "team:ent:copilot-users")}: "team:ent:copilot-users" is a GitHub enterprise team (slug "ent:…") of target "github": the enterprise manages it, and GitHub refuses changes to it at the organization level, so scopesync cannot set what it holds`,
      `  ${FIX}`,
    ]);
  });
});
