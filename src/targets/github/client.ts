import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { wholeAnswer } from "./answer-body.js";
import { isReadOnlyQuery } from "./read-only-query.js";
import type { GithubSettings } from "./settings.js";

/**
 * Every answer GitHub gives is checked (answer-body.ts) before anything reads it: a page cut off or
 * empty must fail the read, never count as an empty page. A plugin, listed before the throttling
 * plugin, so that its check is the innermost wrap of the request (Octokit's hooks wrap in the order
 * they are added): the throttling plugin reads a GraphQL answer's `data.errors` first, and a body
 * that never arrived (no content type: Octokit gives `data` undefined) failed there as a TypeError
 * ("Cannot read properties of undefined"), naming neither the query nor the page.
 */
const checkedAnswers: Parameters<typeof Octokit.plugin>[number] = (octokit) => {
  octokit.hook.wrap("request", async (request, options) => {
    const { url, body } = octokit.request.endpoint.parse(options);
    return wholeAnswer(options.method, url, await request(options), body);
  });
};

const GithubOctokit = Octokit.plugin(checkedAnswers, throttling, retry);
export type GithubClient = InstanceType<typeof GithubOctokit>;

/** What the client is built from: the connector's settings, or the workflow's few. */
export type ClientSettings = Pick<GithubSettings, "name" | "token" | "baseUrl" | "waitScale"> & Partial<GithubSettings> & {
  /**
   * The throttling plugin's write limiter group (`key(id).schedule(options, fn, ...args)`), for
   * tests that count what is paced as a write instead of timing it. Default: the plugin's own (one
   * write a second), or none below scale 1.
   */
  writeLimiter?: unknown;
};

/**
 * Who retries. `runner`: nobody here; the apply runner is the connector's one retry layer
 * (honouring Retry-After and rate-limit resets carried by the TargetError), so one change makes at
 * most the runner's attempts, never attempts × Octokit's. `octokit`: the throttling and retry
 * plugins retry (the pull-request workflow, which has no runner around it).
 */
export type RetryLayer = "runner" | "octokit";

/** Retries a secondary rate limit this often (layer `octokit`). */
const SECONDARY_RETRIES = 2;
/** Waits out a primary rate limit in-process only when the reset is this close (seconds; layer `octokit`). */
const MAX_INLINE_RESET = 60;

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Octokit with the throttling plugin (one write at a time, a second apart, three for writes that
 * notify, as GitHub's best practices ask; GraphQL queries without a mutation paced as GETs, not as
 * writes) and, for layer `octokit` only, retries. Every request
 * has a deadline, so an unreachable host fails instead of hanging. Logging is off: Octokit's logs
 * can carry request details.
 */
export function createClient(s: ClientSettings, layer: RetryLayer = "octokit"): GithubClient {
  const scale = s.waitScale;
  // Below scale 1 (tests) the spacing between writes is dropped; in production the throttling
  // plugin's own limiters keep it.
  const passThrough = { key: () => ({ schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => fn(...args) }) };
  const timeoutMs = s.timeoutMs ?? 10_000;
  const fetchWithDeadline: typeof fetch = (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline });
  };
  const own = layer === "octokit";
  const throttle = {
    id: `scopesync-${s.name}`,
    retryAfterBaseValue: 1000 * scale,
    ...(scale < 1 ? { write: passThrough as never, notifications: passThrough as never } : {}),
    ...(s.writeLimiter !== undefined ? { write: s.writeLimiter as never } : {}),
    // Layer `runner`: a rate limit becomes a retryable TargetError carrying GitHub's wait (errors.ts).
    onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => own && retryCount < SECONDARY_RETRIES,
    onRateLimit: (after: number, _options: unknown, _octokit: unknown, retryCount: number) => own && retryCount < 1 && after <= MAX_INLINE_RESET,
  };
  const options = {
    auth: s.token,
    baseUrl: s.baseUrl,
    userAgent: "scopesync",
    log: quiet,
    request: { fetch: fetchWithDeadline },
    throttle,
    retry: own ? { retryAfterBaseValue: 1000 * scale } : { enabled: false },
  };
  const client = new GithubOctokit(options);
  // The throttling plugin sends every POST /graphql through its write limiter (a second apart),
  // and its limiters are told nothing of the request. So GraphQL queries holding no mutation
  // (read-only-query.ts) are sent by a twin client whose write limiter lets them through: paced
  // as GETs are (the shared global limiter, the same id), checked and retried as every request
  // is. Its own hooks answer them: Octokit passes each request its client's hook chain as
  // `request.hook`, which must not come along. Added after the plugins, this runs outside them
  // and inside whatever the caller wraps around the client later (api.ts's read cache).
  const reads = new GithubOctokit({ ...options, throttle: { ...throttle, write: passThrough as never } });
  client.hook.wrap("request", (request, opts) => {
    const { url, body } = client.request.endpoint.parse(opts);
    if (!isReadOnlyQuery(opts.method, url, body)) return request(opts);
    const { hook: _chain, ...rest } = (opts.request ?? {}) as Record<string, unknown>;
    return reads.request({ ...opts, request: rest } as never);
  });
  return client;
}
