// Membership of a GitHub team that holds admin on a repository is admin on it: "Organization owners
// and team maintainers can give teams admin, read, or write access to organization repositories",
// and "Child teams inherit the parent's access permissions" (github/docs, content/organizations/
// organizing-members-into-teams/about-teams.md). So adding someone to such a team, or to one of its
// child teams, is as privileged as granting repo:infra:admin directly (rv34 finding 5): the plan
// marks it, says why, and a department birthright that gives it is refused. Read live from the
// GitHub fake through the real @octokit/rest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop, twoTeamRepo } from "./helpers/github-loop.js";
import type { PolicyRepo, Person } from "./helpers/policy-repo.js";
import type { Plan } from "../../src/plan/plan.js";

const ORG = "initech";
const people: Person[] = [
  { worker: "W1", login: "samir", department: "Platform" },
  { worker: "W2", login: "michael", department: "Platform" },
  { worker: "W3", login: "joanna", department: "Engineering" },
];

describe("github: a team that holds repository admin makes its membership privileged", () => {
  const token = fakeToken("app", "plan");
  let fake: GithubFake;
  let repo: PolicyRepo;

  beforeAll(async () => {
    fake = await startGithubFake({ org: ORG, self: "scopesync-bot", tokens: [token] });
    const o = fake.org;
    for (const login of ["samir", "michael", "joanna"]) o.addMember(login);
    o.addTeam("platform");
    o.addTeam("engineering");
    o.addTeam("platform-oncall", "platform-oncall", "platform"); // a child team: it has platform's access
    o.addTeamMember("platform", "samir");
    o.addRepo("infra");
    o.addRepo("docs");
    o.addTeamRepo("platform", "infra", "admin");
    o.addTeamRepo("engineering", "docs", "write");
    repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, repositories: ["infra", "docs"] });
    repo.writeGroup({ id: "oncall", members: ["joanna"] });
    repo.writePolicy({
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "platform", entitlement: "team:platform" },
        { group: "oncall", entitlement: "team:platform-oncall" },
      ],
      groupGrants: { "team:platform": ["repo:infra:admin"], "team:engineering": ["repo:docs:write"] },
    });
  }, 30_000);
  afterAll(() => closeGithubLoop(repo, fake));

  it("marks the memberships privileged, says what they confer, and refuses the birthright", async () => {
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "plan.json"], { GH_TOKEN: token.value });
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(repo.read("plan.json")) as Plan;
    const grants = plan.changes.filter((c) => c.action === "grant").map((c) => `${c.identity} ${c.entitlement} ${c.privileged} ${c.reason}`).sort();
    expect(grants).toEqual([
      // Write on docs is not privileged on GitHub: engineering stays an ordinary team.
      "joanna team:engineering false birthright member of engineering",
      "joanna team:platform-oncall true explicit member of oncall (test); confers repo:infra:admin",
      "michael team:platform true birthright member of platform; confers repo:infra:admin",
    ]);
    expect(plan.findings.filter((f) => f.rule === "privileged-birthright").map((f) => f.identity)).toEqual(["michael"]);
  });
});
