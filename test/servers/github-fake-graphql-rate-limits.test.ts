// The GitHub fake's GraphQL rate limits (graphql-cost.ts, graphql-rate-limits.ts), read with
// @octokit/rest as the connector reads GitHub, against "Rate limits and query limits for the
// GraphQL API": a query's points as the page predicts them (its own example: 51 points), an hour's
// points counted apart from REST's (x-ratelimit-resource: graphql), a spent hour answered HTTP 200
// with RATE_LIMITED and x-ratelimit-remaining 0 until x-ratelimit-reset, 2,000 secondary points a
// minute answered 403 (or 200) with retry-after, and the `rateLimit` object a query may select,
// with `dryRun: true` the query's cost without evaluating it.
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { queryCost } from "./github-fake/graphql-cost.js";
import { startGithubFake, type GithubFake } from "./github-fake/index.js";

const ORG = "acme-robotics";
const SAML = `query($org: String!, $after: String) { organization(login: $org) { samlIdentityProvider { externalIdentities(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { user { login } } } } } }`;
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let fake: GithubFake | undefined;
afterEach(async () => {
  try {
    fake?.assertNoViolations();
  } finally {
    await fake?.close();
    fake = undefined;
  }
});

/** A fake whose clock the test moves (`clock.now`), and Octokit as the connector builds it, without its plugins. */
async function start(graphql: NonNullable<Parameters<typeof startGithubFake>[0]>["rateLimits"]) {
  const clock = { now: Date.UTC(2026, 0, 15, 8, 0, 0) };
  fake = await startGithubFake({ org: ORG, rateLimits: { ...graphql, now: () => clock.now } });
  const octokit = new Octokit({ auth: fake.token, baseUrl: fake.url, log: quiet });
  const ask = (query = SAML) =>
    octokit.request("POST /graphql", { query, variables: { org: ORG, after: null } }).then(
      (r) => ({ status: r.status, headers: r.headers as Record<string, unknown>, body: r.data as Record<string, unknown> }),
      (e: { status: number; response: { headers: Record<string, unknown>; data: Record<string, unknown> } }) => ({ status: e.status, headers: e.response.headers, body: e.response.data }),
    );
  return { clock, octokit, ask };
}

describe("github fake: GraphQL points", () => {
  it("predicts a query's points as GitHub's page does: its example costs 5,101 requests, 51 points; scopesync's org-wide query 51 requests, 1 point", () => {
    const example = queryCost(`query { viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }`);
    expect(example).toMatchObject({ points: 51, nodes: 100 + 5_000 + 300_000, secondaryPoints: 1 });
    const org = queryCost(`query($org: String!, $n: Int = 50) { organization(login: $org) { repositories(first: $n) { nodes { ...C } } } } fragment C on Repository { collaborators(first: 100) { edges { node { login } } } }`);
    expect(org).toMatchObject({ points: 1, nodes: 50 + 5_000 });
    // A variable without a value or default is taken at the most a connection pages.
    expect(queryCost(`query($n: Int) { viewer { repositories(first: $n) { nodes { issues(first: 100) { totalCount } } } } }`, {})).toMatchObject({ points: 1, nodes: 100 + 10_000 });
    expect(queryCost(`mutation { addStar(input: {starrableId: "x"}) { clientMutationId } }`).secondaryPoints).toBe(5);
  });
});

