// GraphQL queries are reads: GitHub asks for a pause only "between mutative requests" (Best
// practices for using the REST API: "If you are making a large number of POST, PATCH, PUT, or
// DELETE requests, wait at least one second between each request"), and a GraphQL request without
// a mutation costs 1 secondary-limit point, as a GET does (Rate limits for the REST API,
// "Calculating points for the secondary rate limit"). Octokit's throttling plugin spaced every
// POST /graphql a second apart as a write (rv89 MEDIUM-1). The client runs at the production pace
// (waitScale 1) against the fake, through the real @octokit/rest, with a write limiter that counts
// what it is handed to pace: what is paced is counted, not timed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../../src/targets/github/client.js";
import { COLLABORATORS_QUERY } from "../../src/targets/github/direct-collaborators.js";
import { isReadOnlyQuery } from "../../src/targets/github/read-only-query.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  for (const repo of ["api", "docs", "infra", "web"]) fake.org.addCollaborator(repo, "priya", "write");
});
afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});


describe("github client: GraphQL queries are paced as GETs, not as writes", () => {
  it("a query is never handed to the write limiter (which spaces writes a second apart); a write is", async () => {
    // The plugin's write limiter group, counting what it is given to pace (and letting it through at once).
    let paced = 0;
    const writeLimiter = { key: () => ({ schedule: (_job: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => { paced++; return fn(...args); } }) };
    const client = createClient({ name: "github", token: fake.token, baseUrl: fake.url, waitScale: 1, writeLimiter }, "runner");
    for (const repo of ["api", "docs", "infra", "web"]) {
      const page = await client.graphql<{ repository: { collaborators: { edges: Array<{ node: { login: string } }> } } }>(COLLABORATORS_QUERY, { owner: ORG, repo, login: null, after: null });
      expect(page.repository.collaborators.edges.map((e) => e.node.login)).toEqual(["priya"]);
    }
    expect(fake.requests.filter((r) => r.path === "/graphql")).toHaveLength(4);
    expect(paced).toBe(0);
    // A write is still paced (a mutation document too: isReadOnlyQuery, below).
    await client.request("PUT /orgs/{org}/memberships/{username}", { org: ORG, username: "priya", role: "member" });
    expect(paced).toBe(1);
  });
});

describe("isReadOnlyQuery: what is sent past the write limiter", () => {
  const url = "https://api.github.com/graphql";
  it("a query, named or not, or the shorthand `{ … }`", () => {
    expect(isReadOnlyQuery("POST", url, { query: COLLABORATORS_QUERY, variables: {} })).toBe(true);
    expect(isReadOnlyQuery("POST", url, { query: "{ viewer { login } }" })).toBe(true);
    expect(isReadOnlyQuery("POST", "/graphql", { query: "query Q { viewer { login } }" })).toBe(true);
  });

  it("never a document naming a mutation or subscription anywhere, not a REST write, not a GET", () => {
    expect(isReadOnlyQuery("POST", url, { query: "mutation($id: ID!) { deleteRef(input: {refId: $id}) { clientMutationId } }" })).toBe(false);
    expect(isReadOnlyQuery("POST", url, { query: "query A { viewer { login } }\nmutation B { addStar(input: {starrableId: \"x\"}) { clientMutationId } }", operationName: "A" })).toBe(false);
    expect(isReadOnlyQuery("POST", url, { query: "subscription { x }" })).toBe(false);
    // Conservative: a word in a comment is paced as a write too (a second lost, nothing sent unpaced).
    expect(isReadOnlyQuery("POST", url, { query: "# no mutation here\n{ viewer { login } }" })).toBe(false);
    expect(isReadOnlyQuery("POST", "https://api.github.com/orgs/acme/invitations", { invitee_id: 1 })).toBe(false);
    expect(isReadOnlyQuery("GET", url, undefined)).toBe(false);
    expect(isReadOnlyQuery("POST", url, { variables: {} })).toBe(false);
  });

  it("a name merely containing the word is still a query (GraphQL tokens: mutationId is one name)", () => {
    expect(isReadOnlyQuery("POST", url, { query: "{ node(id: \"x\") { ... on Commit { mutationsCount: oid } } }" })).toBe(true);
  });
});
