// `plan --live` then `apply --plan` end to end against the OpenAPI-validated GitHub fake, through
// the real CLI (in process) and the real connector with @octokit/rest: invitations, team grants
// and revocations, the owner role, a leaver's removal, and an offboarded NHI's deploy key.
// GitHub accounts carry no externalId: the planner links them by login (accounts.login), and
// after every apply `drift` exits 0.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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
  { worker: "W1", login: "ada", department: "Platform" },
  { worker: "W2", login: "alan", department: "Platform" },
  { worker: "W3", login: "grace", department: "Engineering" },
  { worker: "W4", login: "linus", department: "Engineering" },
];

const SVC = (status: "active" | "disabled") => `kind: ServiceAccount
id: svc-deployer
displayName: Deployer
owner: ada
status: ${status}
environment: production
purpose: deploys infra
`;

/** Members, roles and teams of the fake org, by login (the bot aside). */
function orgView(): { members: Record<string, string>; invited: string[]; teams: Record<string, string[]>; deployKeys: string[] } {
  const o = fake.org;
  const login = (id: number) => o.userById(id).login;
  const members = Object.fromEntries([...o.members].map(([id, role]) => [login(id), role]).filter(([l]) => l !== "scopesync-bot").sort());
  const invited = [...o.invitations.values()].map((i) => `${login(i.userId)}${i.role === "admin" ? " (admin)" : ""}${[...i.teams.keys()].map((t) => ` +${t}`).join("")}`).sort();
  const teams = Object.fromEntries([...o.teams.values()].map((t) => [t.slug, [...t.members.keys()].map(login).sort()]));
  const deployKeys = [...o.repos.values()].flatMap((r) => [...r.deployKeys.values()].map((k) => `${r.name}:${k.title}`)).sort();
  return { members, invited, teams, deployKeys };
}

/** plan --live → apply --plan → the apply output; drift is checked by the caller. */
async function planAndApply(): Promise<{ plan: Plan; applyOut: string }> {
  const { plan } = await repo.plan(env);
  expect(plan.blocked, plan.blockedReasons.join("\n")).toBe(false);
  const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
  expect(applied.stderr).toBe("");
  expect(applied.code).toBe(0);
  return { plan, applyOut: applied.stdout };
}

async function driftLines(): Promise<{ code: number; lines: string[] }> {
  const drift = await repo.cli(["drift", "--format", "json"], env);
  expect(drift.code === 0 || drift.code === 2, drift.stderr).toBe(true);
  return { code: drift.code, lines: changeLines(JSON.parse(drift.stdout) as Plan) };
}

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  for (const p of people) o.addUser(p.login);
  o.addMember("linus", "member"); // already in the org: adopted by login
  o.addMember("svc-deployer", "member"); // the NHI's machine user, with the deploy key it added
  o.addTeam("engineering");
  o.addTeam("platform");
  o.addTeam("deployers");
  o.addTeamMember("deployers", "svc-deployer");
  o.addDeployKey("infra", "svc-deployer-key", "svc-deployer");
  o.addDeployKey("infra", "legacy-mirror", null);
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, minAdmins: 1 } },
    people,
    groups: [
      { id: "engineering", departments: ["Engineering"] },
      { id: "platform", departments: ["Platform"] },
      { id: "admins", members: ["ada"], privileged: true },
      { id: "deployers", members: ["svc-deployer"] },
    ],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Engineering", "Platform"] } }, { kinds: ["service-account"] }] },
      accounts: { login: "userName" },
      entitlements: [
        { group: "engineering", entitlement: "team:engineering" },
        { group: "platform", entitlement: "team:platform" },
        { group: "admins", entitlement: "role:admin" },
        { group: "deployers", entitlement: "team:deployers" },
      ],
      admins: { entitlement: "role:admin", minimum: 1 },
    },
  });
  repo.write("identities/service-accounts/svc-deployer.yaml", SVC("active"));
});

afterAll(() => closeGithubLoop(repo, fake));

