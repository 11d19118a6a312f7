// A stateful Microsoft Graph fake on node:http (127.0.0.1, random port) for the entra-apps target:
// the Microsoft identity platform's client-credentials token endpoint, GET /v1.0/applications
// (with $select, $expand=federatedIdentityCredentials, $top and @odata.nextLink paging), GET
// /v1.0/applications/{id}, POST /v1.0/applications/{id}/removePassword, and an application's
// federated identity credentials: GET (list) and DELETE /v1.0/applications/{id}/
// federatedIdentityCredentials/{id or name}. Requests and responses are checked against the pinned
// CSDL subset (spec.ts); anything off is a violation the test asserts away. Refusals are Graph's:
// 401 without a valid token, 403 Authorization_RequestDenied without the permission, 404
// Request_ResourceNotFound for an unknown application, keyId or federated credential, 429
// TooManyRequests with Retry-After, 400 for a $select of an unknown property.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GraphSpec } from "./spec.js";

export interface FakePasswordCredential { keyId: string; displayName?: string | null; startDateTime: string; endDateTime: string; hint?: string | null }
export interface FakeKeyCredential { keyId: string; displayName?: string | null; startDateTime: string; endDateTime: string; type: string; usage: string }
/** microsoft.graph.federatedIdentityCredential (https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential). */
export interface FakeFederatedCredential { id: string; name: string; issuer: string; subject: string; audiences: string[]; description?: string | null }
export interface FakeApplication {
  id: string;
  appId: string;
  displayName: string;
  passwordCredentials: FakePasswordCredential[];
  keyCredentials: FakeKeyCredential[];
  /** Its federated identity credentials (a relationship: listed with the application only when expanded). */
  federatedIdentityCredentials?: FakeFederatedCredential[];
  /** Client ids of the applications that own it (Application.ReadWrite.OwnedBy may write only these). */
  owners?: string[];
}

export type GraphRole = "Application.Read.All" | "Application.ReadWrite.OwnedBy" | "Application.ReadWrite.All";

export interface GraphFakeOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Application permissions granted (and consented) to the client. Default Application.ReadWrite.All. */
  roles?: GraphRole[];
  applications?: FakeApplication[];
  /** Most applications per page whatever $top asks (Graph: 999); small values make paging visible. */
  maxPage?: number;
  /** Echo the request's Authorization header and form in error bodies, as a careless proxy would. */
  echoSecrets?: boolean;
}

export interface LoggedGraphRequest { method: string; path: string; status: number }

export interface GraphFake {
  url: string;
  graphUrl: string;
  applications: FakeApplication[];
  requests: LoggedGraphRequest[];
  violations: string[];
  roles: GraphRole[];
  /** The next `times` Graph requests (optionally only to paths matching) answer 429 with Retry-After. */
  throttle(times: number, retryAfterSeconds: number, path?: RegExp): void;
  close(): Promise<void>;
}

const spec = new GraphSpec();

