// What a saved Microsoft Graph collection export (GET /users and the like: pages of
// { "value": [...], "@odata.nextLink" }) proves about itself, beyond its page chain.
//
// - A delta query response (GET /users/delta) ends with @odata.deltaLink instead of a next link,
//   and a later round holds only what changed, removals as { "id", "@removed": { "reason" } }
//   (learn.microsoft.com/graph/delta-query-overview). Nothing in a round tells the first (every
//   user) from a later one, and scopesync compares whole lists: people missing from a delta would
//   read as having left. So any delta response is refused.
// - With $count=true Graph puts the size of the whole collection in @odata.count: when the export
//   carries it, the items read must be that many, which shows a lost middle page the page chain
//   cannot (a nextLink is opaque).
// - A page saved by a loop of curl calls may hold Graph's error response instead of the page: a
//   request Graph throttled answers HTTP 429 with a Retry-After header and the body
//   { "error": { "code": "TooManyRequests", "message": ..., "innerError": { "date", "request-id" } } }
//   (learn.microsoft.com/graph/throttling; learn.microsoft.com/graph/errors: every error is one
//   "error" object with a code and a message). The people of that page and the pages after it were
//   never fetched: the file is refused as what it is, so that it is exported again.
import { SourceError } from "../../model/errors.js";
import { showValue } from "../../model/display.js";
import type { SourceContext } from "../source.js";
import type { ExportFile } from "./export-files.js";
import { isObject, type JsonObject } from "./json.js";

export interface GraphPage {
  file: ExportFile;
  body: JsonObject;
  items: unknown[];
}

/**
 * One saved response body as a page of `what` (`{ "value": [...] }`), or a SourceError naming the
 * file: a Graph error response (a throttled request's 429) says so and asks for the export again.
 */
export function graphPage(context: SourceContext, file: ExportFile, body: unknown, what: string, endpoint: string): GraphPage {
  if (isObject(body) && isObject(body["error"]) && !Array.isArray(body["value"])) {
    const code = body["error"]["code"];
    const throttled = code === "TooManyRequests" || code === "activityLimitReached";
    throw new SourceError(
      context.name,
      `${file.path}: this is a Graph error response (code ${showValue(code)}${throttled ? ": the request was throttled, HTTP 429" : ""}), not a page of ${what}: ` +
        "this page and the pages after it were never fetched, so the export is incomplete",
      `Export ${endpoint} again, every page: when Graph answers 429, wait the seconds its Retry-After header says and send the same request again, ` +
        "and save a page only when the response status is 200 (curl --fail does not write an error body).",
    );
  }
  if (!isObject(body) || !Array.isArray(body["value"])) {
    throw new SourceError(context.name, `${file.path}: expected a Graph response with a "value" list of ${what}`, "Save each page's response body as Graph returns it.");
  }
  return { file, body, items: body["value"] };
}

/** Refuses a delta query response: a page with @odata.deltaLink, or an item with @removed. */
export function checkNotDelta(context: SourceContext, pages: readonly GraphPage[], endpoint: string): void {
  const hint =
    `Export ${endpoint} (every page, following @odata.nextLink to a page without it), not ${endpoint}/delta: ` +
    "a delta query round holds only what changed, and the people missing from it would read as having left.";
  for (const { file, body, items } of pages) {
    if (body["@odata.deltaLink"] !== undefined) {
      throw new SourceError(context.name, `${file.path}: this is a delta query response (it carries @odata.deltaLink), not the whole list; export ${endpoint}`, hint);
    }
    items.forEach((item, index) => {
      if (isObject(item) && item["@removed"] !== undefined) {
        throw new SourceError(
          context.name,
          `${file.path} entry ${index + 1}: this is a delta query response (the entry is an "@removed" notice, not an object), not the whole list; export ${endpoint}`,
          hint,
        );
      }
    });
  }
}

/** When the first page carries @odata.count, the export must hold that many items. */
export function checkODataCount(context: SourceContext, pages: readonly GraphPage[], what: string): void {
  const first = pages[0];
  if (first === undefined) return;
  const count = first.body["@odata.count"];
  if (count === undefined) return;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
    throw new SourceError(context.name, `${first.file.path}: @odata.count is ${JSON.stringify(count)}, not a whole number`, "Save each page's response body as Graph returns it.");
  }
  const read = pages.reduce((sum, page) => sum + page.items.length, 0);
  if (read === count) return;
  const files = pages.length === 1 ? "the file" : `the ${pages.length} page files`;
  throw new SourceError(
    context.name,
    `${first.file.path}: @odata.count says there are ${count} ${what}, but ${files} hold ${read}: ` +
      (read < count ? "a page is missing from the export" : "more than the directory counted (pages of more than one export, or people added during it)"),
    "Export every page again in one go, following @odata.nextLink from the first page to a page without it. " +
      "The count is computed by the directory (ConsistencyLevel: eventual): if people joined or left during the export, export again.",
  );
}
