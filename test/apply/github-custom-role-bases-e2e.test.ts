// A custom repository role's base role, where GitHub names it: GET /orgs/{org}/custom-repository-roles
// (GitHub Enterprise Cloud's description: `base_role` "The system role from which this role
// inherits permissions", read to maintain). With it the plan judges a grant that would replace a
// role held by hand by the base: a `write` grant over a custom role based on `read` is a raise
// (planned, and explain says what it replaces), one over a custom role based on `write` is kept
// back (the grant would take what the role adds). A custom role the policy names in another case
// than the org's is refused at plan time (GitHub takes the name only as spelt). The org without the
// list (api.github.com without Enterprise Cloud: 404) is test/apply/github-repo-role-held-higher-e2e.test.ts.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, planAndApply, repoRolesTarget } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const person = (worker: string, login: string, department: string) => ({ worker, login, department });
const people = [person("E1", "ana", "Platform"), person("E2", "gus", "Platform"), person("E3", "cy", "Engineering"), person("E4", "dee", "Engineering"), person("E5", "hal", "Platform")];
const policy = (docs: string) => ({
  scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
  accounts: { login: "userName" },
  entitlements: [
    { group: "engineering", entitlement: `repo:docs:${docs}` },
    { group: "platform", entitlement: "repo:infra:Release-Manager" },
  ],
});
const heldHigher = (plan: { findings: Array<{ rule: string; identity?: string; message: string }> }, who: string) => plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged" && f.identity === who);

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot", ghec: true });
  for (const p of people) fake.org.addMember(p.login);
  fake.org.addRepo("infra");
  fake.org.addRepo("docs");
  fake.org.addCustomRepoRole("Release-Manager", "maintain");
  fake.org.addCollaborator("infra", "ana", "admin"); // higher than Release-Manager's base, by hand
  fake.org.addCollaborator("infra", "gus", "write"); // lower than Release-Manager's base, by hand
  fake.org.addCustomRoleCollaborator("docs", "cy", "Docs-Triager", "read");
  fake.org.addCustomRoleCollaborator("docs", "dee", "Security-Reviewer", "write");
  fake.org.addCustomRoleCollaborator("docs", "hal", "Security-Reviewer", "write");
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: repoRolesTarget(fake, ["infra", "docs"]),
    people,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "platform", departments: ["Platform"] },
    ],
    policy: policy("write"),
  });
});
afterAll(() => closeGithubLoop(repo, fake));

it("judges a grant over a role held by hand by the custom role's base role, reading the list once", async () => {
  const before = fake.count("orgs/list-custom-repo-roles");
  const { plan } = await repo.plan(env);
  expect(fake.count("orgs/list-custom-repo-roles")).toBe(before + 1);
  // cy's Docs-Triager (based on read) is raised to write; gus's write to Release-Manager (based on maintain).
  expect(changeLines(plan)).toEqual(["grant cy repo:docs:write", "grant gus repo:infra:Release-Manager", "grant hal repo:infra:Release-Manager"]);
  // dee's Security-Reviewer is based on write: the write grant would take what it adds.
  const dee = heldHigher(plan, "dee");
  expect(dee).toHaveLength(1);
  expect(dee[0]!.message).toMatch(/^dee holds repo:docs:Security-Reviewer \(a custom role based on write\), which by its base role outranks or matches repo:docs:write that engineering gives \(policies\/apps\/github\.yaml:\d+\); github does not manage repo:docs:Security-Reviewer, and target "github" holds one role per account there, so the grant would lower it, or take what the custom role adds to its base role: it is not granted/);
  // ana's admin outranks Release-Manager's base.
  expect(heldHigher(plan, "ana")[0]!.message).toMatch(/^ana holds repo:infra:admin, which by its base role outranks or matches repo:infra:Release-Manager \(a custom role based on maintain\) that platform gives/);
  expect(plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged").map((f) => f.identity)).toEqual(["ana", "dee"]);
  expect(JSON.stringify(plan.findings)).not.toContain("could not be read");
  const cy = await repo.cli(["explain", "cy", "--live"], env);
  expect(cy.stdout).toMatch(/decision: bring the account in line: entitlements \(repo:docs:write replaces repo:docs:Docs-Triager held by hand, a custom role based on read, which it outranks: GitHub holds one role per repository\)/);
  const dee2 = await repo.cli(["explain", "dee", "--live"], env);
  expect(dee2.stdout).toMatch(/decision: nothing: .*\(a role the policy gives is met by a role held by hand as high by its base role, not replaced: finding role-held-higher-unmanaged\)/);
});

it("applies those grants: apply judges by the same base roles", async () => {
  const plan = await planAndApply(repo, env);
  expect(changeLines(plan)).toEqual(["grant cy repo:docs:write", "grant gus repo:infra:Release-Manager", "grant hal repo:infra:Release-Manager"]);
  const docs = fake.org.repos.get("docs")!;
  expect(docs.collaborators.get(fake.org.user("cy")!.id)).toBe("write");
  expect(docs.customRoles?.has(fake.org.user("cy")!.id)).toBe(false);
  expect(fake.org.repos.get("infra")!.customRoles?.get(fake.org.user("gus")!.id)).toBe("Release-Manager");
  expect(docs.customRoles?.get(fake.org.user("dee")!.id)).toBe("Security-Reviewer");
});

// explain said a grant kept back only where the decision was "nothing": a mover whose new role is
// kept back beside a revoke read "bring the account in line: entitlements" and no more.
it("says the grant kept back for a mover whose other entitlements change", async () => {
  repo.setPeople(people.map((p) => (p.login === "hal" ? { ...p, department: "Engineering" } : p)));
  const { plan } = await repo.plan(env);
  expect(changeLines(plan)).toEqual(["revoke hal repo:infra:Release-Manager"]);
  expect(heldHigher(plan, "hal")).toHaveLength(1);
  const hal = await repo.cli(["explain", "hal", "--live"], env);
  expect(hal.stdout).toMatch(/decision: bring the account in line: entitlements \(a role the policy gives is met by a role held by hand as high by its base role, not replaced: finding role-held-higher-unmanaged\)/);
  repo.setPeople(people);
});

it("refuses a custom role the policy spells in another case than the org, naming the org's spelling", async () => {
  fake.org.addCustomRepoRole("Docs-Writer", "write");
  fake.org.addMember("ivy");
  repo.setPeople([...people, person("E6", "ivy", "Engineering")]);
  repo.writePolicy(policy("docs-writer"));
  const { plan } = await repo.plan(env);
  expect(changeLines(plan).filter((l) => l.includes("docs"))).toEqual([]);
  const refused = plan.findings.filter((f) => f.rule === "entitlement-not-in-target");
  expect(refused).toHaveLength(1);
  expect(refused[0]!.message).toMatch(/^github maps group engineering to repo:docs:docs-writer, which target "github" does not have: the org spells it Docs-Writer, and GitHub takes a custom role's name only as spelt; no grant or revoke of it is planned/);
  expect(refused[0]!.remediation).toBe(`write repo:docs:Docs-Writer in ${refused[0]!.location}`);
  expect(refused[0]!.location).toMatch(/^policies\/apps\/github\.yaml:\d+:\d+$/);
  // As the org spells it, it is granted.
  repo.writePolicy(policy("Docs-Writer"));
  const fixed = await repo.plan(env);
  expect(changeLines(fixed.plan)).toContain("grant ivy repo:docs:Docs-Writer");
  expect(fixed.plan.findings.filter((f) => f.rule === "entitlement-not-in-target")).toEqual([]);
});
