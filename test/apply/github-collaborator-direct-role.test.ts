// A direct collaborator's role as the plan reads it is the role given on the repository itself,
// not GitHub's `role_name`, which "is the highest role assigned to the collaborator after
// considering all sources of grants, including: repo, teams, organization, and enterprise"
// (docs.github.com/en/rest/collaborators/collaborators#list-repository-collaborators; the fake
// answers so, and answers GraphQL's permissionSources: docs.github.com/en/graphql/reference/objects#permissionsource).
// bob and carol are direct `write` collaborators on infra and members of team platform, which holds
// admin on it; ada, an owner (admin everywhere), has a direct `read` on docs. carol has moved to
// Sales: no group gives her write now.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

const direct = (name: string): string[] => [...fake.org.repos.get(name)!.collaborators].map(([id, role]) => `${fake.org.userById(id).login}:${role}`).sort();

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  o.addMember("ada", "admin");
  o.addMember("bob");
  o.addMember("carol");
  o.addTeam("platform");
  for (const u of ["ada", "bob", "carol"]) o.addTeamMember("platform", u);
  o.addTeamRepo("platform", "infra", "admin");
  o.addCollaborator("infra", "bob", "write");
  o.addCollaborator("infra", "carol", "write");
  o.addCollaborator("docs", "ada", "read");
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra", "docs"] } },
    people: [
      { worker: "W0", login: "ada", department: "Platform" },
      { worker: "W1", login: "bob", department: "Platform" },
      { worker: "W2", login: "carol", department: "Sales" },
    ],
    groups: [
      { id: "platform", departments: ["Platform"] },
      { id: "infra-writers", departments: ["Platform"] },
      { id: "docs-readers", members: ["ada"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Sales"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "platform", entitlement: "team:platform" },
        { group: "infra-writers", entitlement: "repo:infra:write" },
        { group: "docs-readers", entitlement: "repo:docs:read" },
      ],
      groupGrants: { "team:platform": ["repo:infra:admin"] },
    },
  });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github: a direct collaborator's role is the direct grant, not the highest of all sources", () => {
  it("the fake's REST list answers the highest role, as GitHub documents", async () => {
    const res = await fetch(`${fake.url}/repos/${ORG}/infra/collaborators?affiliation=direct`, { headers: { authorization: `token ${fake.token}` } });
    const body = (await res.json()) as Array<{ login: string; role_name: string }>;
    expect(body.map((c) => `${c.login}:${c.role_name}`).sort()).toEqual(["bob:admin", "carol:admin"]);
  });

  it("revokes the mover's direct write under the team's admin, grants nothing already in place, and drift is 0 after apply", async () => {
    const plan = await planAndApply(repo, env);
    // ada's write is new; bob's direct write (under platform's admin) and ada's direct read on docs
    // (under an owner's admin) are in place and not granted again.
    expect(changeLines(plan)).toEqual(["grant ada repo:infra:write", "revoke carol repo:infra:write", "revoke carol team:platform"]);
    expect(direct("infra")).toEqual(["ada:write", "bob:write"]);
    expect(direct("docs")).toEqual(["ada:read"]);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});
