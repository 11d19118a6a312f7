// What a spreadsheet writes into a header row that is not a column: the cells of Excel's "used
// range" past the last real column (empty), and a whole header in one cell when the file is
// separated by ";" or tabs (Excel in locales whose decimal separator is a comma). Each is named for
// what it is, with the fix; matched as ordinary headers they read as a duplicate "" or a missing
// WorkerID, which points the reader at the wrong thing.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { numberRanges } from "./number-ranges.js";

/** ";" or a tab when `line` (a header row, or its only cell) has no comma and splits on it into several cells. */
export function otherSeparator(line: string): ";" | "\t" | undefined {
  if (line.includes(",")) return undefined;
  for (const separator of [";", "\t"] as const) {
    if (line.split(separator).length > 1) return separator;
  }
  return undefined;
}

/** The refusal of a header row separated by `separator` instead of commas. */
export function separatorError(context: SourceContext, shown: string, separator: ";" | "\t"): SourceError {
  const name = separator === ";" ? '";"' : "tabs";
  return new SourceError(
    context.name,
    `${shown} line 1: the header is separated by ${name}, not by commas, so it reads as one column${separator === ";" ? " (Excel writes \";\" where the decimal separator is a comma)" : ""}`,
    'The csv source reads comma-separated files (RFC 4180). Save the export with "," as the field delimiter: in LibreOffice or Google Sheets, CSV with field delimiter ","; in Excel, set the list separator to "," (Windows: Region settings > Additional settings > List separator; macOS: System Settings > Language & Region > Advanced) and save as "CSV UTF-8 (Comma delimited)".',
  );
}

/** The refusal of a header with empty cells (1-based columns), or undefined when it has none. */
export function emptyHeaderError(context: SourceContext, shown: string, headers: readonly string[]): SourceError | undefined {
  const empty = headers.flatMap((name, index) => (name.trim() === "" ? [index + 1] : []));
  if (empty.length === 0) return undefined;
  const trailing = empty[0] === headers.length - empty.length + 1;
  const where = `${empty.length === 1 ? "column" : "columns"} ${numberRanges(empty)}`;
  return new SourceError(
    context.name,
    trailing
      ? `${shown} line 1: the header ends in ${empty.length === 1 ? "an empty cell" : `${empty.length} empty cells`} (${where} of ${headers.length}), as Excel writes columns past the data that it counts as used`
      : `${shown} line 1: the header has no name in ${where} of ${headers.length}`,
    trailing
      ? "Delete those columns in the spreadsheet (select them below the header, right-click, Delete) and save again, or remove the trailing commas from every line. A column that holds data needs a header naming it."
      : "Name the column in the header (its values are kept under that name), or delete it from the export.",
  );
}
