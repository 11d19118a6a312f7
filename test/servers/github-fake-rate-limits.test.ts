// The GitHub fake's rate-limit model answers as GitHub documents ("Rate limits for the REST API"):
// 900 points per minute per REST endpoint (GET 1, writes 5), 100 concurrent requests, and a
// primary budget per hour; past a limit, 403 with Retry-After (secondary) or with
// x-ratelimit-remaining 0 and the reset (primary).
import { describe, expect, it } from "vitest";
import { RateLimiter } from "./github-fake/rate-limits.js";
import { startGithubFake } from "./github-fake/index.js";

describe("github fake: rate limits", () => {
  it("counts 5 points per write and 1 per read per endpoint in a rolling minute, then asks to wait until the oldest expires", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({}, () => now);
    for (let i = 0; i < 180; i++) {
      expect(limiter.admit("PUT", "teams/add-or-update-membership-for-user-in-org").ok).toBe(true);
      limiter.done();
      now += 100;
    }
    expect(limiter.admit("GET", "teams/list").ok).toBe(true); // another endpoint has its own 900
    limiter.done();
    // 180 writes × 5 = 900 points in the last 18 s: the next write waits until the first is a minute old.
    expect(limiter.admit("PUT", "teams/add-or-update-membership-for-user-in-org")).toEqual({ ok: false, kind: "secondary-rate-limit", retryAfter: 42 });
    limiter.done();
    now = 1_000_000 + 60_000;
    expect(limiter.admit("PUT", "teams/add-or-update-membership-for-user-in-org").ok).toBe(true);
    limiter.done();
    expect(limiter.peakPointsPerMinute).toBe(900);
    expect(limiter.refusals).toBe(1);
  });

  it("refuses the 101st request in flight, and every request past the hourly budget until the hour resets", () => {
    let now = 0;
    const limiter = new RateLimiter({ primaryPerHour: 3 }, () => now);
    const concurrent = new RateLimiter({}, () => now);
    for (let i = 0; i < 100; i++) expect(concurrent.admit("GET", `op-${i}`).ok).toBe(true);
    expect(concurrent.admit("GET", "op-x")).toEqual({ ok: false, kind: "secondary-rate-limit", retryAfter: 1 });
    for (let i = 0; i < 3; i++) {
      expect(limiter.admit("GET", "users/get-by-username").ok).toBe(true);
      limiter.done();
    }
    expect(limiter.admit("GET", "users/get-by-username")).toEqual({ ok: false, kind: "rate-limit", resetAt: 3600 });
    limiter.done();
    now = 3_600_000;
    expect(limiter.admit("GET", "users/get-by-username").ok).toBe(true);
  });

  it("the fake answers a request past the limit as GitHub does: 403, Retry-After, the documented message", async () => {
    const fake = await startGithubFake({ rateLimits: { pointsPerMinute: 2 } });
    try {
      const get = () => fetch(`${fake.url}/orgs/${fake.org.org}/members`, { headers: { authorization: `token ${fake.token}` } });
      expect((await get()).status).toBe(200);
      expect((await get()).status).toBe(200);
      const refused = await get();
      expect(refused.status).toBe(403);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
      expect(((await refused.json()) as { message: string }).message).toContain("secondary rate limit");
      expect(fake.requests.map((r) => r.fault ?? r.status)).toEqual([200, 200, "secondary-rate-limit"]);
    } finally {
      await fake.close();
    }
  });
});
