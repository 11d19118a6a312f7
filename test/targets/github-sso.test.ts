// A personal token not authorized for an org that enforces SAML single sign-on (rv77 L1, L2).
// GitHub answers such a token 403, or 404, with `X-GitHub-SSO: required; url=…` ("If you receive a
// 403 Forbidden error, you can follow the URL in the X-GitHub-SSO header to authorize your token";
// such a token "may receive a 404 Not Found or a 403": REST *Authenticating*). The error says to
// authorize the token, with GitHub's link, never "the token lacks a permission"; and a 404 carrying
// the header is never read as "absent". The permission hint stays for a real permission gap.
import { describe, expect, it } from "vitest";
import type { TargetConfig } from "../../src/model/documents.js";
import { GithubApi } from "../../src/targets/github/api.js";
import { githubSettings } from "../../src/targets/github/settings.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { TargetError } from "../../src/targets/target-error.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import { githubFakePerTest } from "../helpers/github-fake-per-test.js";
import { fakeToken, type FakeToken } from "../servers/github-fake/tokens.js";

const ORG = "acme-robotics";
let fake: GithubFake | undefined;
const startFake = githubFakePerTest();

const config = (): TargetConfig => ({ type: "github", org: ORG, token: "${env:GH_TEST_TOKEN}", options: { deployKeys: false, patGrants: false } });
const ctx = (token: FakeToken) => ({ name: "github", repoDir: "/nonexistent", env: { GH_TEST_TOKEN: token.value } });

async function orgFor(token: FakeToken): Promise<GithubFake> {
  fake = await startFake({ org: ORG, tokens: [token] });
  fake.org.addMember("scopesync-bot", "admin");
  fake.org.addMember("ada");
  return fake;
}

async function rejection(p: Promise<unknown>): Promise<TargetError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TargetError) return e;
    throw e;
  }
  throw new Error("expected a TargetError");
}

describe("github: a token not authorized for the org's SAML SSO", () => {
  it("403: the read fails, and the fix says to authorize the token, with GitHub's link", async () => {
    const token = { ...fakeToken("classic"), ssoUnauthorized: 403 as const };
    await orgFor(token);
    const connector = createGithubConnector(config(), ctx(token), { baseUrl: fake!.url, waitScale: 0.001 });
    const e = await rejection(connector.read());
    expect(e.message).toContain("list the members of acme-robotics: GET /orgs/acme-robotics/members?role=all&per_page=100 (the first page): 403 Resource protected by organization SAML enforcement");
    expect(e.message).toContain("(the token is not authorized for acme-robotics's SAML single sign-on)");
    expect(e.details.hint).toBe(`authorize this token for acme-robotics's SAML single sign-on: open ${fake!.url}/orgs/acme-robotics/sso?authorization_request=A3B4C5D6E7F8sso (GitHub's link, valid for one hour), signed in as the token's user; then run again (a GitHub App installation token needs no authorization)`);
    expect(e.details.hint).not.toContain("lacks a permission");
    expect(`${e.message} ${e.details.hint}`).not.toContain(token.value);
  });

  it("404: a membership GitHub would not show is an error, never read as \"not a member\"", async () => {
    const token = { ...fakeToken("classic"), ssoUnauthorized: 404 as const };
    await orgFor(token);
    const api = new GithubApi(githubSettings(config(), ctx(token), { baseUrl: fake!.url, waitScale: 0.001 }));
    const e = await rejection(api.membership("ada"));
    expect(e.message).toContain('read acme-robotics membership of "ada": 404 Not Found (the token is not authorized for acme-robotics\'s SAML single sign-on)');
    expect(e.details.hint).toMatch(/^authorize this token for acme-robotics's SAML single sign-on/);
  });

  it("a real permission gap keeps the permission hint", async () => {
    const token = fakeToken("fine-grained", "plan");
    await orgFor(token);
    const api = new GithubApi(githubSettings(config(), ctx(token), { baseUrl: fake!.url, waitScale: 0.001 }));
    const e = await rejection(api.call("remove ada", () => api.octokit.rest.orgs.removeMembershipForUser({ org: ORG, username: "ada" })));
    expect(e.message).toContain("(the token lacks Organization → Members: read and write (members=write))");
    expect(e.details.hint).toContain("give the token that permission");
  });
});