export async function startGraphFake(options: GraphFakeOptions): Promise<GraphFake> {
  const applications = options.applications ?? [];
  const requests: LoggedGraphRequest[] = [];
  const violations: string[] = [];
  const tokens = new Set<string>();
  const throttles: Array<{ times: number; retryAfter: number; path?: RegExp }> = [];
  const fake = { applications, requests, violations, roles: options.roles ?? ["Application.ReadWrite.All"] } as GraphFake;
  const maxPage = options.maxPage ?? 999;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const status = handle(req, Buffer.concat(chunks).toString("utf8"), res);
      requests.push({ method: req.method ?? "", path: req.url ?? "", status });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const graphUrl = `${url}/v1.0`;

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): number {
    res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json; odata.metadata=minimal" }), "request-id": randomUUID(), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
    return status;
  }

  /** Graph's error envelope; echoing what was sent only when told to (a redaction test). */
  function graphError(res: ServerResponse, req: IncomingMessage, status: number, code: string, message: string, headers: Record<string, string> = {}): number {
    const echo = options.echoSecrets ? ` (request had Authorization: ${req.headers.authorization ?? "none"})` : "";
    const innerError = { date: "2026-12-01T10:00:00", "request-id": randomUUID(), "client-request-id": randomUUID() };
    return send(res, status, { error: { code, message: message + echo, innerError } }, headers);
  }

  function handle(req: IncomingMessage, raw: string, res: ServerResponse): number {
    const u = new URL(req.url ?? "/", url);
    if (req.method === "POST" && u.pathname === `/${options.tenantId}/oauth2/v2.0/token`) return token(raw, res);
    if (!u.pathname.startsWith("/v1.0/")) {
      violations.push(`unexpected request ${req.method} ${u.pathname}`);
      return send(res, 404);
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    if (!auth || !tokens.has(auth[1]!)) return graphError(res, req, 401, "InvalidAuthenticationToken", auth ? "Access token validation failure. Invalid audience." : "Access token is empty.");
    const throttle = throttles.find((t) => t.times > 0 && (!t.path || t.path.test(u.pathname)));
    if (throttle) {
      throttle.times--;
      return graphError(res, req, 429, "TooManyRequests", "Too many requests.", { "retry-after": String(throttle.retryAfter) });
    }
    const path = u.pathname.slice("/v1.0".length);
    let m: RegExpExecArray | null;
    if (req.method === "GET" && path === "/applications") return listApplications(req, u, res);
    if (req.method === "GET" && (m = /^\/applications\/([^/]+)$/.exec(path))) return getApplication(req, u, decodeURIComponent(m[1]!), res);
    if (req.method === "POST" && (m = /^\/applications\/([^/]+)\/(removePassword|removeKey|addPassword)$/.exec(path))) return action(req, decodeURIComponent(m[1]!), m[2]!, raw, res);
    if (req.method === "GET" && (m = /^\/applications\/([^/]+)\/federatedIdentityCredentials$/.exec(path))) return listFederated(req, u, decodeURIComponent(m[1]!), res);
    if (req.method === "DELETE" && (m = /^\/applications\/([^/]+)\/federatedIdentityCredentials\/([^/]+)$/.exec(path))) return deleteFederated(req, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!), raw, res);
    violations.push(`unexpected request ${req.method} ${u.pathname}`);
    return graphError(res, req, 400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
  }

  function token(raw: string, res: ServerResponse): number {
    const form = new URLSearchParams(raw);
    const keys = [...form.keys()].sort().join(",");
    if (keys !== "client_id,client_secret,grant_type,scope") violations.push(`token request with parameters ${keys}`);
    if (form.get("grant_type") !== "client_credentials") return send(res, 400, { error: "unsupported_grant_type", error_description: "AADSTS70003: The app requested an unsupported grant type." });
    if (form.get("scope") !== `${url}/.default` && form.get("scope") !== "https://graph.microsoft.com/.default") return send(res, 400, { error: "invalid_scope", error_description: "AADSTS70011: The provided value for the input parameter 'scope' is not valid." });
    if (form.get("client_id") !== options.clientId) return send(res, 400, { error: "unauthorized_client", error_description: `AADSTS700016: Application with identifier '${form.get("client_id")}' was not found in the directory.` });
    if (form.get("client_secret") !== options.clientSecret) {
      const echo = options.echoSecrets ? ` Secret given: ${form.get("client_secret")}.` : "";
      return send(res, 401, { error: "invalid_client", error_description: `AADSTS7000215: Invalid client secret provided.${echo}` });
    }
    const access = `eyJ0eXAiOiJKV1QifQ.${randomUUID().replace(/-/g, "")}.fake`;
    tokens.add(access);
    return send(res, 200, { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: access });
  }

  function canRead(): boolean {
    return fake.roles.length > 0;
  }
  function canWrite(app: FakeApplication): boolean {
    return fake.roles.includes("Application.ReadWrite.All") || (fake.roles.includes("Application.ReadWrite.OwnedBy") && (app.owners ?? []).includes(options.clientId));
  }
  const denied = (res: ServerResponse, req: IncomingMessage): number => graphError(res, req, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  const notFound = (res: ServerResponse, req: IncomingMessage, id: string): number =>
    graphError(res, req, 404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);

  /** $select as Graph checks it: each name a property of microsoft.graph.application. */
  function selected(req: IncomingMessage, u: URL, res: ServerResponse, allowed: string[]): string[] | number {
    for (const k of u.searchParams.keys()) if (!allowed.includes(k)) {
      violations.push(`unexpected query parameter ${k}`);
      return graphError(res, req, 400, "BadRequest", `Query option '${k}' is not allowed.`);
    }
    const select = u.searchParams.get("$select");
    const props = spec.properties("application");
    const names = select === null ? Object.keys(props) : select.split(",");
    const unknown = names.find((n) => !props[n]);
    if (unknown) return graphError(res, req, 400, "BadRequest", `Could not find a property named '${unknown}' on type 'microsoft.graph.application'.`);
    return names;
  }

  /** $expand as Graph checks it: each name a navigation property of microsoft.graph.application. */
  function expansions(req: IncomingMessage, u: URL, res: ServerResponse): Record<string, string> | number {
    const expand = u.searchParams.get("$expand");
    if (expand === null) return {};
    const out: Record<string, string> = {};
    for (const name of expand.split(",")) {
      if (!(spec.subset.entityTypes["application"]!.navigationProperties ?? []).includes(name)) return graphError(res, req, 400, "BadRequest", `Could not find a property named '${name}' on type 'microsoft.graph.application'.`);
      if (name !== "federatedIdentityCredentials") {
        violations.push(`$expand=${name}: the fake expands federatedIdentityCredentials only`);
        return graphError(res, req, 400, "BadRequest", "Not supported by the fake.");
      }
      out[name] = "federatedIdentityCredential";
    }
    return out;
  }

  const federatedShape = (f: FakeFederatedCredential): Record<string, unknown> => ({ audiences: f.audiences, description: f.description ?? null, id: f.id, issuer: f.issuer, name: f.name, subject: f.subject });

  function shape(app: FakeApplication, names: string[], expanded: Record<string, string> = {}): Record<string, unknown> {
    const full: Record<string, unknown> = {
      id: app.id,
      appId: app.appId,
      displayName: app.displayName,
      // Graph never returns a secret after it was made: secretText is null, a hint of 3 characters stays.
      passwordCredentials: app.passwordCredentials.map((c) => ({ customKeyIdentifier: null, displayName: c.displayName ?? null, endDateTime: c.endDateTime, hint: c.hint ?? null, keyId: c.keyId, secretText: null, startDateTime: c.startDateTime })),
      keyCredentials: app.keyCredentials.map((c) => ({ customKeyIdentifier: null, displayName: c.displayName ?? null, endDateTime: c.endDateTime, key: null, keyId: c.keyId, startDateTime: c.startDateTime, type: c.type, usage: c.usage })),
    };
    const out = Object.fromEntries(names.filter((n) => n in full).map((n) => [n, full[n]]));
    if (expanded["federatedIdentityCredentials"]) out["federatedIdentityCredentials"] = (app.federatedIdentityCredentials ?? []).map(federatedShape);
    return out;
  }

  function checkAndSend(res: ServerResponse, body: Record<string, unknown>, values: Record<string, unknown>[], expanded: Record<string, string> = {}, entityType = "application"): number {
    values.forEach((v, i) => violations.push(...spec.checkEntity(entityType, v, `response.value[${i}]`, expanded)));
    for (const k of Object.keys(body)) if (!["@odata.context", "@odata.nextLink", "value", ...(values.length === 1 && !("value" in body) ? Object.keys(values[0]!) : [])].includes(k)) violations.push(`response: unexpected key ${k}`);
    return send(res, 200, body);
  }

  function listApplications(req: IncomingMessage, u: URL, res: ServerResponse): number {
    if (!canRead()) return denied(res, req);
    const names = selected(req, u, res, ["$select", "$expand", "$top", "$skiptoken"]);
    if (typeof names === "number") return names;
    const expanded = expansions(req, u, res);
    if (typeof expanded === "number") return expanded;
    const topText = u.searchParams.get("$top");
    const top = topText === null ? 100 : Number(topText);
    if (!Number.isInteger(top) || top < 1 || top > 999) return graphError(res, req, 400, "Request_BadRequest", `Invalid page size specified: '${topText}'. Must be between 1 and 999 inclusive.`);
    const start = Number(u.searchParams.get("$skiptoken") ?? "0");
    const size = Math.min(top, maxPage);
    const page = applications.slice(start, start + size).map((a) => shape(a, names, expanded));
    const next = start + size < applications.length ? new URL(u.toString()) : undefined;
    next?.searchParams.set("$skiptoken", String(start + size));
    const body = { "@odata.context": `${graphUrl}/$metadata#applications`, ...(next ? { "@odata.nextLink": next.toString() } : {}), value: page };
    return checkAndSend(res, body, page, expanded);
  }

  function getApplication(req: IncomingMessage, u: URL, id: string, res: ServerResponse): number {
    if (!canRead()) return denied(res, req);
    const names = selected(req, u, res, ["$select"]);
    if (typeof names === "number") return names;
    const app = applications.find((a) => a.id === id);
    if (!app) return notFound(res, req, id);
    const value = shape(app, names);
    return checkAndSend(res, { "@odata.context": `${graphUrl}/$metadata#applications/$entity`, ...value }, [value]);
  }

  /** GET /applications/{id}/federatedIdentityCredentials: Application.Read.All is enough; $select and $filter are what Graph documents. */
  function listFederated(req: IncomingMessage, u: URL, id: string, res: ServerResponse): number {
    if (!canRead()) return denied(res, req);
    for (const k of u.searchParams.keys()) if (k !== "$select") {
      violations.push(`unexpected query parameter ${k}`);
      return graphError(res, req, 400, "BadRequest", `Query option '${k}' is not allowed.`);
    }
    const props = spec.properties("federatedIdentityCredential");
    const select = u.searchParams.get("$select");
    const names = select === null ? Object.keys(props) : select.split(",");
    const unknown = names.find((n) => !props[n]);
    if (unknown) return graphError(res, req, 400, "BadRequest", `Could not find a property named '${unknown}' on type 'microsoft.graph.federatedIdentityCredential'.`);
    const app = applications.find((a) => a.id === id);
    if (!app) return notFound(res, req, id);
    const value = (app.federatedIdentityCredentials ?? []).map((f) => Object.fromEntries(Object.entries(federatedShape(f)).filter(([k]) => names.includes(k))));
    return checkAndSend(res, { "@odata.context": `${graphUrl}/$metadata#applications('${id}')/federatedIdentityCredentials`, value }, value, {}, "federatedIdentityCredential");
  }

  /**
   * DELETE /applications/{id}/federatedIdentityCredentials/{id or name}: 204 No Content
   * (federatedidentitycredential-delete); Application.ReadWrite.OwnedBy only on an application the
   * caller owns, Application.ReadWrite.All on any; 404 for an application or credential not there.
   */
  function deleteFederated(req: IncomingMessage, id: string, fic: string, raw: string, res: ServerResponse): number {
    if (raw !== "") violations.push("DELETE federatedIdentityCredentials: a request body (Graph: don't supply one)");
    const app = applications.find((a) => a.id === id);
    if (!app) return canRead() ? notFound(res, req, id) : denied(res, req);
    if (!canWrite(app)) return denied(res, req);
    const list = app.federatedIdentityCredentials ?? [];
    const at = list.findIndex((f) => f.id.toLowerCase() === fic.toLowerCase() || f.name === fic);
    if (at < 0) return notFound(res, req, fic);
    list.splice(at, 1);
    return send(res, 204);
  }

  function action(req: IncomingMessage, id: string, name: string, raw: string, res: ServerResponse): number {
    if (!/^application\/json/.test(req.headers["content-type"] ?? "")) violations.push(`${name}: content-type ${req.headers["content-type"] ?? "none"}`);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return graphError(res, req, 400, "BadRequest", "Empty Payload. JSON content expected.");
    }
    const problems = spec.checkActionBody(name, body);
    if (problems.length > 0) {
      violations.push(...problems);
      return graphError(res, req, 400, "BadRequest", problems[0]!);
    }
    const app = applications.find((a) => a.id === id);
    if (!app) return canRead() ? notFound(res, req, id) : denied(res, req);
    if (!canWrite(app)) return denied(res, req);
    if (name !== "removePassword") {
      violations.push(`${name} is not something scopesync should call`);
      return graphError(res, req, 400, "BadRequest", "Not supported by the fake.");
    }
    const keyId = (body as { keyId: string }).keyId.toLowerCase();
    const at = app.passwordCredentials.findIndex((c) => c.keyId.toLowerCase() === keyId);
    if (at < 0) return graphError(res, req, 404, "Request_ResourceNotFound", `No password credential found with keyId '${keyId}'.`);
    app.passwordCredentials.splice(at, 1);
    return send(res, 204);
  }

  fake.url = url;
  fake.graphUrl = graphUrl;
  fake.throttle = (times, retryAfter, path) => void throttles.push({ times, retryAfter, ...(path ? { path } : {}) });
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
