// Nested teams against the fake: GitHub lists a child team's members as members of the parent
// ("Team members will include the members of child teams", with `inherited: true`, per the
// descriptions of teams/list-members-in-org and teams/get-membership-for-user-in-org). Only a
// direct membership is the `team:<slug>` entitlement. Not provable with a fake: what GitHub answers
// to DELETE of a membership that is only inherited (the connector never sends one).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Action, Change } from "../../src/model/change.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;

function connector(): TargetConnector {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 });
}

function change(action: Action, login: string, entitlement: string): Change {
  return { id: `${action}-${login}-${entitlement}`, target: "github", action, identity: login, login, entitlement, privileged: false, origin: "pr", reason: "test", evidence: [] };
}

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  const o = fake.org;
  for (const login of ["ada", "alan", "grace"]) o.addMember(login);
  o.addTeam("engineering");
  o.addTeam("platform", "platform", "engineering");
  o.addTeam("sre", "sre", "platform"); // a grandchild
  o.addTeamMember("platform", "ada"); // through the child only
  o.addTeamMember("engineering", "alan"); // direct in the parent and a member of the child
  o.addTeamMember("platform", "alan");
  o.addTeamMember("sre", "grace", "maintainer"); // through the grandchild only
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("github nested teams", () => {
  it("the fake lists child-team members in the parent, marked inherited (as GitHub documents)", async () => {
    const res = await fetch(`${fake.url}/orgs/${ORG}/teams/engineering/members`, { headers: { authorization: `token ${fake.token}` } });
    const body = (await res.json()) as Array<{ login: string; inherited: boolean; role: string }>;
    expect(body.map((m) => `${m.login} ${m.role} ${m.inherited ? "inherited" : "direct"}`)).toEqual(["ada member inherited", "alan member direct", "grace maintainer inherited"]);
  });

  it("read() reports only direct memberships as team:<slug>; an inherited one is noted, not an entitlement", async () => {
    const state = await connector().read();
    const view = Object.fromEntries(state.accounts.filter((a) => a.login !== "scopesync-bot").map((a) => [a.login, { entitlements: a.entitlements, attributes: a.attributes }]));
    expect(view).toEqual({
      ada: { entitlements: ["team:platform"], attributes: { "inherited:team:engineering": "true" } },
      alan: { entitlements: ["team:engineering", "team:platform"], attributes: {} },
      grace: { entitlements: ["team:sre"], attributes: { "inherited:team:engineering": "true", "inherited:team:platform": "true", "teamRole:sre": "maintainer" } },
    });
  });

  it("revoking the parent removes the direct membership and converges; the child-team membership stays", async () => {
    const gh = connector();
    expect(await gh.apply(change("revoke", "alan", "team:engineering"))).toMatchObject({ status: "applied" });
    expect(fake.org.teams.get("engineering")!.members.has(fake.org.user("alan")!.id)).toBe(false);
    expect(fake.org.teams.get("platform")!.members.has(fake.org.user("alan")!.id)).toBe(true);
    // GitHub still lists alan in engineering (through platform): that is not the entitlement.
    expect((await gh.read()).accounts.find((a) => a.login === "alan")).toMatchObject({ entitlements: ["team:platform"], attributes: { "inherited:team:engineering": "true" } });
    expect(await gh.apply(change("revoke", "alan", "team:engineering"))).toMatchObject({ status: "unchanged" });
    expect(fake.requests.filter((r) => r.operationId === "teams/remove-membership-for-user-in-org")).toHaveLength(1);
  });

  it("a revoke of a membership held only through a child team has nothing to remove: unchanged, no DELETE", async () => {
    expect(await connector().apply(change("revoke", "ada", "team:engineering"))).toMatchObject({ status: "unchanged" });
    expect(fake.count("teams/remove-membership-for-user-in-org")).toBe(0);
  });

  it("a grant of the parent to a child-team member adds the direct membership, then is unchanged", async () => {
    const gh = connector();
    expect(await gh.apply(change("grant", "grace", "team:engineering"))).toMatchObject({ status: "applied" });
    expect(fake.org.teams.get("engineering")!.members.get(fake.org.user("grace")!.id)).toBe("member");
    expect((await gh.read()).accounts.find((a) => a.login === "grace")?.entitlements).toEqual(["team:engineering", "team:sre"]);
    expect(await gh.apply(change("grant", "grace", "team:engineering"))).toMatchObject({ status: "unchanged" });
  });
});
