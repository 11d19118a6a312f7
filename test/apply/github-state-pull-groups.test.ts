// `state pull` keeps what makes a team's membership privileged besides its own repository access:
// its parent (GitHub: "Child teams inherit the parent's access permissions",
// docs.github.com/en/organizations/organizing-members-into-teams/about-teams#nested-teams) and its
// organization roles ("you can assign organization roles to teams", docs.github.com/en/
// organizations/managing-peoples-access-to-your-organization-with-roles/using-organization-roles).
// An offline plan from the pulled state marks the memberships privileged as the live plan does.
// Read from the GitHub fake through the real @octokit/rest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { PolicyRepo } from "./helpers/policy-repo.js";

const ORG = "acme-robotics";
// options.orgRoles needs "Custom organization roles: read" (src/targets/github/permissions.ts).
const token = fakeToken("app", "plan");
token.permissions = { ...token.permissions, organization_custom_org_roles: "read" };
let fake: GithubFake;
let repo: PolicyRepo;

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", tokens: [token] });
  const o = fake.org;
  for (const login of ["ada", "bob"]) o.addMember(login);
  o.addTeam("platform");
  o.addTeam("platform-oncall", "platform-oncall", "platform"); // holds nothing itself: platform's admin is its members'
  o.addTeamRepo("platform", "infra", "admin");
  o.addTeam("release");
  o.addOrgRole("all_repo_admin").teams.add("release"); // admin on every repository for each member
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, orgRoles: true, repositories: ["infra"] } },
    people: [
      { worker: "W1", login: "ada", department: "Platform" },
      { worker: "W2", login: "bob", department: "Platform" },
    ],
    groups: [
      { id: "oncall", members: ["ada"] },
      { id: "release", members: ["bob"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "oncall", entitlement: "team:platform-oncall" },
        { group: "release", entitlement: "team:release" },
      ],
    },
  });
}, 30_000);

afterAll(() => closeGithubLoop(repo, fake));

const grants = (plan: Plan): string[] => plan.changes.map((c) => `${c.action} ${c.identity} ${c.entitlement} ${c.privileged} ${c.reason}`).sort();
const expected = [
  "grant ada team:platform-oncall true explicit member of oncall (test); confers repo:infra:admin",
  "grant bob team:release true explicit member of release (test); confers org-role:all_repo_admin",
];

describe("github: state pull keeps the groups' parents and roles", () => {
  it("writes groups[].parent and groups[].roles, and an offline plan from it marks the memberships privileged as the live plan does", async () => {
    const env = { GH_TOKEN: token.value };
    const live = await repo.cli(["plan", "--live", "--format", "json", "--out", "live.json"], env);
    expect(live.code, live.stderr).toBe(0);
    expect(grants(JSON.parse(repo.read("live.json")) as Plan)).toEqual(expected);

    const pulled = await repo.cli(["state", "pull"], env);
    expect(pulled.code, pulled.stderr).toBe(0);
    const state = JSON.parse(repo.read("state/github.json")) as { groups: Array<{ entitlement: string; parent?: string; roles?: string[] }> };
    expect(state.groups.find((g) => g.entitlement === "team:platform-oncall")?.parent).toBe("team:platform");
    expect(state.groups.find((g) => g.entitlement === "team:release")?.roles).toEqual(["org-role:all_repo_admin"]);

    const offline = await repo.cli(["plan", "--format", "json", "--out", "offline.json"], {});
    expect(offline.code, offline.stderr).toBe(0);
    expect(grants(JSON.parse(repo.read("offline.json")) as Plan)).toEqual(expected);
  });
});
