// SCIM 2.0 ListResponse pages (RFC 7644 §3.4.2). A listing may span several files; its pages must
// cover startIndex 1..totalResults without gaps. A listing that says it has more resources than
// its pages hold is a truncated export, never a shorter directory.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import type { JsonPage } from "../common/json-pages.js";
import { isObject } from "../common/json.js";

export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export interface ScimPage {
  path: string;
  resources: unknown[];
}

const TRUNCATED_HINT = "Export every page (startIndex=1, 1+itemsPerPage, ...) until totalResults resources are saved.";

export function listPages(context: SourceContext, pages: readonly JsonPage[]): ScimPage[] {
  const result: ScimPage[] = [];
  // The listing in progress: how many resources it promised and how many its pages hold so far.
  let listing: { total: number; seen: number; path: string } | undefined;
  const close = () => {
    if (listing && listing.seen < listing.total) {
      throw new SourceError(
        context.name,
        `${listing.path}: ListResponse totalResults is ${listing.total} but the export holds ${listing.seen} (truncated export)`,
        TRUNCATED_HINT,
      );
    }
    listing = undefined;
  };
  for (const { file, body } of pages) {
    const fail = (what: string) => new SourceError(context.name, `${file.path}: ${what}`, "Save each page's response body as the SCIM service returns it.");
    if (!isObject(body) || !Array.isArray(body["schemas"]) || !body["schemas"].includes(LIST_RESPONSE)) {
      throw fail(`expected a SCIM ListResponse (schemas: ["${LIST_RESPONSE}"])`);
    }
    const total = body["totalResults"];
    if (typeof total !== "number" || !Number.isInteger(total) || total < 0) throw fail("totalResults is missing or not a count");
    // RFC 7644: Resources may be omitted when totalResults is 0.
    const resources = body["Resources"] ?? [];
    if (!Array.isArray(resources)) throw fail("Resources is not a list");
    const start = body["startIndex"] ?? 1;
    if (typeof start !== "number" || !Number.isInteger(start) || start < 1) throw fail("startIndex is not a positive integer");

    if (start === 1) {
      close();
      listing = { total, seen: 0, path: file.path };
    } else if (!listing || start !== listing.seen + 1 || total !== listing.total) {
      const expected = listing ? `${listing.seen + 1}` : "1";
      throw new SourceError(
        context.name,
        `${file.path}: page starts at index ${start}, expected ${expected} (a page is missing or the pages are out of order)`,
        TRUNCATED_HINT,
      );
    }
    listing.seen += resources.length;
    listing.path = file.path;
    if (listing.seen > listing.total) {
      throw fail(`pages hold ${listing.seen} resources but totalResults is ${listing.total}`);
    }
    result.push({ path: file.path, resources });
  }
  close();
  return result;
}
