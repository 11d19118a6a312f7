// Which character separates the cells of an export. RFC 4180 says commas, but Excel writes ";"
// where the decimal separator is a comma, "Text (Tab delimited)" and many HR systems' .tsv write
// tabs, and some reports write "|". csv-parse reads any of them (its `delimiter` option); what it
// cannot know is which one a file uses. `options.delimiter` says it; without it a file is read as
// commas, or as tabs when its name ends in .tsv. A header that splits into more cells on another
// of the four than on the one read is a file of that other delimiter: it is refused naming both,
// never read as one wide column that then lacks WorkerID.
import { parse } from "csv-parse/sync";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";

export const DELIMITERS = [",", ";", "\t", "|"] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface CsvDelimiter {
  char: Delimiter;
  /** Where it comes from: the csv source's option, a .tsv file name, the default, or the file's producer (no option). */
  from: "option" | "file name" | "default" | "fixed";
}

/** What a file its producer always writes with commas (the AWS credential report) is read with. */
export const FIXED_COMMA: CsvDelimiter = { char: ",", from: "fixed" };

/** How messages name a delimiter, in the plural: the separators of a row. */
export function delimiterName(char: Delimiter): string {
  return char === "," ? "commas" : char === "\t" ? "tabs" : JSON.stringify(char);
}

/** The delimiter of the csv source `context` reading `file` (its shown path). */
export function csvDelimiter(context: SourceContext, file: string): CsvDelimiter {
  // Not enumOption: it takes a string of white space alone ("\t") for none.
  const set = context.config.options?.["delimiter"];
  if ((DELIMITERS as readonly unknown[]).includes(set)) return { char: set as Delimiter, from: "option" };
  if (set !== undefined && set !== null) {
    throw new SourceError(
      context.name,
      `options.delimiter must be one of ${DELIMITERS.map((d) => JSON.stringify(d)).join(", ")}`,
      `Fix sources.${context.name}.options.delimiter in scopesync.yaml (a tab is "\\t", in double quotes).`,
    );
  }
  return /\.tsv$/iu.test(file) ? { char: "\t", from: "file name" } : { char: ",", from: "default" };
}

// The header row is looked for in this much of the file: a whole row of any real header, a
// bounded parse (csv-parse copies its input) of a file of any size.
const HEADER_SPAN = 65536;

/**
 * Cells of the first record of `text` split on `char`; undefined when it is not CSV that way. Quotes
 * are strict: a header cell quoted because it holds another delimiter (`"Note (a,b)"` in a ";" file)
 * is not CSV on that other one, so quoting is how a header says which delimiter it is not.
 */
function headerCells(text: string, char: Delimiter): number | undefined {
  try {
    const [row] = parse(text.slice(0, HEADER_SPAN), { bom: true, delimiter: char, relax_column_count: true, to: 1 }) as string[][];
    return row?.length;
  } catch {
    return undefined;
  }
}

/**
 * The refusal of a header that splits into more cells on another delimiter than on `delimiter`,
 * or undefined. Without an option or a .tsv name (a guess), only a header read as one cell is
 * refused, as before the option existed: a comma file whose header names hold ";" reads as it did.
 */
export function headerDelimiterError(context: SourceContext, shown: string, text: string, delimiter: CsvDelimiter): SourceError | undefined {
  // A header that is not CSV on its own delimiter (`"WorkerID";"UserID"` read on commas) splits into nothing.
  const own = headerCells(text, delimiter.char) ?? 1;
  if (own > 1 && delimiter.from !== "option") return undefined;
  let better: { char: Delimiter; cells: number } | undefined;
  for (const char of DELIMITERS) {
    const cells = char === delimiter.char ? undefined : headerCells(text, char);
    if (cells !== undefined && cells > own && cells > (better?.cells ?? 1)) better = { char, cells };
  }
  if (better === undefined) return undefined;
  const reads = own === 1 ? "one column" : `${own} columns, not ${better.cells}`;
  return new SourceError(
    context.name,
    `${shown} line 1: the header is separated by ${delimiterName(better.char)}, not by ${delimiterName(delimiter.char)}, so it reads as ${reads}${why(context, delimiter, better.char)}`,
    fix(context, delimiter, better.char),
  );
}

function why(context: SourceContext, delimiter: CsvDelimiter, better: Delimiter): string {
  if (delimiter.from === "option") return ` (sources.${context.name}.options.delimiter is ${JSON.stringify(delimiter.char)})`;
  if (delimiter.from === "file name") return " (a file whose name ends in .tsv is read as tab-separated)";
  if (better === ";") return ' (Excel writes ";" where the decimal separator is a comma)';
  // A .txt name says nothing of its delimiter (Excel's "Unicode Text" writes tabs, other tools
  // commas or "|"), so it is not read as tabs by its name, as .tsv is: the header says, and this names it.
  return better === "\t" ? ' (Excel "Unicode Text" and "Text (Tab delimited)" files are separated by tabs)' : "";
}

function fix(context: SourceContext, delimiter: CsvDelimiter, better: Delimiter): string {
  const option = `sources.${context.name}.options.delimiter`;
  const setIt = `set ${option}: ${JSON.stringify(better)} in scopesync.yaml`;
  switch (delimiter.from) {
    case "option":
      return `If the file is separated by ${delimiterName(better)}, ${setIt}. If it is separated by ${delimiterName(delimiter.char)} as configured, quote the header cells that hold ${JSON.stringify(better)} (RFC 4180), or export again with the delimiter the option names.`;
    case "file name":
      return `To read it as it is, ${setIt}; or save it tab-separated.`;
    case "default":
      if (better === "\t") return `To read it as it is, ${setIt}; or save it from Excel as "CSV UTF-8 (Comma delimited)".`;
      return `To read it as it is, ${setIt}. Or save the export with "," as the field delimiter: in LibreOffice or Google Sheets, CSV with field delimiter ","; in Excel, set the list separator to "," (Windows: Region settings > Additional settings > List separator; macOS: System Settings > Language & Region > Advanced) and save as "CSV UTF-8 (Comma delimited)".`;
    case "fixed":
      return "This file is read comma-separated (RFC 4180), as its producer writes it: export it again rather than saving it from a spreadsheet.";
  }
}
