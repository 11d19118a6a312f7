// A REST page, named for a message: the route and the page, as a refused GraphQL page is named by
// its query and cursor (refused-page.ts). The URL is the one Octokit asked, a Link header's "next"
// from page 2 on: GitHub (or a proxy in front of it) writes that URL, so a query value may be
// anything. One that looks like a credential is never printed: a value under a credential's name
// (access_token, client_secret, sig, …), a token's shape (model/secret-shapes.ts) or a long
// near-random string. A cursor that looks random is hidden with them: the page's number stays.
import { hiddenSecretShape, looksRandom } from "../../model/secret-shapes.js";

const CREDENTIAL_NAME = /token|secret|passw|sig|key|auth|code|credential|jwt|session/i;

/** `value` of the query parameter `name`, or `***` where it may be a credential. */
function shown(name: string, value: string): string {
  return CREDENTIAL_NAME.test(name) || hiddenSecretShape(value) !== undefined || looksRandom(value) ? "***" : value;
}

/** "GET /orgs/acme/members?role=all&per_page=100&page=3"; "… (the first page)" where `per_page` asks a list without a `page`. */
export function restPageName(url: string): string {
  let where: URL;
  try {
    where = new URL(url);
  } catch {
    return "GET (a URL that does not parse)";
  }
  const query = [...where.searchParams].map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(shown(name, value))}`);
  const first = where.searchParams.has("per_page") && !where.searchParams.has("page") ? " (the first page)" : "";
  return `GET ${where.pathname}${query.length > 0 ? `?${query.join("&")}` : ""}${first}`;
}

/** A GET that asks for a page of a list: GitHub's pagination parameters name it. */
export const isRestPage = (url: string): boolean => /[?&](?:per_page|page)=/.test(url);
