// JSON exports of directory APIs: one file, or a directory of page files read in name order.
import type { SourceContext } from "../source.js";
import { readExportPages, type ExportFile } from "./export-files.js";
import { parseJsonFile } from "./json.js";

export interface JsonPage {
  file: ExportFile;
  body: unknown;
}

/** Reads and parses every page; a single bad page fails the whole read. */
export async function readJsonPages(context: SourceContext): Promise<JsonPage[]> {
  const files = await readExportPages(context, "json");
  return files.map((file) => ({ file, body: parseJsonFile(context, file) }));
}

/** Keys that are protocol plumbing rather than attributes (Okta hypermedia, OData annotations). */
export function isProtocolKey(key: string): boolean {
  return key === "_links" || key.startsWith("@odata.");
}
