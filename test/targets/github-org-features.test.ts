// Organisation features against the fake: failed invitations (re-planned, said as a finding) and
// GitHub's daily invitation limit ("organization owners are limited to creating 50 organization
// invitations for an organization within a 24 hour period", set-membership's description).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Change } from "../../src/model/change.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { TargetError } from "../../src/targets/target-error.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;

function connector(options: Record<string, unknown> = {}): TargetConnector {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false, ...options } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 });
}

const entitlement = (action: "grant" | "revoke", login: string, e: string): Change => ({ id: `${action}-${login}-${e}`, target: "github", action, identity: login, login, entitlement: e, privileged: false, origin: "pr", reason: "test", evidence: [] });
const invite = (login: string): Change => ({ id: `create-${login}`, target: "github", action: "create-account", identity: login, login, privileged: false, origin: "source", reason: "joiner", evidence: [] });

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  for (const login of ["ada", "alan", "grace"]) fake.org.addUser(login);
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("github failed invitations", () => {
  it("a failed invitation is not membership: the account is absent, a warning says why it will be invited again, and create-account invites anew", async () => {
    const gh = connector();
    await gh.apply(invite("ada"));
    fake.org.failInvitation("ada");
    const state = await gh.read();
    expect(state.accounts.map((a) => a.login)).toEqual(["scopesync-bot"]);
    expect(state.findings).toEqual([
      {
        rule: "github-invitation-failed",
        severity: "warning",
        message: 'target "github": the invitation of "ada" to acme-robotics failed on 2026-01-12 (Invitation expired. User did not accept this invite for 7 days); it is not a membership, so a plan that wants the account invites again',
        remediation: "ask ada to accept the next invitation, or remove them from the app's scope",
      },
    ]);
    expect(await gh.apply(invite("ada"))).toMatchObject({ status: "applied" });
    expect(fake.org.invitations.size).toBe(1);
    // Pending again: no finding any more.
    expect((await gh.read()).findings).toBeUndefined();
  });
});

describe("github invitation limit", () => {
  it("past the daily limit an invitation fails, not retried, saying a later run sends it; the others stand", async () => {
    fake.org.invitationsLeft = 2;
    const gh = connector();
    expect(await gh.apply(invite("ada"))).toMatchObject({ status: "applied" });
    expect(await gh.apply(invite("alan"))).toMatchObject({ status: "applied" });
    const e = await gh.apply(invite("grace")).then(() => undefined, (err: unknown) => err as TargetError);
    expect(e).toBeInstanceOf(TargetError);
    expect(e!.retryable).toBe(false);
    expect(e!.message).toBe('target "github": cannot invite "grace" to acme-robotics today: GitHub\'s limit on invitations per 24 hours is reached (50, or 500 for an org older than a month or on a paid plan); the invitation stays in the plan for a later run');
    expect(fake.org.invitations.size).toBe(2);
  });
});

describe("github custom organization roles (org-role:<name>, options.orgRoles)", () => {
  it("reads direct holders as the entitlement and team-held ones as inherited; grants and revokes the direct assignment", async () => {
    const o = fake.org;
    for (const login of ["ada", "alan", "grace"]) o.addMember(login);
    o.addTeam("security");
    o.addTeamMember("security", "grace");
    const auditor = o.addOrgRole("security-auditor");
    auditor.users.add(o.user("ada")!.id);
    auditor.teams.add("security");
    const gh = connector({ orgRoles: true });

    const view = (s: Awaited<ReturnType<TargetConnector["read"]>>) => Object.fromEntries(s.accounts.filter((a) => a.login !== "scopesync-bot").map((a) => [a.login, `${a.entitlements.join(" ")} ${JSON.stringify(a.attributes)}`]));
    expect(view(await gh.read())).toEqual({ ada: 'org-role:security-auditor {}', alan: " {}", grace: 'team:security {"inherited:org-role:security-auditor":"true"}' });

    expect(await gh.apply(entitlement("grant", "alan", "org-role:security-auditor"))).toMatchObject({ status: "applied" });
    expect(await gh.apply(entitlement("grant", "alan", "org-role:security-auditor"))).toMatchObject({ status: "unchanged" });
    expect(await gh.apply(entitlement("revoke", "ada", "org-role:security-auditor"))).toMatchObject({ status: "applied" });
    // Held only through the team: nothing direct to take away.
    expect(await gh.apply(entitlement("revoke", "grace", "org-role:security-auditor"))).toMatchObject({ status: "unchanged" });
    expect([...auditor.users].map((id) => o.userById(id).login)).toEqual(["alan"]);
    const e = await gh.apply(entitlement("grant", "alan", "org-role:no-such-role")).then(() => undefined, (err: unknown) => err as TargetError);
    expect(e?.message).toBe('target "github": acme-robotics has no organization role "no-such-role"');
  });
});
