// Lists paged by cursor (`options.paging: cursor`), as AWS IAM Identity Center documents for
// ListUsers and ListGroups (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html,
// listgroups.html): it ignores startIndex and gives at most 100 results per page; "Pagination
// requests must include cursor in the query parameters", "The first request made with cursor
// must be empty (eg. https://.../Users?cursor)", the answer then has "itemsPerPage and nextCursor
// fields" instead of totalResults and startIndex, and "as long as nextCursor is present in the
// response, additional pages are available" (a page may hold fewer than `count`). RFC 9865 names
// the same parameters. A read ends only on a page without nextCursor; anything that could mean a
// shorter list than the app holds fails the read.
import { TargetError } from "../target-error.js";
import { SCIM_MAX_PAGE_SIZE } from "./schema.js";
import { pageCount } from "./page-count.js";
import type { ScimSession } from "./session.js";
import { isWholeUnpagedList } from "./whole-list.js";

/**
 * Every resource of `path` (with `query`, e.g. a filter, sent unchanged on every page, as AWS
 * requires). Pages are not kept for a resumed read: a cursor may have expired by then, and the
 * app's 400 for it would end the read for good; a retry reads the list from its first page.
 */
export async function listByCursor(session: ScimSession, path: string, query: Record<string, string> = {}): Promise<Array<Record<string, unknown>>> {
  const fail = (message: string, retryable = false, hint?: string) =>
    new TargetError(session.target, `scim GET ${path} (paging by cursor): ${message}`, { retryable, hint: hint ?? (retryable ? "read again" : "the app's SCIM list endpoint answers out of spec; nothing was planned from it") });
  const count = pageCount(session);
  const out: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  let cursor = "";
  for (let pageNo = 1; ; pageNo++) {
    const { body } = await session.http("GET", path, { query: { ...query, cursor, count } });
    const page = body as { totalResults?: unknown; startIndex?: unknown; Resources?: unknown; nextCursor?: unknown } | undefined;
    if (!page || typeof page !== "object") throw fail(`page ${pageNo} is not a SCIM list`);
    const resources = page.Resources ?? [];
    if (!Array.isArray(resources)) throw fail(`page ${pageNo}: Resources is not a list`);
    const next = page.nextCursor;
    if (next !== undefined && next !== null && (typeof next !== "string" || next === "")) throw fail(`page ${pageNo}: nextCursor is not a cursor`);
    // An app that does not page by cursor answers as if it had not been asked to: an index page
    // (startIndex, totalResults) and no nextCursor. Complete only if it holds all of totalResults
    // and fewer than were asked for (a full page's totalResults may be that page's size), or more
    // than were asked for (an app that ignores paging gave its whole list: whole-list.ts).
    if (pageNo === 1 && typeof next !== "string" && typeof page.startIndex === "number" && typeof page.totalResults === "number" && (page.totalResults > resources.length || resources.length >= count) && !isWholeUnpagedList(page, resources, count)) {
      throw fail(`the app answered an index-paged list (startIndex, totalResults ${page.totalResults}, ${resources.length} resources) without nextCursor: it does not page by cursor`, false, notByCursorHint(session.target, page.totalResults, resources.length, count));
    }
    for (const resource of resources) {
      const id = (resource as { id?: unknown } | null)?.id;
      if (typeof id !== "string" || id === "") throw fail(`resource ${out.length + 1} has no id`);
      if (seen.has(id)) throw fail(`resource ${id} came twice (the app changed during the read, or its cursor did not move on)`, true);
      seen.add(id);
      out.push(resource as Record<string, unknown>);
    }
    if (typeof next !== "string") {
      // RFC 9865 lets a cursor page carry totalResults; when the last one does, it must agree.
      if (typeof page.totalResults === "number" && page.totalResults !== out.length) throw fail(`got ${out.length} resources, totalResults says ${page.totalResults}`, true);
      return out;
    }
    if (cursors.has(next)) throw fail(`nextCursor ${JSON.stringify(next.slice(0, 40))} came twice: the app's paging does not move on`);
    cursors.add(next);
    cursor = next;
  }
}

/**
 * What to do about an index page answered to a cursor request. A page of exactly `count` whose
 * totalResults is the same may also be an app that ignores paging and holds exactly that many:
 * another pageSize reads it by index (whole-list.ts), so that fix is named beside paging: index.
 */
function notByCursorHint(target: string, total: number, held: number, count: number): string {
  const byIndex = `set targets.${target}.options.paging to index (the default) if the app pages by startIndex`;
  if (total !== held || held !== count) return byIndex;
  return `${byIndex}, and its pageSize to ${count < SCIM_MAX_PAGE_SIZE ? `more than ${count}` : `less than ${count}`} if it ignores paging and these ${count} are its whole list`;
}
