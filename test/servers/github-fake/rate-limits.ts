// GitHub's documented REST rate limits, for a fake that enforces them (opt-in: `rateLimits`).
// Primary: a number of requests per hour per token (5,000 for a personal token or an App
// installation's minimum); past it, 403 with x-ratelimit-remaining 0 and the reset time.
// Secondary: no more than 100 concurrent requests, and no more than 900 points per minute to a
// single REST endpoint, where GET/HEAD/OPTIONS cost 1 point and POST/PATCH/PUT/DELETE 5; past
// either, 403 with Retry-After. ("Rate limits for the REST API", docs.github.com.)
// GraphQL's points are counted apart (graphql-rate-limits.ts); its requests in flight count here,
// the 100 being "shared across the REST API and GraphQL API".
import type { GraphqlRateLimits } from "./graphql-rate-limits.js";

export interface RateLimits {
  /** Requests per hour (default 5,000). */
  primaryPerHour?: number;
  /** Points per rolling minute per endpoint (default 900). */
  pointsPerMinute?: number;
  /** Requests in flight at once (default 100). */
  concurrent?: number;
  /** GraphQL's own limits (graphql-rate-limits.ts): its points per hour and per minute. */
  graphql?: GraphqlRateLimits;
  /** The fake's clock for every window and reset (default Date.now): a test that sleeps by moving it. */
  now?: () => number;
}

export type RateVerdict = { ok: true } | { ok: false; kind: "rate-limit"; resetAt: number } | { ok: false; kind: "secondary-rate-limit"; retryAfter: number };

const WRITE = new Set(["POST", "PATCH", "PUT", "DELETE"]);

export class RateLimiter {
  readonly primaryPerHour: number;
  private readonly pointsPerMinute: number;
  private readonly concurrent: number;
  private hourStart: number;
  private usedThisHour = 0;
  private inFlight = 0;
  /** Per endpoint (operationId): the points of the last minute, oldest first, as [time ms, points]. */
  private readonly window = new Map<string, Array<[number, number]>>();
  /** The most points any endpoint used in one rolling minute: what a run needed of the 900. */
  peakPointsPerMinute = 0;
  refusals = 0;

  constructor(limits: RateLimits, private readonly now: () => number = Date.now) {
    this.primaryPerHour = limits.primaryPerHour ?? 5000;
    this.pointsPerMinute = limits.pointsPerMinute ?? 900;
    this.concurrent = limits.concurrent ?? 100;
    this.hourStart = this.now();
  }

  /** Called as a request arrives; `done()` must follow when it has been answered (ok or not). */
  admit(method: string, operationId: string): RateVerdict {
    const now = this.now();
    if (now - this.hourStart >= 3_600_000) {
      this.hourStart = now;
      this.usedThisHour = 0;
    }
    this.inFlight++;
    if (this.usedThisHour >= this.primaryPerHour) return this.refuse({ ok: false, kind: "rate-limit", resetAt: Math.ceil((this.hourStart + 3_600_000) / 1000) });
    if (this.inFlight > this.concurrent) return this.refuse({ ok: false, kind: "secondary-rate-limit", retryAfter: 1 });
    const points = WRITE.has(method.toUpperCase()) ? 5 : 1;
    const window = this.window.get(operationId) ?? [];
    while (window.length > 0 && now - window[0]![0] >= 60_000) window.shift();
    const used = window.reduce((sum, [, p]) => sum + p, 0);
    if (used + points > this.pointsPerMinute) {
      return this.refuse({ ok: false, kind: "secondary-rate-limit", retryAfter: Math.max(1, Math.ceil((window[0]![0] + 60_000 - now) / 1000)) });
    }
    window.push([now, points]);
    this.window.set(operationId, window);
    this.peakPointsPerMinute = Math.max(this.peakPointsPerMinute, used + points);
    this.usedThisHour++;
    return { ok: true };
  }

  /** A GraphQL request arriving: only the requests in flight are REST's and GraphQL's alike. `done()` must follow. */
  enter(): RateVerdict {
    this.inFlight++;
    return this.inFlight > this.concurrent ? this.refuse({ ok: false, kind: "secondary-rate-limit", retryAfter: 1 }) : { ok: true };
  }

  done(): void {
    this.inFlight--;
  }

  remaining(): number {
    return Math.max(this.primaryPerHour - this.usedThisHour, 0);
  }

  private refuse(verdict: RateVerdict): RateVerdict {
    this.refusals++;
    return verdict;
  }
}
