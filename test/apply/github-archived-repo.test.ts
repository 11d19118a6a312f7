// Archived repositories through the real CLI (rv77 M1): GitHub refuses every change to an archived
// repository's collaborators, teams and deploy keys ("Once a repository is archived, you cannot
// add or remove collaborators or teams", *Archiving repositories*), and the fake does too. The plan
// leaves out every grant, revoke, groupGrants change and deploy key revoke there, says what stays,
// and apply carries out the rest; drift converges instead of failing on every run.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Octokit } from "@octokit/rest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Engineering" },
  { worker: "W2", login: "linus", department: "Sales" }, // moved out of Engineering: his repo access goes
  { worker: "W3", login: "dmitri", department: "Engineering", status: "Terminated" }, // a leaver with a deploy key
];

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  o.addMember("scopesync-bot", "admin");
  for (const login of ["ada", "linus", "dmitri"]) o.addMember(login);
  o.addRepo("infra");
  o.addTeam("engineering");
  o.addCollaborator("legacy", "linus", "write");
  o.addDeployKey("legacy", "dmitri-laptop", "dmitri");
  o.addDeployKey("infra", "dmitri-ci", "dmitri");
  o.repos.get("legacy")!.archived = true;
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, repositories: ["infra", "legacy"] } },
    people,
    groups: [{ id: "engineering", departments: ["Engineering"] }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Sales"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "engineering", entitlement: "repo:infra:write" },
        { group: "engineering", entitlement: "repo:legacy:write" },
      ],
      groupGrants: { "team:engineering": ["repo:legacy:read", "repo:infra:read"] },
    },
  });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github: an archived repository", () => {
  it("the fake refuses its writes as GitHub does and lists it archived", async () => {
    const octokit = new Octokit({ auth: fake.token, baseUrl: fake.url });
    const listed = await octokit.rest.repos.listForOrg({ org: ORG, type: "all" });
    expect(listed.data.map((r) => `${r.name} ${r.archived}`).sort()).toEqual(["infra false", "legacy true"]);
    await expect(octokit.rest.repos.addCollaborator({ owner: ORG, repo: "legacy", username: "ada", permission: "push" })).rejects.toMatchObject({ status: 403, message: expect.stringContaining("Repository was archived so is read-only.") });
    await expect(octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({ org: ORG, team_slug: "engineering", owner: ORG, repo: "legacy", permission: "pull" })).rejects.toMatchObject({ status: 403 });
  });

  it("plans nothing there and says what stays; the rest is planned", { timeout: 120_000 }, async () => {
    const { plan } = await repo.plan(env);
    expect(changeLines(plan).filter((l) => /legacy/.test(l))).toEqual([]);
    expect(changeLines(plan)).toEqual(expect.arrayContaining(["grant ada repo:infra:write", "grant team:engineering repo:infra:read", "disable-account dmitri"]));
    expect(changeLines(plan).some((l) => /revoke-credential dmitri deploy-key:infra:/.test(l))).toBe(true);
    const archived = plan.findings.filter((f) => f.rule === "github-repo-archived");
    expect(archived).toHaveLength(1);
    expect(archived[0]!.severity).toBe("warning");
    expect(archived[0]!.message).toContain("repository acme-robotics/legacy is archived");
    expect(archived[0]!.message).toContain("read access to an archived repository is still access to its code");
    expect(archived[0]!.message).toMatch(/not planned: .*grant ada repo:legacy:write/);
    expect(archived[0]!.message).toContain("revoke linus repo:legacy:write");
    expect(archived[0]!.message).toContain("grant team:engineering repo:legacy:read");
    expect(archived[0]!.message).toMatch(/revoke-credential dmitri/);
    expect(archived[0]!.remediation).toContain("unarchive acme-robotics/legacy");
  });

  it("applies the rest without touching the archived repository; drift leaves only the finding", { timeout: 120_000 }, async () => {
    const before = fake.requests.length;
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(0);
    expect(fake.requests.slice(before).filter((r) => r.method !== "GET" && r.path.includes("/legacy"))).toEqual([]);
    const d = await repo.cli(["drift", "--format", "json"], env);
    const drift = JSON.parse(d.stdout) as Plan;
    expect(changeLines(drift)).toEqual([]);
    expect(drift.findings.map((f) => f.rule)).toContain("github-repo-archived");
    fake.assertNoViolations();
  });
});
