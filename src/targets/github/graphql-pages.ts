// A GraphQL query's page, as REST's `page=N` is a list's: the connector's paged GraphQL queries
// (saml.ts, direct-collaborators.ts) take the cursor of the page before as the variable `after`
// and answer `pageInfo { hasNextPage endCursor }` (GitHub's cursor pagination: "Using pagination
// in the GraphQL API"). Every such query goes to POST /graphql, so the route alone names neither
// the query nor the page: a message about a bad answer, and the read that is resumed from the page
// that failed (api.ts), need both. The query is named by its paged field (the one taking `$after`).

/** The body Octokit's graphql() sends: the query text and its variables. */
export interface GraphqlBody {
  query: string;
  variables?: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `body` as a GraphQL request's body, or undefined. */
export function graphqlBody(body: unknown): GraphqlBody | undefined {
  if (!isObject(body) || typeof body.query !== "string") return undefined;
  return { query: body.query, ...(isObject(body.variables) ? { variables: body.variables } : {}) };
}

/** "query collaborators, the page after \"Y3Vy…\"": which query and which page, for a message. */
export function graphqlPageName(body: GraphqlBody): string {
  // The field whose arguments take $after is the list being paged; else the first field asked for.
  // Looked for past the operation's own line, whose variable definitions name $after too.
  const selection = body.query.slice(Math.max(body.query.indexOf("{"), 0));
  const paged = /(\w+)\s*\([^)]*\$after\b/.exec(selection)?.[1] ?? /\{\s*(\w+)/.exec(selection)?.[1] ?? "(unnamed)";
  const after = body.variables?.after;
  return `query ${paged}, ${typeof after === "string" ? `the page after ${JSON.stringify(after)}` : "the first page"}`;
}

/**
 * The `after` of the page following `data` (an answer's `data`): the endCursor of the first
 * `pageInfo`, the paged list's (it is found before the lists nested in its nodes, such as each
 * repository's collaborators in org-collaborators.ts); undefined on the last page.
 */
export function nextCursor(data: unknown): string | undefined {
  return pageInfoOf(data)?.next;
}

/** The first `pageInfo` in `data`, looked for level by level before the nodes below it. */
function pageInfoOf(data: unknown): { next: string | undefined } | undefined {
  if (!isObject(data) && !Array.isArray(data)) return undefined;
  for (const value of Object.values(data)) {
    if (isObject(value) && isObject(value.pageInfo)) {
      const { hasNextPage, endCursor } = value.pageInfo;
      return { next: hasNextPage === true && typeof endCursor === "string" ? endCursor : undefined };
    }
    const deeper = pageInfoOf(value);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}
