// The connector against a GitHub whose GraphQL points run out (the fake's graphql-rate-limits.ts, as
// "Rate limits and query limits for the GraphQL API" documents them), read and applied as plan and
// apply retry them (retryingReads, withRetry) with the real @octokit/rest. Mid-read, the spent hour
// is waited out until x-ratelimit-reset and the read resumes at the page refused, every page read;
// mid-apply, the change's GraphQL look-up waits the same and the change is made. A limit that is
// spent again after its wait (another job spending the same token's hour) stops the read with an
// error naming the limit, its reset and the read it stopped, instead of waiting hour after hour.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryingReads, withRetry, type Timing } from "../../src/apply/retry.js";
import type { Change } from "../../src/model/change.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import type { TargetError } from "../../src/targets/target-error.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
/** The fake's and the connector's wall clock, moved by the runner's sleeps: 2026-01-15T08:00:00Z. */
const clock = { now: 0 };
let fake: GithubFake;
const repo = (i: number): string => `repo-${String(i).padStart(3, "0")}`;
const slept: number[] = [];
const timing: Timing = { sleep: async (ms) => void (slept.push(ms), (clock.now += ms)), random: () => 0 };

async function start(graphql: { pointsPerHour?: number; pointsPerMinute?: number }): Promise<void> {
  fake = await startGithubFake({ org: ORG, rateLimits: { graphql, now: () => clock.now } });
  for (let i = 0; i < 120; i++) fake.org.addRepo(repo(i));
  fake.org.addMember("priya");
  fake.org.addCollaborator(repo(110), "priya", "write");
  fake.org.addCollaborator(repo(10), "vendor-a", "write");
  fake.org.addCollaborator(repo(119), "vendor-a", "admin");
}
beforeEach(() => {
  clock.now = Date.UTC(2026, 0, 15, 8, 0, 0);
  slept.length = 0;
});
afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

function connector() {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false, idpTeams: false, repositories: true } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001, clock: () => clock.now });
}
/** One live read, retried as plan and apply retry it. */
const read = (t: Timing = timing) => retryingReads(new Map([["github", connector()]]), DEFAULT_RETRY, t).get("github")!.read();
const refused = () => fake.requests.filter((r) => r.fault === "graphql-rate-limit" || r.fault === "graphql-secondary-rate-limit").length;

describe("github: GraphQL points spent mid-read", () => {
  it("the org-wide collaborators query refused on its 3rd page: waits until x-ratelimit-reset, resumes at that page, and reads every repository", async () => {
    await start({ pointsPerHour: 2 });
    const state = await read();
    expect(refused()).toBe(1);
    // The hour began with the first query; the second past its reset, as errors.ts waits.
    expect(slept).toEqual([3_601_000]);
    expect(state.accounts.find((a) => a.login === "priya")?.entitlements).toContain(`repo:${repo(110)}:write`);
    expect(state.accounts.find((a) => a.login === "vendor-a")?.entitlements).toEqual([`repo:${repo(10)}:write`, `repo:${repo(119)}:admin`]);
  });

  it("a secondary limit (2,000 points a minute, here 2): 403 with retry-after, waited, then read on", async () => {
    await start({ pointsPerMinute: 2 });
    const state = await read();
    expect(refused()).toBe(1);
    expect(slept).toEqual([60_000]);
    expect(state.accounts.find((a) => a.login === "vendor-a")?.entitlements).toContain(`repo:${repo(119)}:admin`);
  });
});

describe("github: GraphQL points spent again after their reset", () => {
  it("another job spends the new hour first: the read stops instead of waiting hour after hour, naming the limit, its reset, the read it stopped and its page", async () => {
    await start({ pointsPerHour: 2 });
    const other = () => fetch(`${fake.url}/graphql`, { method: "POST", headers: { authorization: `token ${fake.token}` }, body: JSON.stringify({ query: "query($org: String!, $after: String) { organization(login: $org) { samlIdentityProvider { externalIdentities(first: 100, after: $after) { nodes { user { login } } } } } }", variables: { org: ORG } }) });
    const spending: Timing = { ...timing, sleep: async (ms) => { await timing.sleep(ms); await other(); await other(); } };
    const failed = await read(spending).then(() => undefined, (e: unknown) => e as TargetError);
    expect(slept).toEqual([3_601_000]);
    expect(failed?.retryable).toBe(false);
    expect(failed?.bare).toMatch(/^list the direct collaborators of acme-robotics's repositories \(GraphQL\): POST \/graphql \(query repositories, the page after "Y3Vyc29yOjUw"\): GraphQL RATE_LIMITED: API rate limit exceeded for user ID 1\. \(GitHub's graphql rate limit, 2 points an hour, is spent until 2026-01-15T10:00:01Z\) \(met again after scopesync waited 1 h 1 min for it; another 1 h 1 min would pass the 1 h 5 min scopesync waits in all\)$/);
    expect(failed?.hint).toMatch(/^run the command again in 1 h 1 min or later; .*another job using the same token/);
    expect(`${failed?.message} ${failed?.hint}`).not.toContain(fake.token);
  });
});

describe("github: a GraphQL page refused", () => {
  it("a secondary limit's 403 that the runner does not wait out names the read and the page refused, once", async () => {
    await start({ pointsPerMinute: 2 });
    const once = { ...DEFAULT_RETRY, maxAttempts: 1 };
    const failed = await retryingReads(new Map([["github", connector()]]), once, timing).get("github")!.read().then(() => undefined, (e: unknown) => e as TargetError);
    // Two points a minute: the third query, the page after the first 100 repositories ("cursor:100"), is refused.
    expect(failed?.bare).toBe(`list the direct collaborators of ${ORG}'s repositories (GraphQL): POST /graphql (query repositories, the page after "Y3Vyc29yOjEwMA=="): 403 You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.`);
    expect(`${failed?.message} ${failed?.hint}`).not.toContain(fake.token);
  });
});

describe("github: GraphQL points spent mid-apply", () => {
  it("a repository grant's look-up of the current access is refused: the change waits until the reset, then is made", async () => {
    await start({ pointsPerHour: 1 });
    const gh = connector();
    await gh.apply(grant("vendor-a", `repo:${repo(10)}:read`)).catch(() => undefined); // spends the hour's point
    const change = grant("priya", `repo:${repo(5)}:write`);
    const { value, attempts } = await withRetry(() => gh.apply(change), DEFAULT_RETRY, timing);
    expect(value).toMatchObject({ status: "applied" });
    expect(attempts).toBe(2);
    expect(slept[0]).toBeGreaterThan(3_500_000);
    expect([...fake.org.repos.get(repo(5))!.collaborators].map(([id, role]) => `${fake.org.userById(id).login}:${role}`)).toEqual(["priya:write"]);
  });
});

function grant(login: string, entitlement: string): Change {
  return { id: `grant-${login}-${entitlement}`, target: "github", action: "grant", identity: login, login, entitlement, privileged: false, origin: "pr", reason: "test", evidence: [] };
}
