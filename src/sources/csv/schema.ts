// Options of a `csv` source. New options go here: validate, editors and docs/formats.md read it.
import type { AdapterSchema } from "../../model/adapter-schema.js";
import { exportOptions, nonEmptyString } from "../common/schema.js";
import { DEFAULT_COLUMNS } from "./columns.js";
import { DELIMITERS } from "./delimiter.js";
import { employmentTypeValuesFor } from "../common/employment-type.js";

export const csvSchema: AdapterSchema = {
  requiredKeys: ["path"],
  options: exportOptions({
    columns: {
      type: "object",
      title: "mapping of field → header",
      description: "Which column holds which record field. Only the fields you list change; the rest keep their default header (table below). A field name that is not in the table is an error.",
      additionalProperties: false,
      properties: Object.fromEntries(Object.keys(DEFAULT_COLUMNS).map((field) => [field, nonEmptyString])),
    },
    statusValues: {
      type: "object",
      title: "mapping of export value → `active`/`suspended`/`terminated`",
      description: "How the status column maps, matched case-insensitively after trimming, in Unicode NFC (a decomposed `Congé` in the export is the `Congé` of the map). A refused value that only reads like a known one (a no-break space, a zero-width space) is named with its code points. When set, it **replaces** the defaults entirely. A value not in the map stops the run. Default: `active`→active, `leave`→suspended, `on leave`→suspended, `suspended`→suspended, `terminated`→terminated, `inactive`→terminated.",
      additionalProperties: { type: "string", enum: ["active", "suspended", "terminated"] },
    },
    employmentTypeValues: employmentTypeValuesFor("the worker type column's values", "The column is `WorkerType`, Workday's name for it, unless `columns.employmentType` names another."),
    delimiter: {
      type: "string",
      enum: [...DELIMITERS],
      title: "`\",\"`, `\";\"`, `\"\\t\"` or `\"|\"`",
      description: "The character that separates the cells: `\",\"` (RFC 4180), `\";\"` (Excel where the decimal separator is a comma), `\"\\t\"` (a tab: Excel \"Text (Tab delimited)\" and \"Unicode Text\", Workday and other .tsv exports; write it in double quotes in YAML) or `\"|\"`. A cell that holds it is quoted, as RFC 4180 says for commas. A header that splits into more cells on another of the four than on this one stops the run naming both; without the option, only a header that reads as one cell does. Default: `\",\"`, or a tab when the file name ends in `.tsv` (not `.txt`: tools write it with any delimiter).",
    },
  }),
};
