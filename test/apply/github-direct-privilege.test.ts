// Privileged GitHub access given to a person directly, by hand, on entitlements the app policy does
// not manage. scopesync never touches those (docs/formats.md), but the read sees them and the
// target calls them privileged whatever the policy says: "Admin: Recommended for people who need
// full access to the project, including sensitive and destructive actions like managing security
// or deleting a repository" (docs.github.com/articles/repository-permission-levels-for-an-organization);
// "All-repository admin: Grants admin access to all repositories in the organization"
// (docs.github.com, organizations/…/permissions-of-predefined-organization-roles); a custom role
// whose base_role is admin gives admin on every repository (GET /orgs/{org}/organization-roles).
// bob, given all three during an on-call rota, moves to Sales: the plan must say he keeps them, on
// the move and on every plan after it, and `explain` must name them (rv57 #3).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

const held = (plan: Plan): string[] => plan.findings.filter((f) => f.rule === "privilege-held-unmanaged").map((f) => `${f.identity}: ${f.message}`);
const people = (bob: string): Person[] => [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "bob", department: bob },
];
const POLICY = {
  scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Sales"] } }] },
  accounts: { login: "userName" },
  entitlements: [
    { group: "platform", entitlement: "team:platform" },
    { group: "sales", entitlement: "team:sales" },
    { group: "owners", entitlement: "role:admin", privileged: true },
  ],
};

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  o.addMember("ada", "admin");
  o.addMember("bob");
  o.addTeam("platform");
  o.addTeam("sales");
  // The platform team holds admin on infra: what its members get through it is meant.
  o.addTeamRepo("platform", "infra", "admin");
  o.addRepo("terraform");
  o.addRepo("docs");
  for (const u of ["ada", "bob"]) o.addTeamMember("platform", u);
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra", "terraform", "docs"], orgRoles: true } },
    people: people("Platform"),
    groups: [{ id: "platform", departments: ["Platform"] }, { id: "sales", departments: ["Sales"] }, { id: "owners", privileged: true, members: ["ada"] }],
    policy: POLICY,
  });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github: privileged access held directly, which the policy does not manage, is said", () => {
  it("before anything is given by hand, nothing is said; ada's direct admin on infra is what team:platform gives her", async () => {
    fake.org.addCollaborator("infra", "ada", "admin");
    const { plan } = await repo.plan(env);
    expect(plan.changes).toEqual([]);
    expect(held(plan)).toEqual([]);
    expect((await repo.cli(["snapshot"], env)).code).toBe(0);
  });

  it("the mover's plan names what bob keeps, and only what is privileged", async () => {
    const o = fake.org;
    o.addOrgRole("all_repo_admin").users.add(o.user("bob")!.id);
    o.addOrgRole("release-admins", "admin").users.add(o.user("bob")!.id);
    o.addCollaborator("infra", "bob", "admin");
    o.addCollaborator("terraform", "bob", "maintain");
    o.addCollaborator("docs", "bob", "write"); // write is not privileged: not named
    repo.setPeople(people("Sales"));
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant bob team:sales", "revoke bob team:platform"]);
    expect(held(plan)).toEqual([
      "bob: bob moved (department Platform → Sales) and still holds org-role:all_repo_admin, org-role:release-admins, repo:infra:admin, repo:terraform:maintain directly, which github does not manage and no group in policies/apps/github.yaml:1 gives them; the target counts them privileged whatever the policy says",
    ]);
    // Never touched: the finding says so, the apply takes nothing.
    expect(o.repos.get("infra")!.collaborators.get(o.user("bob")!.id)).toBe("admin");
  });

  it("every later plan says it: not 'every target matches' alone, and explain names each entitlement", async () => {
    const { plan } = await repo.plan(env);
    expect(plan.changes).toEqual([]);
    expect(held(plan)).toHaveLength(1);
    const text = await repo.cli(["plan", "--live"], env);
    expect(text.stdout).toContain("No changes. Every target matches the desired state, but 1 identity keeps privileged access the policy does not manage (findings privilege-held-unmanaged).\n");
    const markdown = await repo.cli(["plan", "--live", "--format", "markdown"], env);
    expect(markdown.stdout).toContain("No changes: every target matches the desired state, but 1 identity keeps privileged access the policy does not manage (findings privilege-held-unmanaged).");
    expect((await repo.cli(["state", "pull"], env)).code).toBe(0);
    const explained = await repo.cli(["explain", "bob", "--app", "github"], env);
    expect(explained.code, explained.stderr).toBe(0);
    const lines = explained.stdout.split("\n");
    expect(lines).toContain("  decision: nothing: what the policy manages is as it should be, but the account keeps privileged access the policy does not manage (findings above)");
    for (const e of ["org-role:all_repo_admin", "org-role:release-admins", "repo:infra:admin", "repo:terraform:maintain"]) {
      expect(lines).toContain(`    ${e} (privileged): held, not managed by this app: scopesync never grants or revokes it (findings above, unless a group of the policy gives it)`);
    }
    expect(explained.stdout).not.toContain("repo:docs:write (privileged)");
  });

  it("mapped in the policy, the same access is managed: revoked from bob, and no longer a finding", async () => {
    repo.writeGroup({ id: "infra-admins", members: ["ada"] });
    repo.writePolicy({ ...POLICY, entitlements: [...POLICY.entitlements, { group: "infra-admins", entitlement: "repo:infra:admin" }] });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["revoke bob repo:infra:admin"]);
    expect(plan.changes[0]!.privileged).toBe(true);
    expect(held(plan)).toEqual([
      "bob: bob moved (department Platform → Sales) and still holds org-role:all_repo_admin, org-role:release-admins, repo:terraform:maintain directly, which github does not manage and no group in policies/apps/github.yaml:1 gives them; the target counts them privileged whatever the policy says",
    ]);
  });

  it("once the hand grants are taken away in GitHub, nothing is said", async () => {
    const o = fake.org;
    const bob = o.user("bob")!.id;
    for (const r of o.orgRoles.values()) r.users.delete(bob);
    o.repos.get("infra")!.collaborators.delete(bob);
    o.repos.get("terraform")!.collaborators.delete(bob);
    const { plan } = await repo.plan(env);
    expect(held(plan)).toEqual([]);
    const text = await repo.cli(["plan", "--live"], env);
    expect(text.stdout).toContain("No changes. Every target matches the desired state.\n");
  });
});
