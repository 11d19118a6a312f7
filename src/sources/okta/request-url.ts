// What a saved page's own URL (its Link rel="self") says about the request that fetched it. Two
// things make a list that links end to end something other than the whole list:
//
// - A query. Okta's list users endpoint returns every user but DEPROVISIONED ones when asked with
//   no query, and with `search`, `filter` or `q` only "one or more users that match" the expression
//   (developer.okta.com/docs/reference/user-query; `q` is not even paged, support.okta.com
//   "Pagination Overview"). A user such an export lacks may be locked out, staged or suspended
//   today: it cannot show who left. The groups list takes the same parameters. Refused rather than
//   read as unproven (absences unknown): the fix is in the export script, and a filtered export
//   read with a warning night after night would never offboard anyone it leaves out.
// - A cursor on the first page. Okta's first page is the request itself; `after=` comes only from
//   a rel="next" link ("Pagination Overview"), so a first saved page whose self has it was reached
//   by following links from an earlier page that is not in the export (a paging loop that wrote
//   every response to one file keeps only the last).
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

/** The query parameters that make Okta return a subset of a list. */
const SUBSET_PARAMETERS = ["filter", "search", "q"] as const;

/** A page's rel="self" as read from its headers file, with the line it is on. */
export interface SelfLink {
  uri: string;
  /** "okta/page-1.headers:4": the headers file and the line of the Link header. */
  at: string;
}

function queryOf(uri: string): URLSearchParams | undefined {
  try {
    // Okta's links are absolute; a base keeps a relative one (an edited file) readable.
    return new URL(uri, "https://okta.invalid/").searchParams;
  } catch {
    return undefined;
  }
}

/** Refuses a page fetched with a query that returns a subset of `what`, naming the query and how to export the whole list. */
export function checkNoSubsetQuery(context: SourceContext, self: SelfLink, what: string, wholeRequest: string, hint: string): void {
  const query = queryOf(self.uri);
  if (!query) return;
  const found = SUBSET_PARAMETERS.filter((name) => query.has(name)).map((name) => `${name}=${JSON.stringify(query.get(name))}`);
  if (found.length === 0) return;
  throw new SourceError(
    context.name,
    `${self.at}: this page was fetched with ${found.join(" and ")} (its Link rel="self" is ${self.uri}): Okta returns only what matches a filter, search or q query, so this ${what} export is not the whole list: what it leaves out (a user locked out or staged, a group of another type) cannot be told from what is gone`,
    `Export the whole list: ${wholeRequest}, with no filter, search or q parameter, following each Link rel="next" to the end; choose whom a policy covers with its scope (where:), not in the export. ${hint}`,
  );
}

/** Refuses a first page reached by a cursor: Okta's first page has no `after=`, so the pages before it are missing. */
export function checkFirstPage(context: SourceContext, self: SelfLink, pagePath: string, what: string, hint: string): void {
  const after = queryOf(self.uri)?.get("after");
  if (after === undefined || after === null) return;
  throw new SourceError(
    context.name,
    `${self.at}: the first page of the ${what} export (${pagePath}) is ${self.uri}, reached with the cursor after=${after}: Okta's first page is the request itself, without after=, so page 1 (and any page before this one) is missing from the export`,
    `Save every page, each to its own file (page-1.json with page-1.headers, page-2.json with page-2.headers, ...): a loop that writes every response to the same file keeps only the last page. ${hint}`,
  );
}
