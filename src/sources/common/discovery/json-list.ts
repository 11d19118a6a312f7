// The exports of CLIs that print a JSON array (`gcloud ... --format=json`) or a Kubernetes List
// ({ kind: "List", items: [...] }): every item an object, positioned by file and index.
import { SourceError } from "../../../model/errors.js";
import type { ExportFile } from "../export-files.js";
import { JsonEntry } from "../json-entry.js";
import { isObject, parseJsonFile } from "../json.js";
import type { SourceContext } from "../../source.js";
import { joined } from "../../../model/joined.js";

export function jsonListEntries(context: SourceContext, files: ExportFile[], shape: "array" | "items", what: string, hint: string): JsonEntry[] {
  const entries: JsonEntry[] = [];
  for (const file of files) {
    const body = parseJsonFile(context, file);
    const list = shape === "array" ? body : isObject(body) ? body["items"] : undefined;
    if (!Array.isArray(list)) throw new SourceError(context.name, `${file.path}: expected ${shape === "array" ? "a JSON list" : 'a Kubernetes List with "items"'} of ${what}`, hint);
    if (shape === "items" && isObject(body) && typeof (body["metadata"] as Record<string, unknown> | undefined)?.["continue"] === "string" && (body["metadata"] as Record<string, unknown>)["continue"] !== "") {
      throw new SourceError(context.name, `${file.path}: metadata.continue is set: the list was cut into chunks and this is not the last`, "Export without --chunk-size, or save every chunk as its own page file.");
    }
    list.forEach((item, index) => {
      const position = joined(file.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not an object`);
      entries.push(new JsonEntry(context, item, position));
    });
  }
  return entries;
}
