import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import type { GithubSettings } from "./settings.js";

const GithubOctokit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof GithubOctokit>;

/** Retries a secondary rate limit this often before the error reaches the apply runner. */
const SECONDARY_RETRIES = 2;
/** Waits out a primary rate limit in-process only when the reset is this close (seconds). */
const MAX_INLINE_RESET = 60;

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * Octokit with the throttling plugin (GitHub's secondary limits, one write at a time) and the
 * retry plugin (5xx with backoff). Logging is off: Octokit's logs can carry request details.
 */
export function createClient(s: GithubSettings): GithubClient {
  const scale = s.waitScale;
  // Below scale 1 (tests) the spacing between writes (1 s, and 3 s for writes that notify, such as
  // invitations) is dropped; in production the throttling plugin's own limiters keep it.
  const passThrough = { key: () => ({ schedule: (_opts: unknown, fn: (...a: unknown[]) => unknown, ...args: unknown[]) => fn(...args) }) };
  return new GithubOctokit({
    auth: s.token,
    baseUrl: s.baseUrl,
    userAgent: "scopesync",
    log: quiet,
    throttle: {
      id: `scopesync-${s.name}`,
      retryAfterBaseValue: 1000 * scale,
      ...(scale < 1 ? { write: passThrough as never, notifications: passThrough as never } : {}),
      onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < SECONDARY_RETRIES,
      onRateLimit: (after: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 1 && after <= MAX_INLINE_RESET,
    },
    retry: { retryAfterBaseValue: 1000 * scale },
  });
}
