// Which page a refusal answered. Every paged GraphQL query goes to POST /graphql, so a refusal (a
// spent limit, FORBIDDEN, a 403) named the read ("list the direct collaborators of acme's
// repositories (GraphQL)") but not how far it had got: which of 40 pages GitHub refused. A REST
// list's refusal named the read only too ("list the members of acme"): its route and page, from
// the Link header that led there, are named the same way (rest-page-name.ts).
// The page is known only where the request is made (api.ts's request hook); the refusal reaches
// errors.ts later, thrown by Octokit's graphql() past that hook (GraphqlResponseError, its
// `response` the answer's body) or by a plugin or the request within it. So the hook marks what
// it saw, the thrown error or the answer's body, and errors.ts asks here once, for the message.
import { UnreadableAnswer } from "./answer-body.js";
import { TargetError } from "../target-error.js";
import { hasErrors } from "./read-pages.js";

/** Marked errors and answer bodies → "POST /graphql (query repositories, the page after \"Y3Vy…\")", "GET /orgs/acme/members?per_page=100&page=3". Weak: a mark lives as long as its error. */
const pages = new WeakMap<object, string>();

const isObject = (v: unknown): v is object => typeof v === "object" && v !== null;

/**
 * Asks for one page (`page` names it), marking a refusal with it. A broken answer is not
 * marked: its UnreadableAnswer names the page already. A mark already there stays: the page
 * before, asked again to check it (api.ts), marks its own refusal first.
 */
export async function namingPage<R extends { data: unknown }>(page: string, ask: () => Promise<R>): Promise<R> {
  let response: R;
  try {
    response = await ask();
  } catch (e) {
    if (isObject(e) && !(e instanceof UnreadableAnswer) && !(e instanceof TargetError) && !pages.has(e)) pages.set(e, page);
    throw e;
  }
  if (isObject(response.data) && hasErrors(response.data)) pages.set(response.data, page);
  return response;
}

/** The page a refusal answered (namingPage), or undefined: a request that is no page of a list. */
export function refusedPage(error: unknown): string | undefined {
  if (!isObject(error)) return undefined;
  const response = (error as { response?: unknown }).response;
  return pages.get(error) ?? (isObject(response) ? pages.get(response) : undefined);
}
