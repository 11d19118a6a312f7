// GitHub's GraphQL API answers a failure with HTTP 200 and an `errors` list. A spent primary limit
// also has x-ratelimit-remaining 0, and "You should not retry your request until after the time
// specified by the x-ratelimit-reset header"; a secondary one names itself, with Retry-After when
// given, else "wait for at least one minute" ("Rate limits and query limits for the GraphQL API",
// Exceeding the rate limit). The read waits as asked, read against the injected clock and slept
// through the injected timing; a query that cannot succeed (FORBIDDEN) is not asked again; one that
// may (GitHub's timeout message, no type) is retried with the runner's backoff.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryingReads, type Timing } from "../../src/apply/retry.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import type { TargetError } from "../../src/targets/target-error.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
/** The injected wall clock: 2026-01-15T08:00:00Z. */
const CLOCK = Date.UTC(2026, 0, 15, 8, 0, 0);
let fake: GithubFake;

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  fake.org.addMember("priya");
  fake.org.addCollaborator("infra", "priya", "write");
});
afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

/** The read of `infra`'s direct collaborators (GraphQL), retried as plan and apply retry it. */
async function read(): Promise<{ slept: number[]; queries: number; priya?: readonly string[]; failed?: TargetError }> {
  const connector = createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false, repositories: ["infra"] } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001, clock: () => CLOCK });
  const slept: number[] = [];
  const timing: Timing = { sleep: async (ms) => void slept.push(ms), random: () => 0 };
  const queries = () => fake.requests.filter((r) => r.path === "/graphql").length;
  try {
    const state = await retryingReads(new Map([["github", connector]]), DEFAULT_RETRY, timing).get("github")!.read();
    return { slept, queries: queries(), priya: state.accounts.find((a) => a.login === "priya")?.entitlements };
  } catch (e) {
    return { slept, queries: queries(), failed: e as TargetError };
  }
}

describe("github GraphQL: an HTTP 200 with errors", () => {
  it("a primary rate limit (RATE_LIMITED, x-ratelimit-remaining 0): the read waits until x-ratelimit-reset by the injected clock, then reads", async () => {
    fake.injectFault({ kind: "graphql-rate-limit", resetAt: CLOCK / 1000 + 1800 });
    const r = await read();
    // Half an hour to the reset, plus the second errors.ts adds against clock skew; one query while limited.
    expect(r.slept).toEqual([1_801_000]);
    expect(r.queries).toBe(2);
    expect(r.priya).toContain("repo:infra:write");
  });

  it("a secondary rate limit: Retry-After when GitHub gives one, else GitHub's minute", async () => {
    fake.injectFault({ kind: "graphql-secondary-rate-limit", retryAfter: 30 });
    fake.injectFault({ kind: "graphql-secondary-rate-limit", retryAfter: null });
    const r = await read();
    expect(r.slept).toEqual([30_000, 60_000]);
    expect(r.priya).toContain("repo:infra:write");
  });

  it("a reset further off than the runner waits (65 minutes): fails at once, saying when to try again", async () => {
    fake.injectFault({ kind: "graphql-rate-limit", resetAt: CLOCK / 1000 + 3 * 3600 });
    const r = await read();
    expect(r.queries).toBe(1);
    expect(r.slept).toEqual([]);
    expect(r.failed?.message).toMatch(/GraphQL RATE_LIMITED: API rate limit exceeded for user ID 1\. \(GitHub's graphql rate limit, 5000 points an hour, is spent until 2026-01-15T11:00:00Z\) \(it asked to wait 3 h 1 min before trying again/);
    expect(r.failed?.hint).toMatch(/run the command again in 3 h 1 min/);
  });

  it("FORBIDDEN: one query, not asked again; the error names the type and the hint the permissions", async () => {
    fake.injectFault({ kind: "graphql-error", graphqlType: "FORBIDDEN", times: 6 });
    const r = await read();
    expect(r.queries).toBe(1);
    expect(r.slept).toEqual([]);
    // The page refused, named once (refused-page.ts): here the first of the collaborators query.
    expect(r.failed?.bare).toBe(`list the direct collaborators of ${ORG}/infra (GraphQL): POST /graphql (query collaborators, the first page): GraphQL FORBIDDEN: Resource not accessible by integration`);
    expect(r.failed?.retryable).toBe(false);
    expect(r.failed?.hint).toMatch(/docs\/setup\.md/);
  });

  it("GitHub's timeout message (no type): retried with the runner's backoff, then read", async () => {
    fake.injectFault({ kind: "graphql-error", graphqlType: null });
    const r = await read();
    expect(r.queries).toBe(2);
    expect(r.slept).toHaveLength(1);
    expect(r.slept[0]).toBeLessThan(1000);
    expect(r.priya).toContain("repo:infra:write");
  });
});
