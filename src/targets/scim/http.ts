// The one place the scim connector talks HTTP: Node's global fetch, a timeout per request, SCIM
// error envelopes turned into TargetErrors. The bearer token lives in this closure only: it is
// not a field of any object, no request, header or response object is ever attached to an error
// (they can hold it), and it is registered with the redactor for what a server echoes back.
import { parseHttpDate } from "../../model/http-date.js";
import { redact, registerSecret } from "../../model/redact.js";
import { TargetError } from "../target-error.js";

export interface ScimResponse {
  status: number;
  /** Parsed JSON body; undefined for 204 or an empty body. */
  body: unknown;
  /** The ETag header, or meta.version of the body when the header is missing. */
  etag?: string;
}

export interface ScimRequest {
  query?: Record<string, string | number>;
  body?: unknown;
  ifMatch?: string;
}

export type ScimFetch = (method: string, path: string, request?: ScimRequest) => Promise<ScimResponse>;

const SCIM_JSON = "application/scim+json";

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3), read by the same
 * strict parser as the Date header, so that a mangled value is no wait rather than some time
 * Date.parse makes of it (a local time, an ISO string no server sends).
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = parseHttpDate(text);
  return at === undefined ? undefined : Math.max(0, Date.parse(at) - now);
}

function versionOf(body: unknown): string | undefined {
  const meta = (body as { meta?: { version?: unknown } } | undefined)?.meta;
  return typeof meta?.version === "string" ? meta.version : undefined;
}

/**
 * "409 uniqueness: userName ..." from a SCIM error envelope, or a short excerpt of anything else.
 * Redacted before it is cut: a cut through an encoded secret would leave a piece no mask matches.
 */
export function describeFailure(status: number, answer: string): { scimType?: string; detail: string } {
  const text = redact(answer);
  try {
    // Decoded, then masked, then cut: a token the server wrote with JSON escapes (PHP's `\/`,
    // .NET's `\u002B`) reads as itself only once decoded, and one cut in half not at all.
    const body = JSON.parse(answer) as { scimType?: unknown; detail?: unknown } | null;
    const scimType = typeof body?.scimType === "string" ? redact(body.scimType) : undefined;
    const detail = typeof body?.detail === "string" ? redact(body.detail).slice(0, 300) : "";
    return { ...(scimType ? { scimType } : {}), detail };
  } catch {
    // An HTML error page (a proxy's, a framework's debug page) reads better without its tags.
    const excerpt = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200);
    return { detail: excerpt || `HTTP ${status}` };
  }
}

function networkFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `no answer within ${timeoutMs} ms`;
  const code = e.cause?.code ?? e.cause?.message ?? e.message ?? "unknown error";
  return `connection failed (${code})`;
}

/** A SCIM HTTP client for one target. `what` names the request in messages ("GET /Users"). */
export function scimFetch(target: string, baseUrl: string, token: string, timeoutMs: number): ScimFetch {
  // A server may echo the Authorization header in an error body: the redactor scrubs it from
  // every message, journal line and output, in plain and encoded forms.
  registerSecret(token);
  return async (method, path, request = {}) => {
    const url = new URL(baseUrl + path);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, String(value));
    // An empty value goes as a bare key: AWS IAM Identity Center's first cursor page is `?cursor`
    // (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html).
    url.search = url.search.replace(/([?&][^=&]+)=(?=&|$)/g, "$1");
    const what = `scim ${method} ${path}`;
    const headers: Record<string, string> = { accept: SCIM_JSON, authorization: `Bearer ${token}` };
    if (request.body !== undefined) headers["content-type"] = SCIM_JSON;
    if (request.ifMatch) headers["if-match"] = request.ifMatch;

    let status: number;
    let text: string;
    let etagHeader: string | null;
    let retryAfter: string | null;
    // A plain controller and timer rather than AbortSignal.timeout(): that one builds a
    // transferable signal per request, a measurable share of the client's CPU per change.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
    try {
      const response = await fetch(url, {
        method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: deadline.signal,
      });
      status = response.status;
      etagHeader = response.headers.get("etag");
      retryAfter = response.headers.get("retry-after");
      text = await response.text();
    } catch (error) {
      // A reset, a refused connection or a timeout: transient as far as we can tell.
      throw new TargetError(target, `${what}: ${networkFailure(error, timeoutMs)}`, { retryable: true, hint: "a network failure: run the command again later; if it persists, check that the app is reachable" });
    } finally {
      clearTimeout(timer);
    }

    if (status === 429 || status >= 500) {
      const { detail } = describeFailure(status, text);
      const retryAfterMs = parseRetryAfter(retryAfter);
      throw new TargetError(target, `${what}: ${status}${detail ? ` ${detail}` : ""}`, {
        status,
        retryable: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        hint: status === 429 ? "the app is limiting requests: scopesync retries after the time it asks for; run again later if it persists" : "the app failed on its side: scopesync retries it; if it persists, check the app's status page or logs, then run again",
      });
    }
    if (status >= 400) {
      const { scimType, detail } = describeFailure(status, text);
      throw new TargetError(target, `${what}: ${status}${scimType ? ` ${scimType}` : ""}${detail ? `: ${detail}` : ""}`, {
        status,
        retryable: false,
        hint: status === 401 || status === 403 ? "check the SCIM token and its permissions in the app" : "the app refused the request as sent: see its answer above; plan again against the live app (plan --live) if the account changed meanwhile",
      });
    }

    let body: unknown;
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        throw new TargetError(target, `${what}: ${status} answer is not JSON`, { status, hint: "check that the url points at the app's SCIM base (…/scim/v2)" });
      }
    }
    const etag = etagHeader ?? versionOf(body);
    return { status, body, ...(etag ? { etag } : {}) };
  };
}
