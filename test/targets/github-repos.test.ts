// Repository access against the fake: `repo:<name>:<role>` for members and outside collaborators,
// repository invitations, and an outside collaborator's removal. GitHub's documented behaviour
// (repos/add-collaborator): an org member is added at once (204), anyone else is invited (201),
// and an existing collaborator's role is changed in place; a custom repository role the org defines
// is granted by its name. Not provable with a fake: access through teams (read as team:<slug>, not
// as repo: entitlements).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Action, Change } from "../../src/model/change.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;

function connector(repositories: unknown = ["infra", "docs"]): TargetConnector {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false, repositories } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 });
}

function change(action: Action, login: string, entitlement?: string, replacedBy?: string): Change {
  return { id: `${action}-${login}-${entitlement ?? ""}`, target: "github", action, identity: login, login, ...(entitlement ? { entitlement } : {}), ...(replacedBy ? { replacedBy } : {}), privileged: false, origin: "pr", reason: "test", evidence: [] };
}

const roles = (repo: string): Record<string, string> => Object.fromEntries([...fake.org.repos.get(repo)!.collaborators].map(([id, r]) => [fake.org.userById(id).login, r]).sort());
const invited = (repo: string): string[] => [...fake.org.repos.get(repo)!.invitations.values()].map((i) => `${fake.org.userById(i.userId).login}:${i.role}`).sort();

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  const o = fake.org;
  o.addMember("ada");
  o.addMember("linus");
  o.addUser("cora");
  o.addUser("dan");
  o.addRepo("infra");
  o.addRepo("docs");
  o.addRepo("website");
  o.addCollaborator("infra", "linus", "write");
  o.addCollaborator("docs", "cora", "write"); // an outside collaborator
  o.addCollaborator("website", "dan", "read"); // a repository scopesync is not told to read
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("github repository access", () => {
  it("reads direct collaborators of the configured repositories; an outside collaborator is an account marked as such", async () => {
    const state = await connector().read();
    const view = Object.fromEntries(state.accounts.filter((a) => a.login !== "scopesync-bot").map((a) => [a.login, `${a.entitlements.join(" ")} ${JSON.stringify(a.attributes)}`]));
    // dan's access is to website, which options.repositories does not name: an account all the
    // same (GET /orgs/{org}/outside_collaborators lists him), with no repo: entitlement read. His
    // access to each repository is recorded as a path (collaborator:<repo>) whatever
    // options.repositories says, for the plan to name what his removal takes.
    expect(view).toEqual({ ada: " {}", cora: 'repo:docs:write {"outsideCollaborator":"true","collaborator:docs":"write"}', dan: ' {"outsideCollaborator":"true","collaborator:website":"read"}', linus: "repo:infra:write {}" });
    // Of website, only its pending invitations are listed (a path to it): no REST collaborator list.
    expect(fake.requests.filter((r) => r.path.includes("/website/")).map((r) => r.operationId)).toEqual(["repos/list-invitations"]);
  });

  it("reads every outside collaborator as an account without options.repositories: a leaving contractor is never unseen", async () => {
    const state = await connector(false).read();
    const view = Object.fromEntries(state.accounts.map((a) => [a.login, `${a.entitlements.join(" ")} ${JSON.stringify(a.attributes)}`]));
    expect(view).toEqual({ ada: " {}", cora: ' {"outsideCollaborator":"true","collaborator:docs":"write"}', dan: ' {"outsideCollaborator":"true","collaborator:website":"read"}', linus: " {}", "scopesync-bot": "role:admin {}" });
    expect(state.accounts.find((a) => a.login === "cora")?.id).toBe(String(fake.org.user("cora")!.id));
    // No repository's collaborators were listed by REST (no repo: entitlements): only the org-wide
    // list, and each outside collaborator's direct role per repository (GraphQL permissionSources).
    expect(fake.count("repos/list-collaborators")).toBe(0);
    expect(fake.count("orgs/list-outside-collaborators")).toBe(1);
    // Its removal needs no options.repositories either: off every repository of the org.
    fake.org.addCollaborator("website", "cora", "admin");
    expect(await connector(false).apply(change("disable-account", "cora"))).toMatchObject({ status: "applied" });
    expect(fake.org.outsideCollaborators().map((id) => fake.org.userById(id).login)).toEqual(["dan"]);
  });

  it("a grant to a member adds them at once; a grant to a non-member is a repository invitation that read() counts", async () => {
    const gh = connector();
    expect(await gh.apply(change("grant", "ada", "repo:infra:admin"))).toMatchObject({ status: "applied" });
    expect(roles("infra")).toEqual({ ada: "admin", linus: "write" });
    expect(await gh.apply(change("grant", "dan", "repo:docs:read"))).toMatchObject({ status: "applied" });
    expect(invited("docs")).toEqual(["dan:read"]);
    // dan is an outside collaborator already (website): the account is his, not pending.
    expect((await gh.read()).accounts.find((a) => a.login === "dan")).toEqual(expect.objectContaining({ entitlements: ["repo:docs:read"], attributes: { outsideCollaborator: "true", "collaborator:website": "read", "repoInvitation:docs": "read" } }));
    expect(await gh.apply(change("grant", "dan", "repo:docs:read"))).toMatchObject({ status: "unchanged" });
    // Someone with no access anywhere yet is only invited: pending.
    fake.org.addUser("eve");
    expect(await gh.apply(change("grant", "eve", "repo:docs:read"))).toMatchObject({ status: "applied" });
    expect((await gh.read()).accounts.find((a) => a.login === "eve")).toMatchObject({ entitlements: ["repo:docs:read"], attributes: { outsideCollaborator: "true", pending: "true", "repoInvitation:docs": "read" } });
    expect(fake.count("repos/add-collaborator")).toBe(3);
  });

  it("a revoke removes the access, or cancels the invitation; one for another role than the current is unchanged", async () => {
    const gh = connector();
    expect(await gh.apply(change("revoke", "linus", "repo:infra:admin"))).toMatchObject({ status: "unchanged" });
    expect(await gh.apply(change("revoke", "linus", "repo:infra:write"))).toMatchObject({ status: "applied" });
    expect(roles("infra")).toEqual({});
    await gh.apply(change("grant", "dan", "repo:docs:read"));
    expect(await gh.apply(change("revoke", "dan", "repo:docs:read"))).toMatchObject({ status: "applied" });
    expect(invited("docs")).toEqual([]);
    expect(await gh.apply(change("revoke", "dan", "repo:docs:read"))).toMatchObject({ status: "unchanged" });
  });

  it("a role change of a pending invitation updates the invitation (PATCH), never a second one; a custom role's revoke removes", async () => {
    const gh = connector();
    await gh.apply(change("grant", "dan", "repo:docs:write"));
    const [inv] = [...fake.org.repos.get("docs")!.invitations.values()];
    // Lowering: the revoke sets the lower role in place; the grant then finds it done.
    expect(await gh.apply(change("revoke", "dan", "repo:docs:write", "repo:docs:read"))).toMatchObject({ status: "applied" });
    expect(await gh.apply(change("grant", "dan", "repo:docs:read"))).toMatchObject({ status: "unchanged" });
    // Raising: the revoke leaves it to the grant, which changes the invitation in place.
    expect(await gh.apply(change("revoke", "dan", "repo:docs:read", "repo:docs:maintain"))).toMatchObject({ status: "unchanged" });
    expect(await gh.apply(change("grant", "dan", "repo:docs:maintain"))).toMatchObject({ status: "applied" });
    expect(invited("docs")).toEqual(["dan:maintain"]);
    expect([...fake.org.repos.get("docs")!.invitations.keys()]).toEqual([inv!.id]);
    expect(fake.count("repos/update-invitation")).toBe(2);
    expect(fake.count("repos/add-collaborator")).toBe(1);
    // A custom role has no known rank: its revoke removes the access as any revoke does.
    fake.org.addCollaborator("infra", "ada", "write");
    expect(await gh.apply(change("revoke", "ada", "repo:infra:write", "repo:infra:security-auditor"))).toMatchObject({ status: "applied" });
    expect(roles("infra")).toEqual({ linus: "write" });
  });

  it("a grant never lowers a role held now (GitHub's PUT would replace it): refused with an error, nothing sent", async () => {
    const gh = connector();
    // linus holds write on infra: a grant of read, planned before someone raised it or by a plan that did not compare, is refused.
    await expect(gh.apply(change("grant", "linus", "repo:infra:read"))).rejects.toThrow(/"?linus"? holds write on acme-robotics\/infra now, higher than the read this grant gives; GitHub replaces the role, so the grant would lower it and is not applied/);
    // A pending invitation's role is not lowered either.
    await gh.apply(change("grant", "dan", "repo:docs:admin"));
    await expect(gh.apply(change("grant", "dan", "repo:docs:triage"))).rejects.toThrow(/holds admin on acme-robotics\/docs now/);
    // A team's role likewise.
    fake.org.addTeam("platform");
    fake.org.addTeamRepo("platform", "infra", "maintain");
    await expect(gh.apply({ ...change("grant", "team:platform", "repo:infra:write"), identity: "team:platform" })).rejects.toThrow(/team "platform" holds maintain on acme-robotics\/infra now/);
    expect(roles("infra")).toEqual({ linus: "write" });
    expect(invited("docs")).toEqual(["dan:admin"]);
    expect(fake.org.teams.get("platform")!.repos.get("infra")).toBe("maintain");
    expect(fake.count("repos/add-collaborator")).toBe(1);
    expect(fake.count("repos/update-invitation")).toBe(0);
    expect(fake.count("teams/add-or-update-repo-permissions-in-org")).toBe(0);
    // A higher role is an ordinary raise in place.
    expect(await gh.apply(change("grant", "linus", "repo:infra:admin"))).toMatchObject({ status: "applied" });
    expect(roles("infra")).toEqual({ linus: "admin" });
  });

  // A custom role's base (read to maintain) is not read, so a grant of one over any other role held
  // now may lower it, and takes it away from what the hand gave (rv98 M1): refused, as a built-in
  // grant over a held custom role is, whatever role is held; nothing is sent.
  it("a grant of a custom role never replaces another role held now: refused with an error, nothing sent", async () => {
    const gh = connector();
    fake.org.addCollaborator("docs", "ada", "read");
    await expect(gh.apply(change("grant", "linus", "repo:infra:Security-Reviewer"))).rejects.toThrow(/"?linus"? holds write on acme-robotics\/infra now; GitHub replaces the role, so the grant of the custom role Security-Reviewer, whose base role may give less than write, would replace it, and is not applied/);
    await expect(gh.apply(change("grant", "ada", "repo:docs:Security-Reviewer"))).rejects.toThrow(/"?ada"? holds read on acme-robotics\/docs now/);
    // A pending invitation's role likewise.
    await gh.apply(change("grant", "dan", "repo:infra:maintain"));
    await expect(gh.apply(change("grant", "dan", "repo:infra:Security-Reviewer"))).rejects.toThrow(/holds maintain on acme-robotics\/infra now/);
    expect(roles("infra")).toEqual({ linus: "write" });
    expect(roles("docs")).toEqual({ ada: "read", cora: "write" });
    expect(invited("infra")).toEqual(["dan:maintain"]);
    expect(fake.count("repos/add-collaborator")).toBe(1);
    expect(fake.count("repos/update-invitation")).toBe(0);
  });

  // GitHub's PUT takes "a custom repository role name, if the owning organization has defined any"
  // as `permission`, for a collaborator and for a team (REST, Add a repository collaborator; Add or
  // update team repository permissions); any other name, or the name in another case, is refused
  // (422 "Role `…` is not available for the <org>/<repo> repository.", sigstore/community#401).
  it("a custom role the org defines is granted to a member and to a team and read back as its name; an unknown one fails clearly", async () => {
    fake.org.addCustomRepoRole("Release-Manager", "write");
    fake.org.addTeam("platform");
    const gh = connector();
    expect(await gh.apply(change("grant", "ada", "repo:docs:Release-Manager"))).toMatchObject({ status: "applied" });
    expect(await gh.apply({ ...change("grant", "team:platform", "repo:infra:Release-Manager"), identity: "team:platform" })).toMatchObject({ status: "applied" });
    const state = await gh.read();
    expect(state.accounts.find((a) => a.login === "ada")?.entitlements).toEqual(["repo:docs:Release-Manager"]);
    expect(state.groups?.find((g) => g.entitlement === "team:platform")?.holds).toEqual(["repo:infra:Release-Manager"]);
    expect(await gh.apply(change("grant", "ada", "repo:docs:Release-Manager"))).toMatchObject({ status: "unchanged" });
    await expect(gh.apply(change("grant", "dan", "repo:infra:Release-Managers"))).rejects.toThrow(/give "?dan"? Release-Managers access to acme-robotics\/infra: 422 Role `Release-Managers` is not available for the acme-robotics\/infra repository/);
    await expect(gh.apply(change("grant", "dan", "repo:infra:release-manager"))).rejects.toThrow(/422 Role `release-manager` is not available for the acme-robotics\/infra repository/);
    expect(roles("infra")).toEqual({ linus: "write" });
  });

  it("disable-account of an outside collaborator removes them from every repository of the org", async () => {
    const gh = connector();
    fake.org.addCollaborator("website", "cora", "read");
    expect(await gh.apply(change("disable-account", "cora"))).toMatchObject({ status: "applied" });
    expect(fake.org.outsideCollaborators().map((id) => fake.org.userById(id).login)).toEqual(["dan"]);
    expect(await gh.apply(change("disable-account", "cora"))).toMatchObject({ status: "unchanged" });
  });

  it("a member's removal drops their repository access too (GitHub does), so nothing is left to drift", async () => {
    await connector().apply(change("disable-account", "linus"));
    expect(roles("infra")).toEqual({});
  });
});
