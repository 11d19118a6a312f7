// The pages of a read, named so that a read resumed after a failed attempt (api.ts) can answer the
// pages that arrived from what it kept and ask GitHub again from the page that failed. A REST page
// is named by its URL (`page=N` names the page; its Link header the next one); a GraphQL page by
// its query and variables (graphql-pages.ts: `after` names the page, the answer's endCursor the
// next one). GitHub's cursors are as much positions in a changing list as page numbers, so both
// kinds are checked the same way when a read resumes.
import LinkHeader from "http-link-header";
import { canonicalJson } from "../../model/canonical-json.js";
import { graphqlBody, graphqlPageName, nextCursor, type GraphqlBody } from "./graphql-pages.js";
import { restPageName } from "./rest-page-name.js";

/** What asks GitHub again for a page: Octokit's request with an options object (the typings know routes only). */
type Ask = (options: Record<string, unknown>) => Promise<{ data: unknown }>;

const GRAPHQL = "POST ";

/** The key of a page a read may keep: a GET's URL, a GraphQL query's; undefined for any other request (a write). */
export function readKey(method: string, url: string, body: unknown): string | undefined {
  if (method === "GET") return url;
  const query = method === "POST" && new URL(url).pathname.endsWith("/graphql") ? graphqlBody(body) : undefined;
  return query ? graphqlKey(url, query) : undefined;
}

// One line per part: the URL, then the body as canonical JSON (the same query and variables, the same key).
const graphqlKey = (url: string, body: GraphqlBody): string => `${GRAPHQL}${url}\n${canonicalJson(body, 0)}`;

export const isGraphqlKey = (key: string): boolean => key.startsWith(GRAPHQL);

function graphqlParts(key: string): { url: string; body: GraphqlBody } {
  const at = key.indexOf("\n");
  return { url: key.slice(GRAPHQL.length, at), body: JSON.parse(key.slice(at + 1)) as GraphqlBody };
}

/** The key of the page after the one `kept` answered; undefined on the last page. */
export function nextKey(key: string, kept: { headers: Record<string, unknown>; data: unknown }): string | undefined {
  if (!isGraphqlKey(key)) return nextPage(kept.headers.link);
  const after = nextCursor((kept.data as { data?: unknown } | undefined)?.data);
  if (after === undefined) return undefined;
  const { url, body } = graphqlParts(key);
  return graphqlKey(url, { ...body, variables: { ...body.variables, after } });
}

/** Asks GitHub for the page `key` names again (api.ts passes it by its cache). */
export function askAgain(octokit: { request: unknown }, key: string, headers: unknown): Promise<{ data: unknown }> {
  const ask = octokit.request as Ask;
  if (!isGraphqlKey(key)) return ask({ method: "GET", url: key, headers });
  const { url, body } = graphqlParts(key);
  return ask({ method: "POST", url, query: body.query, variables: body.variables ?? {}, headers });
}

/** The page `key` names, for a message: "GET <route>?…&page=N" (rest-page-name.ts), or "POST /graphql (query …, the page after …)". */
export function describeKey(key: string): string {
  if (!isGraphqlKey(key)) return restPageName(key);
  const { url, body } = graphqlParts(key);
  return `POST ${new URL(url).pathname} (${graphqlPageName(body)})`;
}

/** A GraphQL answer holding `errors`. */
export const hasErrors = (data: unknown): boolean => typeof data === "object" && data !== null && "errors" in data;

/** The "next" URL of a Link header (RFC 8288), as GitHub pages its lists. */
function nextPage(link: unknown): string | undefined {
  if (typeof link !== "string") return undefined;
  try {
    return LinkHeader.parse(link).rel("next")[0]?.uri;
  } catch {
    // Octokit's paginate finds no next page in it either: the list ends there.
    return undefined;
  }
}
