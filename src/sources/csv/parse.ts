// RFC 4180 parsing with csv-parse. Its errors quote field values from the file; we rebuild the
// message from the error code and line instead, so untrusted text never reaches the terminal.
import { CsvError, parse, type Options } from "csv-parse/sync";
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { delimiterName, FIXED_COMMA, headerDelimiterError, type CsvDelimiter } from "./delimiter.js";
import { powershellTypeLineError } from "./powershell-type-line.js";
import { misalignedSpanError, swallowedRowsError, swallowingField } from "./swallowed-rows.js";

export interface CsvRow {
  fields: string[];
  /** Physical line the row starts on (a quoted field may span lines). */
  line: number;
}

/**
 * Parses the export and hands each data row to `onRow` as soon as it is parsed, so that the parsed
 * rows and the records built from them are never all in memory at once. `onHeader` sees the
 * header row first and returns the row mapper. `delimiter` separates the cells (delimiter.ts).
 */
export function parseCsv<T>(
  context: SourceContext,
  text: string,
  shown: string,
  onHeader: (headers: string[]) => (row: CsvRow, rowNumber: number) => T,
  delimiter: CsvDelimiter = FIXED_COMMA,
): T[] {
  // csv-parse counts a CRLF inside a quoted field as two lines, which would misreport every later
  // line number; line breaks are normalised to LF first (also inside multi-line fields).
  const normalised = text.includes("\r\n") ? text.replace(/\r\n/g, "\n") : text;
  // Before any row: line 1 of a Windows PowerShell export may be its type, not the header.
  const typeLine = powershellTypeLineError(context, shown, normalised);
  if (typeLine !== undefined) throw typeLine;
  // Before any row: a file of another delimiter would fail as misaligned rows or a missing WorkerID.
  const wrongDelimiter = headerDelimiterError(context, shown, normalised, delimiter);
  if (wrongDelimiter !== undefined) throw wrongDelimiter;
  const char = delimiter.char;
  let onRow: ((row: CsvRow, rowNumber: number) => T) | undefined;
  let header: string[] = [];
  let rowNumber = 0;
  /** The header row makes the row mapper; every later row is mapped. */
  const take = (fields: string[], line: number): T | undefined => {
    if (onRow === undefined) {
      header = fields;
      onRow = onHeader(fields);
      return undefined;
    }
    rowNumber++;
    return onRow({ fields, line }, rowNumber);
  };
  let rows: T[] | undefined;
  try {
    rows = parsePlain(normalised, char, take);
    if (rows === undefined) {
      onRow = undefined;
      rowNumber = 0;
      let previousEnd = 0;
      let previousEmpty = 0;
      const options: Options<T | undefined, string[]> = {
        bom: true,
        delimiter: char,
        relax_column_count: false,
        relax_quotes: false,
        skip_empty_lines: true,
        on_record: (record, info) => {
          // info.lines is where the record ends; it starts after the previous one and any skipped empty lines.
          const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
          previousEnd = info.lines;
          previousEmpty = info.empty_lines;
          // Only a quoted field can span lines, so only this path (not parsePlain) needs the check.
          const swallowing = onRow === undefined ? undefined : swallowingField(record, char);
          if (swallowing !== undefined) throw swallowedRowsError(context, shown, normalised, line, record, swallowing, header, char);
          return take(record, line);
        },
      };
      // The typings tie a typed on_record to `columns`; without columns the mapped rows are ours.
      rows = parse(normalised, options as unknown as Options) as unknown as T[];
    }
  } catch (error) {
    throw csvError(context, error, shown, normalised, char);
  }
  if (onRow === undefined) {
    throw new SourceError(context.name, `${shown}: file is empty, expected a header row`, "Re-run the HR export.");
  }
  return rows;
}

/**
 * The common case without csv-parse: a text with no quote and no carriage return anywhere is lines
 * of fields separated by `delimiter`, which is all csv-parse (a byte-by-byte state machine over a Buffer
 * copy of the text) would find in it, at several times the cost for a 100k-row export. The same
 * options hold: a leading BOM is dropped, empty lines are skipped, and every row has the header's
 * number of fields. Gives undefined, for csv-parse to parse from the start and report as it
 * always has, when the text is not that simple or a row's field count differs from the header's.
 */
