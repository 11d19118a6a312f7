// parseCsv reads quote-free exports without csv-parse. These texts hold what such an export can
// hold (a BOM, empty lines, empty fields, a missing final newline, a row of the wrong width) and
// must come out exactly as csv-parse gives them: the same rows, line numbers and errors.
import { parse, type Options } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/sources/csv/parse.js";
import { DELIMITERS, type Delimiter } from "../../src/sources/csv/delimiter.js";
import { sourceContext } from "./helpers.js";
import { prng } from "../helpers/prng.js";

const context = sourceContext("hr", "csv", "hr.csv");

type Row = { fields: string[]; line: number; rowNumber: number };

/** What parseCsv gives (rows, or the error message), header included. */
function viaParseCsv(text: string, delimiter: Delimiter = ","): { header?: string[]; rows?: Row[]; error?: string } {
  let header: string[] | undefined;
  try {
    const rows = parseCsv(context, text, "hr.csv", (h) => {
      header = h;
      return (row, rowNumber) => ({ fields: row.fields, line: row.line, rowNumber });
    }, { char: delimiter, from: "option" });
    return { ...(header ? { header } : {}), rows };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** csv-parse itself, with parseCsv's options, and the physical line each record starts on. */
function viaCsvParse(text: string, delimiter: Delimiter = ","): { header?: string[]; rows?: Row[]; error?: string } {
  let header: string[] | undefined;
  let previousEnd = 0;
  let previousEmpty = 0;
  let rowNumber = 0;
  try {
    const options: Options<Row | undefined, string[]> = {
      bom: true,
      delimiter,
      relax_column_count: false,
      relax_quotes: false,
      skip_empty_lines: true,
      on_record: (record: string[], info) => {
        const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
        previousEnd = info.lines;
        previousEmpty = info.empty_lines;
        if (!header) {
          header = record;
          return undefined;
        }
        return { fields: record, line, rowNumber: ++rowNumber };
      },
    };
    const rows = parse(text, options as unknown as Options) as unknown as Row[];
    if (!header) return { error: "empty" };
    return { header, rows };
  } catch {
    return { error: "csv-parse error" };
  }
}

describe("quote-free CSV without csv-parse", () => {
  it("gives the rows, line numbers and failures csv-parse gives, for each delimiter", () => {
    const random = prng(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let n = 0; n < 300; n++) {
      const delimiter = pick(DELIMITERS);
      const width = 1 + Math.floor(random() * 4);
      const lines: string[] = [];
      for (let l = Math.floor(random() * 8); l > 0; l--) {
        const kind = random();
        if (kind < 0.2) lines.push("");
        else if (kind < 0.25) lines.push(pick([" ", "a", ["a", "b", "c", "d", "e"].join(delimiter)]));
        else lines.push(Array.from({ length: width }, () => pick(["", "x", " y ", "Zoë", "1"])).join(delimiter));
      }
      const text = `${random() < 0.2 ? "\ufeff" : ""}${lines.join("\n")}${random() < 0.5 ? "\n" : ""}`;
      const expected = viaCsvParse(text, delimiter);
      const actual = viaParseCsv(text, delimiter);
      if (expected.error) expect(actual.error, JSON.stringify(text)).toBeDefined();
      else expect(actual, JSON.stringify(text)).toEqual(expected);
    }
  });

  it("reports a row of the wrong width as csv-parse does", () => {
    expect(viaParseCsv("a,b\n1,2\n\n3\n").error).toBe('source "hr": hr.csv line 4: row has 1 fields, the header has 2 (truncated or misaligned export?)');
  });
});
