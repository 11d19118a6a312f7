// What one live read of a GitHub org costs in requests, by what the org holds: the figures
// docs/adopt.md ("What a live read costs on GitHub") and the target's readme give, counted on the
// OpenAPI-checked fake with the real connector and its default options (a personal token). Each
// repository costs its invitations list and its deploy-keys list (REST) and 1/50 of a GraphQL
// query (its direct collaborators, org-collaborators.ts); each team its member pages, its pending
// invitations and its team-sync mapping; every 100 members a page (rv89 LOW-1: the documented
// figure was measured on an org without repositories, which are most of a real org's cost).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  for (let i = 0; i < 250; i++) fake.org.addMember(`user${i}`, i < 3 ? "admin" : "member");
  for (let t = 0; t < 4; t++) {
    fake.org.addTeam(`team-${t}`);
    for (let k = 0; k < 10; k++) fake.org.addTeamMember(`team-${t}`, `user${t * 10 + k}`);
  }
  for (let r = 0; r < 120; r++) fake.org.addCollaborator(`repo-${r}`, `user${r}`, "write");
  fake.org.addCollaborator("repo-7", "vendor-a", "read");
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
  it("250 members, 4 teams, 120 repositories, an outside collaborator: 2 REST requests a repository, 3 a team, 1 a hundred members, 1 GraphQL query per 50 repositories", async () => {
    await connector().read();
    expect(cost()).toEqual({
      "users/get-authenticated": 1,
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
      "/orgs/acme-robotics/teams/{slug}/team-sync/group-mappings": 4, // options.idpTeams (default), personal tokens only
    });
    expect(fake.requests).toHaveLength(266);
  });

  it("options.repositories: true adds one repository list per team; the repositories' collaborators come from the same queries", async () => {
    await connector({ repositories: true }).read();
    const by = cost();
    expect(by.graphql).toBe(3);
    expect(by["repos/list-invitations"]).toBe(120);
    expect(by["teams/list-repos-in-org"]).toBe(4);
  });
});
