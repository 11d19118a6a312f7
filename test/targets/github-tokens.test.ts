// The github connector with each kind of token GitHub issues, against the fake answering as GitHub
// does for that kind (test/servers/github-fake/tokens.ts cites the documentation): an App
// installation token (no user: GET /user is 403), a fine-grained PAT (403 naming the permission
// it lacks), a classic PAT (scopes in X-OAuth-Scopes; 404 for a missing scope). What a fake cannot
// prove: that real tokens hold exactly these permissions; the opt-in live test in github.test.ts.
import { describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/model/documents.js";
import type { Action, Change } from "../../src/model/change.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { TargetError } from "../../src/targets/target-error.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { githubFakePerTest } from "../helpers/github-fake-per-test.js";
import { fakeToken, type FakeToken, type TokenKind } from "../servers/github-fake/tokens.js";

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
const startFake = githubFakePerTest();

/** A fake org with an owner (alice), members and a team, answering the given tokens. */
async function org(tokens: FakeToken[], self?: string): Promise<GithubFake> {
  fake = await startFake({ org: ORG, tokens, ...(self ? { self } : {}) });
  const o = fake.org;
  o.addMember("alice", "admin");
  o.addMember("bob", "admin");
  o.addMember("carol", "member");
  o.addUser("dave");
  o.addTeam("platform");
  o.addTeamMember("platform", "carol");
  o.addPatGrant("carol", "release-notes-agent");
  return fake;
}

function connector(token: FakeToken, options: Record<string, unknown> = {}, runAs?: string): TargetConnector {
  const config: TargetConfig = { type: "github", org: ORG, token: "${env:GH_TEST_TOKEN}", ...(runAs ? { runAs } : {}), options: { deployKeys: false, ...options } };
  return createGithubConnector(config, { name: "github", repoDir: "/nonexistent", env: { GH_TEST_TOKEN: token.value } }, { baseUrl: fake!.url, waitScale: 0.001 });
}

function change(action: Action, fields: Partial<Change>): Change {
  return { id: `${action}-${fields.login}-${fields.entitlement ?? ""}`, target: "github", action, identity: fields.login ?? "someone", privileged: false, origin: "pr", reason: "test", evidence: [], ...fields };
}

async function rejection(p: Promise<unknown>): Promise<TargetError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TargetError);
  return e as TargetError;
}

