// A Graph collection export: one response body or a directory of pages, each { value: [...] },
// the page chain checked so that a missing page is an error and never a shorter list.
import { SourceError } from "../../model/errors.js";
import type { ExportFile } from "../common/export-files.js";
import { JsonEntry } from "../common/json-entry.js";
import { isObject, parseJsonFile } from "../common/json.js";
import { checkPageChain } from "../common/page-chain.js";
import { checkNotDelta, checkODataCount, graphPage } from "../common/graph-collection.js";
import type { SourceContext } from "../source.js";
import { joined } from "../../model/joined.js";

/** `what` names the items in messages ("applications"), `endpoint` the request that lists them ("GET /applications"). */
export function graphEntries(context: SourceContext, files: ExportFile[], what: string, endpoint: string): JsonEntry[] {
  const pages = files.map((file) => graphPage(context, file, parseJsonFile(context, file), what, endpoint));
  checkNotDelta(context, pages, endpoint);
  checkPageChain(context, pages.map(({ file, body }) => ({ path: file.path, hasNext: typeof body["@odata.nextLink"] === "string" })), "@odata.nextLink");
  checkODataCount(context, pages, what);
  const entries: JsonEntry[] = [];
  for (const { file, items } of pages) {
    items.forEach((item, index) => {
      const position = joined(file.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not an object`);
      entries.push(new JsonEntry(context, item, position));
    });
  }
  return entries;
}
