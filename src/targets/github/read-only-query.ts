// Which GraphQL requests are reads. GitHub asks for a pause only between mutative requests ("If
// you are making a large number of POST, PATCH, PUT, or DELETE requests, wait at least one second
// between each request": Best practices for using the REST API), and a GraphQL request without a
// mutation costs 1 secondary-limit point, as a GET does (5 with one: Rate limits for the REST API,
// "Calculating points for the secondary rate limit"). Octokit's throttling plugin spaces every
// POST /graphql a second apart as a write, which made a live read of an org's repositories take
// one second per query (rv89). client.ts sends the requests this file calls reads past that pause.
//
// Told apart conservatively, without parsing: an operation's type is a keyword of the document
// ("mutation", "subscription"; a document with neither, or starting with `{`, is a query: GraphQL
// spec, "Operations"), and a keyword is a Name token, never escaped. So a document in which the
// word "mutation" or "subscription" appears nowhere, as any token, in a string or in a comment,
// holds no mutation. One that names either anywhere (even in a comment or an argument) is paced as
// a write: a read wrongly paced costs a second; a write sent unpaced would break GitHub's rule.
import { graphqlBody } from "./graphql-pages.js";

/** GraphQL names are [_A-Za-z][_0-9A-Za-z]*, the characters of JavaScript's \w: \b bounds a token. */
const NOT_A_QUERY = /\b(?:mutation|subscription)\b/;

/** Is this request (method, URL and body as Octokit sends it) a GraphQL query that holds no mutation? */
export function isReadOnlyQuery(method: string, url: string, body: unknown): boolean {
  if (method !== "POST" || !new URL(url, "http://github.invalid").pathname.endsWith("/graphql")) return false;
  const request = graphqlBody(body);
  return request !== undefined && !NOT_A_QUERY.test(request.query);
}
