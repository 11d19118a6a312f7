// Which kind of token the connector holds, found out rather than configured: GET /user answers an
// installation token with 403 "Resource not accessible by integration" (installation tokens have
// no user; the description marks the endpoint `enabledForGitHubApps: false`), and a personal
// token with its user. A classic token's answers carry X-OAuth-Scopes; a fine-grained one's do
// not (docs.github.com/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps). GitHub
// Enterprise Server says its version in X-GitHub-Enterprise-Version on every answer.
import type { GithubClient } from "./client.js";
import type { ErrorWrapper } from "./errors.js";

export interface GithubUser { id: number; login: string }

export interface TokenInfo {
  kind: "app" | "fine-grained" | "classic";
  /** The user a personal token acts as; an installation token has none (it acts as `<app>[bot]`). */
  user?: GithubUser;
  /** Classic tokens: the scopes GitHub reports. */
  scopes?: string[];
  /** GitHub Enterprise Server version (e.g. "3.17.0"); undefined on github.com. */
  enterprise?: string;
}

type Headers = Record<string, string | number | undefined>;

function enterpriseOf(headers: Headers): string | undefined {
  const v = headers["x-github-enterprise-version"];
  return typeof v === "string" && v ? v : undefined;
}

export async function detectToken(octokit: GithubClient, wrap: ErrorWrapper): Promise<TokenInfo> {
  const started = Date.now();
  try {
    const { data, headers } = await octokit.rest.users.getAuthenticated();
    wrap.answered();
    const h = headers as Headers;
    const enterprise = enterpriseOf(h);
    const user = { id: data.id, login: data.login };
    const scopes = h["x-oauth-scopes"];
    if (typeof scopes === "string") {
      return { kind: "classic", user, scopes: scopes.split(",").map((s) => s.trim()).filter(Boolean), ...(enterprise ? { enterprise } : {}) };
    }
    return { kind: "fine-grained", user, ...(enterprise ? { enterprise } : {}) };
  } catch (e) {
    const err = e as { status?: number; response?: { headers?: Headers; data?: { message?: unknown } } };
    const message = err.response?.data?.message;
    if (err.status === 403 && typeof message === "string" && /not accessible by integration/i.test(message)) {
      wrap.answered();
      const enterprise = enterpriseOf(err.response?.headers ?? {});
      return { kind: "app", ...(enterprise ? { enterprise } : {}) };
    }
    throw wrap("find out which kind of token this is (GET /user)", e, started);
  }
}
