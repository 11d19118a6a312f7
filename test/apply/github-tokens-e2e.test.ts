// Each kind of token through the whole loop, the real CLI and connector against the fake answering
// as GitHub does for that kind (test/servers/github-fake/tokens.ts): `plan --live` and `drift`
// with the read-only token docs/setup.md prescribes for plan, `apply --plan` with the apply token,
// a leaver's removal with its role:admin revoke, and drift 0 after each apply. The fake refuses any
// request the token's documented permissions do not cover, so a connector that needed more would
// fail here. GitHub Enterprise Server runs the same loop against its own API description.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { fakeToken, type TokenKind } from "../servers/github-fake/tokens.js";
import { closeGithubLoop, driftLines, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";

interface Case { name: string; kind: TokenKind; ghes?: string }
const CASES: Case[] = [
  { name: "GitHub App installation token", kind: "app" },
  { name: "fine-grained personal access token", kind: "fine-grained" },
  { name: "personal access token (classic)", kind: "classic" },
  { name: "GitHub Enterprise Server 3.17, App installation token", kind: "app", ghes: "3.17" },
];

describe.each(CASES)("github, $name: plan (read-only token) → apply → drift 0", ({ kind, ghes }) => {
  const planToken = fakeToken(kind, "plan");
  const applyToken = fakeToken(kind, "apply");
  const people: Person[] = [
    { worker: "W1", login: "ada", department: "Platform" },
    { worker: "W2", login: "alan", department: "Platform" },
    { worker: "W3", login: "grace", department: "Engineering" },
    { worker: "W4", login: "linus", department: "Engineering" },
  ];
  let fake: GithubFake;
  let repo: PolicyRepo;
  // An App has no user of its own: it keeps the owner named in runAs. A personal token keeps its user.
  const runAs = kind === "app" ? "octo-owner" : "scopesync-bot";
  const planEnv = { GH_TOKEN: planToken.value };
  const applyEnv = { GH_TOKEN: applyToken.value };

  const members = (): Record<string, string> => Object.fromEntries([...fake.org.members].map(([id, role]) => [fake.org.userById(id).login, role]).sort());
  const teams = (): Record<string, string[]> => Object.fromEntries([...fake.org.teams.values()].map((t) => [t.slug, [...t.members.keys()].map((id) => fake.org.userById(id).login).sort()]));

  beforeAll(async () => {
    fake = await startGithubFake({ org: ORG, tokens: [applyToken, planToken], ...(ghes ? { ghes } : {}) });
    const o = fake.org;
    if (kind === "app") o.addMember("octo-owner", "admin");
    for (const p of people) o.addUser(p.login);
    o.addMember("linus");
    o.addTeam("engineering");
    o.addTeam("platform");
    o.addDeployKey("infra", "legacy-mirror", null);
    repo = new PolicyRepo({
      targetName: "github",
      target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs, options: { baseUrl: fake.url, minAdmins: 1 } },
      people,
      groups: [
        { id: "engineering", departments: ["Engineering"] },
        { id: "platform", departments: ["Platform"] },
        { id: "admins", members: ["ada"], privileged: true },
      ],
      policy: {
        scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }] },
        accounts: { login: "userName" },
        entitlements: [
          { group: "engineering", entitlement: "team:engineering" },
          { group: "platform", entitlement: "team:platform" },
          { group: "admins", entitlement: "role:admin" },
        ],
        admins: { entitlement: "role:admin", minimum: 1 },
      },
    });
  });

  afterAll(() => closeGithubLoop(repo, fake));

  it("joiners: members (invited, or on GHES added), teams and the owner role", async () => {
    const plan = await planAndApply(repo, planEnv, applyEnv);
    expect(changeLines(plan)).toEqual(["create-account ada", "create-account alan", "create-account grace", "grant ada role:admin", "grant ada team:platform", "grant alan team:platform", "grant grace team:engineering", "grant linus team:engineering"]);
    // PAT grants: read with an App token, an info finding with a personal one; never a failed read.
    const notRead = plan.findings.filter((f) => f.rule === "github-pat-grants-not-read");
    expect(notRead.length).toBe(kind === "app" ? 0 : 1);
    if (ghes) {
      // GHES has no invitations API: members are added directly, and the read asks for no invitations.
      expect(fake.count("orgs/create-invitation") + fake.count("orgs/list-pending-invitations")).toBe(0);
      expect(fake.count("orgs/set-membership-for-user")).toBeGreaterThanOrEqual(3);
    } else {
      expect(fake.count("orgs/create-invitation")).toBe(3);
      expect(await driftLines(repo, planEnv)).toEqual([]);
      for (const login of ["ada", "alan", "grace"]) fake.org.acceptInvitation(login);
    }
    expect(members()).toMatchObject({ ada: "admin", alan: "member", grace: "member", linus: "member" });
    expect(teams()).toEqual({ engineering: ["grace", "linus"], platform: ["ada", "alan"] });
    expect(await driftLines(repo, planEnv)).toEqual([]);
  });

  it.skipIf(kind !== "classic")("apply with the read-only plan token refuses every change it cannot make before the first, naming the missing scope", async () => {
    const mover = [...people];
    mover[2] = { ...people[2]!, department: "Platform" };
    repo.setPeople(mover);
    try {
      await repo.plan(planEnv);
      const before = fake.requests.filter((r) => r.method !== "GET").length;
      const refused = await repo.cli(["apply", "--plan", "reviewed.json"], planEnv);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("lacks the scope write:org or admin:org, which 2 planned change(s) need (revoke grace team:engineering, grant grace team:platform): refused before apply");
      expect(refused.stdout).toContain("applied 0, already in place 0, failed 2, skipped 0");
      expect(fake.requests.filter((r) => r.method !== "GET").length).toBe(before);
    } finally {
      repo.setPeople(people);
    }
  });

  it("a leaver who is an owner: team and role:admin revoked, then removed from the org; drift 0", async () => {
    people[0] = { ...people[0]!, status: "Terminated" };
    repo.setPeople(people);
    const plan = await planAndApply(repo, planEnv, applyEnv);
    expect(changeLines(plan)).toEqual(["disable-account ada", "revoke ada role:admin", "revoke ada team:platform"]);
    expect(members()).not.toHaveProperty("ada");
    expect(members()[runAs]).toBe("admin");
    expect(teams().platform).toEqual(["alan"]);
    expect(await driftLines(repo, planEnv)).toEqual([]);
  });

  it("the tokens never needed more than docs/setup.md gives them: no request was refused", () => {
    const refused = fake.requests.filter((r) => r.refused && r.operationId !== "users/get-authenticated");
    expect(refused).toEqual([]);
    // An installation token's GET /user is refused (it has no user): that is how its kind is found out.
    const userRefusals = fake.requests.filter((r) => r.operationId === "users/get-authenticated" && r.refused).length;
    if (kind === "app") expect(userRefusals).toBeGreaterThan(0);
    else expect(userRefusals).toBe(0);
    // Writes came from the apply token only (tokens[0]); the plan token (tokens[1]) read.
    const writers = new Set(fake.requests.filter((r) => r.method !== "GET").map((r) => r.by));
    expect([...writers]).toEqual([0]);
    expect(fake.requests.some((r) => r.by === 1)).toBe(true);
  });
});
