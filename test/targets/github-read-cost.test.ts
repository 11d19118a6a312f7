// What one live read of a GitHub org costs in requests, counted on the OpenAPI-checked fake with
// the real @octokit/rest and the connector's read (rv89):
// - the direct collaborators of the org's repositories, read 50 repositories a GraphQL query
//   (organization.repositories, each node's collaborators(affiliation: DIRECT) with its
//   permissionSources) instead of one query per repository (MEDIUM-1: 2,000 queries per live read
//   of a 2,000-repository org); the fake serves the query as GitHub does (first within 1-100 on
//   every connection, cursors per connection);
// - the read as a whole with the default options (a personal token): the figures
//   docs/adopt.md ("What a live read costs on GitHub") and the target's readme give. Each
//   repository costs its invitations list and its deploy-keys list (REST) and 1/50 of a GraphQL
//   query; each team its member pages and its pending invitations; the org one team-sync question
//   (an org without team sync needs none per team: github-team-sync-cost.test.ts); every
//   100 members a page (LOW-1: the documented figure was measured on an org without repositories,
//   which are most of a real org's cost).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryingReads, type Timing } from "../../src/apply/retry.js";
import type { TargetState } from "../../src/model/target-state.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;
const name = (i: number): string => `repo-${String(i).padStart(3, "0")}`;

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
});
afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

function connector(options: Record<string, unknown> = {}) {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { patGrants: false, ...options } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 });
}
const queries = (): number => fake.requests.filter((r) => r.path === "/graphql").length;
const account = (state: TargetState, login: string) => state.accounts.find((a) => a.login === login);

/** Only what the collaborators tests count: no deploy keys, no team-sync questions. */
const LEAN = { deployKeys: false, idpTeams: false };
const VENDOR = { outsideCollaborator: "true", "collaborator:repo-010": "write", "collaborator:repo-050": "maintain", "collaborator:repo-075": "read", "collaborator:repo-119": "admin" };

describe("github read: direct collaborators, 50 repositories a query", () => {
  beforeEach(() => {
    for (let i = 0; i < 120; i++) fake.org.addRepo(name(i));
    // repo-050 has more than a page of direct collaborators: vendor-a, added last, is the 151st.
    for (let i = 0; i < 150; i++) {
      fake.org.addMember(`dev${i}`);
      fake.org.addCollaborator(name(50), `dev${i}`, "write");
    }
    fake.org.addMember("priya");
    fake.org.addCollaborator(name(110), "priya", "write");
    fake.org.addCollaborator(name(10), "vendor-a", "write");
    fake.org.addCollaborator(name(50), "vendor-a", "maintain");
    fake.org.addCollaborator(name(75), "vendor-a", "read");
    fake.org.addCollaborator(name(119), "vendor-a", "admin");
  });

  it("an outside collaborator's access on 120 repositories: 3 queries and one more for the repository with 151 collaborators, not 121", async () => {
    const state = await connector(LEAN).read();
    expect(account(state, "vendor-a")?.attributes).toEqual(VENDOR);
    expect(queries()).toBe(4);
    // The rest of repo-050's list by its own query, from where the org-wide page ended.
    expect(fake.requests.filter((r) => r.path === "/graphql").map((r) => r.page)).toEqual([1, 2, 2, 3]);
  });

  it("options.repositories: true reads every repository's collaborators from the same queries (the read's page cache)", async () => {
    const state = await connector({ ...LEAN, repositories: true }).read();
    expect(account(state, "priya")?.entitlements).toContain("repo:repo-110:write");
    expect(account(state, "dev149")?.entitlements).toContain("repo:repo-050:write");
    expect(account(state, "vendor-a")?.entitlements).toEqual(["repo:repo-010:write", "repo:repo-050:maintain", "repo:repo-075:read", "repo:repo-119:admin"]);
    expect(queries()).toBe(4);
  });

  it("a list of repositories is read org-wide when that takes fewer queries; a short one, without outside collaborators, a query each", async () => {
    const vendor = fake.org.user("vendor-a")!.id;
    for (const repo of fake.org.repos.values()) repo.collaborators.delete(vendor);
    const many = Array.from({ length: 60 }, (_, i) => name(i + 60));
    const state = await connector({ ...LEAN, repositories: many }).read();
    expect(account(state, "priya")?.entitlements).toContain("repo:repo-110:write");
    // The org's 3 pages, and the rest of repo-050's collaborators: not one query per repository listed (60).
    expect(queries()).toBe(4);
    const before = queries();
    const short = await connector({ ...LEAN, repositories: [name(110), name(3)] }).read();
    expect(account(short, "priya")?.entitlements).toContain("repo:repo-110:write");
    expect(queries() - before).toBe(2);
  });

  it("a read that failed on the second page resumes there: the page before is asked again to check it, nothing else", async () => {
    fake.injectFault({ kind: "server-error", operationId: "graphql", page: 2 });
    const timing: Timing = { sleep: async () => {}, random: () => 0 };
    const state = await retryingReads(new Map([["github", connector(LEAN)]]), DEFAULT_RETRY, timing).get("github")!.read();
    expect(account(state, "vendor-a")?.attributes).toEqual(VENDOR);
    // Page 1, page 2 (500), page 1 again (unchanged), page 2, repo-050's rest, page 3.
    expect(fake.requests.filter((r) => r.path === "/graphql").map((r) => `${r.page}:${r.status}`)).toEqual(["1:200", "2:500", "1:200", "2:200", "2:200", "3:200"]);
  });
});

