// Enterprise teams in an org's team list, through the real @octokit/rest against the fake, which
// answers as GitHub's description (@octokit/openapi 23.0.2, api.github.com and ghec) documents it
// since the 2026-02-23 changelog "Enterprise team support in organization APIs":
// - GET /orgs/{org}/teams takes `team_type` (all | enterprise | organization, default all), and
//   each team has `type` (enterprise | organization);
// - an enterprise team's slug is "ent:<name>" ("GitHub generates the enterprise team's slug from
//   the team name and adds the ent: prefix", https://docs.github.com/en/rest/enterprise-teams);
// - GET …/teams/{team_slug}/invitations, …/external-groups and …/team-sync/group-mappings answer
//   an enterprise team "422: Unprocessable entity if you attempt to modify an enterprise team at
//   the organization level".
// Before the fix the read asked each listed team for its pending invitations, got the 422, and
// failed: no plan, apply or sync of the org at all.
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import type { TargetState } from "../../src/model/target-state.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { githubFakePerTest } from "../helpers/github-fake-per-test.js";

const ORG = "acme-robotics";
const ENT = "ent:copilot-users";
let fake: GithubFake | undefined;
const startFake = githubFakePerTest();

function read(f: GithubFake, options: Record<string, unknown> = {}): Promise<TargetState> {
  const gh = createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false, ...options } }, { name: "github", repoDir: "/nonexistent", env: { T: f.token } }, { baseUrl: f.url, waitScale: 0.001 });
  return gh.read();
}

/** ada and lena in the org's team platform; ada and cleo (a member only through it) in the enterprise team. */
async function orgWithEnterpriseTeam(options: { ghec?: boolean; emu?: boolean } = {}): Promise<GithubFake> {
  const f = await startFake({ org: ORG, self: "scopesync-bot", ...options });
  f.org.addMember("ada", "admin");
  f.org.addMember("lena");
  f.org.addTeam("platform");
  f.org.addTeamMember("platform", "ada");
  f.org.addTeamMember("platform", "lena");
  f.org.addEnterpriseTeamMember(ENT, "ada");
  f.org.addEnterpriseTeamMember(ENT, "cleo");
  return f;
}

/** The paths the read asked of the enterprise team, decoded (Octokit sends "ent%3A…"). */
const askedOf = (f: GithubFake, slug: string): string[] => f.requests.map((r) => decodeURIComponent(r.path)).filter((p) => p.includes(`/teams/${slug}/`)).map((p) => p.slice(p.indexOf(`/teams/${slug}/`) + `/teams/${slug}/`.length)).sort();

describe("the fake lists enterprise teams as GitHub documents (real Octokit)", () => {
  it("team_type all (default) lists both kinds with their type; organization and enterprise filter; the invitations of an enterprise team are 422", async () => {
    fake = await orgWithEnterpriseTeam();
    const quiet = (): void => undefined;
    const octokit = new Octokit({ auth: fake.token, baseUrl: fake.url, log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
    const all = await octokit.paginate(octokit.rest.teams.list, { org: ORG });
    expect(all.map((t) => [t.slug, t.type])).toEqual([["platform", "organization"], [ENT, "enterprise"]]);
    expect((await octokit.rest.teams.list({ org: ORG, team_type: "organization" })).data.map((t) => t.slug)).toEqual(["platform"]);
    expect((await octokit.rest.teams.list({ org: ORG, team_type: "enterprise" })).data.map((t) => t.slug)).toEqual([ENT]);
    await expect(octokit.rest.teams.listPendingInvitationsInOrg({ org: ORG, team_slug: ENT })).rejects.toMatchObject({ status: 422 });
    expect((await octokit.rest.teams.listMembersInOrg({ org: ORG, team_slug: ENT })).data.map((u) => u.login)).toEqual(["ada", "cleo"]);
  });
});

describe("reading an org with an enterprise team assigned to it", () => {
  it("github.com: the read succeeds; its members hold team:ent:…, it is an external group, and nothing but its members is asked of it", async () => {
    fake = await orgWithEnterpriseTeam();
    const state = await read(fake);
    const held = Object.fromEntries(state.accounts.map((a) => [a.login, a.entitlements]));
    expect(held).toEqual({ ada: ["role:admin", "team:ent:copilot-users", "team:platform"], cleo: ["team:ent:copilot-users"], lena: ["team:platform"], "scopesync-bot": ["role:admin"] });
    expect(state.externalGroups).toEqual([
      { entitlement: `team:${ENT}`, managedBy: `the enterprise (${ENT} is an enterprise team assigned to ${ORG})`, keepsAccount: true, remediation: `an enterprise owner removes them from the enterprise team ${ENT} (enterprise settings → People → Enterprise teams, or its identity provider group)` },
    ]);
    expect(state.groupNames).toEqual(["team:ent:copilot-users", "team:platform"]);
    expect(askedOf(fake, ENT)).toEqual(["members"]);
    expect(fake.count("teams/list-pending-invitations-in-org")).toBe(1); // platform's only
  });

  it("with options.repositories: the repository access an org owner gave the enterprise team is read as the group's", async () => {
    fake = await orgWithEnterpriseTeam();
    fake.org.addEnterpriseTeamRepo(ENT, "infra", "admin");
    fake.org.addTeamRepo("platform", "infra", "write");
    const state = await read(fake, { repositories: ["infra"] });
    expect(state.groups).toEqual([
      { entitlement: `team:${ENT}`, holds: ["repo:infra:admin"] },
      { entitlement: "team:platform", holds: ["repo:infra:write"] },
    ]);
  });

  it("GitHub Enterprise Cloud with idpTeams (team sync, and EMU's external groups): the IdP groups of the enterprise team are not asked", async () => {
    for (const kind of [{ ghec: true }, { emu: true }] as const) {
      fake = await orgWithEnterpriseTeam(kind);
      fake.org.addTeam("platform").idpGroups = ["okta-platform"];
      const state = await read(fake, { idpTeams: true, ...("emu" in kind ? { enterpriseManagedUsers: true } : {}) });
      expect(state.refuses?.map((r) => r.entitlement ?? r.actions?.join(","))).toEqual([...("emu" in kind ? ["create-account,enable-account"] : []), "team:platform"]);
      expect(askedOf(fake, ENT)).toEqual(["members"]);
      fake.assertNoViolations();
      await fake.close();
      fake = undefined;
    }
  });

  it("GitHub Enterprise Server (no team_type, no enterprise teams): the team list is asked as before and every team is the org's", async () => {
    fake = await startFake({ org: ORG, self: "scopesync-bot", ghes: "3.17" });
    fake.org.addMember("ada", "admin");
    fake.org.addTeam("platform");
    fake.org.addTeamMember("platform", "ada");
    const state = await read(fake);
    expect(state.accounts.find((a) => a.login === "ada")?.entitlements).toEqual(["role:admin", "team:platform"]);
    expect(state.externalGroups).toBeUndefined();
    expect(fake.count("teams/list")).toBe(1);
  });
});
