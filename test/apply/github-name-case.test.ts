// GitHub ignores the case of repository names ("The name is not case sensitive", REST API `{repo}`)
// and of team names (the slug is made from the name in lower case). The read spells a repository
// as GitHub lists it ("Infra"), the app policy as its author wrote it (`repo:infra:admin`). They
// were compared exactly: a mover out of the group kept their role on "Infra" (not an entitlement the
// policy managed), everyone who held it was granted it again, and a team's own access given as
// `repo:infra:write` was revoked and granted back on every plan. Now they are one entitlement in
// plan, groupGrants, role changes and apply, through the real CLI and the GitHub fake, which
// resolves a repository in any case as GitHub does.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken } from "../servers/github-fake/tokens.js";
import { closeGithubLoop, driftLines, planAndApply, twoTeamRepo } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "linus", department: "Engineering" }, // moved out of Platform: loses triage on Infra
  { worker: "W3", login: "grace", department: "Platform" },
];

describe("github: repository names in another case are the same repository", () => {
  const planToken = fakeToken("fine-grained", "plan");
  const applyToken = fakeToken("fine-grained", "apply");
  const env = { GH_TOKEN: planToken.value };
  const applyEnv = { GH_TOKEN: applyToken.value };
  let fake: GithubFake;
  let repo: PolicyRepo;
  const collaborators = (): string[] => [...fake.org.repos.get("Infra")!.collaborators].map(([id, role]) => `${fake.org.userById(id).login}:${role}`).sort();

  beforeAll(async () => {
    fake = await startGithubFake({ org: ORG, self: "scopesync-bot", tokens: [applyToken, planToken] });
    const o = fake.org;
    for (const login of ["ada", "linus", "grace"]) o.addMember(login);
    o.addTeam("platform");
    o.addTeam("engineering");
    o.addTeamMember("engineering", "linus");
    o.addRepo("Infra");
    o.addCollaborator("Infra", "ada", "triage");
    o.addCollaborator("Infra", "linus", "triage");
    o.addCollaborator("Infra", "grace", "read"); // a role change: raised to triage in place
    o.addTeamRepo("platform", "Infra", "write");
    repo = twoTeamRepo(fake, ORG, people, { patGrants: false, deployKeys: false, repositories: true }, {
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "platform", entitlement: "repo:infra:triage" },
        { group: "engineering", entitlement: "repo:infra:read" },
      ],
      groupGrants: { "team:platform": ["repo:infra:write"] },
    });
  });

  afterAll(() => closeGithubLoop(repo, fake));

  it("the mover's role on Infra is revoked, holders are not granted it again, the team's access is left, and apply reaches Infra", async () => {
    const plan = await planAndApply(repo, env, applyEnv);
    // Before: "grant ada repo:infra:triage" (held already), linus kept triage (not managed), and
    // team:platform's repo:Infra:write was revoked and repo:infra:write granted.
    expect(changeLines(plan)).toEqual(["grant grace repo:infra:triage", "grant linus repo:infra:read", "revoke grace repo:infra:read", "revoke linus repo:infra:triage"]);
    // One role per repository: each revoke is replaced by the grant on the same repository, in place.
    expect(plan.changes.filter((c) => c.action === "revoke").map((c) => `${c.identity} ${c.replacedBy}`).sort()).toEqual(["grace repo:infra:triage", "linus repo:infra:read"]);
    expect(plan.changes.find((c) => c.identity === "linus" && c.action === "revoke")?.reason).toBe("repo:infra:triage is held in github but granted by no group in policies/apps/github.yaml:1");
    expect(collaborators()).toEqual(["ada:triage", "grace:triage", "linus:read"]);
    expect(fake.org.teams.get("platform")!.repos.get("Infra")).toBe("write");
    expect(fake.count("teams/add-or-update-repo-permissions-in-org")).toBe(0);
    expect(fake.count("teams/remove-repo-in-org")).toBe(0);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});
