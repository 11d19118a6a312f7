// JSON exports: parse errors become positioned SourceErrors (line and column, not V8's byte offset),
// and a file that stops mid-document is called what it usually is: a truncated export.
import { SourceError } from "../../model/errors.js";
import { lineColumn } from "../../model/json-error.js";
import type { SourceContext } from "../source.js";
import type { ExportFile } from "./export-files.js";

/** Parses one export file; never returns a partial value. */
export function parseJsonFile(context: SourceContext, file: ExportFile): unknown {
  try {
    return JSON.parse(file.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    const hint = "Re-run the export and check that the file was copied completely.";
    if (file.text.trim() === "") {
      throw new SourceError(context.name, `${file.path}: file is empty, expected JSON`, hint);
    }
    const at = /position (\d+)/.exec(message);
    // V8 words a cut-off document in several ways; what they share is where parsing stopped.
    const atEnd = at !== null && Number(at[1]) >= file.text.trimEnd().length;
    if (atEnd || /end of (JSON )?input|Unterminated string/i.test(message)) {
      throw new SourceError(context.name, `${file.path}: JSON ends before the document is complete (truncated export?)`, hint);
    }
    const where = at ? ` at ${lineColumn(file.text, Number(at[1]))}` : "";
    throw new SourceError(context.name, `${file.path}: invalid JSON${where}`, hint);
  }
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON value that is text with something in it, trimmed; undefined for anything else (absent, null, "", "  ", a number). */
export function trimmedText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