/** Requests of the read, by what they are for. */
function cost(): Record<string, number> {
  const by: Record<string, number> = {};
  for (const r of fake.requests) {
    const kind = r.path === "/graphql" ? "graphql" : (r.operationId ?? r.path.replace(/teams\/[^/]+\//, "teams/{slug}/"));
    by[kind] = (by[kind] ?? 0) + 1;
  }
  return by;
}

describe("github: what one live read costs", () => {
  beforeEach(() => {
    for (let i = 0; i < 250; i++) fake.org.addMember(`user${i}`, i < 3 ? "admin" : "member");
    for (let t = 0; t < 4; t++) {
      fake.org.addTeam(`team-${t}`);
      for (let k = 0; k < 10; k++) fake.org.addTeamMember(`team-${t}`, `user${t * 10 + k}`);
    }
    for (let r = 0; r < 120; r++) fake.org.addCollaborator(`repo-${r}`, `user${r}`, "write");
    fake.org.addCollaborator("repo-7", "vendor-a", "read");
  });

  it("250 members, 4 teams, 120 repositories, an outside collaborator: 2 REST requests a repository, 2 a team, 1 a hundred members, 1 GraphQL query per 50 repositories", async () => {
    await connector().read();
    expect(cost()).toEqual({
      "users/get-authenticated": 1,
      "orgs/get": 1, // the organization's numeric id, which binds a plan to the org, not its login
      "orgs/list-members": 3 + 1, // 250 members: 3 pages; the owners: 1
      "orgs/list-pending-invitations": 1,
      "orgs/list-failed-invitations": 1,
      "orgs/list-outside-collaborators": 1,
      "repos/list-for-org": 2, // 120 repositories, 100 a page, listed once for the read (its page cache)
      graphql: 3, // ⌈120 / 50⌉: the direct collaborators of 50 repositories a query
      "repos/list-invitations": 120,
      "repos/list-deploy-keys": 120, // options.deployKeys: true (the default)
      "teams/list": 1,
      "teams/list-members-in-org": 4,
      "teams/list-pending-invitations-in-org": 4,
      // options.idpTeams (default), personal tokens only: asked once for the org, which has no team
      // sync, so no team is asked (an org with team sync: 1 more per team)
      "/orgs/acme-robotics/team-sync/groups": 1,
    });
    expect(fake.requests).toHaveLength(264);
  });

  it("options.repositories: true adds one repository list per team; the repositories' collaborators come from the same queries", async () => {
    await connector({ repositories: true }).read();
    const by = cost();
    expect(by.graphql).toBe(3);
    expect(by["repos/list-invitations"]).toBe(120);
    expect(by["teams/list-repos-in-org"]).toBe(4);
  });
});
