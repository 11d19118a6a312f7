// GitHub's GraphQL API answers most failures with HTTP 200 and an `errors` list, a spent rate
// limit included ("Rate limits and query limits for the GraphQL API", Exceeding the rate limit: the
// status "will still be 200", x-ratelimit-remaining is 0, and one "should not retry" before
// x-ratelimit-reset; a secondary limit answers 200 or 403 with Retry-After, else a minute's wait).
// Octokit throws such an answer as a GraphqlResponseError (no status, the answer's headers in
// `headers`, the list in `errors`), or, for the type RATE_LIMITED, its throttling plugin throws
// "GraphQL Rate Limit Exceeded" with the 200 answer as `response`. Read as a REST error, either had
// no status and was retried as a network blip: within seconds while rate-limited, and five times
// for a query that cannot succeed.

/** What a GraphQL `errors` answer means for a retry. */
export interface GraphqlFailure {
  /** "RATE_LIMITED: API rate limit exceeded for user ID 1." (each error, `; `-separated). */
  text: string;
  /** GitHub limited the query: wait as its headers say (errors.ts retryAfterMs). */
  rateLimited: boolean;
  /** Asking again gets the same answer: fail at once. */
  permanent: boolean;
  /** The error types GitHub gave (FORBIDDEN, NOT_FOUND, ...), for the hint. */
  types: string[];
  headers: Record<string, string | number | undefined>;
}

/**
 * Error types whose query fails the same way when asked again within a retry's seconds: what is not
 * there or not allowed, and a query GitHub refuses as written. An unknown type or none ("Something
 * went wrong while executing your query", GitHub's timeout; a resource limit) may pass on a retry.
 */
const PERMANENT = new Set(["NOT_FOUND", "FORBIDDEN", "INSUFFICIENT_SCOPES", "UNPROCESSABLE", "MAX_NODE_LIMIT_EXCEEDED", "EXCESSIVE_PAGINATION", "BAD_REQUEST"]);

/** GitHub's type for a spent primary or secondary GraphQL limit (RATE_LIMIT is seen too). */
const RATE_LIMITED = new Set(["RATE_LIMITED", "RATE_LIMIT"]);

interface GraphqlError {
  type?: unknown;
  message?: unknown;
  extensions?: { code?: unknown };
}

/** The GraphQL `errors` answer in `error`, read; undefined for any other error. */
export function graphqlFailure(error: unknown): GraphqlFailure | undefined {
  const e = (error ?? {}) as { name?: unknown; errors?: unknown; headers?: unknown; status?: unknown; response?: { status?: unknown; headers?: unknown; data?: { errors?: unknown } } };
  const answered = e.name === "GraphqlResponseError" ? { list: e.errors, headers: e.headers }
    : e.status === undefined && e.response?.status === 200 ? { list: e.response.data?.errors, headers: e.response.headers }
    : undefined;
  if (!answered || !Array.isArray(answered.list)) return undefined;
  const errors = (answered.list as GraphqlError[]).map((x) => ({
    type: typeof x?.type === "string" ? x.type : undefined,
    message: typeof x?.message === "string" ? x.message : "",
    // graphql-ruby's validation errors (a field or argument the schema lacks) carry a code, no type.
    invalid: typeof x?.extensions?.code === "string",
  }));
  const rateLimited = errors.some((x) => (x.type !== undefined && RATE_LIMITED.has(x.type)) || /rate limit/i.test(x.message));
  const permanent = !rateLimited && errors.some((x) => (x.type !== undefined && PERMANENT.has(x.type)) || x.invalid);
  const text = errors.map((x) => (x.type ? `${x.type}: ${x.message}` : x.message)).join("; ");
  return {
    text: text.length > 400 ? `${text.slice(0, 400)}…` : text || "an errors list without messages",
    rateLimited,
    permanent,
    types: errors.flatMap((x) => (x.type ? [x.type] : [])),
    headers: typeof answered.headers === "object" && answered.headers !== null ? (answered.headers as GraphqlFailure["headers"]) : {},
  };
}
