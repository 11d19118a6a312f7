// Rows whose every cell is empty (",,,,,", or tabs only in a tab-separated file): what Excel
// writes for rows below the data that it counts as used. Read as workers they would each fail as
// "WorkerID (the anchor) is empty" with "every worker needs its immutable worker id", which sends
// the reader looking for a worker. They are gathered while the file is read and refused together,
// every line named.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import type { CsvRow } from "./parse.js";
import { numberRanges } from "./number-ranges.js";
import { delimiterName, type Delimiter } from "./delimiter.js";

export class EmptyRows {
  private readonly lines: number[] = [];

  /** `delimiter`: what such a row is made of, for the message. */
  constructor(private readonly delimiter: Delimiter) {}

  /** Whether the row is empty (noted, to be refused by check()). */
  skip(row: CsvRow): boolean {
    if (!row.fields.every((field) => field.trim() === "")) return false;
    this.lines.push(row.line);
    return true;
  }

  /** Throws the refusal naming every empty row, if there was one. */
  check(context: SourceContext, shown: string): void {
    if (this.lines.length === 0) return;
    const one = this.lines.length === 1;
    throw new SourceError(
      context.name,
      `${shown} ${one ? "line" : "lines"} ${numberRanges(this.lines)}: ${one ? "a row" : `${this.lines.length} rows`} with every cell empty (only ${delimiterName(this.delimiter)}), as Excel writes rows below the data that it counts as used`,
      `Delete those rows in the spreadsheet (select them, right-click, Delete) and save again, or remove the lines of only ${delimiterName(this.delimiter)} from the file.`,
    );
  }
}