describe("github tokens: each kind is found out, not configured", () => {
  it.each<[TokenKind, string]>([
    ["classic", "personal access token (classic)"],
    ["fine-grained", "fine-grained personal access token"],
  ])("a %s token reads the org; PAT grants, which only an App can list, become an info finding, never a failed read", async (kind, name) => {
    const token = fakeToken(kind);
    await org([token]);
    const state = await connector(token).read();
    expect(state.accounts.map((a) => a.login)).toEqual(["alice", "bob", "carol", "scopesync-bot"]);
    expect(state.credentials).toEqual([]);
    expect(state.findings).toEqual([
      {
        rule: "github-pat-grants-not-read",
        severity: "info",
        message: `target "github": fine-grained personal access token grants in ${ORG} were not read: the token is a ${name}, and only a GitHub App installation token can list them. A leaver's or a disabled NHI's token grants are not revoked by this plan`,
        remediation: "use a GitHub App installation token with Organization → Personal access tokens: read (plan) / read and write (apply), or set targets.github.options.patGrants: false to stop reading them",
      },
    ]);
    // The connector never asks what the token cannot have: no 403 from the PAT-grant endpoint.
    expect(fake!.requests.filter((r) => r.operationId === "orgs/list-pat-grants")).toEqual([]);
  });

  it("an App installation token: GET /user answers 403 (installation tokens have no user), the read goes on and lists PAT grants", async () => {
    const token = fakeToken("app");
    await org([token]);
    const state = await connector(token).read();
    expect(fake!.requests.find((r) => r.operationId === "users/get-authenticated")).toMatchObject({ status: 403, refused: "Resource not accessible by integration" });
    // The App's bot is never an org member.
    expect(state.accounts.map((a) => a.login)).toEqual(["alice", "bob", "carol"]);
    expect(state.credentials.map((c) => c.credentialId)).toEqual(["release-notes-agent"]);
    // Only that an App cannot ask which teams an IdP owns (team sync's route is not for Apps).
    expect(state.findings?.map((f) => f.rule)).toEqual(["github-idp-teams-not-read"]);
  });

  it("an App without Organization → Personal access tokens: the grants are an info finding naming the permission", async () => {
    const token: FakeToken = { ...fakeToken("app"), permissions: { members: "read", metadata: "read" } };
    await org([token]);
    const state = await connector(token).read();
    expect(state.findings?.filter((f) => f.rule === "github-pat-grants-not-read").map((f) => f.message)).toEqual([`target "github": fine-grained personal access token grants in ${ORG} were not read: the GitHub App lacks Organization → Personal access tokens: read. A leaver's or a disabled NHI's token grants are not revoked by this plan`]);
  });

  it("patGrants: false reads no grants and says nothing", async () => {
    const token = fakeToken("classic");
    await org([token]);
    expect((await connector(token, { patGrants: false }).read()).findings).toBeUndefined();
  });

  it("a token GitHub refuses is a 401 error, not an empty org", async () => {
    const token = fakeToken("app");
    await org([token]);
    const e = await rejection(connector({ ...token, value: "ghs_revoked" }).read());
    expect(e.message).toBe('target "github": find out which kind of token this is (GET /user): 401 Bad credentials');
  });
});

describe("github tokens: the self-guard without GET /user", () => {
  it("an App token removes a leaver and revokes role:admin with no user of its own to ask for", async () => {
    const token = fakeToken("app");
    await org([token]);
    const gh = connector(token, {}, "alice");
    const carol = fake!.org.user("carol")!.id;
    expect(await gh.apply(change("disable-account", { login: "carol" }))).toEqual({ status: "applied", account: String(carol) });
    expect(await gh.apply(change("revoke", { login: "bob", entitlement: "role:admin" }))).toMatchObject({ status: "applied" });
    expect(fake!.org.members.get(fake!.org.user("bob")!.id)).toBe("member");
    // runAs is what an App guards: the owner it is configured to keep.
    for (const c of [change("disable-account", { login: "alice" }), change("revoke", { login: "alice", entitlement: "role:admin" })]) {
      const e = await rejection(gh.apply(c));
      expect(e.message).toContain('refusing to');
      expect(e.message).toContain('"alice": it is the account scopesync runs as (targets.github.runAs)');
    }
    expect(fake!.org.members.get(fake!.org.user("alice")!.id)).toBe("admin");
    // GET /user was asked once (to learn the kind), refused, and never again.
    expect(fake!.requests.filter((r) => r.operationId === "users/get-authenticated")).toHaveLength(1);
  });

  it.each<TokenKind>(["classic", "fine-grained"])("a %s token never removes or demotes its own user", async (kind) => {
    const token = fakeToken(kind);
    await org([token]);
    const gh = connector(token);
    for (const c of [change("disable-account", { login: "scopesync-bot" }), change("revoke", { login: "scopesync-bot", entitlement: "role:admin" })]) {
      const e = await rejection(gh.apply(c));
      expect(e.message).toContain("it is the user scopesync's own token belongs to");
    }
    expect(fake!.org.members.get(fake!.org.self.id)).toBe("admin");
  });
});

