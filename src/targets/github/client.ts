import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import { wholeAnswer } from "./answer-body.js";
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
export type ClientSettings = Pick<GithubSettings, "name" | "token" | "baseUrl" | "waitScale"> & Partial<GithubSettings>;

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
 * notify, as GitHub's best practices ask) and, for layer `octokit` only, retries. Every request
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
  return new GithubOctokit({
    auth: s.token,
    baseUrl: s.baseUrl,
    userAgent: "scopesync",
    log: quiet,
    request: { fetch: fetchWithDeadline },
    throttle: {
      id: `scopesync-${s.name}`,
      retryAfterBaseValue: 1000 * scale,
      ...(scale < 1 ? { write: passThrough as never, notifications: passThrough as never } : {}),
      // Layer `runner`: a rate limit becomes a retryable TargetError carrying GitHub's wait (errors.ts).
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => own && retryCount < SECONDARY_RETRIES,
      onRateLimit: (after: number, _options: unknown, _octokit: unknown, retryCount: number) => own && retryCount < 1 && after <= MAX_INLINE_RESET,
    },
    retry: own ? { retryAfterBaseValue: 1000 * scale } : { enabled: false },
  });
}
