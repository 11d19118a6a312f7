// A stateful GitHub fake on node:http, bound to 127.0.0.1 on a random port. Every request is
// checked against the pinned OpenAPI subset (422 on mismatch, 404 for an unknown operation) and
// every response it sends is checked too; anything wrong is recorded as a violation that
// `assertNoViolations()` turns into a test failure.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HANDLERS, type HandlerResult } from "./handlers.js";
import { graphqlPage, graphqlRoute, isGraphql } from "./handlers-graphql.js";
// After handlers.js: the Actions handlers import its pagination, and it registers them.
import { serveBlob } from "./handlers-actions.js";
import { Shapes } from "./shapes.js";
import { GithubSpec } from "./spec.js";
import { FakeOrg } from "./state.js";
import { refusalFor, ssoRefusalFor, tokenHeaders, type FakeToken } from "./tokens.js";
import { RateLimiter, type RateLimits } from "./rate-limits.js";
import { GraphqlRateLimiter } from "./graphql-rate-limits.js";
import { requestCost } from "./graphql-cost.js";
import { dryRunData, isDryRun } from "./graphql-dry-run.js";
import { graphqlFaultAnswer, UNICORN_PAGE, writeDamaged, type BodyDamage } from "./broken-answers.js";

/** The answers of broken-answers.ts beside GitHub's REST rate limits and a 500. */
export type FaultKind = "secondary-rate-limit" | "rate-limit" | "server-error" | BodyDamage | "html-page" | "graphql-rate-limit" | "graphql-secondary-rate-limit" | "graphql-error";
export interface Fault {
  kind: FaultKind;
  /** How many matching requests fail before the fake answers normally again. */
  times?: number;
  /**
   * Only requests to this operation (operationId), e.g. "orgs/list-members"; "graphql" for POST
   * /graphql, which only a fault naming it (or a `graphql-*` kind) touches.
   */
  operationId?: string;
  /**
   * `html-page`: the status it comes with (default 502). `rate-limit`: 403 (default) or 429, both
   * documented for a spent primary limit ("Troubleshooting the REST API": "a 403 Forbidden or 429
   * Too Many Requests response, and the x-ratelimit-remaining header will be 0").
   */
  status?: number;
  /** `graphql-error`: the error's type (default FORBIDDEN); null: none, GitHub's timeout message. */
  graphqlType?: string | null;
  /**
   * Seconds, for Retry-After / the rate-limit reset. `null`: a secondary limit without Retry-After,
   * which GitHub's rate-limit documentation says it may send ("retry-after might be present").
   */
  retryAfter?: number | null;
  /** Only this page of a list (the `page` query parameter; page 1 when absent; a GraphQL query's by its `after` cursor). */
  page?: number;
  /**
   * `cut-body`, `empty-body`: the answer comes without a content-type header, as a proxy in front
   * of GitHub may send it; Octokit then reads the body as text, and one that never arrives whole as
   * nothing at all (`data` undefined).
   */
  untyped?: boolean;
  /** The primary limit's reset as epoch seconds (x-ratelimit-reset); default: now + retryAfter. */
  resetAt?: number;
}
export interface LoggedRequest { method: string; path: string; /** The `page` query parameter of a list request, when given; a GraphQL request's page (its cursor). */ page?: number; operationId?: string; status: number; fault?: FaultKind; /** Why the token was refused (permission, scope, kind). */ refused?: string; /** Which of `tokens` made it (its index). */ by?: number }

export interface GithubFakeOptions {
  org?: string;
  /** The token's user (classic and fine-grained tokens), or the App's slug (its bot is `<slug>[bot]`). */
  self?: string;
  /** A classic token with admin:org and repo, as the fake always took (`tokens` wins). */
  token?: string;
  /** The tokens the fake accepts, each answered as GitHub answers its kind; the first is `token`. */
  tokens?: FakeToken[];
  /** Answer as this GitHub Enterprise Server version: its API description, its headers, no invitations. */
  ghes?: string;
  /** Answer as GitHub Enterprise Cloud (its description: team sync, external groups). */
  ghec?: boolean;
  /** An Enterprise Managed Users org (GitHub Enterprise Cloud): no invitations; the IdP provisions. */
  emu?: boolean;
  /** Enforce GitHub's documented primary and secondary rate limits (rate-limits.ts); off by default. */
  rateLimits?: RateLimits;
  /** Milliseconds an operation (by operationId) takes before it is carried out: see GithubFake.delays. */
  delays?: Record<string, number>;
  /** The org's numeric id (GET /orgs/{org}); default 9000001. */
  orgId?: number;
}

