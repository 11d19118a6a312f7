// A privileged team revoke while the person keeps that team's access through a child team the
// policy does not manage. GitHub: "Child teams inherit the parent's access permissions"
// (docs.github.com/en/organizations/organizing-members-into-teams/about-teams#nested-teams). Team
// platform holds admin on infra; platform-oncall is its child. carol, in both, moves to Sales.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

const kept = (plan: Plan): string[] => plan.findings.filter((f) => f.rule === "privilege-through-unmanaged-group").map((f) => `${f.identity}: ${f.message}`);

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  o.addMember("ada", "admin");
  o.addMember("carol");
  o.addTeam("platform");
  o.addTeam("platform-oncall", "platform-oncall", "platform");
  o.addTeamRepo("platform", "infra", "admin");
  for (const u of ["ada", "carol"]) o.addTeamMember("platform", u);
  for (const u of ["ada", "carol"]) o.addTeamMember("platform-oncall", u);
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra"] } },
    people: [
      { worker: "W1", login: "ada", department: "Platform" },
      { worker: "W2", login: "carol", department: "Sales" },
    ],
    // ada's owner role is the policy's: an owner no policy gives is a finding of its own (privilege-held-unmanaged).
    groups: [{ id: "platform", departments: ["Platform"] }, { id: "owners", members: ["ada"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Sales"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "platform", entitlement: "team:platform" }, { group: "owners", entitlement: "role:admin" }],
    },
  });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github: privilege kept through an unmanaged child team is said, on the revoke and after it", () => {
  it("the plan that revokes team:platform says carol keeps its admin through team:platform-oncall", async () => {
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["revoke carol team:platform"]);
    expect(plan.changes[0]!.privileged).toBe(true);
    // ada's admin through the child team is what the policy gives her through team:platform: nothing to say.
    expect(kept(plan)).toEqual([
      "carol: carol keeps repo:infra:admin through team:platform-oncall (a child team of team:platform, whose access it inherits), which github does not manage and no group in policies/apps/github.yaml:1 gives them; this plan revokes team:platform, but that access stays",
    ]);
    expect(fake.org.effectiveMembers("platform").has(fake.org.user("carol")!.id)).toBe(true);
  });

  it("the next plan has no changes and does not say every target matches without naming what stays", async () => {
    const { plan } = await repo.plan(env);
    expect(plan.changes).toEqual([]);
    expect(kept(plan)).toEqual([
      "carol: carol keeps repo:infra:admin through team:platform-oncall (a child team of team:platform, whose access it inherits), which github does not manage and no group in policies/apps/github.yaml:1 gives them",
    ]);
    const text = await repo.cli(["plan", "--live"], env);
    expect(text.stdout).toContain("No changes. Every target matches the desired state, but 1 identity keeps privilege through groups the policy does not manage (findings privilege-through-unmanaged-group).");
  });

  it("once carol leaves the child team, nothing is said", async () => {
    fake.org.teams.get("platform-oncall")!.members.delete(fake.org.user("carol")!.id);
    const { plan } = await repo.plan(env);
    expect(kept(plan)).toEqual([]);
    const text = await repo.cli(["plan", "--live"], env);
    expect(text.stdout).toContain("No changes. Every target matches the desired state.\n");
  });
});
