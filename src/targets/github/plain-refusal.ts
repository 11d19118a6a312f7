// A 403 that says nothing but GitHub's own message: not a rate limit, not an SSO refusal, not a
// missing permission or scope. The team-sync questions (idp.ts, team-sync-org.ts) and a refused
// membership change on a team an IdP owns (idp.ts) read such a 403 by what it says; the others keep
// their own meaning (wait, authorize the token, give it the permission) and are never read as
// "no team sync".
import { isRateLimited, missingScope, ssoRequired } from "./errors.js";

export interface OctokitAnswer { status?: unknown; message?: unknown; response?: { headers?: Record<string, unknown>; data?: { message?: unknown } } }

/** GitHub's message of an Octokit error (its body's, else Octokit's own). */
export function answerText(e: unknown): string {
  const err = (e ?? {}) as OctokitAnswer;
  return String(err.response?.data?.message ?? err.message ?? "");
}

/** True for a 403 that is only GitHub's message (see above). */
export function isPlainRefusal(e: unknown): boolean {
  const err = (e ?? {}) as OctokitAnswer;
  const headers = err.response?.headers ?? {};
  const text = answerText(e);
  if (err.status !== 403 || ssoRequired(headers) || missingScope(err.status, headers)) return false;
  return !isRateLimited(403, text, headers) && headers["x-accepted-github-permissions"] === undefined && !/not accessible by/i.test(text);
}
