// A REST page GitHub refuses is named in the error by its route and page, as a refused GraphQL page
// is by its cursor (refused-page.ts): "list the members of acme" alone did not say which of 30
// pages failed. The page past the first is the Link header's URL, which GitHub or a proxy writes:
// a query value there that looks like a credential is never printed. Read with @octokit/rest
// against the OpenAPI-checked fake.
import { describe, expect, it } from "vitest";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { restPageName } from "../../src/targets/github/rest-page-name.js";
import type { TargetError } from "../../src/targets/target-error.js";
import { githubFakePerTest } from "../helpers/github-fake-per-test.js";
import type { GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
const startFake = githubFakePerTest();
let fake: GithubFake | undefined;

async function failedRead(fault: Parameters<GithubFake["injectFault"]>[0]): Promise<TargetError | undefined> {
  fake = await startFake({ org: ORG });
  for (let i = 0; i < 250; i++) fake.org.addMember(`user${i}`);
  fake.injectFault(fault);
  const connector = createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { patGrants: false, deployKeys: false, idpTeams: false } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001 });
  return connector.read().then(() => undefined, (e: unknown) => e as TargetError);
}

describe("github: a REST page refused", () => {
  it("names the route and the page GitHub refused (the third of the members' pages)", async () => {
    const failed = await failedRead({ kind: "server-error", operationId: "orgs/list-members", page: 3 });
    expect(failed?.bare).toBe(`list the members of ${ORG}: GET /orgs/${ORG}/members?role=all&per_page=100&page=3: 500 Server Error`);
    expect(`${failed?.message} ${failed?.hint}`).not.toContain(fake!.token);
  });

  it("names the first page as such", async () => {
    const failed = await failedRead({ kind: "server-error", operationId: "orgs/list-members" });
    expect(failed?.bare).toBe(`list the members of ${ORG}: GET /orgs/${ORG}/members?role=all&per_page=100 (the first page): 500 Server Error`);
  });

  it("a Link URL's query values that look like credentials are not printed; the route and page are", () => {
    const link = "https://api.github.com/orgs/acme/members?per_page=100&page=2&access_token=ghp_abcdefghijklmnopqrstuvwxyz0123456789&sig=c2lnbmF0dXJl&after=Y3Vyc29yOnYyOpK5MjAyNi0wMS0xNVQwODowMDowMCswMDowMM4";
    const named = restPageName(link);
    // A cursor is a position, not a credential: shown, as a GraphQL page's is.
    expect(named).toBe("GET /orgs/acme/members?per_page=100&page=2&access_token=***&sig=***&after=Y3Vyc29yOnYyOpK5MjAyNi0wMS0xNVQwODowMDowMCswMDowMM4");
    expect(named).not.toMatch(/ghp_|c2lnbmF0dXJl/);
    // A token's shape under any name, and a long near-random value, are hidden too.
    expect(restPageName("https://ghe.example/api/v3/orgs/acme/teams?per_page=100&page=4&x=github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU&y=q8Zr2LmX9vKp4TnW7cYb1HsJ6dFg3AeQ")).toBe("GET /api/v3/orgs/acme/teams?per_page=100&page=4&x=***&y=***");
  });
});
