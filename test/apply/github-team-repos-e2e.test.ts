// A team's own repository access through the real CLI: `groupGrants: { team:<slug>: [repo:...] }`
// in the app policy is planned as grants and revokes of the team (identity "team:<slug>"),
// applied with PUT/DELETE /orgs/{org}/teams/{slug}/repos/{org}/{repo} (GitHub: PUT adds the
// repository or updates the team's permission in place, 204), and drift-checked. A role change is
// made in place (the revoke is `replacedBy` the grant), never by taking the repository away first. Access a member
// has only through the team is never read as the member's own repo: grant.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken, type TokenKind } from "../servers/github-fake/tokens.js";
import { closeGithubLoop, driftLines, planAndApply, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, type PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "linus", department: "Engineering" },
];
const policy = (groupGrants: Record<string, string[]>): Record<string, unknown> => ({
  scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
  accounts: { login: "userName" },
  entitlements: [
    { group: "engineering", entitlement: "team:engineering" },
    { group: "platform", entitlement: "team:platform" },
  ],
  groupGrants,
});

// Each kind of token with the permissions docs/setup.md prescribes: read-only for plan and drift,
// read and write for apply. The fake refuses anything those permissions do not cover.
describe.each(["app", "fine-grained", "classic"] as TokenKind[])("github team repository access (%s token): plan, apply, drift", (kind) => {
  const planToken = fakeToken(kind, "plan");
  const applyToken = fakeToken(kind, "apply");
  let fake: GithubFake;
  let repo: PolicyRepo;
  let env: Record<string, string>;
  let applyEnv: Record<string, string>;
  const teamAccess = (): Record<string, string[]> => Object.fromEntries([...fake.org.teams.values()].map((t) => [t.slug, [...t.repos].map(([r, role]) => `${r}:${role}`).sort()]));

  beforeAll(async () => {
    fake = await startGithubFake({ org: ORG, self: "scopesync-bot", tokens: [applyToken, planToken] });
    const o = fake.org;
    o.addMember("ada");
    o.addMember("linus");
    o.addTeam("platform");
    o.addTeam("engineering");
    o.addTeamMember("platform", "ada");
    o.addTeamMember("engineering", "linus");
    o.addRepo("infra");
    o.addRepo("docs");
    o.addRepo("website"); // not in options.repositories: never read, never changed
    o.addTeamRepo("engineering", "docs", "admin"); // given by hand long ago
    o.addTeamRepo("engineering", "website", "write");
    env = { GH_TOKEN: planToken.value };
    applyEnv = { GH_TOKEN: applyToken.value };
    repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, repositories: ["infra", "docs"] });
    repo.writePolicy(policy({ "team:platform": ["repo:infra:admin"], "team:engineering": ["repo:infra:read", "repo:docs:write"] }));
  });

  afterAll(() => closeGithubLoop(repo, fake));

    it("grants the teams their repositories and replaces a role given by hand; admin is privileged; members get no repo: grant of their own", async () => {
      const plan = await planAndApply(repo, env, applyEnv);
      expect(changeLines(plan)).toEqual(["grant team:engineering repo:docs:write", "grant team:engineering repo:infra:read", "grant team:platform repo:infra:admin", "revoke team:engineering repo:docs:admin"]);
      expect(plan.changes.filter((c) => c.privileged).map((c) => `${c.identity} ${c.entitlement}`)).toEqual(["team:engineering repo:docs:admin", "team:platform repo:infra:admin"]);
      expect(plan.changes.every((c) => c.login === undefined && c.account === undefined)).toBe(true);
      // A role change: the revoke is replaced by the grant, so the role is lowered in place (one PUT, no DELETE).
      expect(plan.changes.find((c) => c.action === "revoke")).toMatchObject({ entitlement: "repo:docs:admin", replacedBy: "repo:docs:write" });
      expect(fake.count("teams/remove-repo-in-org")).toBe(0);
      expect(teamAccess()).toEqual({ platform: ["infra:admin"], engineering: ["docs:write", "infra:read", "website:write"] });
      // Through the team only: no collaborator, so no person holds a repo: entitlement of their own.
      expect([...fake.org.repos.values()].every((r) => r.collaborators.size === 0)).toBe(true);
      expect(await driftLines(repo, env)).toEqual([]);
    });

    it("a grant taken out of the policy is revoked and converges; a team not listed is never changed", async () => {
      repo.writePolicy(policy({ "team:engineering": ["repo:infra:read"] }));
      const plan = await planAndApply(repo, env, applyEnv);
      expect(changeLines(plan)).toEqual(["revoke team:engineering repo:docs:write"]);
      expect(plan.changes[0]).toMatchObject({ action: "revoke", origin: "drift", privileged: false });
      // platform is no longer listed: its infra:admin stays (scopesync manages only the groups it names).
      expect(teamAccess()).toEqual({ platform: ["infra:admin"], engineering: ["infra:read", "website:write"] });
      expect(fake.count("teams/remove-repo-in-org")).toBe(1);
      expect(await driftLines(repo, env)).toEqual([]);
    });

    it("drift sees a team's access changed by hand in GitHub", async () => {
      fake.org.addTeamRepo("engineering", "docs", "maintain");
      expect(await driftLines(repo, env)).toEqual(["revoke team:engineering repo:docs:maintain"]);
      await planAndApply(repo, env, applyEnv);
      expect(teamAccess().engineering).toEqual(["infra:read", "website:write"]);
      expect(await driftLines(repo, env)).toEqual([]);
    });

    it("a team the target lacks, or a read that covers no repositories, plans nothing and says why", async () => {
      repo.writePolicy(policy({ "team:ghosts": ["repo:infra:read"], "team:engineering": ["repo:infra:read"] }));
      const { plan } = await repo.plan(env);
      expect(changeLines(plan)).toEqual([]);
      expect(plan.findings.filter((f) => f.rule === "group-grants-unplanned").map((f) => f.message)).toEqual([expect.stringContaining("group team:ghosts in github's groupGrants does not exist in the target")]);
      repo.writeConfig({ target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false } } });
      const none = (await repo.plan(env)).plan;
      expect(none.findings.filter((f) => f.rule === "group-grants-unplanned").map((f) => f.message)).toEqual([expect.stringContaining("the target's read did not cover what groups hold")]);
    });
});
