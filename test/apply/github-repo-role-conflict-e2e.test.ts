// Two mappings that give one person two roles on one repository (rv93 finding B): `engineering →
// repo:infra:read` and `platform → repo:infra:admin` for a Platform engineer in both. GitHub holds
// one role per user per repository (PUT …/collaborators/{username} "can also be used to change the
// permissions of an existing collaborator"), so a plan granting both left whichever apply ran last
// (the Head of Platform's admin became read) and the next plan granted the other again. The plan
// keeps the highest built-in role, says which mapping lost, and stays put across rounds.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = [
  { worker: "E1", login: "ana", department: "Platform", title: "Head of Platform" },
  { worker: "E2", login: "bo", department: "Platform" },
  { worker: "E3", login: "cy", department: "Engineering" },
];
const mappings = (platformRole: string): Record<string, unknown> => ({
  scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Engineering"] } }] },
  accounts: { login: "userName" },
  entitlements: [
    { group: "engineering", entitlement: "repo:infra:read" },
    { group: "platform", entitlement: `repo:infra:${platformRole}` },
  ],
});

const infra = (): string[] => [...fake.org.repos.get("infra")!.collaborators].map(([id, role]) => `${fake.org.userById(id).login}:${role}`).sort();

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  for (const login of ["ana", "bo", "cy"]) o.addMember(login);
  o.addRepo("infra");
  o.addCollaborator("infra", "ana", "admin");
  o.addCollaborator("infra", "cy", "read");
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra"] } },
    people,
    groups: [
      // Explicit: a birthright admin would need allowPrivilegedBirthright (privileged-birthright).
      { id: "platform", members: ["ana", "bo"] },
      { id: "engineering", departments: ["Engineering", "Platform"] },
    ],
    policy: mappings("admin"),
  });
});

describe("two roles of one repository from two mappings", () => {
  afterAll(() => closeGithubLoop(repo, fake));

  it("grants the highest role only, says which mapping lost, and never downgrades the holder", async () => {
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant bo repo:infra:admin"]);
    const grant = plan.changes[0]!;
    expect(grant.reason).toMatch(/^explicit member of platform \(test\); outranks repo:infra:read \(engineering, policies\/apps\/github\.yaml:\d+\): the target holds one role of repo:infra per account, the highest is kept$/);
    const resolved = plan.findings.filter((f) => f.rule === "role-conflict-resolved");
    expect(resolved).toEqual([expect.objectContaining({ severity: "warning", location: expect.stringMatching(/^policies\/apps\/github\.yaml:\d+$/) })]);
    expect(resolved[0]!.message).toMatch(/^2 identities are in both platform and engineering \(ana, bo\), which give two roles of repo:infra in github: repo:infra:admin \(policies\/apps\/github\.yaml:\d+\) and repo:infra:read \(policies\/apps\/github\.yaml:\d+\); .*engineering's repo:infra:read is not granted to them \(from whoever holds it, it is revoked as a role change in place\)$/);
    expect(infra()).toEqual(["ana:admin", "bo:admin", "cy:read"]);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("a second plan and apply changes nothing: no flip-flop", async () => {
    const before = fake.requests.length;
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual([]);
    expect(fake.requests.slice(before).filter((r) => r.method !== "GET" && r.path !== "/graphql")).toEqual([]);
    expect(infra()).toEqual(["ana:admin", "bo:admin", "cy:read"]);
  });

  it("explain names the mapping that lost", async () => {
    const out = await repo.cli(["explain", "bo", "--live"], env);
    expect(out.stderr).toBe("");
    expect(out.stdout).toMatch(/repo:infra:read: not held, not justified: engineering \(birthright, identities\/groups\/engineering\.yaml:\d+\) maps it, but repo:infra:admin, which platform maps, outranks it/);
  });

  it("a holder of the lower role who joins the higher group: a role change in place, the revoke saying what outranked it", async () => {
    repo.writeGroup({ id: "platform", members: ["ana", "bo", "cy"] });
    const before = fake.requests.length;
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant cy repo:infra:admin", "revoke cy repo:infra:read"]);
    const revoke = plan.changes.find((c) => c.action === "revoke")!;
    expect(revoke.replacedBy).toBe("repo:infra:admin");
    expect(revoke.reason).toMatch(/^repo:infra:read is outranked by repo:infra:admin \(platform, policies\/apps\/github\.yaml:\d+\)/);
    const writes = fake.requests.slice(before).filter((r) => r.method !== "GET" && r.path !== "/graphql").map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([`PUT /repos/${ORG}/infra/collaborators/cy`]);
    expect(infra()).toEqual(["ana:admin", "bo:admin", "cy:admin"]);
    expect(changeLines((await planAndApply(repo, env)))).toEqual([]);
  });

  it("a reviewed grant of the lower role that a merged change has since outranked is not made, and apply says what outranked it", async () => {
    people.push({ worker: "E4", login: "di", department: "Engineering" });
    repo.setPeople(people);
    fake.org.addMember("di");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant di repo:infra:read"]);
    // Merged after the review: di joins platform too.
    repo.writeGroup({ id: "platform", members: ["ana", "bo", "cy", "di"] });
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stdout).toMatch(/reviewed change not made: github grant di repo:infra:read: .*: repo:infra:admin, which platform gives di in app github, outranks repo:infra:read \(one role per account there\)/);
    expect(infra()).toEqual(["ana:admin", "bo:admin", "cy:admin"]);
  });

  it("a custom role and a built-in one have no order: blocked (role-conflict), and neither is granted or taken away", async () => {
    repo.writeGroup({ id: "platform", members: ["bo"] });
    repo.writePolicy(mappings("security-reviewer"));
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "blocked.json"], env);
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(repo.read("blocked.json")) as Plan;
    expect(plan.changes.filter((c) => c.identity === "bo")).toEqual([]);
    const conflict = plan.findings.filter((f) => f.rule === "role-conflict");
    expect(conflict).toEqual([expect.objectContaining({ severity: "error", identity: "bo", location: expect.stringMatching(/^policies\/apps\/github\.yaml:\d+$/) })]);
    expect(conflict[0]!.message).toMatch(/^bo is in groups that give two roles of repo:infra in github: repo:infra:read \(engineering, policies\/apps\/github\.yaml:\d+\) and repo:infra:security-reviewer \(platform, policies\/apps\/github\.yaml:\d+\);/);
    // api.github.com lists no custom repository roles (Enterprise Cloud's): no base to rank it by, and the finding says so.
    expect(conflict[0]!.message).toContain("have no order (a custom role, whose base role could not be read: GET /orgs/acme-robotics/custom-repository-roles answered 404");
    expect(plan.blockedReasons).toEqual([expect.stringMatching(/^role-conflict \(bo\): /)]);
  });
});

