// The one place Octokit errors become TargetErrors. Only status, GitHub's message and the retry
// timing survive: never the request object (its headers hold the token), and the token itself is
// scrubbed from any text as a last line of defence.
import { TargetError } from "../target-error.js";
import { describeBody, UnreadableAnswer } from "./answer-body.js";
import { graphqlFailure } from "./graphql-errors.js";
import { refusedPage } from "./refused-page.js";

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
/** A 403 that names neither a permission nor a scope: GitHub's own message says why (an archived repository, a team its IdP owns, an org's policy). */
const REFUSED_HINT = "GitHub refused the request for the reason its message gives; where it gives none, check the token against docs/setup.md";
/** GitHub's answer to a write on an archived repository (one archived after the plan's read: archived.ts). */
const ARCHIVED_ANSWER = /archived so is read-only/i;
const ARCHIVED_HINT = "the repository is archived, and GitHub changes none of its collaborators, teams or deploy keys: unarchive it (Settings → General → Danger Zone), run apply, and archive it again; a live plan leaves it out and says so (github-repo-archived)";

/**
 * A token not authorized for an org that enforces SAML single sign-on: GitHub answers 403 (or 404)
 * with `X-GitHub-SSO: required; url=<authorization URL>` ("If you receive a 403 Forbidden error,
 * you can follow the URL in the X-GitHub-SSO header to authorize your token. The URL expires after
 * one hour"; an unauthorized token "may receive a 404 Not Found or a 403": docs.github.com REST,
 * *Authenticating to the REST API*, "Personal access tokens and SAML SSO"). The other form,
 * `partial-results; organizations=…`, marks a list that left such orgs out: not a refusal.
 * `url` only when it is an http(s) URL without credentials (a link to authorize, never a secret).
 */
export function ssoRequired(headers: Record<string, unknown> | undefined): { url?: string } | undefined {
  const value = headers?.["x-github-sso"];
  if (typeof value !== "string" || !/^\s*required\b/i.test(value)) return undefined;
  const raw = /\burl=(\S+)/i.exec(value)?.[1];
  let url: string | undefined;
  try {
    const u = raw ? new URL(raw) : undefined;
    if (u && (u.protocol === "https:" || u.protocol === "http:") && u.username === "" && u.password === "") url = u.href;
  } catch {
    // Not a URL: the hint says where to authorize without it.
  }
  return url ? { url } : {};
}

/** The hint for an SSO refusal (ssoRequired): authorize the token, with GitHub's link when it gave one. */
export function ssoHint(org: string, sso: { url?: string }): string {
  const where = sso.url ? `open ${sso.url} (GitHub's link, valid for one hour)` : "on GitHub: Settings → Developer settings → Personal access tokens → Configure SSO → Authorize";
  return `authorize this token for ${org}'s SAML single sign-on: ${where}, signed in as the token's user; then run again (a GitHub App installation token needs no authorization)`;
}

/** A 403 or 429 that is a rate limit, primary or secondary (GitHub's "Exceeding the rate limit"). */
export function isRateLimited(status: number | undefined, text: string, headers: Record<string, unknown>): boolean {
  return status === 429 || (status === 403 && (/rate limit/i.test(text) || String(headers["x-ratelimit-remaining"]) === "0"));
}

/**
 * What a rate-limited answer, REST's or GraphQL's, tells: the wait it asks for (Retry-After, else
 * the primary limit's reset, else GitHub's minute) and, for a spent primary limit, which one and
 * until when ("If you exceed your primary rate limit, you will receive a 403 Forbidden or 429 Too
 * Many Requests response, and the x-ratelimit-remaining header will be 0"; x-ratelimit-reset in UTC
 * epoch seconds; x-ratelimit-resource `core` for most REST routes, "always graphql" for GraphQL:
 * GitHub's "Rate limits for the REST API" and its GraphQL page). One helper, so that both kinds of
 * limit say the same: "GitHub's core rate limit, 5000 requests an hour, is spent until
 * 2026-01-15T09:00:00Z" (points, not requests, for GraphQL). `spent` is undefined unless
 * x-ratelimit-remaining is 0 and the reset is given: a secondary limit spends no hour.
 */
