// Custom repository roles ranked by their base role beyond a grant over a role held by hand
// (github-custom-role-bases-e2e.test.ts), where GitHub Enterprise Cloud lists them (GET
// /orgs/{org}/custom-repository-roles): two mappings that give one person a custom role and
// another role of one repository are ordered by the custom role's base (role-conflict only where
// two custom roles share the highest base); a team's grant at apply over a custom role the team
// holds is judged by the same rule as a person's; and a custom role in groupGrants that the org
// spells otherwise is refused at plan time, at its entry's file:line:col, as a mapped one is. A
// role the org has in no case (a typo) is an error (custom-role-unknown), and neither a team's
// role of its repository nor a person's is taken away for it.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, planAndApply, repoRolesTarget } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
const people: Person[] = [
  { worker: "E1", login: "ana", department: "Platform" },
  { worker: "E2", login: "cy", department: "Engineering" },
];
const scope = { include: [{ kinds: ["person"], where: { department: ["Platform", "Engineering"] } }] };

/** The app policy's text from a finding's file:line:col to the end of that line. */
function textAt(repo: PolicyRepo, location: string | undefined): string {
  const [line, col] = (location ?? "").split(":").slice(1).map(Number);
  return repo.read("policies/apps/github.yaml").split("\n")[line! - 1]!.slice(col! - 1);
}

// platform and engineering each give a role of infra.
const mappings = (platformRole: string, engineeringRole: string): Record<string, unknown> => ({
  scope,
  accounts: { login: "userName" },
  entitlements: [
    { group: "engineering", entitlement: `repo:infra:${engineeringRole}` },
    { group: "platform", entitlement: `repo:infra:${platformRole}` },
  ],
});

/** A repository whose platform group is ana (explicit) and engineering group the people of `departments`. */
function peopleRepo(fake: GithubFake, departments: string[], policy: Record<string, unknown>): PolicyRepo {
  return new PolicyRepo({ targetName: "github", target: repoRolesTarget(fake, ["infra"]), people, groups: [{ id: "platform", members: ["ana"] }, { id: "engineering", departments }], policy });
}

async function startOrg(): Promise<GithubFake> {
  const fake = await startGithubFake({ org: ORG, self: "scopesync-bot", ghec: true });
  for (const p of people) fake.org.addMember(p.login);
  fake.org.addRepo("infra");
  fake.org.addCustomRepoRole("Infra-Writer", "write");
  fake.org.addCustomRepoRole("Infra-Reviewer", "write");
  fake.org.addCustomRepoRole("Release-Manager", "maintain");
  fake.org.addCustomRepoRole("Infra-Triager", "read");
  return fake;
}

