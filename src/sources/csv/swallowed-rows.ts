// A hand-edited export with a stray quote opening one cell and another closing a later cell of the
// same column is valid RFC 4180: everything between reads as one multi-line cell. The field count
// still matches the header (the fields before the cell come from the first row, those after it from
// the last), so the rows in between vanish and the first row takes the last one's values, and
// csv-parse accepts it, as an RFC 4180 reader must. The guards readers offer bound a cell by size or
// line count (csv-parse's max_record_size, Super CSV's maxLinesPerRow), which a long real note trips
// and two neighbouring rows do not. Such a cell has a signature instead: its first line holds the
// separators of the fields that follow it, and its last line those of the fields before it, so each
// end of the cell reads as part of a row of its own. A real multi-line cell (an address, a note)
// ends neither way, unless it happens to hold that many commas on both its first and last line.
// In the first or the last column one end proves nothing (no fields before the first, none after
// the last: 0 commas always suffice), so a real address of a narrow export ("Flat 2\n10 Downing St,
// London, SW1A 2AA, UK" in the last of four columns) read as swallowed rows (rv92 L1). There the
// cell must also hold a whole row between its ends, a line with the header's full number of
// separators: the rows a stray quote swallows lie there. A stray quote closed on the very next row
// of an edge column reads exactly as such an address does, and is not caught (formats.md says so).
// "Commas" above are the file's delimiter (delimiter.ts): tabs in a tab-separated export.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { quote } from "../common/text.js";
import { delimiterName, type Delimiter } from "./delimiter.js";

/** Index of the first field of `fields` whose lines read as whole rows (see above), if one does; `delimiter` separates the cells. */
export function swallowingField(fields: readonly string[], delimiter: Delimiter): number | undefined {
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    const firstBreak = field.indexOf("\n");
    if (firstBreak === -1) continue;
    const after = fields.length - 1 - index;
    const lastBreak = field.lastIndexOf("\n");
    if (separators(field, delimiter, 0, firstBreak) < after || separators(field, delimiter, lastBreak + 1, field.length) < index) continue;
    if (after > 0 && index > 0) return index;
    // A one-column export has no separators: no line of it reads as a row.
    if (fields.length > 1 && holdsWholeRow(field, delimiter, firstBreak, lastBreak, fields.length - 1)) return index;
  }
  return undefined;
}

/** Whether a line strictly between the cell's first and last holds `count` delimiters or more. */
function holdsWholeRow(field: string, delimiter: Delimiter, firstBreak: number, lastBreak: number, count: number): boolean {
  for (let from = firstBreak + 1; from <= lastBreak; ) {
    const to = field.indexOf("\n", from);
    if (separators(field, delimiter, from, to) >= count) return true;
    from = to + 1;
  }
  return false;
}

function separators(text: string, delimiter: Delimiter, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf(delimiter, from); at !== -1 && at < to; at = text.indexOf(delimiter, at + 1)) count++;
  return count;
}

/**
 * The refusal for a record whose field `index` swallowed rows: it names where the cell's quote
 * opened (file:line:col) and where it closed, never the cell's text (an export is untrusted).
 * `text` is the LF-normalised file, `line` the line the record starts on.
 */
export function swallowedRowsError(context: SourceContext, shown: string, text: string, line: number, fields: readonly string[], index: number, header: readonly string[], delimiter: Delimiter): SourceError {
  const { at, opened, closed } = spanned(text, line, fields, index);
  return new SourceError(
    context.name,
    `${shown}:${at}: the quoted ${columnName(header, index)} cell opened here runs to line ${closed}, and its first line holds as many ${delimiterName(delimiter)} as there are columns after it, its last line as many as before it: ` +
      `a stray quote here and another on line ${closed} make one cell of everything between them (RFC 4180), which would read lines ${opened} to ${closed} as one row`,
    fixFor(closed),
  );
}

/**
 * csv-parse's refusal of a record with the wrong number of fields names the line it ends on. When
 * a quoted field of that record spans lines, the quote that opened it is the likelier mistake (a
 * stray quote closed by one in another column): this names it. `line` is the line the record ends on.
 */
export function misalignedSpanError(context: SourceContext, shown: string, text: string, line: number, fields: readonly string[], header: readonly string[]): SourceError | undefined {
  const index = fields.findIndex((field) => field.includes("\n"));
  if (index === -1) return undefined;
  const breaks = fields.reduce((sum, field) => sum + field.split("\n").length - 1, 0);
  const { at, closed } = spanned(text, line - breaks, fields, index);
  return new SourceError(
    context.name,
    `${shown}:${at}: the quoted ${columnName(header, index)} cell opened here runs to line ${closed}, where the row ends with ${fields.length} fields, the header has ${header.length} (a stray quote?)`,
    fixFor(closed),
  );
}

function spanned(text: string, line: number, fields: readonly string[], index: number): { at: string; opened: number; closed: number } {
  const start = fieldStart(text, line, fields, index);
  return { at: `${start.line}:${start.col}`, opened: start.line, closed: start.line + fields[index]!.split("\n").length - 1 };
}

function columnName(header: readonly string[], index: number): string {
  return quote(header[index] ?? `column ${index + 1}`);
}

function fixFor(closed: number): string {
  return `If the cell is not meant to span lines, remove its opening quote and the stray one on line ${closed}; a quote meant as text inside a quoted cell is written twice (""). Then re-run.`;
}

/**
 * Line and column (1-based, in UTF-16 code units) of the first character of field `index` of the
 * record starting on `line`. csv-parse runs without trimming, so each field's raw text is its value,
 * or, when it starts with a quote, the value between quotes with every inner quote doubled.
 */
function fieldStart(text: string, line: number, fields: readonly string[], index: number): { line: number; col: number } {
  let recordStart = 0;
  for (let n = 1; n < line; n++) recordStart = text.indexOf("\n", recordStart) + 1;
  let at = recordStart;
  for (let field = 0; field < index; field++) {
    const value = fields[field]!;
    const quoted = text.charCodeAt(at) === 34;
    at += (quoted ? value.length + 2 + (value.split('"').length - 1) : value.length) + 1;
  }
  // Earlier fields of the record may span lines too.
  let lineAt = line;
  for (let nl = text.indexOf("\n", recordStart); nl !== -1 && nl < at; nl = text.indexOf("\n", nl + 1)) lineAt++;
  return { line: lineAt, col: at - (text.lastIndexOf("\n", at - 1) + 1) + 1 };
}
