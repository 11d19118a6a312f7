// Leavers whose access to a GitHub org lies where a read of org members alone does not look, through
// the real CLI against the OpenAPI-validated fake:
// - an outside collaborator (no membership; GET /orgs/{org}/outside_collaborators lists them,
//   https://docs.github.com/en/rest/orgs/outside-collaborators), with the target's default options.
import { afterEach, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

// Only Octokit's write spacing is scaled down (see fastWrites).
vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("./helpers/github-fast-writes.js")).fastWrites(importOriginal as never));

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = fake = undefined;
});

/** The fake org with two owners in team platform, and a policy repo on it (default options unless given). */
async function setUp(people: Person[], policy: Record<string, unknown> = {}, options: Record<string, unknown> = {}): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  for (const login of ["ada", "bo"]) fake.org.addMember(login, "admin");
  fake.org.addTeam("platform");
  for (const login of ["ada", "bo"]) fake.org.addTeamMember("platform", login);
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, ...options } },
    people: [{ worker: "W1", login: "ada", department: "Platform" }, { worker: "W2", login: "bo", department: "Platform" }, ...people],
    groups: [{ id: "platform", departments: ["Platform"] }, { id: "owners", members: ["ada", "bo"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "platform", entitlement: "team:platform" }, { group: "owners", entitlement: "role:admin" }],
      ...policy,
    },
  });
  return { fake, repo, env: { GH_TOKEN: fake.token } };
}

describe("a leaving outside collaborator (default options: no options.repositories)", () => {
  it("is planned disable-account, removed from every repository of the org, and drift is 0", async () => {
    const { fake, repo, env } = await setUp([{ worker: "C7", login: "erin-ext", department: "Platform", status: "Terminated" }]);
    fake.org.addCollaborator("firmware", "erin-ext", "write");
    fake.org.addCollaborator("website", "erin-ext", "admin");
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account erin-ext"]);
    expect(fake.org.outsideCollaborators()).toEqual([]);
    expect(fake.count("orgs/remove-outside-collaborator")).toBe(1);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("nobody's outside collaborator is reported, and removed where the policy says unmanagedAccounts: disable", async () => {
    const { fake, repo, env } = await setUp([], { unmanagedAccounts: "disable" });
    fake.org.addCollaborator("firmware", "stray-ext", "write");
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account account:stray-ext"]);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["stray-ext"]);
    expect(fake.org.outsideCollaborators()).toEqual([]);
  });
});

describe("an outside collaborator in scope whose policy gives them a team", () => {
  it("the grant is planned and refused at apply, saying they are an outside collaborator and how to make them a member", async () => {
    const { fake, repo, env } = await setUp([{ worker: "C8", login: "fay-ext", department: "Platform" }]);
    fake.org.addCollaborator("firmware", "fay-ext", "write");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["grant fay-ext team:platform"]);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(`cannot grant team:platform to "fay-ext": an outside collaborator of ${ORG}, not a member or invited to it`);
    expect(applied.stderr).toContain(`fix: invite them to ${ORG} in GitHub`);
    expect(fake.org.invitations.size).toBe(0);
  });
});