describe("two roles of one repository from two mappings, one a custom role", () => {
  let fake: GithubFake;
  let repo: PolicyRepo;
  let env: Record<string, string>;
  const infra = (login: string): string | undefined => {
    const r = fake.org.repos.get("infra")!;
    const id = fake.org.user(login)!.id;
    return r.customRoles?.get(id) ?? r.collaborators.get(id);
  };

  beforeAll(async () => {
    fake = await startOrg();
    env = { GH_TOKEN: fake.token };
    // engineering is everyone.
    repo = peopleRepo(fake, ["Engineering", "Platform"], mappings("Infra-Writer", "write"));
  });
  afterAll(() => closeGithubLoop(repo, fake));

  it("keeps the custom role over the built-in role it is based on, and says how it ranked", async () => {
    const plan = await planAndApply(repo, env);
    expect(plan.findings.filter((f) => f.rule === "role-conflict")).toEqual([]);
    expect(changeLines(plan)).toEqual(["grant ana repo:infra:Infra-Writer", "grant cy repo:infra:write"]);
    expect(plan.changes[0]!.reason).toMatch(/; outranks repo:infra:write \(engineering, policies\/apps\/github\.yaml:\d+\): the target holds one role of repo:infra per account, the highest is kept$/);
    const resolved = plan.findings.filter((f) => f.rule === "role-conflict-resolved");
    expect(resolved).toHaveLength(1);
    expect(resolved[0]!.message).toMatch(/^1 identity is in both platform and engineering \(ana\), which give two roles of repo:infra in github: repo:infra:Infra-Writer \(a custom role based on write\) \(policies\/apps\/github\.yaml:\d+\) and repo:infra:write \(policies\/apps\/github\.yaml:\d+\); .*so each gets the higher, repo:infra:Infra-Writer \(a custom role based on write\), .*; a custom role ranks as its base role in the org's list of custom repository roles, and above that built-in role, to which it adds permissions$/);
    expect([infra("ana"), infra("cy")]).toEqual(["Infra-Writer", "write"]);
    expect(changeLines(await planAndApply(repo, env))).toEqual([]);
  });

  it("keeps a built-in role above the custom role's base", async () => {
    repo.writePolicy(mappings("maintain", "Infra-Writer"));
    const plan = await planAndApply(repo, env);
    // cy's write, no longer mapped, is replaced by a custom role based on it (a raise, by the same rule).
    expect(changeLines(plan)).toEqual(["grant ana repo:infra:maintain", "grant cy repo:infra:Infra-Writer", "revoke ana repo:infra:Infra-Writer"]);
    expect(plan.findings.filter((f) => f.rule === "role-conflict-resolved").map((f) => f.message)).toEqual([expect.stringMatching(/so each gets the higher, repo:infra:maintain, and engineering's repo:infra:Infra-Writer \(a custom role based on write\) is not granted to them .*; a custom role ranks as its base role/)]);
    expect([infra("ana"), infra("cy")]).toEqual(["maintain", "Infra-Writer"]);
  });

  it("two custom roles of one base have no order: blocked (role-conflict), saying both bases", async () => {
    repo.writePolicy(mappings("Infra-Reviewer", "Infra-Writer"));
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "blocked.json"], env);
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(repo.read("blocked.json")) as Plan;
    expect(changeLines(plan).filter((l) => l.includes(" ana "))).toEqual([]);
    const conflict = plan.findings.filter((f) => f.rule === "role-conflict");
    expect(conflict.map((f) => f.identity)).toEqual(["ana"]);
    expect(conflict[0]!.message).toMatch(/repo:infra:Infra-Reviewer \(a custom role based on write\) \(platform, policies\/apps\/github\.yaml:\d+\) and repo:infra:Infra-Writer \(a custom role based on write\) \(engineering, .*the two have no order \(custom roles based on write, which the org's list of custom repository roles names: neither includes what the other adds to write\), so neither is granted or taken away$/);
  });
});

describe("a team's grants over a custom role (groupGrants)", () => {
  let fake: GithubFake;
  let repo: PolicyRepo;
  let env: Record<string, string>;
  let octokit: Octokit;
  const grants = (list: string[]): Record<string, unknown> => ({ scope, accounts: { login: "userName" }, entitlements: [{ group: "platform", entitlement: "team:platform" }], groupGrants: { "team:platform": list } });
  const teamRole = (): string | undefined => fake.org.teams.get("platform")!.customRoles?.get("infra") ?? fake.org.teams.get("platform")!.repos.get("infra");
  // What an org owner does by hand in GitHub (the team's repository settings), after the plan's review.
  const byHand = (permission: string) => octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({ org: ORG, team_slug: "platform", owner: ORG, repo: "infra", permission });

  beforeAll(async () => {
    fake = await startOrg();
    fake.org.addTeam("platform");
    fake.org.addTeamMember("platform", "ana");
    fake.org.addTeamRepo("platform", "infra", "write");
    env = { GH_TOKEN: fake.token };
    octokit = new Octokit({ auth: fake.token, baseUrl: fake.url });
    repo = new PolicyRepo({ targetName: "github", target: repoRolesTarget(fake, ["infra"]), people, groups: [{ id: "platform", departments: ["Platform"] }], policy: grants(["repo:infra:maintain"]) });
    // apply's re-plan would revoke the role given by hand as an unreviewed revocation before the
    // grant: without those, the grant meets it, as it does between apply's read and its PUT.
    repo.writeConfig({ apply: { unreviewed: "none" } });
  });
  afterAll(() => closeGithubLoop(repo, fake));

  it("apply grants over a custom role the team was given since the review whose base the grant outranks", async () => {
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant team:platform repo:infra:maintain", "revoke team:platform repo:infra:write"]);
    await byHand("Infra-Triager");
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0");
    expect(teamRole()).toBe("maintain");
  });

  // Reviewed over write, the team given `role` by hand before the merge: apply's stderr, the grant failed.
  const refusedOver = async (role: string): Promise<string> => {
    await byHand("push");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant team:platform repo:infra:maintain", "revoke team:platform repo:infra:write"]);
    await byHand(role);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stdout).toContain("applied 0, already in place 0, failed 1");
    return applied.stderr;
  };

  it("apply refuses a grant over a custom role the team was given since the review as high by its base, as for a person", async () => {
    const stderr = await refusedOver("Release-Manager");
    expect(stderr).toContain(`team "platform" holds the custom role Release-Manager on ${ORG}/infra now; GitHub replaces the role, so the grant of maintain would take away what Release-Manager gives beyond its base role, and is not applied`);
    expect(stderr).toContain("put repo:infra:Release-Manager in team:platform's groupGrants in the app policy instead of maintain");
    expect(teamRole()).toBe("Release-Manager");
  });

  it("apply refuses a grant that would lower the role the team was given since the review, in a team's words", async () => {
    const stderr = await refusedOver("admin");
    expect(stderr).toContain(`team "platform" holds admin on ${ORG}/infra now, higher than the maintain this grant gives; GitHub replaces the role, so the grant would lower it and is not applied`);
    // A team holds exactly its groupGrants: its role is kept through them, and the plan takes away what they do not give.
    expect(stderr).toContain("nothing is lost: admin already gives at least maintain access. To keep admin, put repo:infra:admin in team:platform's groupGrants in the app policy instead of maintain. To lower it, plan again: the plan revokes it as a reviewed role change");
    expect(stderr).not.toContain("take admin away in GitHub or map");
    expect(teamRole()).toBe("admin");
    // Where the next test finds the team: as the test before this one left it.
    await byHand("Release-Manager");
  });

  it("keeps the custom role of a team's groupGrants over the built-in role it is based on", async () => {
    repo.writePolicy(grants(["repo:infra:write", "repo:infra:Infra-Writer"]));
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant team:platform repo:infra:Infra-Writer", "revoke team:platform repo:infra:Release-Manager"]);
    const resolved = plan.findings.filter((f) => f.rule === "role-conflict-resolved").map((f) => f.message);
    expect(resolved).toEqual([expect.stringMatching(/^groupGrants gives team:platform two roles of repo:infra in github: repo:infra:write \(policies\/apps\/github\.yaml:\d+\) and repo:infra:Infra-Writer \(a custom role based on write\) \(policies\/apps\/github\.yaml:\d+\); .* so team:platform gets the higher, repo:infra:Infra-Writer, .*; a custom role ranks as its base role/)]);
    expect(teamRole()).toBe("Infra-Writer");
  });

  it("refuses a custom role in groupGrants that the org spells otherwise, at its entry, and keeps the team's role of the repository", async () => {
    repo.writePolicy(grants(["repo:infra:release-manager"]));
    const { plan } = await repo.plan(env);
    // The grant would have replaced the role the team holds there: refused, it takes nothing away.
    expect(changeLines(plan)).toEqual([]);
    const refused = plan.findings.filter((f) => f.rule === "entitlement-not-in-target");
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toMatch(/^github gives team:platform repo:infra:release-manager \(groupGrants\), which target "github" does not have: the org spells it Release-Manager, and GitHub takes a custom role's name only as spelt; no grant or revoke of it is planned \(GitHub would refuse the grant\), nor of another role of repo:infra for whoever it is given to \(it would have replaced that role\); not planned: grant team:platform repo:infra:release-manager$/);
    expect(refused[0]!.location).toMatch(/^policies\/apps\/github\.yaml:\d+:\d+$/);
    expect(textAt(repo, refused[0]!.location)).toBe("repo:infra:release-manager");
    expect(refused[0]!.remediation).toBe(`write repo:infra:Release-Manager in ${refused[0]!.location}`);
  });

  it("a custom role in groupGrants that the org has in no case is an error, and the team keeps its role of the repository", async () => {
    repo.writePolicy(grants(["repo:infra:Infra-Writr"]));
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "typo.json"], env);
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(repo.read("typo.json")) as Plan;
    // Before: "revoke team:platform repo:infra:Infra-Writer", the team left without access to infra until the name was fixed.
    expect(changeLines(plan)).toEqual([]);
    const unknown = plan.findings.filter((f) => f.rule === "custom-role-unknown");
    expect(unknown.map((f) => f.severity)).toEqual(["error"]);
    expect(unknown[0]!.message).toBe('github gives team:platform repo:infra:Infra-Writr (groupGrants), which target "github" does not have: the org has no custom repository role Infra-Writr (did you mean repo:infra:Infra-Writer?); its custom repository roles: Infra-Reviewer, Infra-Triager, Infra-Writer, Release-Manager; no grant or revoke of it is planned (GitHub would refuse the grant), nor of another role of repo:infra for whoever it is given to (it would have replaced that role); not planned: grant team:platform repo:infra:Infra-Writr');
    expect(textAt(repo, unknown[0]!.location)).toBe("repo:infra:Infra-Writr");
    expect(unknown[0]!.remediation).toBe(`write repo:infra:Infra-Writer in ${unknown[0]!.location}, if that is the role meant`);
    expect(plan.blockedReasons).toEqual([`custom-role-unknown: ${unknown[0]!.message}`]);
    expect(teamRole()).toBe("Infra-Writer");
  });
});

describe("a person's mapped custom role that the org has in no case", () => {
  let fake: GithubFake;
  let repo: PolicyRepo;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startOrg();
    // ana holds write on infra (given under an earlier mapping); cy is given write by engineering.
    fake.org.addCollaborator("infra", "ana", "write");
    fake.org.addCollaborator("infra", "cy", "write");
    env = { GH_TOKEN: fake.token };
    // engineering is cy alone.
    repo = peopleRepo(fake, ["Engineering"], mappings("Infra-Writr", "write"));
  });
  afterAll(() => closeGithubLoop(repo, fake));

  it("is an error, and the role the person holds of the repository is not revoked for it", async () => {
    const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "typo.json"], env);
    expect(result.code, result.stderr).toBe(3);
    const plan = JSON.parse(repo.read("typo.json")) as Plan;
    // Before: "revoke ana repo:infra:write", as if the misspelt role had replaced it.
    expect(changeLines(plan)).toEqual([]);
    const unknown = plan.findings.filter((f) => f.rule === "custom-role-unknown");
    expect(unknown.map((f) => [f.severity, f.message])).toEqual([["error", expect.stringMatching(/^github maps group platform to repo:infra:Infra-Writr, which target "github" does not have: the org has no custom repository role Infra-Writr \(did you mean repo:infra:Infra-Writer\?\); its custom repository roles: Infra-Reviewer, Infra-Triager, Infra-Writer, Release-Manager; .*; not planned: grant ana repo:infra:Infra-Writr$/)]]);
    expect(textAt(repo, unknown[0]!.location)).toBe("repo:infra:Infra-Writr");
  });
});
