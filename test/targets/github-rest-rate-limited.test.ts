// A spent REST primary limit names itself and its reset, in the same words as a GraphQL one
// (errors.ts rateLimited): GitHub answers it "403 Forbidden or 429 Too Many Requests … and the
// x-ratelimit-remaining header will be 0", its x-ratelimit-resource `core` and x-ratelimit-reset
// in UTC epoch seconds ("Troubleshooting the REST API", "Rate limits for the REST API"). Read as
// plan and apply read (retryingReads) against the fake with the real @octokit/rest: a reset
// further off than scopesync waits, and a limit the fake enforces that another job spends again
// right after its reset.
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryingReads, type Timing } from "../../src/apply/retry.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import type { TargetError } from "../../src/targets/target-error.js";
import { githubFakePerTest } from "../helpers/github-fake-per-test.js";
import type { GithubFake } from "../servers/github-fake/index.js";
import type { GithubFakeOptions } from "../servers/github-fake/server.js";

const ORG = "acme-robotics";
/** The fake's and the connector's wall clock, moved by the runner's sleeps: 2026-01-15T08:00:00Z. */
const clock = { now: 0 };
const startGithubFake = githubFakePerTest();
const slept: number[] = [];
const timing: Timing = { sleep: async (ms) => void (slept.push(ms), (clock.now += ms)), random: () => 0 };

async function start(options: GithubFakeOptions = {}): Promise<GithubFake> {
  const fake = await startGithubFake({ org: ORG, ...options });
  fake.org.addMember("priya");
  return fake;
}
beforeEach(() => {
  clock.now = Date.UTC(2026, 0, 15, 8, 0, 0);
  slept.length = 0;
});

/** One live read, retried as plan and apply retry it; the error it stopped with. */
async function failedRead(f: GithubFake, t: Timing = timing): Promise<TargetError> {
  const connector = createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false } }, { name: "github", repoDir: "/nonexistent", env: { T: f.token } }, { baseUrl: f.url, waitScale: 0.001, clock: () => clock.now });
  return retryingReads(new Map([["github", connector]]), DEFAULT_RETRY, t).get("github")!.read().then(
    () => expect.fail("the read succeeded"),
    (e: unknown) => e as TargetError,
  );
}

describe("github REST: a spent primary limit names itself and its reset", () => {
  for (const status of [403, 429] as const) {
    it(`${status} with x-ratelimit-remaining 0, reset in 3 hours: fails at once, naming the core limit, its size and its reset`, async () => {
      const f = await start();
      f.injectFault({ kind: "rate-limit", operationId: "orgs/list-members", status, resetAt: clock.now / 1000 + 3 * 3600 });
      const failed = await failedRead(f);
      expect(slept).toEqual([]);
      expect(failed.retryable).toBe(false);
      expect(failed.bare).toBe(`list the members of ${ORG}: GET /orgs/${ORG}/members?role=all&per_page=100 (the first page): ${status} API rate limit exceeded for user ID 1. (GitHub's core rate limit, 5000 requests an hour, is spent until 2026-01-15T11:00:00Z) (it asked to wait 3 h 1 min before trying again, longer than the 1 h 5 min scopesync waits)`);
      expect(failed.hint).toBe("run the command again in 3 h 1 min or later");
      expect(`${failed.message} ${failed.hint}`).not.toContain(f.token);
    });
  }

  it("the fake's enforced hour (here 4 requests) spent again by another job after its reset: stops, naming the limit, its reset and the wait", async () => {
    const f = await start({ rateLimits: { primaryPerHour: 4, now: () => clock.now } });
    const other = () => fetch(`${f.url}/orgs/${ORG}`, { headers: { authorization: `token ${f.token}` } });
    const spending: Timing = { ...timing, sleep: async (ms) => { await timing.sleep(ms); for (let i = 0; i < 4; i++) await other(); } };
    const failed = await failedRead(f, spending);
    expect(slept).toEqual([3_601_000]);
    expect(failed.retryable).toBe(false);
    // The new hour began with the first request after the reset (09:00:01), as the fake counts it.
    expect(failed.bare).toBe(`list the pending invitations of ${ORG}: GET /orgs/${ORG}/invitations?per_page=100 (the first page): 403 API rate limit exceeded for user ID 1. (GitHub's core rate limit, 4 requests an hour, is spent until 2026-01-15T10:00:01Z) (met again after scopesync waited 1 h 1 min for it; another 1 h 1 min would pass the 1 h 5 min scopesync waits in all)`);
    expect(failed.hint).toMatch(/^run the command again in 1 h 1 min or later; .*another job using the same token/);
    expect(`${failed.message} ${failed.hint}`).not.toContain(f.token);
  });
});
