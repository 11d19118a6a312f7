// Lists paged by cursor (`options.paging: cursor`), as AWS IAM Identity Center documents for
// ListUsers and ListGroups (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listusers.html,
// listgroups.html): it ignores startIndex and gives at most 100 results per page; "Pagination
// requests must include cursor in the query parameters", "The first request made with cursor
// must be empty (eg. https://.../Users?cursor)", the answer then has "itemsPerPage and nextCursor
// fields" instead of totalResults and startIndex, and "as long as nextCursor is present in the
// response, additional pages are available" (a page may hold fewer than `count`). RFC 9865 names
// the same parameters. A read ends only on a page without nextCursor; anything that could mean a
// shorter list than the app holds fails the read: the shapes apps that cap their pages give by index
// (read.ts) are met here too. A full first page without nextCursor may be an app that ignores the
// cursor and gives its first `count` (one that omits startIndex, below, is not told by its answer):
// one probe for a single resource tells, as a cursor app must then give a nextCursor. A cursor that
// answers only resources already read is a cursor that does not move on, not a retryable change.
// Every totalResults a page carries must be the number read in the end (RFC 9865 makes it the
// total, not the page's): one that is its own page's size, or that counts more than the pages
// held, is said as such, and not retried, since a second read meets the same answers.
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
  // Each page's totalResults, where it carries one, with its own size: checked once the end is reached.
  const totals: Array<{ pageNo: number; total: number; size: number }> = [];
  let cursor = "";
  let emptyInARow = 0;
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
      throw fail(`the app answered an index-paged list (startIndex, totalResults ${page.totalResults}, ${resources.length} resources) without nextCursor: it does not page by cursor`, false, notByCursorHint(session.target, count, page.totalResults === resources.length && resources.length === count));
    }
    const ids = resources.map((resource, i) => {
      const id = (resource as { id?: unknown } | null)?.id;
      if (typeof id !== "string" || id === "") throw fail(`resource ${out.length + i + 1} has no id`);
      return id;
    });
    // A page of nothing but resources already read: the cursor answered a page before it again.
    if (pageNo > 1 && ids.length > 0 && ids.every((id) => seen.has(id))) {
      throw fail(`page ${pageNo} holds only resources already read (${ids.length}, from ${JSON.stringify(ids[0]!.slice(0, 40))}): the app's cursor does not move on, so its list cannot be read whole this way`, false, notByCursorHint(session.target));
    }
    for (const [i, id] of ids.entries()) {
      if (seen.has(id)) throw fail(`resource ${id} came twice (the app changed during the read, or its cursor did not move on)`, true);
      seen.add(id);
      out.push(resources[i] as Record<string, unknown>);
    }
    if (typeof page.totalResults === "number") totals.push({ pageNo, total: page.totalResults, size: resources.length });
    if (typeof next !== "string") {
      checkTotals(totals, out.length, fail, session.target);
      // A full first page without nextCursor: the whole list, or an app that ignores the cursor.
      if (pageNo === 1 && resources.length >= count && resources.length > 1 && !isWholeUnpagedList(page, resources, count) && !(await pagesByCursor(session, path, query))) {
        throw fail(`the app answered ${resources.length} resources (as many as asked) without nextCursor, and asked for 1 it gave 1 without nextCursor either: it does not page by cursor, and the resources past its first answer could not be read`, false, notByCursorHint(session.target, count));
      }
      return out;
    }
    if (resources.length === 0 && ++emptyInARow > MAX_EMPTY_PAGES) {
      throw fail(`${emptyInARow} pages in a row held nothing and named a next cursor: the app's paging does not move on`, false, notByCursorHint(session.target));
    }
    if (resources.length > 0) emptyInARow = 0;
    if (cursors.has(next)) throw fail(`nextCursor ${JSON.stringify(next.slice(0, 40))} came twice: the app's paging does not move on`);
    cursors.add(next);
    cursor = next;
  }
}

/**
 * Empty pages that name a next cursor, in a row, before the read gives up: a page may hold fewer
 * than `count` (AWS), but an app handing out new cursors for nothing would be read for ever.
 */
const MAX_EMPTY_PAGES = 10;

/**
 * Does the app page by cursor? Asked once, of a list whose first answer was as many as asked and
 * named no next cursor: the first resource alone (`count=1`). An app that pages by cursor holds
 * more than one, so it must name a next cursor; one that ignores the cursor gives 1 without it.
 */
async function pagesByCursor(session: ScimSession, path: string, query: Record<string, string>): Promise<boolean> {
  const { body } = await session.http("GET", path, { query: { ...query, cursor: "", count: 1 } });
  const next = (body as { nextCursor?: unknown } | null | undefined)?.nextCursor;
  return typeof next === "string" && next !== "";
}

/**
 * Every totalResults a page carried must be the number the read ends with. One that is its own
 * page's size (and not the total) is an app that reports the page's size, as AWS does by index
 * (awslabs/ssosync#1); one that counts more than the pages held is a paging that stopped short;
 * totals that move between pages are an app that changed during the read (read again).
 */
function checkTotals(totals: ReadonlyArray<{ pageNo: number; total: number; size: number }>, read: number, fail: (message: string, retryable?: boolean, hint?: string) => TargetError, target: string): void {
  const wrong = totals.filter((t) => t.total !== read);
  if (wrong.length === 0) return;
  const said = wrong.map((t) => `page ${t.pageNo} says ${t.total}`).join(", ");
  const vendor = `the counts contradict each other, so whether the list was read whole cannot be told; report it to the app's vendor`;
  if (wrong.every((t) => t.total === t.size)) throw fail(`the cursor pages held ${read} resources, but totalResults is the size of a page (${said}): the app reports the size of a page as totalResults`, false, `${vendor}, or ${notByCursorHint(target)}`);
  if (new Set(totals.map((t) => t.total)).size > 1) throw fail(`totalResults moved while paging (${totals.map((t) => `page ${t.pageNo} says ${t.total}`).join(", ")}) and ${read} resources were read (the app changed during the read)`, true);
  if (wrong[0]!.total > read) throw fail(`the last page (without nextCursor) came after ${read} resources, but totalResults says ${wrong[0]!.total}: the app's cursor paging stopped short, and the ${wrong[0]!.total - read} resources past it could not be read`, false, `${vendor}, or ${notByCursorHint(target)}`);
  throw fail(`the cursor pages held ${read} resources, but totalResults says ${wrong[0]!.total}`, false, `${vendor}, or ${notByCursorHint(target)}`);
}

/**
 * What to do about an app that does not page by cursor. A page of exactly `count` whose
 * totalResults is the same (`exactPage`) may also be an app that ignores paging and holds exactly
 * that many: another pageSize reads it by index (whole-list.ts), so that fix is named beside paging: index.
 */
function notByCursorHint(target: string, count?: number, exactPage = false): string {
  const byIndex = `set targets.${target}.options.paging to index (the default) if the app pages by startIndex`;
  if (!exactPage || count === undefined) return byIndex;
  return `${byIndex}, and its pageSize to ${count < SCIM_MAX_PAGE_SIZE ? `more than ${count}` : `less than ${count}`} if it ignores paging and these ${count} are its whole list`;
}
