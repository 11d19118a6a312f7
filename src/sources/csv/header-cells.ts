// What a spreadsheet writes into a header row that is not a column: the cells of Excel's "used
// range" past the last real column (empty). They are named for what they are, with the fix;
// matched as ordinary headers they read as a duplicate "", which points the reader at the wrong
// thing. (A header of another delimiter is delimiter.ts's.)
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { numberRanges } from "./number-ranges.js";

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
      ? "Delete those columns in the spreadsheet (select them below the header, right-click, Delete) and save again, or remove the trailing separators from every line. A column that holds data needs a header naming it."
      : "Name the column in the header (its values are kept under that name), or delete it from the export.",
  );
}
