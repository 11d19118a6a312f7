// The one place Octokit errors become TargetErrors. Only status, GitHub's message and the retry
// timing survive: never the request object (its headers hold the token), and the token itself is
// scrubbed from any text as a last line of defence.
import { TargetError } from "../target-error.js";

interface OctokitLikeError {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function retryAfterMs(headers: Record<string, string | number | undefined>, now: number): number | undefined {
  const after = Number(headers["retry-after"]);
  if (Number.isFinite(after) && after > 0) return after * 1000;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.max(reset * 1000 - now, 0) + 1000;
  }
  return undefined;
}

export type ErrorWrapper = (what: string, error: unknown) => TargetError;

export function errorWrapper(target: string, token: string): ErrorWrapper {
  const scrub = (text: string): string => (token ? text.split(token).join("***") : text);
  return (what, error) => {
    if (error instanceof TargetError) return error;
    const e = (error ?? {}) as OctokitLikeError;
    const status = typeof e.status === "number" ? e.status : undefined;
    const headers = e.response?.headers ?? {};
    const data = e.response?.data as { message?: unknown } | undefined;
    const text = typeof data?.message === "string" ? data.message : typeof e.message === "string" ? e.message : String(error);
    const rateLimited = status === 429 || (status === 403 && (/rate limit/i.test(text) || String(headers["x-ratelimit-remaining"]) === "0"));
    const retryable = status === undefined || status >= 500 || rateLimited;
    const wait = rateLimited ? retryAfterMs(headers, Date.now()) : undefined;
    const hint =
      status === 401 ? "the token was refused: check that it is valid and not expired"
      : status === 403 && !rateLimited ? "the token lacks a permission: it must be an org owner (admin:org, and a GitHub App for PAT grants)"
      : rateLimited ? "GitHub rate-limited scopesync; apply retries after the wait GitHub asked for"
      : undefined;
    return new TargetError(target, scrub(`${what}: ${status ?? "network error"} ${text}`), {
      ...(status !== undefined ? { status } : {}),
      retryable,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      ...(hint ? { hint } : {}),
    });
  };
}

/** A refusal decided by the connector itself (guards, unsupported changes): never retried. */
export function refusal(target: string, message: string, hint?: string): TargetError {
  return new TargetError(target, message, { retryable: false, ...(hint ? { hint } : {}) });
}
