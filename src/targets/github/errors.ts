// The one place Octokit errors become TargetErrors. Only status, GitHub's message and the retry
// timing survive: never the request object (its headers hold the token), and the token itself is
// scrubbed from any text as a last line of defence.
import { TargetError } from "../target-error.js";
import { describeBody, UnreadableAnswer } from "./answer-body.js";
import { graphqlFailure } from "./graphql-errors.js";

/** GitHub's names for the permissions in X-Accepted-GitHub-Permissions, as its settings pages show them. */
const LABELS: Record<string, string> = {
  members: "Organization → Members",
  administration: "Repository → Administration",
  metadata: "Repository → Metadata",
  organization_personal_access_tokens: "Organization → Personal access tokens",
  organization_custom_org_roles: "Organization → Custom organization roles",
};

/** "members=write" → "Organization → Members: read and write (members=write)". */
export function describePermission(header: string): string {
  return header
    .split(/[;,]\s*/)
    .filter(Boolean)
    .map((p) => {
      const [name = "", access = ""] = p.split("=");
      return `${LABELS[name] ?? name}: ${access === "write" ? "read and write" : access} (${p})`;
    })
    .join(" or ");
}

interface OctokitLikeError {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  cause?: { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** How long a host may fail to answer at all (refused, unresolvable, silent) before it counts as unreachable. */
export const UNREACHABLE_AFTER_MS = 10_000;

/**
 * GitHub's wait after a secondary rate limit that names none: its REST documentation ("Exceeding
 * the rate limit") says to wait at least one minute when neither Retry-After nor a spent primary
 * limit says how long. The runner's own backoff (seconds) would ask again too soon, and GitHub
 * warns that requests made while limited may get an integration banned.
 */
export const SECONDARY_LIMIT_WAIT_MS = 60_000;

const RATE_LIMIT_HINT = "GitHub rate-limited scopesync; scopesync retries after the wait GitHub asked for";
const PERMISSION_HINT = "the token lacks a permission: docs/setup.md lists what plan and apply need";

/** The wait a rate-limited answer asks for: Retry-After, else the primary limit's reset, else GitHub's minute. */
function retryAfterMs(headers: Record<string, string | number | undefined>, now: number): number {
  const after = Number(headers["retry-after"]);
  if (Number.isFinite(after) && after > 0) return after * 1000;
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.max(reset * 1000 - now, 0) + 1000;
  }
  return SECONDARY_LIMIT_WAIT_MS;
}

/**
 * A request that got no HTTP answer at all. Octokit reports these as status 500 with the fetch
 * error as `cause` and no `response`: telling them apart is what keeps "unreachable" from reading
 * as a GitHub server error.
 */
function networkFailure(e: OctokitLikeError): string | undefined {
  if (e.response || !e.cause) return undefined;
  const c = e.cause;
  if (c.name === "TimeoutError" || c.name === "AbortError") return "no answer in time";
  const code = c.cause?.code ?? c.code;
  return code ?? c.cause?.message ?? c.message ?? "connection failed";
}

const list = (v: unknown): string[] | undefined => (typeof v === "string" ? v.split(",").map((x) => x.trim()).filter(Boolean) : undefined);

/**
 * A classic token refused for a scope it lacks: GitHub answers 403 or 404 (404 to keep private
 * resources unconfirmed), and the answer's X-OAuth-Scopes lacks every X-Accepted-OAuth-Scopes.
 * Such a 404 is not "absent".
 */
export function missingScope(status: unknown, headers: Record<string, unknown> | undefined): { accepted: string[]; granted: string[] } | undefined {
  if (status !== 403 && status !== 404) return undefined;
  const granted = list(headers?.["x-oauth-scopes"]);
  const accepted = list(headers?.["x-accepted-oauth-scopes"]) ?? [];
  if (!granted || accepted.length === 0 || accepted.some((s) => granted.includes(s))) return undefined;
  return { accepted, granted };
}

export type ErrorWrapper = ((what: string, error: unknown, startedAt?: number) => TargetError) & {
  /** A request was answered: the host is reachable again. */
  answered(): void;
};

/**
 * Wraps Octokit errors for one target. It remembers since when the host has not answered: within
 * UNREACHABLE_AFTER_MS a network failure is retryable (a blip, a restart); after that it is not,
 * so the runner stops at once and every further change fails fast with a message naming the host.
 */
export function errorWrapper(target: string, token: string, baseUrl: string, unreachableAfterMs = UNREACHABLE_AFTER_MS, clock: () => number = Date.now): ErrorWrapper {
  const scrub = (text: string): string => (token ? text.split(token).join("***") : text);
  const host = new URL(baseUrl).host;
  let silentSince: number | undefined;
  const wrap = (what: string, error: unknown, startedAt?: number): TargetError => {
    if (error instanceof TargetError) return error;
    const e = (error ?? {}) as OctokitLikeError;
    // Wall-clock time on purpose: how long a host has been silent is about the network, not the plan.
    const now = Date.now();
    const network = networkFailure(e);
    if (network) {
      silentSince ??= startedAt ?? now;
      const unreachable = now - silentSince >= unreachableAfterMs;
      return new TargetError(target, scrub(`${what}: GitHub at ${host} is unreachable (${network})${unreachable ? ` for ${Math.round((now - silentSince) / 1000)} s; giving up` : ""}`), {
        retryable: !unreachable,
        hint: `check targets.${target}.options.baseUrl (${baseUrl}) and that this machine can reach ${host}`,
      });
    }
    silentSince = undefined;
    if (error instanceof UnreadableAnswer) {
      return new TargetError(target, scrub(`${what}: ${error.message}`), {
        retryable: true,
        hint: `GitHub's answer did not arrive as JSON (a dropped connection, a proxy in the way): scopesync asks again; if it persists, check the network path to ${host}`,
      });
    }
    const graphql = graphqlFailure(error);
    if (graphql) {
      // The same waits as REST's: Retry-After, else the primary limit's reset, else a minute.
      const wait = graphql.rateLimited ? retryAfterMs(graphql.headers, clock()) : undefined;
      const forbidden = graphql.types.some((t) => t === "FORBIDDEN" || t === "INSUFFICIENT_SCOPES");
      const hint = graphql.rateLimited ? RATE_LIMIT_HINT : forbidden ? PERMISSION_HINT : undefined;
      return new TargetError(target, scrub(`${what}: GraphQL ${graphql.text}`), {
        retryable: graphql.rateLimited || !graphql.permanent,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        ...(hint ? { hint } : {}),
      });
    }
    const status = typeof e.status === "number" ? e.status : undefined;
    const headers = e.response?.headers ?? {};
    const body = e.response?.data;
    const data = body as { message?: unknown; errors?: unknown } | undefined;
    const details = Array.isArray(data?.errors) ? data.errors.flatMap((x: { message?: unknown }) => (typeof x?.message === "string" ? [x.message] : [])) : [];
    // A body that is not JSON (an HTML error page) is said in one line: Octokit's message is all of it.
    const base =
      typeof data?.message === "string" ? data.message
      : typeof body === "string" ? (body.trim() === "" ? "(an empty body)" : describeBody(scrub(body), String(headers["content-type"] ?? "")))
      : typeof e.message === "string" ? e.message
      : String(error);
    const text = details.length > 0 ? `${base}: ${details.join("; ")}` : base;
    const rateLimited = status === 429 || (status === 403 && (/rate limit/i.test(text) || String(headers["x-ratelimit-remaining"]) === "0"));
    const retryable = status === undefined || status >= 500 || rateLimited;
    // GitHub's reset is a wall-clock epoch: read against the injected clock (tests fix both).
    const wait = rateLimited ? retryAfterMs(headers, clock()) : undefined;
    // GitHub names what an endpoint needs: X-Accepted-GitHub-Permissions (fine-grained and App
    // tokens) or X-Accepted-OAuth-Scopes (classic tokens, which get a 404 for a missing scope).
    const permissions = typeof headers["x-accepted-github-permissions"] === "string" ? headers["x-accepted-github-permissions"] : undefined;
    const scope = missingScope(status, headers);
    const needs = permissions && status === 403 ? ` (the token lacks ${describePermission(permissions)})` : scope ? ` (the token lacks the scope ${scope.accepted.join(" or ")}; it has ${scope.granted.join(", ") || "none"})` : "";
    const hint =
      status === 401 ? "the token was refused: check that it is valid and not expired"
      : needs ? "give the token that permission (docs/setup.md lists what plan and apply need), or use a token that has it"
      : status === 403 && !rateLimited ? PERMISSION_HINT
      : rateLimited ? RATE_LIMIT_HINT
      : undefined;
    return new TargetError(target, scrub(`${what}: ${status ?? "error"} ${text}${needs}`), {
      ...(status !== undefined ? { status } : {}),
      retryable,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      ...(hint ? { hint } : {}),
    });
  };
  return Object.assign(wrap, { answered: () => void (silentSince = undefined) });
}

/** A refusal decided by the connector itself (guards, unsupported changes): never retried. */
export function refusal(target: string, message: string, hint?: string): TargetError {
  return new TargetError(target, message, { retryable: false, ...(hint ? { hint } : {}) });
}
