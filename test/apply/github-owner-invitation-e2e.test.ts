// The owner guard and invitations, end to end against the OpenAPI-validated GitHub fake through the
// real CLI and connector (@octokit/rest). An owner leaves (minAdmins 2) and a new hire, not yet a
// member, is put in the owners group in the same change. apply only invites the new hire (GitHub:
// a pending membership, "The pending state indicates the user has not yet accepted an invitation",
// OrgMembership in github/rest-api-description), and the connector counts the active owners
// (GET /orgs/{org}/members?role=admin, https://docs.github.com/en/rest/orgs/members). The plan used
// to count the invitation as an owner: it passed review, apply invited the hire and then refused
// the leaver's demotion and removal, and the terminated owner stayed an owner. The plan is now
// blocked before review, saying what satisfies the guard; an invitation already pending counts
// only once it is accepted.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Plan } from "../../src/plan/plan.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake;
let repo: PolicyRepo;
let env: Record<string, string>;

/** Org members and their role, and pending invitations, by login (the bot aside). */
function orgView(): { members: Record<string, string>; invited: string[] } {
  const o = fake.org;
  const login = (id: number) => o.userById(id).login;
  const members = Object.fromEntries([...o.members].map(([id, role]) => [login(id), role]).filter(([l]) => l !== "scopesync-bot").sort());
  const invited = [...o.invitations.values()].map((i) => `${login(i.userId)}${i.role === "admin" ? " (admin)" : ""}`).sort();
  return { members, invited };
}

async function planLive(): Promise<{ code: number; plan: Plan }> {
  const result = await repo.cli(["plan", "--live", "--format", "json", "--out", "reviewed.json"], env);
  expect([0, 3], result.stderr).toContain(result.code);
  return { code: result.code, plan: JSON.parse(repo.read("reviewed.json")) as Plan };
}

beforeAll(async () => {
  fake = await startGithubFake({ org: ORG, self: "scopesync-bot" });
  const o = fake.org;
  for (const login of ["ada", "bo", "dee"]) o.addUser(login);
  o.addMember("ada", "admin");
  o.addMember("bo", "member");
  env = { GH_TOKEN: fake.token };
  repo = new PolicyRepo({
    targetName: "github",
    target: { type: "github", org: ORG, token: "${env:GH_TOKEN}", runAs: "scopesync-bot", options: { baseUrl: fake.url, patGrants: false, deployKeys: false, minAdmins: 2 } },
    people: [
      { worker: "W1", login: "ada", department: "Platform", status: "Terminated" },
      { worker: "W2", login: "bo", department: "Platform" },
      { worker: "W3", login: "dee", department: "Platform" },
    ],
    // The successor is made an owner in the same change as the owner leaves.
    groups: [{ id: "owners", members: ["ada", "dee"], privileged: true }],
    policy: {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform"] } }] },
      accounts: { login: "userName" },
      entitlements: [{ group: "owners", entitlement: "role:admin" }],
    },
  });
});

afterAll(() => closeGithubLoop(repo, fake));

describe("an owner leaves and the successor is only invited", () => {
  it("the plan that only invites the successor as owner is blocked before review, naming what would satisfy the guard", async () => {
    const { code, plan } = await planLive();
    expect(code).toBe(3);
    expect(changeLines(plan)).toEqual(["create-account dee", "disable-account ada", "grant dee role:admin", "revoke ada role:admin"]);
    expect(plan.blockedReasons).toEqual([
      "github: after this plan 1 account(s) would hold role:admin (now 2); the minimum is 2 (targets.github.options.minAdmins: apply refuses to leave fewer org owners); not counted: dee, whom this plan only invites (an invitation not yet accepted holds nothing); grant role:admin to an active member in the same plan, or lower targets.github.options.minAdmins in a reviewed change until the invitation is accepted",
    ]);
    // apply re-plans with the same guard: nothing is invited, nobody is demoted.
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(3);
    // The guard holds every change of the target: nothing is applied there.
    expect(applied.stderr).toContain("apply is blocked; only the revocations no reason below holds are applied, and nothing that gives access:\n  - github: after this plan 1 account(s) would hold role:admin (now 2); the minimum is 2");
    expect(orgView()).toEqual({ members: { ada: "admin", bo: "member" }, invited: [] });
  });

  it("an owner invitation already pending is no owner either, until it is accepted", async () => {
    fake.org.invite("dee", "member");
    const { code, plan } = await planLive();
    expect(code).toBe(3);
    expect(changeLines(plan)).toEqual(["disable-account ada", "grant dee role:admin", "revoke ada role:admin"]);
    expect(plan.blockedReasons).toEqual([
      "github: after this plan 1 account(s) would hold role:admin (now 2); the minimum is 2 (targets.github.options.minAdmins: apply refuses to leave fewer org owners); not counted: dee, invited and not yet accepted (an invitation not yet accepted holds nothing); grant role:admin to an active member in the same plan, or plan again once the invitation is accepted",
    ]);
  });

  it("once the successor accepts, the plan passes and apply makes them owner and removes the leaver", async () => {
    fake.org.acceptInvitation("dee");
    const { code, plan } = await planLive();
    expect(code, plan.blockedReasons.join("\n")).toBe(0);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(orgView()).toEqual({ members: { bo: "member", dee: "admin" }, invited: [] });
  });
});
