// Leavers whose access to a GitHub org lies where a read of org members alone does not look, through
// the real CLI against the OpenAPI-validated fake:
// - an outside collaborator (no membership; GET /orgs/{org}/outside_collaborators lists them,
//   https://docs.github.com/en/rest/orgs/outside-collaborators), with the target's default options;
// - a member who is also one through an enterprise team: "Remove organization membership for a
//   user" removes only the direct membership ("Their indirect membership via an enterprise team
//   remains until the user is removed from the enterprise team",
//   https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user), and GET
//   …/memberships/{username} says `direct_membership` and
//   `enterprise_teams_providing_indirect_membership`;
// - an owner invitation sent to an e-mail address: "If the invitee is not a GitHub member, the
//   login field in the return hash will be null" (list-pending-invitations), cancelled by
//   DELETE /orgs/{org}/invitations/{invitation_id}.
// And accounts no identity has, offboarded as a leaver's are (f94):
// - unmanagedAccounts: disable removed a hand-made member, but a deploy key it added stayed: GitHub
//   "attaches the public part of the key directly to your repository instead of a personal
//   account" (https://docs.github.com/en/rest/deploy-keys/deploy-keys), so it kept working. It is
//   revoked in the same plan, before the removal;
// - an org owner made by hand ("Owner: Grants full administrative control of the organization",
//   GitHub Docs, Permissions of predefined organization roles) was one more `unmanaged-account`
//   under unmanagedAccounts: report, and a person's owner role no policy maps went unsaid: both are
//   `privilege-held-unmanaged`.
import { afterEach, describe, expect, it, vi } from "vitest";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";
import { closeGithubLoop, driftLines, planAndApply } from "./helpers/github-loop.js";
import { changeLines, PolicyRepo, type Person, type RepoSpec } from "./helpers/policy-repo.js";

vi.mock("../../src/targets/github/index.js", async (importOriginal) => (await import("../helpers/github-fast-writes.js")).fastWrites(importOriginal));

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
let repo: PolicyRepo | undefined;

afterEach(async () => {
  await closeGithubLoop(repo, fake);
  repo = fake = undefined;
});

/** The fake org with two owners in team platform, and a policy repo on it (default options unless given). */
async function setUp(people: Person[], policy: Record<string, unknown> = {}, options: Record<string, unknown> = {}, spec: Pick<RepoSpec, "apply"> = {}): Promise<{ fake: GithubFake; repo: PolicyRepo; env: Record<string, string> }> {
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
    ...spec,
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
    // The reviewer reads what this disable does to an outside collaborator.
    expect(plan.changes[0]!.reason).toContain(`"erin-ext" is an outside collaborator (access to repositories of the org, not a member): the disable removes them from every repository of the org`);
    expect(fake.org.outsideCollaborators()).toEqual([]);
    expect(fake.count("orgs/remove-outside-collaborator")).toBe(1);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("nobody's outside collaborator is reported as one and left alone under unmanagedAccounts: disable (outsideCollaborators: report, the default)", async () => {
    const { fake, repo, env } = await setUp([], { unmanagedAccounts: "disable" });
    fake.org.addCollaborator("firmware", "stray-ext", "write");
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual([]);
    const [finding, ...more] = plan.findings.filter((f) => f.rule === "unmanaged-account");
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ identity: "stray-ext", severity: "warning" });
    expect(finding!.message).toBe(`github account "stray-ext" matches no identity: an outside collaborator (access to repositories of the org, not a member); it is reported, not disabled, though ${finding!.location} says unmanagedAccounts: disable, because targets.github.options.outsideCollaborators is report (the default): the disable removes them from every repository of the org`);
    expect(finding!.remediation).toContain("set targets.github.options.outsideCollaborators: manage with unmanagedAccounts: disable");
    expect(fake.count("orgs/remove-outside-collaborator")).toBe(0);
    expect(fake.org.outsideCollaborators().map((id) => fake.org.userById(id).login)).toEqual(["stray-ext"]);
  });

  it("an upgrade that starts reading outside collaborators removes none of them as unreviewed revocations, and the leaver still leaves", async () => {
    // Reviewed while the read did not see the vendors (as before outside collaborators were read
    // with repositories: false); applied with apply.unreviewed: revocations-only, as `init` writes it.
    const { fake, repo, env } = await setUp([{ worker: "C9", login: "cy-v", department: "Platform", status: "Terminated" }], { unmanagedAccounts: "disable" }, {}, { apply: { unreviewed: "revocations-only" } });
    fake.org.addMember("cy-v");
    fake.org.addTeamMember("platform", "cy-v");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["disable-account cy-v", "revoke cy-v team:platform"]);
    for (const v of ["vendor-01", "vendor-02"]) fake.org.addCollaborator("docs", v, "write");
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("0 unreviewed revocation(s) applied anyway");
    expect(fake.count("orgs/remove-outside-collaborator")).toBe(0);
    expect(fake.org.outsideCollaborators().map((id) => fake.org.userById(id).login).sort()).toEqual(["vendor-01", "vendor-02"]);
    expect(fake.org.members.has(fake.org.user("cy-v")!.id)).toBe(false);
  });

  it("with outsideCollaborators: manage, nobody's outside collaborator is removed, the disable saying from every repository of the org", async () => {
    const { fake, repo, env } = await setUp([], { unmanagedAccounts: "disable" }, { outsideCollaborators: "manage" });
    fake.org.addCollaborator("firmware", "stray-ext", "write");
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account account:stray-ext"]);
    // Worded as a leaver's outside collaborator's removal is (offboardReason): what it is, what the removal does.
    expect(plan.changes[0]!.reason).toMatch(/^unmanaged account \(policies\/apps\/[^)]+: unmanagedAccounts: disable; targets\.github\.options\.outsideCollaborators: manage\); "stray-ext" is an outside collaborator \(access to repositories of the org, not a member\): the disable removes them from every repository of the org/);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.message)).toEqual([`github account "stray-ext" matches no identity: an outside collaborator (access to repositories of the org, not a member); it will be removed (unmanagedAccounts: disable, targets.github.options.outsideCollaborators: manage), which removes them from every repository of the org`]);
    expect(fake.org.outsideCollaborators()).toEqual([]);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});

