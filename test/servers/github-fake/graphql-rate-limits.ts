// GitHub's documented GraphQL rate limits, for a fake that enforces them ("Rate limits and query
// limits for the GraphQL API", docs.github.com):
// - Primary: points per hour (5,000 for a user's token), each query costing what graphql-cost.ts
//   predicts; counted apart from REST's budget, its headers saying `x-ratelimit-resource: graphql`.
//   Past it: "the response status will still be 200, but you will receive an error message, and the
//   value of the x-ratelimit-remaining header will be 0. You should not retry your request until
//   after the time specified by the x-ratelimit-reset header"; the error's type is RATE_LIMITED.
// - Secondary: "no more than 2,000 points per minute are allowed for the GraphQL API endpoint"
//   (1 point a query, 5 with a mutation), and the 100 requests in flight shared with REST
//   (rate-limits.ts counts those). Past it: "the response status will be 200 or 403", a message
//   naming the secondary limit, and retry-after.
// - The `rateLimit` object a query may select: limit, cost, remaining, used, resetAt, nodeCount.
// Counted always (the headers and `rateLimit` say so); refused only when the fake is started with
// `rateLimits`, as REST's.
import type { HandlerResult } from "./handlers.js";
import type { QueryCost } from "./graphql-cost.js";

export interface GraphqlRateLimits {
  /** Primary points per hour (default 5,000: "For users"). */
  pointsPerHour?: number;
  /** Secondary points per rolling minute to POST /graphql (default 2,000). */
  pointsPerMinute?: number;
  /** Every query costs this many primary points instead of the documented prediction: spends an hour's points in a few queries. */
  costPerQuery?: number;
  /** The status a secondary limit answers: 403 (default; a message body, retry-after) or 200 (an `errors` list). Both are documented. */
  secondaryStatus?: 200 | 403;
}

export type GraphqlVerdict = { ok: true; cost: number } | { ok: false; kind: "rate-limit"; resetAt: number } | { ok: false; kind: "secondary-rate-limit"; retryAfter: number };

const SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

export class GraphqlRateLimiter {
  readonly pointsPerHour: number;
  private readonly pointsPerMinute: number;
  private hourStart: number | undefined;
  private used = 0;
  /** Secondary points of the last minute, oldest first, as [time ms, points]. */
  private readonly window: Array<[number, number]> = [];
  refusals = 0;

  constructor(
    private readonly limits: GraphqlRateLimits,
    private readonly enforce: boolean,
    private readonly now: () => number = Date.now,
  ) {
    this.pointsPerHour = limits.pointsPerHour ?? 5000;
    this.pointsPerMinute = limits.pointsPerMinute ?? 2000;
  }

  /**
   * Counts a query as it arrives; refused (when enforced) past the hour's points or the minute's.
   * `dryRun` (graphql-dry-run.ts): its points are said (`cost`), not charged.
   */
  admit(cost: QueryCost, dryRun = false): GraphqlVerdict {
    const now = this.now();
    // GitHub's window starts with the first request counted and resets an hour later.
    if (this.hourStart === undefined || now - this.hourStart >= 3_600_000) {
      this.hourStart = now;
      this.used = 0;
    }
    const points = this.limits.costPerQuery ?? cost.points;
    while (this.window.length > 0 && now - this.window[0]![0] >= 60_000) this.window.shift();
    if (this.enforce) {
      if (!dryRun && this.used + points > this.pointsPerHour) return this.refuse({ ok: false, kind: "rate-limit", resetAt: this.resetAt() });
      const minute = this.window.reduce((sum, [, p]) => sum + p, 0);
      if (minute + cost.secondaryPoints > this.pointsPerMinute) return this.refuse({ ok: false, kind: "secondary-rate-limit", retryAfter: Math.max(1, Math.ceil((this.window[0]![0] + 60_000 - now) / 1000)) });
    }
    this.window.push([now, cost.secondaryPoints]);
    if (!dryRun) this.used += points;
    return { ok: true, cost: points };
  }

  /** The hour's end, epoch seconds (x-ratelimit-reset, rateLimit.resetAt). */
  resetAt(): number {
    return Math.ceil(((this.hourStart ?? this.now()) + 3_600_000) / 1000);
  }

  /** GitHub's x-ratelimit-* headers of a GraphQL answer. */
  headers(): Record<string, string> {
    return {
      "x-ratelimit-limit": String(this.pointsPerHour),
      "x-ratelimit-remaining": String(Math.max(this.pointsPerHour - this.used, 0)),
      "x-ratelimit-used": String(this.used),
      "x-ratelimit-reset": String(this.resetAt()),
      "x-ratelimit-resource": "graphql",
    };
  }

  /** The answer to a refused query, as GitHub gives it. */
  refusal(verdict: Exclude<GraphqlVerdict, { ok: true }>): HandlerResult {
    if (verdict.kind === "rate-limit") {
      return { status: 200, headers: { ...this.headers(), "x-ratelimit-remaining": "0" }, body: { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for user ID 1." }] } };
    }
    const headers = { ...this.headers(), "retry-after": String(verdict.retryAfter) };
    return this.limits.secondaryStatus === 200
      ? { status: 200, headers, body: { errors: [{ message: SECONDARY_MESSAGE }] } }
      : { status: 403, headers, body: { message: SECONDARY_MESSAGE, documentation_url: "https://docs.github.com/graphql/overview/rate-limits-and-query-limits-for-the-graphql-api#secondary-rate-limits" } };
  }

  /**
   * `data.rateLimit` for a query that selects it (top-level `rateLimit { … }`), with the fields it
   * asks for; resetAt is a DateTime (ISO-8601), as the schema types it.
   */
  rateLimitObject(cost: QueryCost, charged: number): Record<string, unknown> | undefined {
    const operation = cost.document?.definitions.find((d) => d.kind === "OperationDefinition");
    if (operation?.kind !== "OperationDefinition") return undefined;
    const field = operation.selectionSet.selections.find((s) => s.kind === "Field" && s.name.value === "rateLimit");
    if (field?.kind !== "Field") return undefined;
    const values: Record<string, unknown> = { limit: this.pointsPerHour, cost: charged, remaining: Math.max(this.pointsPerHour - this.used, 0), used: this.used, resetAt: new Date(this.resetAt() * 1000).toISOString().replace(/\.000Z$/, "Z"), nodeCount: cost.nodes };
    const out: Record<string, unknown> = {};
    for (const s of field.selectionSet?.selections ?? []) if (s.kind === "Field") out[s.alias?.value ?? s.name.value] = values[s.name.value] ?? null;
    return out;
  }

  private refuse(verdict: Exclude<GraphqlVerdict, { ok: true }>): GraphqlVerdict {
    this.refusals++;
    return verdict;
  }
}
