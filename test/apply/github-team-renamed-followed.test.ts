// A privileged GitHub team renamed in the org, followed by its id. An org owner or team maintainer
// renames a team with PATCH /orgs/{org}/teams/{team_slug} and a new `name`; "GitHub generates the
// team's slug from the team name" (REST API, Teams), so the slug changes while the team keeps its
// id, members, child teams and repository access, and the old slug names nothing (anyone may make a
// new team under it). App policies name teams by slug (`team:<slug>`): before, a mover taken out
// of the policy's team kept the renamed one (only entitlement-not-in-target said the slug was
// gone), and a grant was not planned at all. Now the state file (`state pull`) remembers each
// team's id (groupIds) and a later read follows it under the new slug, as for SCIM groups
// (targets/renamed-groups.ts): grants and revokes are planned on that team and made on its current
// slug; a new team under the old slug is another team: nothing is planned for that name. The real
// CLI and connector, against the GitHub fake driven by the real @octokit/rest.
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TargetState } from "../../src/model/target-state.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;
let env: Record<string, string>;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  fake = undefined;
  repo = undefined;
});

const MAPPINGS = [{ group: "platform-admins", entitlement: "team:platform-admins", privileged: true }, { group: "owners", entitlement: "role:admin" }];

/**
 * ada and alan are in platform-admins (admin on infra), bram is not; carol is in its child team
 * sre-oncall only (a member of the parent through it, not directly). The policy agrees, and the
 * state is pulled: the state file remembers each team's id.
 */
async function pulled(): Promise<void> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const l of ["ada", "alan", "bram", "carol"]) fake.org.addMember(l, l === "ada" ? "admin" : "member");
  fake.org.addTeam("platform-admins", "platform-admins");
  fake.org.addTeam("sre-oncall", "sre-oncall", "platform-admins");
  fake.org.addTeamRepo("platform-admins", "infra", "admin");
  for (const l of ["ada", "alan"]) fake.org.addTeamMember("platform-admins", l);
  fake.org.addTeamMember("sre-oncall", "carol");
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra"] } },
    people: ["ada", "alan", "bram", "carol"].map((login, i) => ({ worker: `W${i + 1}`, login, department: "Platform" })),
    groups: [{ id: "platform-admins", members: ["ada", "alan"], privileged: true }, { id: "owners", members: ["ada"], privileged: true }],
    policy: { scope: { include: [{ kinds: ["person"] }] }, accounts: { login: "userName" }, entitlements: MAPPINGS },
  });
  expect(changeLines((await repo.plan(env)).plan)).toEqual([]);
  const pull = await repo.cli(["state", "pull"], env);
  expect(pull.code, pull.stderr).toBe(0);
}

/** The state file's record of the team's id. */
function rememberedId(slug: string): string {
  const ids = (JSON.parse(repo!.read("state/github.json")) as TargetState).groupIds ?? [];
  const id = ids.find((g) => g.entitlement === `team:${slug}`)?.id;
  expect(id, JSON.stringify(ids)).toBeDefined();
  return id!;
}

/** An org owner renames the team, as GitHub's settings page does: PATCH with a new name. */
async function renameTeam(slug: string, name: string): Promise<string> {
  const octokit = new Octokit({ auth: fake!.token, baseUrl: fake!.url });
  const { data } = await octokit.rest.teams.updateInOrg({ org: ORG, team_slug: slug, name });
  return data.slug;
}

const members = (slug: string): string[] => [...(fake!.org.teams.get(slug)?.members.keys() ?? [])].map((id) => fake!.org.userById(id).login).sort();