describe("a leaver who is also a member through an enterprise team", () => {
  const ENT = "ent:contractors-emea";

  it("apply removes the direct membership, reads it again, and fails the change naming the enterprise team; once out of it, nothing is left", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W3", login: "derek-w", department: "Platform", status: "Terminated" }]);
    fake.org.addMember("derek-w");
    fake.org.addTeamMember("platform", "derek-w");
    fake.org.addEnterpriseTeamMember(ENT, "derek-w");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["disable-account derek-w", "revoke derek-w team:platform"]);
    // The read lists the enterprise team with the org's teams and reads its members: the plan says
    // beforehand that this removal does not take derek-w out of the org.
    expect(plan.findings.filter((f) => f.rule === "account-kept-by-external-group")).toEqual([
      {
        rule: "account-kept-by-external-group",
        severity: "warning",
        identity: "derek-w",
        target: "github",
        message: `derek-w's account "derek-w" in target "github" stays there after this plan's disable-account: the group team:${ENT}, managed by the enterprise (${ENT} is an enterprise team assigned to ${ORG}), keeps them in, and scopesync cannot take them out of it; the disable-account removes only what the target lets it (apply fails the change while they stay)`,
        remediation: `an enterprise owner removes them from the enterprise team ${ENT} (enterprise settings → People → Enterprise teams, or its identity provider group), then apply or plan again`,
        controls: ["NIST-SP800-53-AC-2"],
      },
    ]);
    const applied = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain("failed 1");
    expect(applied.stderr).toContain(`"derek-w" is still a member of ${ORG}: GitHub removed only the direct membership, and the enterprise team ${ENT} makes them a member`);
    expect(applied.stderr).toContain(`fix: an enterprise owner removes "derek-w" from the enterprise team ${ENT}`);
    expect(fake.count("orgs/remove-membership-for-user")).toBe(1);
    // The same apply again: no direct membership is left to remove, so no DELETE; it fails the same way.
    const again = await repo.cli(["apply", "--plan", "reviewed.json"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`"derek-w" is still a member of ${ORG}: the enterprise team ${ENT} makes them a member`);
    expect(fake.count("orgs/remove-membership-for-user")).toBe(1);
    // An enterprise owner takes them out of the enterprise team: they are gone, and the plan is empty.
    fake.org.removeEnterpriseTeamMember(ENT, "derek-w");
    expect(fake.org.members.has(fake.org.user("derek-w")!.id)).toBe(false);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});

// rv48: GET /orgs/{org}/teams lists the enterprise teams assigned to the org with its own teams
// (`team_type` default all, since GitHub's 2026-02-23 "Enterprise team support in organization
// APIs"), and GET …/teams/{team_slug}/invitations answers one "422: Unprocessable entity if you
// attempt to modify an enterprise team at the organization level". The read asked it of every
// listed team: every plan of the org failed, and no leaver was offboarded.
describe("an org with an enterprise team assigned to it", () => {
  it("a leaver who is not in it is planned and removed as usual; the enterprise team's members stay untouched; drift 0", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W5", login: "lena", department: "Platform", status: "Terminated" }]);
    fake.org.addMember("lena");
    fake.org.addTeamMember("platform", "lena");
    fake.org.addEnterpriseTeamMember("ent:copilot-users", "ada");
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account lena", "revoke lena team:platform"]);
    expect(plan.findings.filter((f) => f.rule === "account-kept-by-external-group")).toEqual([]);
    expect(fake.org.members.has(fake.org.user("lena")!.id)).toBe(false);
    expect(fake.org.enterpriseTeamsOf(fake.org.user("ada")!.id)).toEqual(["ent:copilot-users"]);
    expect(fake.count("teams/list-pending-invitations-in-org")).toBeGreaterThan(0); // platform's, never the enterprise team's
    expect(await driftLines(repo, env)).toEqual([]);
  });
});

