// The answers of a GitHub that is partly failing, for the fake's failure injection (server.ts
// `injectFault`), each as GitHub or the network in front of it documents or shows it:
// - `cut-body`: the answer's status and headers (content-length, the Link to the next page) arrive
//   whole and the body stops part-way, the connection dropped (a reset during the transfer).
// - `empty-body`: the status and headers, and an empty body (content-length 0).
// - `html-page`: an HTML page where JSON was expected: GitHub's own "Unicorn!" error page, or a
//   proxy's, with the status the fault names (502 by default).
// - `graphql-rate-limit`: "Rate limits and query limits for the GraphQL API", Exceeding the rate
//   limit: a spent primary limit answers "still 200" with an error message, x-ratelimit-remaining 0
//   and x-ratelimit-reset; the error's type is RATE_LIMITED.
// - `graphql-secondary-rate-limit`: the same page: a secondary limit answers 200 (or 403) with a
//   message saying so, and Retry-After when GitHub gives one.
// - `graphql-error`: a query GitHub answers with HTTP 200 and an `errors` list of one type
//   (FORBIDDEN, NOT_FOUND, ...), or of none (`null`: GitHub's "Something went wrong while
//   executing your query", its timeout, which a retry may pass).
import type { ServerResponse } from "node:http";
import type { HandlerResult } from "./handlers.js";

export type BodyDamage = "cut-body" | "empty-body";

/** About 4 KB, as GitHub's own error page is: a title, inline style, an inline image. */
export const UNICORN_PAGE = `<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Unicorn! &middot; GitHub</title><style>body{background:#f1f1f1;font-family:sans-serif}${".c{margin:0}".repeat(200)}</style></head><body><img alt="" src="data:image/png;base64,${"iVBORw0KGgo".repeat(150)}"><p>No server is currently available to service your request.</p><p>Sorry about that. Please try refreshing and contact us if the problem persists.</p></body></html>`;

/** Writes `body` under `headers` damaged as `damage` says: cut part-way (the socket dropped), or empty. */
export function writeDamaged(res: ServerResponse, status: number, headers: Record<string, string>, body: string, damage: BodyDamage): void {
  const bytes = Buffer.from(body);
  if (damage === "empty-body") {
    res.writeHead(status, { ...headers, "content-length": "0" }).end();
    return;
  }
  // The length announced is the whole body's; a third of it arrives, then the connection drops.
  res.writeHead(status, { ...headers, "content-length": String(bytes.length) });
  res.write(bytes.subarray(0, Math.floor(bytes.length / 3)));
  setTimeout(() => res.socket?.destroy(), 20);
}

/** The answer of a GraphQL fault (`graphql-*`); the reset is epoch seconds. */
export function graphqlFaultAnswer(kind: string, opts: { retryAfter: number | null; resetAt: number; type: string | null }): HandlerResult | undefined {
  if (kind === "graphql-rate-limit") {
    return { status: 200, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(opts.resetAt) }, body: { errors: [{ type: "RATE_LIMITED", message: "API rate limit exceeded for user ID 1." }] } };
  }
  if (kind === "graphql-secondary-rate-limit") {
    return { status: 200, headers: opts.retryAfter === null ? {} : { "retry-after": String(opts.retryAfter) }, body: { errors: [{ message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." }] } };
  }
  if (kind === "graphql-error") {
    if (opts.type === null) return { status: 200, body: { data: null, errors: [{ message: "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug." }] } };
    return { status: 200, body: { data: null, errors: [{ type: opts.type, path: ["repository"], message: opts.type === "FORBIDDEN" ? "Resource not accessible by integration" : `${opts.type}: the fake's injected error` }] } };
  }
  return undefined;
}
