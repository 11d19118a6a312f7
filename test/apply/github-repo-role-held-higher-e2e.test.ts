// A grant never lowers a role the policy does not manage (rv95 H1): `engineering → repo:infra:read`
// for the infra lead who holds `admin` on infra given by hand (no mapping gives admin). GitHub holds
// one role per user per repository and PUT …/collaborators/{username} "can also be used to change
// the permissions of an existing collaborator" (REST, Add a repository collaborator), so a planned
// "grant repo:infra:read" demoted her admin to read, a revoke no reviewer saw. The plan leaves her
// admin (it already gives read) and says so; a lower role held by hand under a higher policy role
// is an ordinary upgrade.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const roles = (name: string): string[] => [...fake.org.repos.get(name)!.collaborators].map(([id, role]) => `${fake.org.userById(id).login}:${role}`).sort();

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const login of ["ana", "cy"]) fake.org.addMember(login);
  fake.org.addRepo("infra");
  fake.org.addRepo("docs");
  fake.org.addCollaborator("infra", "ana", "admin"); // the repository's admin, given by hand
  fake.org.addCollaborator("docs", "cy", "read"); // a lower role given by hand
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra", "docs"] } },
    people: [
      { worker: "E1", login: "ana", department: "Engineering", title: "Infra lead" },
      { worker: "E3", login: "cy", department: "Engineering" },
    ],
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "repo:infra:read" },
        { group: "engineering", entitlement: "repo:docs:write" },
      ],
    },
  });
});
afterAll(() => closeGithubLoop(repo, fake));