function rateLimited(headers: Record<string, string | number | undefined>, now: number): { waitMs: number; spent?: string } {
  const remaining = String(headers["x-ratelimit-remaining"]);
  const reset = Number(headers["x-ratelimit-reset"]);
  const resets = remaining === "0" && headers["x-ratelimit-reset"] !== undefined && Number.isFinite(reset);
  const after = Number(headers["retry-after"]);
  const waitMs = Number.isFinite(after) && after > 0 ? after * 1000 : resets ? Math.max(reset * 1000 - now, 0) + 1000 : SECONDARY_LIMIT_WAIT_MS;
  if (!resets) return { waitMs };
  const resource = typeof headers["x-ratelimit-resource"] === "string" ? headers["x-ratelimit-resource"] : "primary";
  const limit = Number(headers["x-ratelimit-limit"]);
  const per = Number.isFinite(limit) && headers["x-ratelimit-limit"] !== undefined ? `, ${limit} ${resource === "graphql" ? "points" : "requests"} an hour,` : "";
  return { waitMs, spent: `GitHub's ${resource} rate limit${per} is spent until ${new Date(reset * 1000).toISOString().replace(/\.000Z$/, "Z")}` };
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
export function errorWrapper(target: string, token: string, baseUrl: string, unreachableAfterMs = UNREACHABLE_AFTER_MS, clock: () => number = Date.now, org = "the organization"): ErrorWrapper {
  const scrub = (text: string): string => (token ? text.split(token).join("***") : text);
  const host = new URL(baseUrl).host;
  let silentSince: number | undefined;
  const wrap = (what: string, error: unknown, startedAt?: number): TargetError => {
    if (error instanceof TargetError) return error;
    // A page's refusal (a GraphQL cursor, a REST list's page) says which page, once: the read's name alone does not say how far it got.
    const page = refusedPage(error);
    const where = page ? `${what}: ${page}` : what;
    const e = (error ?? {}) as OctokitLikeError;
    // Wall-clock time on purpose: how long a host has been silent is about the network, not the plan.
    const now = Date.now();
    const network = networkFailure(e);
    if (network) {
      silentSince ??= startedAt ?? now;
      const unreachable = now - silentSince >= unreachableAfterMs;
      return new TargetError(target, scrub(`${where}: GitHub at ${host} is unreachable (${network})${unreachable ? ` for ${Math.round((now - silentSince) / 1000)} s; giving up` : ""}`), {
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
      // The same waits and words as REST's (rateLimited).
      const limited = graphql.rateLimited ? rateLimited(graphql.headers, clock()) : undefined;
      const forbidden = graphql.types.some((t) => t === "FORBIDDEN" || t === "INSUFFICIENT_SCOPES");
      const hint = graphql.rateLimited ? RATE_LIMIT_HINT : forbidden ? PERMISSION_HINT : undefined;
      return new TargetError(target, scrub(`${where}: GraphQL ${graphql.text}${limited?.spent ? ` (${limited.spent})` : ""}`), {
        retryable: graphql.rateLimited || !graphql.permanent,
        ...(limited ? { retryAfterMs: limited.waitMs } : {}),
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
    // GitHub's reset is a wall-clock epoch: read against the injected clock (tests fix both).
    const limited = isRateLimited(status, text, headers) ? rateLimited(headers, clock()) : undefined;
    const retryable = status === undefined || status >= 500 || limited !== undefined;
    // GitHub names what an endpoint needs: X-Accepted-GitHub-Permissions (fine-grained and App
    // tokens) or X-Accepted-OAuth-Scopes (classic tokens, which get a 404 for a missing scope).
    const permissions = typeof headers["x-accepted-github-permissions"] === "string" ? headers["x-accepted-github-permissions"] : undefined;
    const scope = missingScope(status, headers);
    // An SSO refusal is not a missing permission: the token has it, but the org has not let it in yet.
    const sso = status === 403 || status === 404 ? ssoRequired(headers) : undefined;
    const needs = sso ? ` (the token is not authorized for ${org}'s SAML single sign-on)` : permissions && status === 403 ? ` (the token lacks ${describePermission(permissions)})` : scope ? ` (the token lacks the scope ${scope.accepted.join(" or ")}; it has ${scope.granted.join(", ") || "none"})` : "";
    // Only a refusal that names a permission, or GitHub's "not accessible by" answer, is a permission gap.
    const gap = status === 403 && /not accessible by|must have admin|admin rights/i.test(text);
    const hint =
      status === 401 ? "the token was refused: check that it is valid and not expired"
      : sso ? ssoHint(org, sso)
      : needs ? "give the token that permission (docs/setup.md lists what plan and apply need), or use a token that has it"
      : status === 403 && ARCHIVED_ANSWER.test(text) ? ARCHIVED_HINT
      : status === 403 && !limited ? (gap ? PERMISSION_HINT : REFUSED_HINT)
      : limited ? RATE_LIMIT_HINT
      : undefined;
    return new TargetError(target, scrub(`${where}: ${status ?? "error"} ${text}${limited?.spent ? ` (${limited.spent})` : ""}${needs}`), {
      ...(status !== undefined ? { status } : {}),
      retryable,
      ...(limited ? { retryAfterMs: limited.waitMs } : {}),
      ...(hint ? { hint: scrub(hint) } : {}),
    });
  };
  return Object.assign(wrap, { answered: () => void (silentSince = undefined) });
}

/** A refusal decided by the connector itself (guards, unsupported changes): never retried. */
export function refusal(target: string, message: string, hint?: string): TargetError {
  return new TargetError(target, message, { retryable: false, ...(hint ? { hint } : {}) });
}
