// HR export as CSV (Workday, BambooHR, Personio, SAP SuccessFactors reports): one row per worker.
import type { SourceRecord } from "../../model/source-record.js";
import type { SourceAdapter, SourceContext } from "../source.js";
import { readExportFile } from "../common/export-files.js";
import { resolveExportedAt } from "../common/exported-at.js";
import { resolveColumns } from "./columns.js";
import { requireAdExpiry } from "./ad-expiry.js";
import { parseCsv } from "./parse.js";
import { interner } from "../../model/interner.js";
import { rawColumnIndexes, repeatedColumnIndexes, rowToRecord, type RowContext } from "./row.js";
import { statusMap } from "./status.js";
import { employmentTypeMap } from "../common/employment-type.js";
import { csvSchema } from "./schema.js";
import { EmptyRows } from "./empty-rows.js";
import { csvDelimiter } from "./delimiter.js";

async function read(context: SourceContext): Promise<SourceRecord[]> {
  // Excel's "Unicode Text" and some HR systems write UTF-16 behind a byte order mark (utf16.ts).
  const file = await readExportFile(context, { utf16: true });
  // Options are checked before the file is parsed so that a config mistake is reported as such.
  const statuses = statusMap(context);
  const employmentTypes = employmentTypeMap(context);
  const exportedAt = resolveExportedAt(context, [file]);
  const delimiter = csvDelimiter(context, file.path);
  const emptyRows = new EmptyRows(delimiter.char);
  const records = parseCsv<SourceRecord | undefined>(context, file.text, file.path, (headers) => {
    const columns = resolveColumns(context, headers, file.path);
    requireAdExpiry(context, headers, columns, file.path);
    const rc: RowContext = {
      context,
      shown: file.path,
      headers: headers.map((header) => header.trim()),
      rawColumns: rawColumnIndexes(headers),
      columns,
      statuses,
      employmentTypes,
      exportedAt,
      repeatedColumns: repeatedColumnIndexes(columns),
      intern: interner(),
    };
    // An empty row maps to nothing, which both parsers leave out of the result.
    return (row, rowNumber) => (emptyRows.skip(row) ? undefined : rowToRecord(rc, row, rowNumber));
  }, delimiter);
  emptyRows.check(context, file.path);
  return records as SourceRecord[];
}

/** `type: csv` — an HR export file; see options `columns`, `statusValues`, `delimiter`, `exportedAt`. */
export const csvSource: SourceAdapter = { type: "csv", live: false, schema: csvSchema, read };