describe("github fake: GraphQL rate limits, as GitHub answers them", () => {
  it("counts points apart from REST's; past the hour's points: HTTP 200, RATE_LIMITED, x-ratelimit-remaining 0 until x-ratelimit-reset, then answers again", async () => {
    const { clock, octokit, ask } = await start({ graphql: { pointsPerHour: 3 } });
    await octokit.rest.orgs.get({ org: ORG });
    const first = await ask();
    expect(first.headers).toMatchObject({ "x-ratelimit-limit": "3", "x-ratelimit-remaining": "2", "x-ratelimit-used": "1", "x-ratelimit-resource": "graphql", "x-ratelimit-reset": String(clock.now / 1000 + 3600) });
    clock.now += 60_000;
    await ask();
    await ask();
    const refused = await ask();
    expect(refused).toMatchObject({ status: 200, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-used": "3", "x-ratelimit-reset": String(clock.now / 1000 - 60 + 3600) }, body: { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for user ID 1." }] } });
    expect(refused.body).not.toHaveProperty("data");
    expect(fake!.requests.at(-1)).toMatchObject({ path: "/graphql", fault: "graphql-rate-limit" });
    // Octokit's graphql() throws it, the answer's headers and errors with it.
    await expect(octokit.graphql(SAML, { org: ORG, after: null })).rejects.toMatchObject({ name: "GraphqlResponseError", errors: [{ type: "RATE_LIMITED" }], headers: { "x-ratelimit-remaining": "0" } });
    clock.now += 3_600_000;
    expect(await ask()).toMatchObject({ status: 200, headers: { "x-ratelimit-remaining": "2" }, body: { data: { organization: { samlIdentityProvider: null } } } });
    expect(fake!.graphqlLimiter.refusals).toBe(2);
  });

  it("charges a query's predicted points, and costPerQuery instead when a test sets it", async () => {
    const { ask } = await start({ graphql: { pointsPerHour: 100 } });
    const org = `query($org: String!, $after: String) { organization(login: $org) { repositories(first: 100, after: $after, orderBy: {field: NAME, direction: ASC}) { pageInfo { hasNextPage endCursor } nodes { name collaborators(affiliation: DIRECT, first: 100) { pageInfo { hasNextPage endCursor } edges { node { login databaseId } permissionSources { permission roleName source { __typename } } } } } } } }`;
    // 1 + 100 requests: 1 point, the smallest a query costs.
    expect((await ask(org)).headers["x-ratelimit-used"]).toBe("1");
    await fake!.close();
    const spent = await start({ graphql: { pointsPerHour: 100, costPerQuery: 60 } });
    expect((await spent.ask()).headers["x-ratelimit-used"]).toBe("60");
    expect((await spent.ask()).body).toMatchObject({ errors: [{ type: "RATE_LIMITED" }] });
  });

  it("answers the rateLimit object a query selects: limit, cost, remaining, used, resetAt (a DateTime), nodeCount", async () => {
    const { ask } = await start({ graphql: {} });
    const r = await ask(SAML.replace("organization(login: $org)", "rateLimit { limit cost remaining used resetAt nodeCount } organization(login: $org)"));
    expect(r.body).toMatchObject({ data: { organization: { samlIdentityProvider: null }, rateLimit: { limit: 5000, cost: 1, remaining: 4999, used: 1, resetAt: "2026-01-15T09:00:00Z", nodeCount: 100 } } });
  });

  it("rateLimit(dryRun: true): the query's cost without evaluating it (the schema's words): its other fields null, no points charged", async () => {
    const { octokit, ask } = await start({ graphql: {} });
    // GitHub's own example (51 points), which the fake could not evaluate: a dry run does not try.
    const example = `query($dry: Boolean!) { rateLimit(dryRun: $dry) { cost remaining used nodeCount } viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }`;
    const dry = await octokit.graphql<{ rateLimit: Record<string, number>; viewer: unknown }>(example, { dry: true });
    expect(dry).toEqual({ rateLimit: { cost: 51, remaining: 5000, used: 0, nodeCount: 305_100 }, viewer: null });
    // A literal true is a dry run too; an evaluated query is charged as before.
    const literal = await ask(SAML.replace("organization(login: $org)", "rateLimit(dryRun: true) { cost used } organization(login: $org)"));
    expect(literal.body).toEqual({ data: { rateLimit: { cost: 1, used: 0 }, organization: null } });
    expect((await ask(SAML.replace("organization(login: $org)", "rateLimit(dryRun: false) { cost used } organization(login: $org)"))).body).toEqual({ data: { organization: { samlIdentityProvider: null }, rateLimit: { cost: 1, used: 1 } } });
    expect(fake!.requests.filter((r) => r.path === "/graphql").map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it("past 2,000 secondary points a minute: 403 with retry-after and GitHub's message (or, as documented too, 200 with the message in `errors`)", async () => {
    const { clock, ask } = await start({ graphql: { pointsPerMinute: 2 } });
    await ask();
    clock.now += 20_000;
    await ask();
    const refused = await ask();
    expect(refused).toMatchObject({ status: 403, headers: { "retry-after": "40", "x-ratelimit-resource": "graphql" } });
    expect(refused.body.message).toMatch(/secondary rate limit/);
    clock.now += 40_000;
    expect((await ask()).status).toBe(200);
    await fake!.close();
    const as200 = await start({ graphql: { pointsPerMinute: 1, secondaryStatus: 200 } });
    await as200.ask();
    expect(await as200.ask()).toMatchObject({ status: 200, headers: { "retry-after": "60" }, body: { errors: [{ message: expect.stringMatching(/secondary rate limit/) }] } });
  });
});
