// The one place the entra-apps connector talks HTTP: Node's fetch with exactly the request shapes
// Microsoft Graph documents (the OAuth 2.0 client-credentials grant; GET /applications with
// $select/$expand/$top and @odata.nextLink; POST /applications/{id}/removePassword; DELETE
// /applications/{id}/federatedIdentityCredentials/{id}). The client secret and
// the access token live in this closure only, are registered with the redactor, and no request,
// header or response object is attached to an error.
import { redact, registerSecret } from "../../model/redact.js";
import { parseRetryAfter } from "../scim/http.js";
import { TargetError } from "../target-error.js";
import type { EntraSettings } from "./settings.js";

export interface GraphClient {
  /**
   * GET a Graph path (or an @odata.nextLink). Not retried here: a 429 or 5xx is a retryable
   * TargetError carrying Retry-After, and scopesync retries the read or change as a whole.
   */
  get(pathOrLink: string): Promise<unknown>;
  /** POST a bound action; `undefined` for 204. Not retried here: the apply runner retries. */
  post(path: string, body: unknown): Promise<unknown>;
  /** DELETE a Graph path (204 No Content). Not retried here: the apply runner retries. */
  delete(path: string): Promise<unknown>;
}

const PERMISSION_HINT = "grant the application scopesync signs in as the Microsoft Graph application permission Application.ReadWrite.OwnedBy (and make it an owner of the applications) or Application.ReadWrite.All, with admin consent; Application.Read.All is enough to plan";

export function graphClient(settings: EntraSettings, clientSecret: string): GraphClient {
  const { name: target, graphUrl, timeoutMs } = settings;
  const graphOrigin = new URL(graphUrl).origin;
  let token: { value: string; until: number } | undefined;

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const form = new URLSearchParams({ client_id: settings.clientId, scope: settings.scope, client_secret: clientSecret, grant_type: "client_credentials" });
    const { status, text } = await send(`token request for client ${settings.clientId}`, settings.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    const body = parseJson(text) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (status !== 200 || typeof body?.access_token !== "string") {
      const why = typeof body?.error === "string" ? `${body.error}${typeof body.error_description === "string" ? `: ${firstLine(body.error_description)}` : ""}` : `HTTP ${status}`;
      throw new TargetError(target, `could not sign in as client ${settings.clientId} in tenant ${settings.tenantId}: ${redact(why)}`, { status, retryable: status === 429 || status >= 500, hint: "check options.tenantId, options.clientId and the client secret the token: reference names (secrets expire)" });
    }
    registerSecret(body.access_token);
    // Renew a minute early: a token that expires mid-read fails a page.
    const seconds = typeof body.expires_in === "number" ? body.expires_in : Number(body.expires_in ?? 3600);
    token = { value: body.access_token, until: Date.now() + Math.max(0, seconds - 60) * 1000 };
    return token.value;
  }

  async function send(what: string, url: string, init: RequestInit): Promise<{ status: number; text: string; retryAfter: string | null }> {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, text: await response.text(), retryAfter: response.headers.get("retry-after") };
    } catch (error) {
      const e = error as { name?: string; cause?: { code?: string } };
      const why = e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `connection failed (${e.cause?.code ?? e.name ?? "unknown error"})`;
      throw new TargetError(target, `${what}: ${why}`, { retryable: true, hint: "a network failure: run the command again later; if it persists, check that Microsoft Graph is reachable" });
    }
  }

  async function call(method: "GET" | "POST" | "DELETE", url: string, body: unknown, what: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${await accessToken()}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const answer = await send(what, url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    // A token Graph no longer takes (revoked, or expired early) is not asked for again.
    if (answer.status === 401) token = undefined;
    if (answer.status >= 400) throw graphError(target, what, answer.status, answer.text, answer.retryAfter);
    if (answer.text.trim() === "") return undefined;
    const parsed = parseJson(answer.text);
    if (parsed === undefined) throw new TargetError(target, `${what}: ${answer.status} answer is not JSON`, { status: answer.status, hint: "check options.graphUrl: it must be the Graph v1.0 root" });
    return parsed;
  }

  return {
    async get(pathOrLink) {
      const url = pathOrLink.startsWith("/") ? graphUrl + pathOrLink : pathOrLink;
      // A next link elsewhere would carry the bearer token to another host.
      if (new URL(url).origin !== graphOrigin) throw new TargetError(target, `Graph answered with a next link to another host (${new URL(url).origin})`, { hint: "options.graphUrl must be the host Graph's links point at" });
      return call("GET", url, undefined, `GET ${new URL(url).pathname}`);
    },
    post: (path, body) => call("POST", graphUrl + path, body, `POST ${path}`),
    delete: (path) => call("DELETE", graphUrl + path, undefined, `DELETE ${path}`),
  };
}

/** Graph's error body `{ error: { code, message } }` as one line, with the status and the fix. */
function graphError(target: string, what: string, status: number, text: string, retryAfter: string | null): TargetError {
  const body = parseJson(redact(text)) as { error?: { code?: unknown; message?: unknown } } | undefined;
  const code = typeof body?.error?.code === "string" ? body.error.code : undefined;
  const message = typeof body?.error?.message === "string" ? firstLine(body.error.message) : redact(text).replace(/\s+/g, " ").slice(0, 200);
  const retryable = status === 429 || status >= 500;
  const retryAfterMs = parseRetryAfter(retryAfter);
  return new TargetError(target, `${what}: ${status}${code ? ` ${code}` : ""}${message ? `: ${message}` : ""}`, {
    status,
    retryable,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(status === 401 || status === 403 ? { hint: PERMISSION_HINT } : retryable ? { hint: "Graph throttled or failed the request; it is retried" } : {}),
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!.slice(0, 300);
}