describe("a pending invitation sent to an e-mail address (login null)", () => {
  it("a leaver's owner invitation with a team is linked by the address and cancelled; drift 0", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W4", login: "dana", department: "Platform", status: "Terminated" }]);
    // HR's address for dana is dana@corp.example (policy-repo.ts): the one the owner invited.
    fake.org.inviteByEmail("dana@corp.example", "admin", ["platform"]);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account dana", "revoke dana role:admin", "revoke dana team:platform"]);
    expect(plan.changes.find((c) => c.action === "disable-account")).toMatchObject({ login: "dana@corp.example" });
    expect(fake.org.emailInvitations.size).toBe(0);
    expect(fake.count("orgs/cancel-invitation")).toBeGreaterThanOrEqual(1);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("one no identity's address names is reported as an e-mail invitation and left alone under unmanagedAccounts: disable (emailInvitations: report, the default)", async () => {
    const { fake, repo, env } = await setUp([], { unmanagedAccounts: "disable" });
    fake.org.inviteByEmail("someone@elsewhere.example", "admin", ["platform"]);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual([]);
    const findings = plan.findings.filter((f) => f.rule === "unmanaged-account");
    expect(findings.map((f) => f.identity)).toEqual(["someone@elsewhere.example"]);
    expect(findings[0]!.message).toContain("matches no identity: a pending invitation to the org sent to the e-mail address someone@elsewhere.example (nobody has accepted it); it is reported, not disabled");
    expect(findings[0]!.message).toContain("because targets.github.options.emailInvitations is report (the default): the disable cancels the invitation");
    expect(fake.org.emailInvitations.size).toBe(1);
    expect(fake.count("orgs/cancel-invitation")).toBe(0);
  });

  it("with emailInvitations: manage, one no identity's address names is cancelled, the disable saying so", async () => {
    const { fake, repo, env } = await setUp([], { unmanagedAccounts: "disable" }, { emailInvitations: "manage" });
    fake.org.inviteByEmail("someone@elsewhere.example", "admin", ["platform"]);
    const plan = await planAndApply(repo, env);
    // Taken away as a leaver's invitation is: what the policy manages revoked by name (the owner role, privileged), then the cancellation.
    expect(changeLines(plan)).toEqual(["disable-account account:someone@elsewhere.example", "revoke account:someone@elsewhere.example role:admin", "revoke account:someone@elsewhere.example team:platform"]);
    const cancel = plan.changes.find((c) => c.action === "disable-account")!;
    expect(cancel.reason).toContain("targets.github.options.emailInvitations: manage)");
    expect(cancel.reason).toContain('"someone@elsewhere.example" is a pending invitation to the org sent to the e-mail address someone@elsewhere.example (nobody has accepted it): the disable cancels the invitation');
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["someone@elsewhere.example"]);
    expect(fake.org.emailInvitations.size).toBe(0);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  // A leaver's invitation is theirs to lose however the address is known to be theirs (rv43): it is
  // cancelled with their offboarding, whatever unmanagedAccounts and emailInvitations say (those govern
  // only invitations that match no one), and is no unmanaged-account finding.
  it("a terminated member's pending owner invitation to their HR address is cancelled with the membership", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W4", login: "dana", department: "Platform", status: "Terminated" }]);
    fake.org.addMember("dana");
    fake.org.addTeamMember("platform", "dana");
    fake.org.inviteByEmail("dana@corp.example", "admin", ["platform"]);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account account:dana@corp.example", "disable-account dana", "revoke account:dana@corp.example role:admin", "revoke account:dana@corp.example team:platform", "revoke dana team:platform"]);
    const cancel = plan.changes.find((c) => c.action === "disable-account" && c.identity === "account:dana@corp.example")!;
    expect(cancel).toMatchObject({ origin: "source", anchor: "hr:W4", login: "dana@corp.example" });
    expect(cancel.reason).toBe(`the invitation was sent to dana@corp.example, dana's e-mail address in today's sources (hr:W4); dana: left the organisation on 2026-11-20 (status terminated in hr); "dana@corp.example" is a pending invitation to the org sent to the e-mail address dana@corp.example (nobody has accepted it): the disable cancels the invitation`);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account")).toEqual([]);
    expect(fake.org.emailInvitations.size).toBe(0);
    expect(fake.org.members.has(fake.org.user("dana")!.id)).toBe(false);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("a person gone from the HR export keeps no invitation to the address the accepted snapshot has for them, under unmanagedAccounts: disable", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W6", login: "dee", department: "Platform" }], { unmanagedAccounts: "disable" });
    fake.org.inviteByEmail("dee@corp.example", "member", ["platform"]);
    expect((await repo.cli(["snapshot"], env)).code).toBe(0);
    // HR drops her (a withdrawn pre-start hire): only the snapshot still says whose the address is.
    repo.setPeople(repo.spec.people.filter((p) => p.worker !== "W6"));
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account account:dee@corp.example", "revoke account:dee@corp.example team:platform"]);
    expect(plan.changes.find((c) => c.action === "disable-account")!.reason).toBe(`the invitation was sent to dee@corp.example, the e-mail address of hr:W6 (dee) at the last accepted snapshot; hr:W6 (dee) is no longer in source "hr" (the export passed its gates (required) and the built-in checks); "dee@corp.example" is a pending invitation to the org sent to the e-mail address dee@corp.example (nobody has accepted it): the disable cancels the invitation`);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account")).toEqual([]);
    expect(fake.org.emailInvitations.size).toBe(0);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("a leaver whose address changed keeps no invitation to the earlier address the accepted snapshot has", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W7", login: "eve", department: "Platform" }]);
    fake.org.inviteByEmail("eve@corp.example", "admin", []);
    expect((await repo.cli(["snapshot"], env)).code).toBe(0);
    repo.setPeople([...repo.spec.people.filter((p) => p.worker !== "W7"), { worker: "W7", login: "eve", department: "Platform", status: "Terminated", email: "eve.kask@corp.example" }]);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account account:eve@corp.example", "revoke account:eve@corp.example role:admin"]);
    expect(plan.changes.find((c) => c.action === "disable-account")!.reason).toContain("the invitation was sent to eve@corp.example, eve's e-mail address at the last accepted snapshot (eve.kask@corp.example now); eve: left the organisation on 2026-11-20");
    expect(fake.org.emailInvitations.size).toBe(0);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("a leaver's earlier address that an active person has now is theirs: the invitation to it stays, reported", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W7", login: "eve", department: "Platform" }]);
    fake.org.inviteByEmail("eve@corp.example", "member", []);
    expect((await repo.cli(["snapshot"], env)).code).toBe(0);
    // eve leaves under a new address; the old one is given to a colleague who stays (whose invitation it may be).
    repo.setPeople([...repo.spec.people.filter((p) => p.worker !== "W7"), { worker: "W7", login: "eve", department: "Platform", status: "Terminated", email: "eve.kask@corp.example" }, { worker: "W8", login: "evan", department: "Sales", email: "eve@corp.example" }]);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["eve@corp.example"]);
  });

  it("an active person's e-mail invitation is not theirs (scopesync invites by login): reported, and the person is invited by login", async () => {
    const { fake, repo, env } = await setUp([{ worker: "W5", login: "gus", department: "Platform" }]);
    fake.org.addUser("gus");
    fake.org.inviteByEmail("gus@corp.example", "member", []);
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual(["create-account gus", "grant gus team:platform"]);
    expect(plan.findings.filter((f) => f.rule === "unmanaged-account").map((f) => f.identity)).toEqual(["gus@corp.example"]);
  });
});

describe("an outside collaborator in scope whose policy gives them a team", () => {
  it("is invited to the org first, then granted the team: apply succeeds and the next plan is empty", async () => {
    const { fake, repo, env } = await setUp([{ worker: "C8", login: "fay-ext", department: "Platform" }]);
    fake.org.addCollaborator("firmware", "fay-ext", "write");
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["create-account fay-ext", "grant fay-ext team:platform"]);
    const create = plan.changes.find((c) => c.action === "create-account")!;
    expect(create).toMatchObject({ origin: "policy", login: "fay-ext", account: String(fake.org.user("fay-ext")!.id) });
    expect(create.reason).toBe(`"fay-ext" is an outside collaborator (access to repositories of the org, not a member), and team:platform needs membership: invited to the org first (an outside collaborator becomes a member by accepting the invitation; the grants then apply to the pending membership)`);
    // The invitation comes before the grant in the plan, as a joiner's does.
    expect(plan.changes.map((c) => c.action).indexOf("create-account")).toBeLessThan(plan.changes.map((c) => c.action).indexOf("grant"));
    expect(plan.changes.find((c) => c.action === "grant")!.origin).toBe("policy");
    expect(fake.org.invitations.size).toBe(1);
    expect(fake.count("orgs/create-invitation")).toBe(1);
    expect(await driftLines(repo, env)).toEqual([]);
  });

  it("given only repository access, stays an outside collaborator: nothing is planned", async () => {
    const { fake, repo, env } = await setUp([{ worker: "C8", login: "fay-ext", department: "Firmware" }], {
      scope: { include: [{ kinds: ["person"], where: { department: ["Platform", "Firmware"] } }] },
    });
    fake.org.addCollaborator("firmware", "fay-ext", "write");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
  });
});

describe("an account no identity has, under unmanagedAccounts: disable", () => {
  it("the deploy key a hand-made member added is revoked before the member is removed; nothing is left, and the next plan is empty", async () => {
    const { fake, repo, env } = await setUp([], { unmanagedAccounts: "disable" }, { deployKeys: true });
    fake.org.addMember("stray-dev", "member");
    fake.org.addTeamMember("platform", "stray-dev");
    const key = fake.org.addDeployKey("infra", "stray-laptop", "stray-dev", false);
    const plan = await planAndApply(repo, env);
    expect(changeLines(plan)).toEqual(["disable-account account:stray-dev", "revoke account:stray-dev team:platform", `revoke-credential account:stray-dev deploy-key:infra:${key.id}`]);
    const revoke = plan.changes.find((c) => c.action === "revoke-credential")!;
    // Worded and evidenced as a leaver's key is: what the revoke deletes for good, then the account.
    expect(revoke.reason).toMatch(/^unmanaged account \(policies\/apps\/[^)]+: unmanagedAccounts: disable\): its deploy key "stray-laptop" on repository infra is deleted for good/);
    expect(revoke.lost).toEqual(['deploy key "stray-laptop" on repository infra (write access)']);
    expect(revoke.evidence).toEqual([expect.stringMatching(/^policies\/apps\/.+:\d+$/)]);
    expect(plan.findings.find((f) => f.rule === "unmanaged-account")!.message).toBe('github account "stray-dev" matches no identity; its credentials will be revoked and it will be disabled (unmanagedAccounts: disable)');
    expect([...fake.org.repos.values()].flatMap((r) => [...r.deployKeys.values()])).toEqual([]);
    expect(fake.org.members.has(fake.org.user("stray-dev")!.id)).toBe(false);
    expect(await driftLines(repo, env)).toEqual([]);
  });
});

describe("privilege-held-unmanaged sees every owner made by hand", () => {
  it("an org owner no identity has, which unmanagedAccounts: report leaves, is said with its role; its keys stay, as report promises", async () => {
    const { fake, repo, env } = await setUp([], { unmanagedAccounts: "report" }, { deployKeys: true });
    fake.org.addMember("night-admin", "admin");
    fake.org.addDeployKey("infra", "night-key", "night-admin");
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "privilege-held-unmanaged")).toEqual([
      expect.objectContaining({
        severity: "warning",
        identity: "night-admin",
        message: expect.stringMatching(/^github account "night-admin" matches no identity and holds role:admin, which the target or policies\/apps\/[^ ]+ counts privileged; no identity or group justifies it, and policies\/apps\/[^ ]+ says unmanagedAccounts: report, so the plan leaves it$/),
      }),
    ]);
  });

  it("a person's owner role that no policy maps is said as a repository admin given by hand would be", async () => {
    const { repo, env } = await setUp([], { entitlements: [{ group: "platform", entitlement: "team:platform" }] });
    const { plan } = await repo.plan(env);
    expect(changeLines(plan)).toEqual([]);
    expect(plan.findings.filter((f) => f.rule === "privilege-held-unmanaged").map((f) => f.message)).toEqual([
      expect.stringMatching(/^ada holds role:admin directly, which github does not manage and no group in policies\/apps\/[^ ]+ gives them; the target counts it privileged whatever the policy says$/),
      expect.stringMatching(/^bo holds role:admin directly/),
    ]);
  });
});