describe("two roles of one repository in one team's groupGrants", () => {
  let teamFake: GithubFake;
  let teams: PolicyRepo;
  const platform = (): string[] => [...teamFake.org.teams.get("platform")!.repos].map(([r, role]) => `${r}:${role}`).sort();
  const grants = (list: string[]): Record<string, unknown> => ({
    scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
    accounts: { login: "userName" },
    entitlements: [{ group: "platform", entitlement: "team:platform" }],
    groupGrants: { "team:platform": list },
  });

  beforeAll(async () => {
    teamFake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
    teamFake.org.addMember("ana");
    teamFake.org.addTeam("platform");
    teamFake.org.addTeamMember("platform", "ana");
    teamFake.org.addRepo("infra");
    teamFake.org.addTeamRepo("platform", "infra", "read");
    teams = twoTeamRepo(teamFake, ORG, [{ worker: "E1", login: "ana", department: "Platform" }], { patGrants: false, deployKeys: false, repositories: ["infra"] }, grants(["repo:infra:admin", "repo:infra:read"]));
  });

  afterAll(() => closeGithubLoop(teams, teamFake));

  it("keeps the highest role, as a role change in place, and stays put on the next round", async () => {
    const tenv = { GH_TOKEN: teamFake.token };
    const plan = await planAndApply(teams, tenv);
    expect(changeLines(plan)).toEqual(["grant team:platform repo:infra:admin", "revoke team:platform repo:infra:read"]);
    expect(plan.changes.find((c) => c.action === "revoke")).toMatchObject({ replacedBy: "repo:infra:admin", reason: expect.stringContaining("gives it with repo:infra:admin, the higher role") });
    expect(plan.findings.filter((f) => f.rule === "role-conflict-resolved").map((f) => f.message)).toEqual([expect.stringMatching(/^groupGrants gives team:platform two roles of repo:infra in github: repo:infra:admin \(policies\/apps\/github\.yaml:\d+\) and repo:infra:read \(policies\/apps\/github\.yaml:\d+\);/)]);
    expect(platform()).toEqual(["infra:admin"]);
    expect(teamFake.count("teams/remove-repo-in-org")).toBe(0);
    expect(changeLines(await planAndApply(teams, tenv))).toEqual([]);
    expect(await driftLines(teams, tenv)).toEqual([]);
    expect(platform()).toEqual(["infra:admin"]);
  });

  it("a custom role and a built-in one: blocked (role-conflict), the team's role on the repository untouched", async () => {
    teams.writePolicy(grants(["repo:infra:read", "repo:infra:security-reviewer"]));
    const result = await teams.cli(["plan", "--live", "--format", "json", "--out", "blocked.json"], { GH_TOKEN: teamFake.token });
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(teams.read("blocked.json")) as Plan;
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "role-conflict")).toEqual([expect.objectContaining({ severity: "error", target: "github", message: expect.stringContaining("groupGrants gives team:platform two roles of repo:infra") })]);
  });
});
