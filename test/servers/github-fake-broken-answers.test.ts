// The GitHub fake's broken answers (broken-answers.ts), read with @octokit/rest as the connector
// reads GitHub: what Octokit makes of each is what the connector must not take at its word. A body
// cut off or empty reaches the caller as "" and Octokit's paginate reads it as an empty page and
// follows the Link header that arrived; a GraphQL rate limit is an HTTP 200 with an `errors` list,
// x-ratelimit-remaining 0 and x-ratelimit-reset ("Rate limits and query limits for the GraphQL API").
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { startGithubFake, type GithubFake } from "./github-fake/index.js";

const ORG = "acme-robotics";
let fake: GithubFake;
afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

async function withMembers(n: number): Promise<Octokit> {
  fake = await startGithubFake({ org: ORG });
  for (let i = 1; i < n; i++) fake.org.addMember(`member-${String(i).padStart(3, "0")}`);
  return new Octokit({ auth: fake.token, baseUrl: fake.url, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
}

describe("github fake: answers that do not arrive whole", () => {
  for (const kind of ["cut-body", "empty-body"] as const) {
    it(`${kind} on page 2 of 3: GitHub's status and Link header arrive, the body does not; Octokit's paginate silently reads 100 members fewer`, async () => {
      const octokit = await withMembers(250);
      fake.injectFault({ kind, operationId: "orgs/list-members", page: 2 });
      const members = await octokit.paginate(octokit.rest.orgs.listMembers, { org: ORG, per_page: 100 });
      expect(members).toHaveLength(150);
      const page2 = fake.requests.find((r) => r.page === 2)!;
      expect(page2).toMatchObject({ status: 200, fault: kind });
      // The page after the broken one was still asked for: its Link arrived with the headers.
      expect(fake.requests.filter((r) => r.operationId === "orgs/list-members").map((r) => r.page ?? 1)).toEqual([1, 2, 3]);
    });
  }

  it("cut-body: the announced content-length is the whole page's, and the transfer ends in a reset", async () => {
    await withMembers(150);
    fake.injectFault({ kind: "cut-body", operationId: "orgs/list-members" });
    const res = await fetch(`${fake.url}/orgs/${ORG}/members?per_page=100`, { headers: { authorization: `token ${fake.token}` } });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("content-length"))).toBeGreaterThan(1000);
    expect(res.headers.get("link")).toMatch(/page=2>; rel="next"/);
    await expect(res.text()).rejects.toThrow();
  });

  it("html-page: GitHub's Unicorn! page with the status asked for, as text/html; Octokit's error message is the whole page", async () => {
    const octokit = await withMembers(2);
    fake.injectFault({ kind: "html-page", operationId: "orgs/list-members", status: 503 });
    const failed = await octokit.rest.orgs.listMembers({ org: ORG }).then(
      () => ({ status: 0, message: "", response: { headers: {} } }),
      (e: unknown) => e as { status: number; message: string; response: { headers: Record<string, string> } },
    );
    expect(failed).toMatchObject({ status: 503, response: { headers: { "content-type": "text/html; charset=utf-8" } } });
    expect(failed.message).toContain("<title>Unicorn! &middot; GitHub</title>");
    expect(failed.message.length).toBeGreaterThan(3000);
    fake.injectFault({ kind: "html-page", operationId: "orgs/list-members", status: 200 });
    expect((await octokit.rest.orgs.listMembers({ org: ORG })).data).toMatch(/^<!DOCTYPE html>/);
  });
});

describe("github fake: GraphQL errors as GitHub documents them", () => {
  const query = "query($owner: String!, $repo: String!, $login: String, $after: String) { repository(owner: $owner, name: $repo) { collaborators(affiliation: DIRECT, login: $login, first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { login databaseId } permissionSources { permission roleName source { __typename } } } } } }";
  const ask = (octokit: Octokit) => octokit.graphql(query, { owner: ORG, repo: "infra", login: null, after: null }).then(
    () => undefined,
    (e: unknown) => e as { name: string; errors: Array<{ type?: string; message: string }>; headers: Record<string, string> },
  );

  it("graphql-rate-limit: HTTP 200, errors of type RATE_LIMITED, x-ratelimit-remaining 0 and the reset, resource graphql", async () => {
    const octokit = await withMembers(2);
    fake.org.addCollaborator("infra", "member-001", "write");
    fake.injectFault({ kind: "graphql-rate-limit", resetAt: 1_800_000_000 });
    const e = await ask(octokit);
    expect(e).toMatchObject({ name: "GraphqlResponseError", errors: [{ type: "RATE_LIMITED" }], headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1800000000", "x-ratelimit-resource": "graphql" } });
    expect(fake.requests.at(-1)).toMatchObject({ path: "/graphql", status: 200, fault: "graphql-rate-limit" });
    // The fault was used up: the next query is answered.
    expect(await ask(octokit)).toBeUndefined();
  });

  it("graphql-secondary-rate-limit: HTTP 200, a message naming the secondary limit, and Retry-After", async () => {
    const octokit = await withMembers(2);
    fake.org.addCollaborator("infra", "member-001", "write");
    fake.injectFault({ kind: "graphql-secondary-rate-limit", retryAfter: 30 });
    const e = await ask(octokit);
    expect(e?.errors[0]?.message).toMatch(/secondary rate limit/);
    expect(e?.headers["retry-after"]).toBe("30");
  });

  it("graphql-error: HTTP 200 with an error of the type asked for, or GitHub's timeout message without a type", async () => {
    const octokit = await withMembers(2);
    fake.org.addCollaborator("infra", "member-001", "write");
    fake.injectFault({ kind: "graphql-error" });
    fake.injectFault({ kind: "graphql-error", graphqlType: null });
    expect((await ask(octokit))?.errors).toEqual([expect.objectContaining({ type: "FORBIDDEN", message: "Resource not accessible by integration" })]);
    expect((await ask(octokit))?.errors).toEqual([{ message: expect.stringMatching(/^Something went wrong while executing your query/) }]);
  });

  it("a fault on operation graphql damages the real answer: cut-body reaches Octokit's graphql as no data", async () => {
    const octokit = await withMembers(2);
    fake.org.addCollaborator("infra", "member-001", "write");
    fake.injectFault({ kind: "cut-body", operationId: "graphql" });
    // Octokit's graphql returns undefined for a body it could not read: no error at all.
    expect(await octokit.graphql(query, { owner: ORG, repo: "infra", login: null, after: null })).toBeUndefined();
    expect(fake.requests.at(-1)).toMatchObject({ path: "/graphql", fault: "cut-body" });
  });
});
