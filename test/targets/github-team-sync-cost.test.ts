// Which teams an identity provider owns (options.idpTeams, on by default), asked with a personal
// token: the org once first (GET /orgs/{org}/team-sync/groups, team-sync-org.ts), each team only
// where that answer leaves it open. Counted on the OpenAPI-checked fake with the real
// @octokit/rest: an org without GitHub Enterprise Cloud's team sync (its 403), or one whose IdP
// has no group, costs one request, not one per team (400 teams: 400 requests, each the same 403);
// an org with team sync, or an org-level answer that says nothing about team sync (a token without
// the route's permission), still asks every team.
import { describe, expect, it } from "vitest";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { githubFakePerTest } from "../helpers/github-fake-per-test.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { fakeToken } from "../servers/github-fake/tokens.js";

const ORG = "acme-robotics";
const startFake = githubFakePerTest();

async function orgWithTeams(teams: number, options: Parameters<typeof startFake>[0] = {}): Promise<GithubFake> {
  const fake = await startFake({ org: ORG, ...options });
  fake.org.addMember("scopesync-bot", "admin");
  for (let t = 0; t < teams; t++) fake.org.addTeam(`team-${String(t).padStart(3, "0")}`);
  return fake;
}

async function read(f: GithubFake) {
  const connector = createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { patGrants: false, deployKeys: false } }, { name: "github", repoDir: "/nonexistent", env: { T: f.token } }, { baseUrl: f.url, waitScale: 0.001 });
  return connector.read();
}

const orgLevel = (f: GithubFake) => f.requests.filter((r) => r.path === `/orgs/${ORG}/team-sync/groups`).map((r) => r.status);
const perTeam = (f: GithubFake) => f.requests.filter((r) => r.path.endsWith("/team-sync/group-mappings")).length;

describe("github: which teams an IdP owns, asked once at org level", () => {
  it("an org without team sync, 400 teams: one request (GitHub's 403), none per team", { timeout: 60_000 }, async () => {
    const f = await orgWithTeams(400);
    const state = await read(f);
    expect(orgLevel(f)).toEqual([403]);
    expect(perTeam(f)).toBe(0);
    expect(state.refuses ?? []).toEqual([]);
  });

  it("GitHub Enterprise Cloud whose IdP has no group: one request (no group to connect a team to), none per team", async () => {
    const f = await orgWithTeams(3, { ghec: true });
    await read(f);
    expect(orgLevel(f)).toEqual([200]);
    expect(perTeam(f)).toBe(0);
  });

  it("GitHub Enterprise Cloud with team sync: every team is still asked, and the synced one is refused", async () => {
    const f = await orgWithTeams(3, { ghec: true });
    f.org.teams.get("team-001")!.idpGroups = ["eng-all"];
    const state = await read(f);
    expect(orgLevel(f)).toEqual([200]);
    expect(f.count("teams/list-idp-groups-in-org")).toBe(3);
    expect(state.refuses?.map((r) => ("entitlement" in r ? r.entitlement : undefined))).toEqual(["team:team-001"]);
  });

  it("an org-level answer that says nothing about team sync (a token without Members: write) is not read as none: every team is asked", async () => {
    const f = await orgWithTeams(3, { ghec: true, tokens: [fakeToken("fine-grained", "plan")] });
    f.org.teams.get("team-002")!.idpGroups = ["ops"];
    const state = await read(f);
    expect(orgLevel(f)).toEqual([403]);
    expect(f.count("teams/list-idp-groups-in-org")).toBe(3);
    expect(state.refuses?.map((r) => ("entitlement" in r ? r.entitlement : undefined))).toEqual(["team:team-002"]);
  });
});
