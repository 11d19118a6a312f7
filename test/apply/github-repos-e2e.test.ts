// Repository access and outside collaborators through the real CLI: `repo:<name>:<role>`
// entitlements planned (privileged above write, whatever the policy says), applied and
// drift-checked; an outside collaborator who leaves loses their repository access.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;
let policy: { scope: unknown; accounts: unknown; entitlements: Array<{ group: string; entitlement: string }> };
const people: Person[] = [
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "linus", department: "Engineering" },
  { worker: "W3", login: "cora", department: "Docs" },
];

const access = (): Record<string, string[]> =>
  Object.fromEntries([...fake.org.repos.values()].map((r) => [r.name, [...[...r.collaborators].map(([id, role]) => `${fake.org.userById(id).login}:${role}`), ...[...r.invitations.values()].map((i) => `${fake.org.userById(i.userId).login}:${i.role} (invited)`)].sort()]));

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  o.addMember("ada");
  o.addMember("linus");
  o.addUser("cora");
  o.addRepo("infra");
  o.addRepo("docs");
  o.addCollaborator("infra", "linus", "write"); // granted by hand long ago
  o.addCollaborator("docs", "cora", "write"); // a contractor: an outside collaborator
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, repositories: ["infra", "docs"] } },
    people,
    groups: [
      // Not marked privileged: GitHub's traits make repository admin privileged all the same (an
      // explicit grant, since a privileged birthright would block the plan).
      { id: "infra-admins", members: ["ada"] },
      { id: "engineering", departments: ["Engineering"] },
      { id: "docs-writers", departments: ["Docs"] },
    ],
    policy: (policy = {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Engineering", "Docs"] } }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "infra-admins", entitlement: "repo:infra:admin" },
        { group: "engineering", entitlement: "repo:infra:read" },
        { group: "docs-writers", entitlement: "repo:docs:write" },
      ],
    }),
  });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github repository access: plan, apply, drift", () => {
  it("grants repository roles to members; admin is privileged by GitHub's traits; the outside collaborator is adopted as is", async () => {
    const plan = await planAndApply(repo, env);
    // repo:infra:write is no entitlement of this policy, so it is not revoked; a collaborator has
    // one role per repository, and a read grant would replace it: linus's write, which gives at
    // least read, is left and said (role-held-higher-unmanaged), never lowered.
    expect(changeLines(plan)).toEqual(["grant ada repo:infra:admin"]);
    expect(plan.changes.filter((c) => c.privileged).map((c) => `${c.identity} ${c.entitlement}`)).toEqual(["ada repo:infra:admin"]);
    expect(plan.findings.filter((f) => f.rule === "role-held-higher-unmanaged").map((f) => f.identity)).toEqual(["linus"]);
    expect(access()).toEqual({ infra: ["ada:admin", "linus:write"], docs: ["cora:write"] });
    expect(await driftLines(repo, env)).toEqual([]);
    // An owner lowers linus to the policy's read by hand: as it should be.
    fake.org.addCollaborator("infra", "linus", "read");
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("a mover's role change is revoke + grant of the two roles; drift 0", async () => {
    people[1] = { ...people[1]!, department: "Platform" };
    repo.setPeople(people);
    repo.writeGroup({ id: "infra-admins", members: ["ada", "linus"] });
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant linus repo:infra:admin", "revoke linus repo:infra:read"]);
    expect(plan.changes.find((c) => c.entitlement === "repo:infra:admin")?.privileged).toBe(true);
    expect(access().infra).toEqual(["ada:admin", "linus:admin"]);
    // A raise is left to the grant, which changes the role in place: linus never lost access.
    expect(plan.changes.find((c) => c.action === "revoke")?.replacedBy).toBe("repo:infra:admin");
    expect(fake.count("repos/remove-collaborator")).toBe(0);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("an outside collaborator's role change is made in place: no removal, no new invitation; drift 0", async () => {
    // Both roles stay in the policy, so the write role is revoked as such: the revoke + grant pair of a role change.
    repo.writeGroup({ id: "docs-writers", departments: ["Technical Writing"] });
    repo.writeGroup({ id: "docs-triagers", departments: ["Docs"] });
    repo.writePolicy({ ...policy, entitlements: [...policy.entitlements, { group: "docs-triagers", entitlement: "repo:docs:triage" }] });
    const before = fake.requests.length;
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["grant cora repo:docs:triage", "revoke cora repo:docs:write"]);
    expect(plan.changes.find((c) => c.action === "revoke")?.replacedBy).toBe("repo:docs:triage");
    // Lowered in place by the revoke (PUT with the new permission, GitHub's documented way); the grant then finds it done.
    // POST /graphql is the read of direct collaborators (direct-collaborators.ts), not a write.
    const writes = fake.requests.slice(before).filter((r) => r.method !== "GET" && r.path !== "/graphql").map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([`PUT /repos/${ORG}/docs/collaborators/cora`]);
    expect(access().docs).toEqual(["cora:triage"]);
    expect(fake.org.repos.get("docs")!.invitations.size).toBe(0);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("an outside collaborator who leaves: the repository access is revoked and nothing remains; drift 0", async () => {
    people[2] = { ...people[2]!, status: "Terminated" };
    repo.setPeople(people);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account cora", "revoke cora repo:docs:triage"]);
    expect(access()).toEqual({ infra: ["ada:admin", "linus:admin"], docs: [] });
    expect(fake.org.outsideCollaborators()).toEqual([]);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});