describe("github tokens: a permission the plan needs and the token lacks", () => {
  const plan = [change("create-account", { login: "dave" }), change("revoke", { login: "carol", entitlement: "team:platform" })];

  /** What the preflight refuses: each group's changes (by action and identity) and its message. */
  const refusedOf = async (gh: TargetConnector, changes: Change[]): Promise<Array<{ changes: string[]; message: string; hint: string }>> =>
    (await gh.preflight!(changes)).map((r) => ({ changes: r.changes.map((c) => `${c.action} ${c.identity}`), message: r.message, hint: r.hint }));

  it("a classic token without admin:org: the changes that need it are refused before apply, each scope named", async () => {
    const token = fakeToken("classic", "plan");
    await org([token]);
    expect(await refusedOf(connector(token), plan)).toEqual([
      { changes: ["create-account dave"], message: "the token (a personal access token (classic) with scopes read:org, repo) lacks the scope admin:org, which 1 planned change(s) need (create-account dave): refused before apply; the changes the token can make are applied", hint: expect.stringContaining("give the token what is missing (docs/setup.md") },
      { changes: ["revoke carol"], message: "the token (a personal access token (classic) with scopes read:org, repo) lacks the scope write:org or admin:org, which 1 planned change(s) need (revoke carol team:platform): refused before apply; the changes the token can make are applied", hint: expect.stringContaining("give the token what is missing") },
    ]);
    expect(fake!.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a PAT-grant revocation with a personal token: only it is refused before apply (only an App can), the leaver's removal is not", async () => {
    const token = fakeToken("fine-grained");
    await org([token]);
    const refused = await refusedOf(connector(token), [change("revoke-credential", { login: "carol", credential: "pat-grant:1" }), change("disable-account", { login: "carol" })]);
    expect(refused).toEqual([{ changes: ["revoke-credential carol"], message: expect.stringContaining("lacks a GitHub App installation token with Organization → Personal access tokens: read and write (organization_personal_access_tokens=write) (a fine-grained personal access token cannot call GitHub's PAT-grant endpoints)"), hint: expect.any(String) }]);
  });

  it("a personal token whose user is not an owner: the changes that need an owner are refused before apply, the others are not", async () => {
    const token = fakeToken("fine-grained");
    await org([token], "not-an-owner");
    fake!.org.members.set(fake!.org.self.id, "member");
    const refused = await refusedOf(connector(token), [...plan, change("revoke", { login: "carol", entitlement: "repo:infra:write" })]);
    expect(refused).toEqual([{ changes: ["create-account dave", "revoke carol"], message: expect.stringContaining('the token\'s user "not-an-owner" is an active member of acme-robotics, not an active owner, so it cannot make 2 planned change(s) that need one'), hint: expect.stringContaining("use a token of an owner of acme-robotics") }]);
  });

  it.each<[TokenKind, string]>([
    ["fine-grained", "Resource not accessible by personal access token"],
    ["app", "Resource not accessible by integration"],
  ])("a read-only %s token: what cannot be known ahead fails at the first write, naming the permission GitHub asked for", async (kind, message) => {
    const token = fakeToken(kind, "plan");
    await org([token]);
    const gh = connector(token);
    expect(await gh.preflight!(plan)).toEqual([]); // a fine-grained or App token's permissions cannot be read with the token
    const e = await rejection(gh.apply(plan[0]!));
    expect(e.message).toBe(`target "github": invite "dave" to ${ORG}: 403 ${message} (the token lacks Organization → Members: read and write (members=write))`);
    expect(e.retryable).toBe(false);
    expect(fake!.org.invitations.size).toBe(0);
  });

  it("a read-only classic token's 404 for a missing scope is an error naming the scope, not 'absent'", async () => {
    const token: FakeToken = { ...fakeToken("classic"), scopes: ["repo"] };
    await org([token]);
    const e = await rejection(connector(token, { patGrants: false }).read());
    // The page refused is named too (its route and page), as every refused page of a list is.
    expect(e.message).toBe(`target "github": list the members of ${ORG}: GET /orgs/${ORG}/members?role=all&per_page=100 (the first page): 404 Not Found (the token lacks the scope read:org or write:org or admin:org; it has repo)`);
  });
});
