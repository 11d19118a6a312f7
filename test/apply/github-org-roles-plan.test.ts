// GitHub organization roles in a plan (rv35 finding 3). The connector documents, reads and applies
// `org-role:<name>`; the app policy must accept it (its kind has a hyphen), so a mover's role is
// revoked. GitHub's predefined roles "All-repository admin/maintain", "Security manager" and
// "CI/CD admin" give admin or maintain on every repository, or run its security or CI/CD
// (docs.github.com/en/organizations/managing-peoples-access-to-your-organization-with-roles/
// permissions-of-predefined-organization-roles); GET /orgs/{org}/organization-roles names them
// all_repo_admin, all_repo_maintain, security_manager, ci_cd_admin. They are privileged, and so is
// joining a team they are assigned to ("you can assign organization roles to teams", GET
// /orgs/{org}/organization-roles/{role_id}/teams; a child team holds its parent's: `indirect`).
// Read live from the GitHub fake through the real @octokit/rest.
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

describe("github organization roles: planned, privileged when predefined-admin, and conferred by teams", () => {
  // options.orgRoles needs "Custom organization roles: read" (src/targets/github/permissions.ts), which the plain plan token lacks.
  const token = fakeToken("app", "plan");
  token.permissions = { ...token.permissions, organization_custom_org_roles: "read" };
  let fake: GithubFake;
  let repo: PolicyRepo | undefined;

  beforeAll(async () => {
    fake = await startGithubFake({ org: ORG, self: "scopesync-bot", tokens: [token] });
    const o = fake.org;
    for (const login of ["samir", "michael", "joanna"]) o.addMember(login);
    o.addTeam("platform");
    o.addTeam("engineering");
    o.addTeam("platform-oncall", "platform-oncall", "platform"); // a child team: it holds platform's roles too
    o.addTeamMember("platform", "samir");
    o.addRepo("infra");
    // A custom role: Samir holds it as a platform member; Joanna moved to Engineering and kept it.
    const reviewers = o.addOrgRole("security-reviewers");
    for (const login of ["samir", "joanna"]) reviewers.users.add(o.user(login)!.id);
    // A predefined role assigned to a team: every member of platform is admin on every repository.
    o.addOrgRole("all_repo_admin").teams.add("platform");
    o.addOrgRole("security_manager");
  }, 30_000);
  afterAll(() => closeGithubLoop(repo, fake));

  it("revokes a mover's org role, and marks predefined admin roles and the teams holding them privileged", async () => {
    repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, orgRoles: true, repositories: ["infra"] });
    repo.writeGroup({ id: "oncall", members: ["joanna"] });
    repo.writePolicy({
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "platform", entitlement: "team:platform" },
        { group: "platform", entitlement: "org-role:security-reviewers" },
        { group: "oncall", entitlement: "team:platform-oncall" },
        { group: "oncall", entitlement: "org-role:security_manager" },
      ],
    });
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "plan.json"], { GH_TOKEN: token.value });
    // 3: michael's birthright membership of platform is privileged (privileged-birthright).
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(repo.read("plan.json")) as Plan;
    const changes = plan.changes.map((c) => `${c.action} ${c.identity} ${c.entitlement} ${c.privileged} ${c.reason}`).sort();
    expect(changes).toEqual([
      "grant joanna org-role:security_manager true explicit member of oncall (test)",
      "grant joanna team:engineering false birthright member of engineering",
      "grant joanna team:platform-oncall true explicit member of oncall (test); confers org-role:all_repo_admin",
      "grant michael org-role:security-reviewers false birthright member of platform",
      "grant michael team:platform true birthright member of platform; confers org-role:all_repo_admin",
      expect.stringMatching(/^revoke joanna org-role:security-reviewers false /),
    ]);
    expect(plan.findings.filter((f) => f.rule === "privileged-birthright").map((f) => f.identity)).toEqual(["michael"]);
    expect(plan.findings.map((f) => f.rule)).not.toContain("github-team-org-roles-not-read");
  });

  it("says so when the teams' org roles were not read (options.repositories none)", async () => {
    repo?.cleanup();
    repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, orgRoles: true });
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "plan.json"], { GH_TOKEN: token.value });
    expect(result.code, result.stderr).not.toBe(1);
    const plan = JSON.parse(repo.read("plan.json")) as Plan;
    const finding = plan.findings.find((f) => f.rule === "github-team-org-roles-not-read");
    expect(finding?.message).toContain("organization roles of initech's teams were not read");
    expect(finding?.remediation).toContain("targets.github.options.repositories");
  });

  // A custom role can be built on a base repository role: GET /orgs/{org}/organization-roles
  // names it `base_role` ("The system role from which this role inherits permissions": read,
  // triage, write, maintain or admin; docs.github.com/en/rest/orgs/organization-roles). One built
  // on admin or maintain gives that on every repository, as All-repository admin does, whatever it
  // is called: privileged like the predefined ones, given directly or through a team, and kept so
  // in a saved state (state pull, then an offline plan).
  it("a custom role whose base_role is admin or maintain is privileged, directly and through a team; one built on write is not", async () => {
    const o = fake.org;
    o.addOrgRole("release-admins", "admin").teams.add("engineering");
    o.addOrgRole("repo-keepers", "maintain");
    o.addOrgRole("contributors", "write");
    repo?.cleanup();
    repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, orgRoles: true, repositories: ["infra"] });
    repo.writePolicy({
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "platform", entitlement: "org-role:repo-keepers" },
        { group: "platform", entitlement: "org-role:contributors" },
      ],
    });
    const env = { GH_TOKEN: token.value };
    const lines = (plan: Plan): string[] => plan.changes.filter((c) => c.action === "grant").map((c) => `${c.identity} ${c.entitlement} ${c.privileged} ${c.reason}`).sort();
    const expected = [
      "joanna team:engineering true birthright member of engineering; confers org-role:release-admins",
      "michael org-role:contributors false birthright member of platform",
      "michael org-role:repo-keepers true birthright member of platform",
      "samir org-role:contributors false birthright member of platform",
      "samir org-role:repo-keepers true birthright member of platform",
    ];
    const live = await repo.cli(["plan", "--live", "--format", "json", "--out", "plan.json"], env);
    expect(live.code, live.stderr).toBe(3); // privileged birthrights
    const plan = JSON.parse(repo.read("plan.json")) as Plan;
    expect(lines(plan)).toEqual(expected);

    // The same from a saved state: state pull keeps which roles are privileged.
    const pulled = await repo.cli(["state", "pull"], env);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect((JSON.parse(repo.read("state/github.json")) as { privileged?: string[] }).privileged).toEqual(["org-role:release-admins", "org-role:repo-keepers"]);
  });
});