export interface GithubFake {
  url: string;
  org: FakeOrg;
  token: string;
  /** The GHES version the fake answers as, if any. */
  ghes?: string;
  requests: LoggedRequest[];
  violations: string[];
  /** Calls of one operation, e.g. count("orgs/create-invitation"). */
  count(operationId: string): number;
  /** With `rateLimits`: the limiter (refusals, the peak points per minute a run used). */
  limiter?: RateLimiter;
  /** GraphQL's points (graphql-rate-limits.ts): counted always, enforced with `rateLimits`. */
  graphqlLimiter: GraphqlRateLimiter;
  /**
   * Milliseconds each operation (by operationId) waits before the fake carries it out and answers,
   * as a busy GitHub takes its time: the other requests in flight are answered meanwhile, so a test
   * can make the order of concurrent requests matter (an owner's promotion landing after another
   * owner's demotion was counted). Settable while the fake runs.
   */
  delays: Map<string, number>;
  injectFault(fault: Fault): void;
  assertNoViolations(): void;
  close(): Promise<void>;
}

const specs = new Map<string, GithubSpec>();
function specFor(ghes: string | undefined, ghec: boolean): GithubSpec {
  const key = ghes ? `ghes-${ghes}` : ghec ? "ghec" : "api.github.com";
  let spec = specs.get(key);
  if (!spec) {
    spec = new GithubSpec(new URL(key === "api.github.com" ? "./openapi-subset.json" : `./openapi-subset-${key}.json`, import.meta.url));
    specs.set(key, spec);
  }
  return spec;
}
const RATE_LIMIT = 5000;
const TEAM_SYNC_ROUTE = /^\/orgs\/[^/]+\/teams\/[^/]+\/team-sync\/group-mappings$/;
const ORG_TEAM_SYNC_ROUTE = /^\/orgs\/[^/]+\/team-sync\/groups$/;
/**
 * Team sync's refusal on an org without it (api.github.com's description has neither route).
 * The per-team route's words are reported (integrations/terraform-provider-github#447, #1041,
 * octokit/rest.js#508: "This team is not externally managed. Learn more at …"); GitHub documents
 * no refusal for the org-level route, and the fake answers it in the same words, for the org.
 */
const notExternallyManaged = (what: "team" | "organization"): HandlerResult => ({
  status: 403,
  body: { message: `This ${what} is not externally managed. Learn more at https://docs.github.com/articles/synchronizing-teams-between-your-identity-provider-and-github`, documentation_url: "https://docs.github.com/rest/teams/team-sync", status: "403" },
});
const CUSTOM_REPO_ROLES_ROUTE = /^\/orgs\/[^/]+\/custom-repository-roles$/;

