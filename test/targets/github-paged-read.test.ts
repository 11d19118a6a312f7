// A rate limit in the middle of a paged read: the runner waits as GitHub asked (Retry-After, or
// until x-ratelimit-reset, read against the injected clock and slept through the injected timing,
// never the wall clock) and the retried read resumes at the page that was refused: the pages
// before it are not asked for again, but the last of them once, to see that the org did not move
// them (else every page is read again). GitHub answers a secondary limit with 403 + Retry-After and a
// primary one with 403 + x-ratelimit-remaining: 0 + x-ratelimit-reset (docs: "Rate limits for the
// REST API"). Real limits are not provable with a fake.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryingReads, type Timing } from "../../src/apply/retry.js";
import type { TargetConnector } from "../../src/targets/connector.js";
import { createGithubConnector } from "../../src/targets/github/index.js";
import { startGithubFake, type GithubFake } from "../servers/github-fake/index.js";

const ORG = "acme-robotics";
/** The injected wall clock: 2026-01-15T08:00:00Z. */
const CLOCK = Date.UTC(2026, 0, 15, 8, 0, 0);
let fake: GithubFake;

function connector(): TargetConnector {
  return createGithubConnector({ type: "github", org: ORG, token: "${env:T}", options: { deployKeys: false, patGrants: false } }, { name: "github", repoDir: "/nonexistent", env: { T: fake.token } }, { baseUrl: fake.url, waitScale: 0.001, clock: () => CLOCK });
}

function recordingTiming(): Timing & { slept: number[] } {
  const slept: number[] = [];
  return { slept, sleep: async (ms) => void slept.push(ms), random: () => 0 };
}

/** Pages of `GET /orgs/{org}/members?role=all` in the order they were answered (f: refused). */
const memberPages = (): string[] => fake.requests.filter((r) => r.operationId === "orgs/list-members" && r.page !== undefined).map((r) => `${r.page}${r.fault ? "f" : ""}`);

beforeEach(async () => {
  fake = await startGithubFake({ org: ORG });
  // 250 members: three pages of 100.
  for (let i = 0; i < 249; i++) fake.org.addMember(`member-${String(i).padStart(3, "0")}`);
});

afterEach(async () => {
  try {
    fake.assertNoViolations();
  } finally {
    await fake.close();
  }
});

describe("github: a rate limit on page N of a read resumes at page N", () => {
  it("a secondary rate limit on page 3: the runner sleeps Retry-After, page 1 is not read again and page 2 once, to check it", async () => {
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/list-members", page: 3, retryAfter: 42 });
    const timing = recordingTiming();
    const state = await retryingReads(new Map([["github", connector()]]), DEFAULT_RETRY, timing).get("github")!.read();
    expect(state.accounts).toHaveLength(250);
    expect(memberPages()).toEqual(["2", "3f", "2", "3"]);
    // Page 1 has no page parameter: it was asked for once.
    expect(fake.requests.filter((r) => r.operationId === "orgs/list-members" && r.page === undefined)).toHaveLength(2); // role=all and role=admin, once each
    expect(timing.slept).toEqual([42_000]);
  });

  it("a primary rate limit on page 2 waits until x-ratelimit-reset by the injected clock, checks page 1, then goes on from page 2", async () => {
    fake.injectFault({ kind: "rate-limit", operationId: "orgs/list-members", page: 2, resetAt: CLOCK / 1000 + 600 });
    const timing = recordingTiming();
    const state = await retryingReads(new Map([["github", connector()]]), DEFAULT_RETRY, timing).get("github")!.read();
    expect(state.accounts.map((a) => a.login)).toContain("member-248");
    expect(memberPages()).toEqual(["2f", "2", "3"]);
    // Page 1 of role=all twice (the second time to check that it did not change), role=admin once.
    expect(fake.requests.filter((r) => r.operationId === "orgs/list-members" && r.page === undefined)).toHaveLength(3);
    // Ten minutes to the reset, plus the second errors.ts adds against clock skew.
    expect(timing.slept).toEqual([601_000]);
  });

  it("the org changed between attempts: a member removed before the refused page makes the resumed read read every page again", async () => {
    // Removing member-010 (page 1) moves the first member of page 2 onto page 1, already read: a
    // read that went on from page 2 would skip them, and the total alone cannot tell (one joined).
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/list-members", page: 2, retryAfter: 5 });
    let changed = 0;
    const timing: Timing = {
      random: () => 0,
      sleep: async () => {
        if (changed++ > 0) return;
        fake.org.removeMembership(fake.org.user("member-010")!.id);
        fake.org.addMember("late-joiner");
      },
    };
    const state = await retryingReads(new Map([["github", connector()]]), DEFAULT_RETRY, timing).get("github")!.read();
    const logins = state.accounts.map((a) => a.login);
    // Every member there now, the one who joined among them; none missing, none removed.
    const members = [...fake.org.members.keys()].map((id) => fake.org.userById(id).login).sort();
    expect(members).toContain("late-joiner");
    expect(members).not.toContain("member-010");
    expect([...logins].sort()).toEqual(members);
    expect(changed).toBe(2); // a second wait: the attempt that found page 1 changed
    // Page 2 refused; page 1 asked for again and found changed; then every page read afresh.
    expect(memberPages()).toEqual(["2f", "2", "3"]);
  });

  it("an org that changes during every wait: the read gives up after its six attempts, none of them counted as progress", async () => {
    // Page 2 refused again and again, and someone on page 1 leaves during each wait: a resumed
    // attempt finds page 1 changed (no progress), and the fresh read after it is no progress
    // either, else the attempts would count 1, 2, 1, 2... for as long as GitHub refuses.
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/list-members", page: 2, retryAfter: 1, times: 40 });
    let waits = 0;
    const timing: Timing = {
      random: () => 0,
      sleep: async () => {
        if (waits >= 20) throw new Error("still retrying after 20 waits");
        fake.org.removeMembership(fake.org.user(`member-${String(waits++).padStart(3, "0")}`)!.id);
      },
    };
    await expect(retryingReads(new Map([["github", connector()]]), DEFAULT_RETRY, timing).get("github")!.read()).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/^target "github": github GET .*\(the read gave up after 6 attempts\)$/) });
    expect(waits).toBe(DEFAULT_RETRY.maxAttempts - 1);
    // Fresh reads refused on page 2, resumed ones stopped at the check of page 1: page 2 asked for three times.
    expect(memberPages()).toEqual(["2f", "2f", "2f"]);
  });

  it("a read that is not a retry starts afresh: nothing from an earlier failed read is reused", async () => {
    fake.injectFault({ kind: "secondary-rate-limit", operationId: "orgs/list-members", page: 2, retryAfter: 1 });
    const gh = connector();
    await expect(gh.read()).rejects.toMatchObject({ retryable: true, details: { retryAfterMs: 1000 } });
    fake.org.addMember("late-joiner");
    const state = await gh.read();
    expect(state.accounts.map((a) => a.login)).toContain("late-joiner");
    expect(memberPages()).toEqual(["2f", "2", "3"]);
    expect(fake.requests.filter((r) => r.operationId === "orgs/list-members" && r.page === undefined)).toHaveLength(3); // page 1 of role=all twice, role=admin once
  });
});