describe("github: a privileged team renamed in the org, followed by its id", () => {
  it("the fake renames as GitHub does: the slug follows the name, the id, members and child teams stay, the old slug names nothing", async () => {
    await pulled();
    const id = fake!.org.teams.get("platform-admins")!.id;
    expect(await renameTeam("platform-admins", "Platform Owners (EMEA)")).toBe("platform-owners-emea");
    const team = fake!.org.teams.get("platform-owners-emea")!;
    expect([team.id, team.name, members("platform-owners-emea"), fake!.org.teams.get("sre-oncall")!.parent]).toEqual([id, "Platform Owners (EMEA)", ["ada", "alan"], "platform-owners-emea"]);
    expect(fake!.org.teams.has("platform-admins")).toBe(false);
    const octokit = new Octokit({ auth: fake!.token, baseUrl: fake!.url });
    await expect(octokit.rest.teams.listMembersInOrg({ org: ORG, team_slug: "platform-admins" })).rejects.toMatchObject({ status: 404 });
  });

  it("a mover taken out and a joiner put in after the rename: the revoke and the grant are planned on the renamed team and made on its slug, with group-renamed-in-target", async () => {
    await pulled();
    const id = rememberedId("platform-admins");
    expect(await renameTeam("platform-admins", "Platform Owners")).toBe("platform-owners");
    repo!.writeGroup({ id: "platform-admins", members: ["ada", "bram"], privileged: true }); // alan moves off, bram joins

    const { plan } = await repo!.plan(env);
    expect(changeLines(plan)).toEqual(["grant bram team:platform-admins", "revoke alan team:platform-admins"]);
    expect(plan.changes.every((c) => c.privileged)).toBe(true);
    expect(plan.findings.filter((f) => f.rule === "entitlement-not-in-target")).toEqual([]);
    const said = plan.findings.filter((f) => f.rule === "group-renamed-in-target");
    expect(said.map((f) => [f.severity, f.target, f.message])).toEqual([
      ["warning", "github", `github maps group platform-admins to team:platform-admins, which target "github" has renamed to team:platform-owners (same group, id ${id}, as the state file remembers it): grants and revokes of team:platform-admins are planned on that group by its id, and it keeps its members until they are revoked`],
    ]);
    expect(said[0]!.remediation).toMatch(/^write team:platform-owners in policies\/apps\/github\.yaml:\d+ \(and review who holds it\), then run scopesync state pull; do not create a new group under the old name/);
    // carol is in the renamed team only through its child team: not the entitlement, nothing planned.
    expect(plan.changes.some((c) => c.identity === "carol")).toBe(false);

    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("applied 2, already in place 0, failed 0, skipped 0, held back 0");
    // The renamed team lost alan and gained bram; no decoy team was made under the old slug; the child team is untouched.
    expect(members("platform-owners")).toEqual(["ada", "bram"]);
    expect(fake!.org.teams.has("platform-admins")).toBe(false);
    expect(members("sre-oncall")).toEqual(["carol"]);

    // The next pull remembers the rename; once the policy names the team by its new slug, a plan
    // from that state file is in sync (nothing granted again) and the finding is gone.
    expect((await repo!.cli(["state", "pull"], env)).code).toBe(0);
    expect((JSON.parse(repo!.read("state/github.json")) as TargetState).groupIds).toContainEqual({ entitlement: "team:platform-admins", id, renamedTo: "team:platform-owners" });
    repo!.writePolicy({ ...repo!.spec.policy, entitlements: [{ ...MAPPINGS[0]!, entitlement: "team:platform-owners" }, MAPPINGS[1]!] });
    const offline = await repo!.cli(["plan", "--format", "json"], env);
    expect(offline.code, offline.stderr).toBe(0);
    const fromFile = JSON.parse(offline.stdout) as { changes: unknown[]; findings: Array<{ rule: string }> };
    expect(fromFile.changes).toEqual([]);
    expect(fromFile.findings.filter((f) => f.rule === "group-renamed-in-target")).toEqual([]);
    expect(changeLines((await repo!.plan(env)).plan)).toEqual([]);
  });

  it("renamed between the review and the merge: apply's re-plan follows the team by its id and the reviewed revoke is made on it", async () => {
    await pulled();
    repo!.writeGroup({ id: "platform-admins", members: ["ada"], privileged: true });
    expect(changeLines((await repo!.plan(env)).plan)).toEqual(["revoke alan team:platform-admins"]);
    await renameTeam("platform-admins", "Platform Owners");
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("applied 1, already in place 0, failed 0, skipped 0, held back 0");
    expect(members("platform-owners")).toEqual(["ada"]);
    expect(fake!.org.teams.has("platform-admins")).toBe(false);
  });

  it("renamed, then a new team made under the old slug: which one the policy means is not guessed; nothing is planned for it, and the plan names both", async () => {
    await pulled();
    const id = rememberedId("platform-admins");
    await renameTeam("platform-admins", "Platform Owners");
    const decoy = fake!.org.addTeam("platform-admins", "platform-admins");
    repo!.writeGroup({ id: "platform-admins", members: ["ada", "bram"], privileged: true });
    const { plan } = await repo!.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "group-renamed-in-target").map((f) => f.message)).toEqual([
      `the group state/github.json remembers as team:platform-admins (id ${id}) is named team:platform-owners in target "github" now, and another group (id ${decoy.id}) has taken the name team:platform-admins: which one the app policy means is not guessed, so no grant or revoke of team:platform-admins is planned, and whoever holds team:platform-owners keeps it; not planned: grant ada team:platform-admins, grant bram team:platform-admins`,
    ]);
  });

  it("a child team renamed: its parent's members are still told apart from the child's (nested teams), and the child is followed too", async () => {
    await pulled();
    repo!.writePolicy({ ...repo!.spec.policy, entitlements: [...MAPPINGS, { group: "sre", entitlement: "team:sre-oncall" }] });
    repo!.writeGroup({ id: "sre", members: ["carol"] });
    expect(changeLines((await repo!.plan(env)).plan)).toEqual([]);
    expect((await repo!.cli(["state", "pull"], env)).code).toBe(0);
    await renameTeam("sre-oncall", "SRE Pager");
    repo!.writeGroup({ id: "sre", members: ["bram"] }); // carol hands the pager to bram
    const { plan } = await repo!.plan(env);
    expect(changeLines(plan)).toEqual(["grant bram team:sre-oncall", "revoke carol team:sre-oncall"]);
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect([members("sre-pager"), members("platform-admins")]).toEqual([["bram"], ["ada", "alan"]]);
    expect(fake!.org.teams.get("sre-pager")!.parent).toBe("platform-admins");
  });

  // A team the policy manages only through groupGrants (its repository access, no membership
  // mapping) is followed by the same mechanism: before, the read did not follow it (only mapped
  // entitlements were), so the plan said "group team:release-bots in github's groupGrants does not
  // exist in the target" and planned nothing, while the renamed team kept the access taken away.
  it("a team managed only through groupGrants, renamed: what it holds is planned on it and set on its current slug; once the policy names the new slug, nothing is planned again", async () => {
    await pulled();
    fake!.org.addTeam("release-bots", "release-bots");
    fake!.org.addTeamRepo("release-bots", "infra", "admin");
    const grants = (holds: string[]) => ({ ...repo!.spec.policy, groupGrants: { "team:platform-admins": ["repo:infra:admin"], "team:release-bots": holds } });
    repo!.writePolicy(grants(["repo:infra:admin"]));
    expect(changeLines((await repo!.plan(env)).plan)).toEqual([]);
    expect((await repo!.cli(["state", "pull"], env)).code).toBe(0);
    const id = rememberedId("release-bots");
    expect(await renameTeam("release-bots", "Release Robots")).toBe("release-robots");
    repo!.writePolicy(grants(["repo:infra:write"])); // admin is too much for the release bots

    const { plan } = await repo!.plan(env);
    expect(changeLines(plan)).toEqual(["grant team:release-bots repo:infra:write", "revoke team:release-bots repo:infra:admin"]);
    expect(plan.findings.filter((f) => f.rule === "group-grants-unplanned")).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "group-renamed-in-target").map((f) => f.message)).toEqual([
      `github sets the groupGrants of team:release-bots, which target "github" has renamed to team:release-robots (same group, id ${id}, as the state file remembers it): changes to what team:release-bots holds are planned on that group by its id`,
    ]);
    const applied = await repo!.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("failed 0, skipped 0, held back 0");
    expect(fake!.org.teams.get("release-robots")!.repos.get("infra")).toBe("write");
    expect(fake!.org.teams.has("release-bots")).toBe(false);

    // The policy takes the new slug, with the state file pulled before: in sync, no finding.
    expect((await repo!.cli(["state", "pull"], env)).code).toBe(0);
    repo!.writePolicy({ ...repo!.spec.policy, groupGrants: { "team:platform-admins": ["repo:infra:admin"], "team:release-robots": ["repo:infra:write"] } });
    const offline = await repo!.cli(["plan", "--format", "json"], env);
    expect(offline.code, offline.stderr).toBe(0);
    const fromFile = JSON.parse(offline.stdout) as { changes: unknown[]; findings: Array<{ rule: string }> };
    expect(fromFile.changes).toEqual([]);
    expect(fromFile.findings.filter((f) => f.rule === "group-renamed-in-target" || f.rule === "group-grants-unplanned")).toEqual([]);
    expect(changeLines((await repo!.plan(env)).plan)).toEqual([]);
  });
});