function parsePlain<T>(text: string, delimiter: string, take: (fields: string[], line: number) => T | undefined): T[] | undefined {
  if (text.includes('"') || text.includes("\r")) return undefined;
  const rows: T[] = [];
  let width = -1;
  let line = 0;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    line++;
    if (end > start) {
      const fields = text.slice(start, end).split(delimiter);
      if (width === -1) width = fields.length;
      else if (fields.length !== width) return undefined;
      const row = take(fields, line);
      if (row !== undefined && row !== null) rows.push(row);
    }
    start = end + 1;
  }
  return rows;
}

function csvError(context: SourceContext, error: unknown, shown: string, text: string, delimiter: CsvDelimiter["char"]): unknown {
  // Errors raised while mapping a row (bad date, unknown status) are already SourceErrors.
  if (!(error instanceof CsvError)) return error;
  const details = error as CsvError & { lines?: number; record?: unknown[] };
  const line = details.lines ?? 0;
  const truncated = "Re-run the export and check that the file was copied completely.";
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED": {
      // The parser counts lines to the end of the file, where it noticed; the line to look at is where the quote opened.
      const opened = unclosedQuoteLine(text);
      return opened === undefined || opened === line
        ? new SourceError(context.name, `${shown} line ${line}: a quoted field is not closed before the end of the file (truncated export?)`, truncated)
        : new SourceError(context.name, `${shown} line ${opened}: a quoted field opened there is not closed before the end of the file (line ${line}; truncated export, or a stray quote?)`, truncated);
    }
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH": {
      const record = Array.isArray(details.record) ? details.record.map(String) : [];
      const header = headerRow(text, delimiter);
      const misaligned = misalignedSpanError(context, shown, text, line, record, header);
      if (misaligned !== undefined) return misaligned;
      return new SourceError(
        context.name,
        `${shown} line ${line}: row has ${record.length} fields, the header has ${header.length} (truncated or misaligned export?)`,
        `${truncated} Fields containing ${delimiterName(delimiter)} must be quoted.`,
      );
    }
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return delimiter === ","
        ? new SourceError(context.name, `${shown} line ${line}: misplaced quote character (RFC 4180: quote the whole field and double inner quotes)`, "Export with standard CSV quoting.")
        : // A tab-separated export (IANA text/tab-separated-values has no quoting) often writes a
          // quote bare: `12" rack tech`. "CSV quoting" tells its owner nothing they can set.
          new SourceError(
            context.name,
            `${shown} line ${line}: misplaced quote character: a file separated by ${delimiterName(delimiter)} is read with CSV's quoting (RFC 4180), so a cell that holds a quote must be quoted whole, with each quote in it doubled`,
            `Have the export quote such cells, or quote the cell on line ${line}: "12"" rack tech" for 12" rack tech.`,
          );
    default:
      return new SourceError(
        context.name,
        `${shown} line ${line}: not valid ${delimiter === "," ? "CSV" : `CSV separated by ${delimiterName(delimiter)}`} (${error.code})`,
        delimiter === "," ? "Export with standard CSV quoting (RFC 4180)." : "Have the export quote cells as CSV does (RFC 4180): a quoted cell whole, each quote in it doubled.",
      );
  }
}

function headerRow(text: string, delimiter: CsvDelimiter["char"]): string[] {
  try {
    const [header] = parse(text, { bom: true, delimiter, to_line: 1 }) as string[][];
    return header ?? [];
  } catch {
    return [];
  }
}

/** The line on which the quoted field still open at the end of `text` began (RFC 4180: "" inside quotes is a quote), if one is. */
export function unclosedQuoteLine(text: string): number | undefined {
  let line = 1;
  let open: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 34) {
      if (open !== undefined && text.charCodeAt(i + 1) === 34) i++;
      else open = open === undefined ? line : undefined;
    }
  }
  return open;
}