it("does not grant a lower role over a higher one held by hand, and says who holds what", async () => {
  const plan = await planAndApply(repo, env);
  // cy's read on docs, held by hand, is raised to the policy's write; ana's admin on infra is left.
  expect(changeLines(plan)).toEqual(["grant ana repo:docs:write", "grant cy repo:docs:write", "grant cy repo:infra:read"]);
  const held = plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged");
  expect(held).toEqual([expect.objectContaining({ severity: "warning", identity: "ana", location: expect.stringMatching(/^policies\/apps\/github\.yaml:\d+$/) })]);
  expect(held[0]!.message).toMatch(/^ana holds repo:infra:admin, which outranks repo:infra:read that engineering gives \(policies\/apps\/github\.yaml:\d+\); github does not manage repo:infra:admin, and target "github" holds one role per account there, so the grant would lower it: it is not granted, and the role held already gives at least the policy's access$/);
  expect(held[0]!.remediation).toMatch(/^nothing, if ana is meant to keep repo:infra:admin; otherwise take it away in the app/);
  expect(roles("infra")).toEqual(["ana:admin", "cy:read"]);
  expect(roles("docs")).toEqual(["ana:write", "cy:write"]);
  expect(await driftLines(repo, env)).toEqual([]);
});

it("a second plan changes nothing and still says it; once the admin is taken away, read is granted", async () => {
  const plan = await planAndApply(repo, env);
  expect(changeLines(plan)).toEqual([]);
  expect(plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged").map((f) => f.identity)).toEqual(["ana"]);
  expect(roles("infra")).toEqual(["ana:admin", "cy:read"]);
  const explained = await repo.cli(["explain", "ana", "--live"], env);
  expect(explained.stdout).toMatch(/decision: nothing: .*\(a role the policy gives is met by a higher one held by hand, not lowered: finding role-held-higher-unmanaged\)/);
  // Once the admin given by hand is taken away, the policy's role is granted.
  fake.org.repos.get("infra")!.collaborators.delete(fake.org.user("ana")!.id);
  const after = await planAndApply(repo, env);
  expect(changeLines(after)).toEqual(["grant ana repo:infra:read"]);
  expect(after.findings.filter((f) => f.rule === "role-held-higher-unmanaged")).toEqual([]);
  expect(roles("infra")).toEqual(["ana:read", "cy:read"]);
});

// A custom repository role given by hand (GitHub's custom roles inherit a base role, read to
// maintain, and add permissions to it): a built-in grant's PUT replaces it, taking what it adds.
// The plan does not read the base, so it grants no built-in role over an unmanaged custom one;
// apply refuses such a grant too (a reviewed grant made before the custom role was given).
it("does not replace a custom role held by hand with a built-in grant; apply does not make a reviewed one", async () => {
  const people = [
    { worker: "E1", login: "ana", department: "Engineering", title: "Infra lead" },
    { worker: "E3", login: "cy", department: "Engineering" },
    { worker: "E4", login: "dee", department: "Engineering" },
    { worker: "E5", login: "eli", department: "Engineering" },
  ];
  for (const login of ["dee", "eli"]) fake.org.addMember(login);
  fake.org.addCustomRoleCollaborator("docs", "dee", "Security-Reviewer", "maintain");
  repo.setPeople(people);
  const { plan } = await repo.plan(env);
  // eli is granted both; dee only infra: docs:write would replace her custom role.
  expect(changeLines(plan)).toEqual(["grant dee repo:infra:read", "grant eli repo:docs:write", "grant eli repo:infra:read"]);
  const held = plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged" && f.identity === "dee");
  expect(held).toHaveLength(1);
  expect(held[0]!.message).toMatch(/^dee holds repo:docs:Security-Reviewer, a custom role that repo:docs:write that engineering gives \(policies\/apps\/github\.yaml:\d+\) would replace; github does not manage repo:docs:Security-Reviewer, and target "github" holds one role per account there, so the grant would replace it, and with it what the custom role adds to its base role/);
  // Reviewed before eli was given a custom role by hand: apply's re-plan does not make the grant that would replace it.
  fake.org.addCustomRoleCollaborator("docs", "eli", "Security-Reviewer", "triage");
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toMatch(/reviewed change not made: github grant eli repo:docs:write: .*its findings about eli: role-held-higher-unmanaged/);
  expect(fake.org.repos.get("docs")!.customRoles).toEqual(new Map([[fake.org.user("dee")!.id, "Security-Reviewer"], [fake.org.user("eli")!.id, "Security-Reviewer"]]));
  expect(roles("infra")).toEqual(["ana:read", "cy:read", "dee:read", "eli:read"]);
});

// A custom role the policy gives replaces a role held by hand just the same (rv98 M1): cy's
// `maintain` on docs given by hand, under `engineering → repo:docs:Release-Manager`. GitHub's PUT
// …/collaborators/{username} takes a custom repository role's name as its `permission` and sets it
// in place; the custom role's base (read to maintain) is not read and may give less. So no custom
// role is granted over a role held by hand that no mapping gives, built-in or custom (dee's
// Security-Reviewer); apply's own refusal is test/targets/github-repos.test.ts. This org is on
// api.github.com without Enterprise Cloud: the list of custom roles answers 404, and the warning
// says the base could not be read (with the list: test/apply/github-custom-role-bases-e2e.test.ts).
it("does not grant a custom role over a role held by hand, built-in or custom, and says who holds what", async () => {
  fake.org.addCollaborator("docs", "cy", "maintain"); // raised by hand
  fake.org.addMember("fay");
  repo.setPeople([...["ana", "cy", "dee", "eli"].map((login, i) => ({ worker: `E${i + 1}`, login, department: "Engineering" })), { worker: "E6", login: "fay", department: "Engineering" }]);
  repo.writePolicy({
    scope: { include: [{ kinds: ["person"], where: { department: ["Engineering"] } }] },
    accounts: { login: "userName" },
    entitlements: [{ group: "engineering", entitlement: "repo:docs:Release-Manager" }],
  });
  const { plan } = await repo.plan(env);
  // fay holds nothing on docs: granted. ana's write (no longer mapped), cy's maintain and dee's and eli's custom role are left.
  expect(changeLines(plan)).toEqual(["grant fay repo:docs:Release-Manager"]);
  const held = plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged" && f.message.includes("Release-Manager"));
  expect(held.map((f) => f.identity)).toEqual(["ana", "cy", "dee", "eli"]);
  expect(held[1]!.message).toMatch(/^cy holds repo:docs:maintain, which the custom role repo:docs:Release-Manager that engineering gives \(policies\/apps\/github\.yaml:\d+\) would replace; github does not manage repo:docs:maintain, and target "github" holds one role per account there, so the grant would replace it with the custom role, whose base role the read does not know and may give less: it is not granted \(its base role could not be read: GET \/orgs\/acme-robotics\/custom-repository-roles answered 404 Not Found: custom repository roles need GitHub Enterprise Cloud, or Enterprise Server 3\.5 or later\)$/);
  expect(held[1]!.remediation).toMatch(/^nothing, if cy is meant to keep repo:docs:maintain; otherwise take it away in the app/);
  expect(held[2]!.message).toMatch(/^dee holds repo:docs:Security-Reviewer, a custom role that repo:docs:Release-Manager that engineering gives \(policies\/apps\/github\.yaml:\d+\) would replace;/);
  // explain words each case: a custom role on either side is replaced, not met by a higher one.
  const cyExplained = await repo.cli(["explain", "cy", "--live"], env);
  expect(cyExplained.stdout).toMatch(/decision: nothing: .*\(a custom role the policy gives would replace a role held by hand, not granted: finding role-held-higher-unmanaged\)/);
  const deeExplained = await repo.cli(["explain", "dee", "--live"], env);
  expect(deeExplained.stdout).toMatch(/decision: nothing: .*\(a role the policy gives would replace a custom role held by hand, not granted: finding role-held-higher-unmanaged\)/);
  expect(`${cyExplained.stdout}${deeExplained.stdout}`).not.toContain("met by a higher one");
});

// A custom role granted to someone who holds nothing on the repository: GitHub's PUT
// …/collaborators/{username} takes "the name of an existing custom repository role" as its
// `permission` (REST, Add a repository collaborator), so fay's reviewed grant is made and the next
// read finds the custom role (GraphQL permissionSources' roleName), with nothing left to do.
it("applies a reviewed grant of a custom role to someone who holds nothing there, and reads it back", async () => {
  fake.org.addCustomRepoRole("Release-Manager", "write"); // defined by the org's owners
  const plan = await planAndApply(repo, env);
  expect(changeLines(plan)).toEqual(["grant fay repo:docs:Release-Manager"]);
  const docs = fake.org.repos.get("docs")!;
  expect(docs.customRoles?.get(fake.org.user("fay")!.id)).toBe("Release-Manager");
  expect(docs.collaborators.get(fake.org.user("fay")!.id)).toBe("write");
  const again = await repo.plan(env);
  expect(changeLines(again.plan)).toEqual([]);
  expect(await driftLines(repo, env)).toEqual([]);
  const explained = await repo.cli(["explain", "fay", "--live"], env);
  expect(explained.stdout).toContain("repo:docs:Release-Manager");
});