describe("github: plan --live, apply --plan, drift", () => {
  it("invites joiners, adopts existing members by login, grants teams and the owner role", async () => {
    const { plan, applyOut } = await planAndApply();
    expect(changeLines(plan)).toEqual([
      "create-account ada", "create-account alan", "create-account grace",
      "grant ada role:admin", "grant ada team:platform", "grant alan team:platform", "grant grace team:engineering", "grant linus team:engineering",
    ]);
    expect(applyOut).toContain("failed 0, skipped 0, held back 0");
    expect(fake.count("orgs/create-invitation")).toBe(3);
    expect(orgView()).toEqual({
      members: { linus: "member", "svc-deployer": "member" },
      invited: ["ada (admin) +platform", "alan +platform", "grace +engineering"],
      teams: { engineering: ["linus"], platform: [], deployers: ["svc-deployer"] },
      deployKeys: ["infra:legacy-mirror", "infra:svc-deployer-key"],
    });
  });

  it("after apply, drift finds nothing to do, before and after the invitees accept", async () => {
    // Invitations are pending memberships (teams and role included): nothing is planned twice.
    expect(await driftLines()).toEqual({ code: 0, lines: [] });
    const again = await repo.cli(["apply", "--auto-approve"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("applied 0, already in place 0, failed 0, skipped 0, held back 0");
    // The invitees accept (no API of an org owner can do that): still nothing to do.
    for (const login of ["ada", "alan", "grace"]) fake.org.acceptInvitation(login);
    expect(orgView().members).toEqual({ ada: "admin", alan: "member", grace: "member", linus: "member", "svc-deployer": "member" });
    expect(await driftLines()).toEqual({ code: 0, lines: [] });
    expect(fake.count("orgs/create-invitation")).toBe(3);
  });

  it("mover: revokes one team and grants another", async () => {
    people[2] = { ...people[2]!, department: "Platform" };
    repo.setPeople(people);
    const { plan } = await planAndApply();
    expect(changeLines(plan)).toEqual(["grant grace team:platform", "revoke grace team:engineering"]);
    expect(orgView().teams).toEqual({ engineering: ["linus"], platform: ["ada", "alan", "grace"], deployers: ["svc-deployer"] });
    expect(await driftLines()).toEqual({ code: 0, lines: [] });
  });

  it("leaver: revokes the team, then removes the member from the org", async () => {
    people[1] = { ...people[1]!, status: "Terminated" };
    repo.setPeople(people);
    const { plan } = await planAndApply();
    expect(changeLines(plan)).toEqual(["disable-account alan", "revoke alan team:platform"]);
    const view = orgView();
    expect(view.members).toEqual({ ada: "admin", grace: "member", linus: "member", "svc-deployer": "member" });
    expect(view.teams.platform).toEqual(["ada", "grace"]);
    // A removed member is simply absent: nothing more to plan for the leaver.
    expect(await driftLines()).toEqual({ code: 0, lines: [] });
  });

  it("offboarded NHI: its deploy key is revoked first, then its team, then its membership", async () => {
    repo.write("identities/service-accounts/svc-deployer.yaml", SVC("disabled"));
    const { plan } = await planAndApply();
    const key = [...fake.org.repos.get("infra")!.deployKeys.values()].find((k) => k.title === "svc-deployer-key");
    expect(key).toBeUndefined();
    const svc = plan.changes.filter((c) => c.identity === "svc-deployer").map((c) => `${c.action} ${c.entitlement ?? c.credential ?? ""}`.trim());
    expect(svc).toEqual([expect.stringMatching(/^revoke-credential deploy-key:infra:\d+$/), "revoke team:deployers", "disable-account"]);
    const view = orgView();
    expect(view.members).toEqual({ ada: "admin", grace: "member", linus: "member" });
    expect(view.teams.deployers).toEqual([]);
    // The key nobody can be tied to stays: scopesync revokes only what it can attribute.
    expect(view.deployKeys).toEqual(["infra:legacy-mirror"]);
    expect(await driftLines()).toEqual({ code: 0, lines: [] });
  });

  it("the connector stays within GitHub's description throughout", () => {
    expect(() => fake.assertNoViolations()).not.toThrow();
    expect(fake.count("repos/delete-deploy-key")).toBe(1);
    expect(fake.count("orgs/remove-membership-for-user")).toBe(2);
    expect(fake.count("orgs/create-invitation")).toBe(3);
  });
});