export async function startGithubFake(options: GithubFakeOptions = {}): Promise<GithubFake> {
  const tokens: FakeToken[] = options.tokens ?? [{ kind: "classic", value: options.token ?? "ghp_fakeTOKEN0123456789abcdefSECRET", scopes: ["admin:org", "repo"] }];
  const token = tokens[0]!.value;
  const ghec = options.ghec === true || options.emu === true;
  const spec = specFor(options.ghes, ghec);
  // An App acts as its bot, which is never an org member; a personal token acts as its user.
  const app = tokens[0]!.kind === "app";
  const org = new FakeOrg(options.org ?? "acme-robotics", app ? `${options.self ?? "scopesync"}[bot]` : (options.self ?? "scopesync-bot"), { selfIsMember: !app, ghes: options.ghes !== undefined, emu: options.emu === true, ...(options.orgId !== undefined ? { orgId: options.orgId } : {}) });
  const requests: LoggedRequest[] = [];
  const violations: string[] = [];
  const faults: Array<Required<Pick<Fault, "kind" | "times">> & Fault> = [];
  let used = 0;
  let base = "";
  const limiter = options.rateLimits ? new RateLimiter(options.rateLimits, options.rateLimits.now) : undefined;
  const graphqlLimiter = new GraphqlRateLimiter(options.rateLimits?.graphql ?? {}, options.rateLimits !== undefined, options.rateLimits?.now);
  const delays = new Map(Object.entries(options.delays ?? {}));

  const send = (res: ServerResponse, log: LoggedRequest, result: HandlerResult, validate: boolean, caller?: FakeToken, damage?: BodyDamage, untyped = false): void => {
    // Where the description documents an error status without a body, the fake sends none.
    if (result.status >= 400 && log.operationId && spec.documentsNoBody(log.operationId, result.status)) result = { ...result, body: undefined };
    if (validate && log.operationId) for (const v of spec.validateResponse(log.operationId, result.status, result.body)) violations.push(`${log.method} ${log.path}: response: ${v}`);
    log.status = result.status;
    requests.push(log);
    used++;
    const headers: Record<string, string> = {
      "x-ratelimit-limit": String(limiter?.primaryPerHour ?? RATE_LIMIT),
      "x-ratelimit-remaining": String(limiter ? limiter.remaining() : Math.max(RATE_LIMIT - used, 0)),
      "x-ratelimit-used": String(used),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      // "For GraphQL requests, this will always be graphql" (the GraphQL rate-limit page).
      "x-ratelimit-resource": log.path.endsWith("/graphql") ? "graphql" : "core",
      "x-github-api-version-selected": "2022-11-28",
      ...(options.ghes ? { "x-github-enterprise-version": `${options.ghes}.0` } : {}),
      ...(caller ? tokenHeaders(caller, log.operationId) : {}),
      ...result.headers,
    };
    if (damage && result.body !== undefined) {
      writeDamaged(res, result.status, untyped ? headers : { ...headers, "content-type": "application/json; charset=utf-8" }, JSON.stringify(result.body), damage);
    } else if (result.body === undefined) {
      res.writeHead(result.status, headers).end();
    } else {
      res.writeHead(result.status, { ...headers, "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(result.body));
    }
  };

  /** A 500, or GitHub's 403 for a secondary or primary rate limit (REST's, and GraphQL's 403 ones). */
  const refusal = (fault: Fault): HandlerResult => {
    const after = fault.retryAfter ?? 1;
    if (fault.kind === "secondary-rate-limit") {
      return { status: 403, headers: fault.retryAfter === null ? {} : { "retry-after": String(after) }, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" } };
    }
    if (fault.kind === "rate-limit") {
      return { status: fault.status ?? 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(fault.resetAt ?? Math.floor(Date.now() / 1000) + after) }, body: { message: "API rate limit exceeded for user ID 1.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" } };
    }
    return { status: 500, body: { message: "Server Error" } };
  };

  /** The first pending fault `matches` accepts, counted down; undefined if none. */
  const takeFault = (matches: (f: Fault) => boolean): (typeof faults)[number] | undefined => {
    const fault = faults.find((f) => f.times > 0 && matches(f));
    if (fault) fault.times--;
    return fault;
  };

  /** GitHub's (or a proxy's) HTML error page, with none of GitHub's API headers. */
  const sendHtml = (res: ServerResponse, log: LoggedRequest, status: number): void => {
    log.status = status;
    requests.push(log);
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": String(Buffer.byteLength(UNICORN_PAGE)) }).end(UNICORN_PAGE);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    const log: LoggedRequest = { method, path: url.pathname, status: 0, ...(url.searchParams.has("page") ? { page: Number(url.searchParams.get("page")) } : {}) };
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");

    if (method === "GET" && serveBlob(org, url.pathname, res)) return;
    const match = spec.match(method, url.pathname);
    if (!match && isGraphql(method, url.pathname)) {
      const authorised = tokens.some((t) => /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? "")?.[1] === t.value);
      // A GraphQL page is its cursor's (graphqlPage); logged as a REST list's page is.
      log.page = graphqlPage(raw);
      const fault = authorised ? takeFault((f) => (f.operationId === "graphql" || f.kind.startsWith("graphql-")) && (f.page === undefined || f.page === log.page)) : undefined;
      if (fault) {
        log.fault = fault.kind;
        const injected = graphqlFaultAnswer(fault.kind, { retryAfter: fault.retryAfter === undefined ? 1 : fault.retryAfter, resetAt: fault.resetAt ?? Math.floor(Date.now() / 1000) + (fault.retryAfter ?? 1), type: fault.graphqlType === undefined ? "FORBIDDEN" : fault.graphqlType });
        if (injected) return send(res, log, injected, false);
        if (fault.kind === "html-page") return sendHtml(res, log, fault.status ?? 502);
        if (fault.kind === "cut-body" || fault.kind === "empty-body") return send(res, log, graphqlRoute(org, true, raw, violations), false, undefined, fault.kind, fault.untyped);
        return send(res, log, refusal(fault), false);
      }
      if (!authorised) return send(res, log, graphqlRoute(org, false, raw, violations), false);
      const inFlight = limiter?.enter();
      if (limiter) res.once("close", () => limiter.done());
      const cost = requestCost(raw);
      const dryRun = isDryRun(cost, raw);
      const verdict = inFlight?.ok === false ? inFlight : graphqlLimiter.admit(cost, dryRun);
      if (!verdict.ok) {
        log.fault = verdict.kind === "rate-limit" ? "graphql-rate-limit" : "graphql-secondary-rate-limit";
        return send(res, log, graphqlLimiter.refusal(verdict), false);
      }
      if (dryRun) {
        // Not evaluated: no handler runs, nothing the query names is read (graphql-dry-run.ts).
        return send(res, log, { status: 200, headers: graphqlLimiter.headers(), body: { data: dryRunData(cost, graphqlLimiter.rateLimitObject(cost, "cost" in verdict ? verdict.cost : 0)) } }, false);
      }
      const result = graphqlRoute(org, true, raw, violations);
      const data = (result.body as { data?: unknown } | undefined)?.data;
      const rateLimit = typeof data === "object" && data !== null ? graphqlLimiter.rateLimitObject(cost, "cost" in verdict ? verdict.cost : 0) : undefined;
      const body = rateLimit ? { ...(result.body as object), data: { ...(data as object), rateLimit } } : result.body;
      return send(res, log, { ...result, body, headers: { ...graphqlLimiter.headers(), ...result.headers } }, false);
    }
    if (!match && !ghec && method === "GET" && (TEAM_SYNC_ROUTE.test(url.pathname) || ORG_TEAM_SYNC_ROUTE.test(url.pathname))) {
      // Team sync is GitHub Enterprise Cloud's: an org without it refuses both of its routes.
      return send(res, log, notExternallyManaged(TEAM_SYNC_ROUTE.test(url.pathname) ? "team" : "organization"), false);
    }
    if (!match && !ghec && !options.ghes && CUSTOM_REPO_ROLES_ROUTE.test(url.pathname) && method === "GET") {
      // Custom repository roles are GitHub Enterprise Cloud's (api.github.com's description has no
      // such route): an org without it answers 404 Not Found, as integrations/terraform-provider-github#2670 reports.
      return send(res, log, { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest/orgs/custom-roles#list-custom-repository-roles-in-an-organization", status: "404" } }, false);
    }
    if (!match) {
      violations.push(`${method} ${url.pathname}: no operation of the subset matches (unexpected request)`);
      return send(res, log, { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } }, false);
    }
    log.operationId = match.operationId;

    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const caller = tokens.find((t) => t.value === auth);
    if (!caller) {
      return send(res, log, { status: 401, body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" } }, true);
    }
    log.by = tokens.indexOf(caller);
    // What this kind of token may not do is refused before the request is looked at, as GitHub does.
    const refused = ssoRefusalFor(caller, match.operationId, base, org.org) ?? refusalFor(caller, match.operationId);
    if (refused) {
      log.refused = refused.message;
      return send(res, log, { status: refused.status, headers: refused.headers, body: { message: refused.message, documentation_url: "https://docs.github.com/rest", status: String(refused.status) } }, true, caller);
    }

    let body: unknown;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        violations.push(`${method} ${url.pathname}: body is not JSON`);
        return send(res, log, { status: 400, body: { message: "Problems parsing JSON" } }, false, caller);
      }
    }
    const query = Object.fromEntries(url.searchParams);
    const checked = spec.validateRequest(match.operationId, match.params, query, body, raw.length > 0);
    if (checked.problems.length) {
      // A request the description rejects is a bug in the connector: answer like GitHub and record it.
      violations.push(`${method} ${url.pathname}: request does not match ${match.operationId}: ${checked.problems.join("; ")}`);
      return send(res, log, { status: 422, body: { message: `Validation Failed: ${checked.problems.join("; ")}`, documentation_url: "https://docs.github.com/rest" } }, false, caller);
    }

    if (limiter) {
      const verdict = limiter.admit(method, match.operationId);
      res.once("close", () => limiter.done());
      if (!verdict.ok) {
        log.fault = verdict.kind;
        if (verdict.kind === "secondary-rate-limit") {
          return send(res, log, { status: 403, headers: { "retry-after": String(verdict.retryAfter) }, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" } }, false, caller);
        }
        return send(res, log, { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(verdict.resetAt) }, body: { message: "API rate limit exceeded for user ID 1.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" } }, false, caller);
      }
    }

    const page = Number(url.searchParams.get("page") ?? 1);
    const fault = takeFault((f) => !f.kind.startsWith("graphql-") && f.operationId !== "graphql" && (!f.operationId || f.operationId === match.operationId) && (f.page === undefined || f.page === page));
    // A damaged body is the handler's real answer (status, headers, Link), damaged on its way out.
    const damage = fault?.kind === "cut-body" || fault?.kind === "empty-body" ? fault.kind : undefined;
    if (fault && !damage) {
      log.fault = fault.kind;
      if (fault.kind === "html-page") return sendHtml(res, log, fault.status ?? 502);
      return send(res, log, refusal(fault), false, caller);
    }

    const handler = HANDLERS[match.operationId];
    if (!handler) {
      violations.push(`${method} ${url.pathname}: ${match.operationId} is in the subset but the fake has no handler`);
      return send(res, log, { status: 501, body: { message: "not implemented by the fake" } }, false, caller);
    }
    const delay = delays.get(match.operationId);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const shapes = new Shapes(base, org);
    const result = handler({ org, shapes, params: withRepoAsNamed(org, match.params), query: checked.query, body: body as Record<string, unknown> | undefined, url });
    if (damage) log.fault = damage;
    send(res, log, result, true, caller, damage, fault?.untyped);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push(`${req.method} ${req.url}: the fake crashed: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    org,
    token,
    ...(options.ghes ? { ghes: options.ghes } : {}),
    requests,
    violations,
    count: (operationId) => requests.filter((r) => r.operationId === operationId && !r.fault && !r.refused).length,
    ...(limiter ? { limiter } : {}),
    graphqlLimiter,
    delays,
    injectFault: (fault) => faults.push({ ...fault, times: fault.times ?? 1 }),
    assertNoViolations: () => {
      if (violations.length) throw new Error(`github-fake: ${violations.length} violation(s) of the GitHub description:\n  ${violations.join("\n  ")}`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * The `{repo}` path parameter as the org names the repository: GitHub's is "The name of the
 * repository without the .git extension. The name is not case sensitive." (REST API, every
 * /repos/{owner}/{repo} route), so `infra` reaches the repository named "Infra".
 */
function withRepoAsNamed(org: FakeOrg, params: Record<string, string>): Record<string, string> {
  const named = params.repo === undefined ? undefined : org.repoNamed(params.repo)?.name;
  return named === undefined || named === params.repo ? params : { ...params, repo: named };
}
