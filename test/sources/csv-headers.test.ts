// rv90 M1, L1, L2, L3: HR exports as BambooHR, Personio and European Excel write them. A default
// column written another way ("Hire Date") was left unread without a word; a ";"-separated file
// was "no column WorkerID"; Excel's empty trailing columns were "column "" appears twice" and its
// empty rows "WorkerID (the anchor) is empty"; a zero-width space made another worker id. Each is
// now refused for what it is, with the fix.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import type { SourceRecord } from "../../src/model/source-record.js";
import { csvSource } from "../../src/sources/csv/index.js";

const HEADER = ["WorkerID", "UserID", "FirstName", "LastName", "Email", "WorkerStatus", "WorkerType", "JobTitle", "Department", "ManagerID", "HireDate", "TerminationDate"];
const ROWS = [
  ["E100", "alex.doe", "Alex", "Doe", "alex.doe@example.com", "Active", "Employee", "Engineering Manager", "Engineering", "", "2024-03-01", ""],
  ["E101", "sam.roe", "Sam", "Roe", "sam.roe@example.com", "Active", "Employee", "Software Engineer", "Engineering", "E100", "2026-03-01", ""],
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "scopesync-csv-headers-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Reads `text` as the csv source `hr` with `columns`: the records, or the SourceError. */
async function read(text: string, columns?: Record<string, string>): Promise<SourceRecord[] | SourceError> {
  await writeFile(path.join(dir, "hr.csv"), text);
  const options: Record<string, unknown> = { exportedAt: "2026-01-01T00:00:00Z" };
  if (columns) options.columns = columns;
  try {
    return await csvSource.read({ name: "hr", config: { type: "csv", path: "hr.csv", options }, repoDir: dir, env: {} });
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
}

async function refusal(text: string, columns?: Record<string, string>): Promise<SourceError> {
  const result = await read(text, columns);
  expect(result, "the export should have been refused").toBeInstanceOf(SourceError);
  return result as SourceError;
}

function csv(header: readonly string[], rows: ReadonlyArray<readonly string[]> = ROWS, separator = ","): string {
  return [header, ...rows].map((cells) => cells.join(separator)).join("\n") + "\n";
}

const renamed = (from: string, to: string) => HEADER.map((h) => (h === from ? to : h));

describe("an optional default column the export writes another way (rv90 M1)", () => {
  it("is refused with the columns mapping to write, not left unread", async () => {
    const header = renamed("HireDate", "Hire Date").map((h) => (h === "TerminationDate" ? "Termination Date" : h));
    const error = await refusal(csv(header));
    expect(error.message).toBe(
      'source "hr": hr.csv line 1: the header has "Hire Date" (column 11) for hireDate, whose header is "HireDate"; "Termination Date" (column 12) for terminationDate, whose header is "TerminationDate": headers are matched exactly, case and spaces included, so those columns would not be read',
    );
    expect(error.hint).toBe(
      'Map them in scopesync.yaml: sources.hr.options.columns: { hireDate: "Hire Date", terminationDate: "Termination Date" } (added to any columns already mapped); or, for a column that holds something else, rename it in the export.',
    );
    // The mapping it names reads the dates.
    const records = await read(csv(header), { hireDate: "Hire Date", terminationDate: "Termination Date" });
    expect((records as SourceRecord[]).map((r) => r.hireDate)).toEqual(["2024-03-01", "2026-03-01"]);
  });

  it("covers every optional column, with case, spaces, _ and -", async () => {
    for (const [from, to, field] of [
      ["Email", "E-mail", "email"],
      ["ManagerID", "manager_id", "manager"],
      ["Department", "DEPARTMENT", "department"],
      ["JobTitle", "Job Title", "title"],
      ["UserID", "User ID", "userName"],
      ["WorkerType", "Worker-Type", "employmentType"],
    ] as const) {
      const error = await refusal(csv(renamed(from, to)));
      expect(error.message).toContain(`the header has ${JSON.stringify(to)} (column ${HEADER.indexOf(from) + 1}) for ${field}, whose header is ${JSON.stringify(from)}`);
      expect(error.hint).toContain(`columns: { ${field}: ${JSON.stringify(to)} }`);
    }
    const employeeId = await refusal(csv([...HEADER, "Employee ID"], ROWS.map((r) => [...r, "7"])));
    expect(employeeId.hint).toContain('columns: { employeeId: "Employee ID" }');
  });

  it("names both headers when two fold to the same column, and leaves other headers alone", async () => {
    const error = await refusal(csv([...renamed("HireDate", "Hire Date"), "hire_date"], ROWS.map((r) => [...r, ""])));
    expect(error.message).toContain('"Hire Date" (column 11) or "hire_date" (column 13) for hireDate');
    expect(error.hint).toContain('hireDate: one of "Hire Date", "hire_date"');

    // BambooHR: "Employee ID" mapped as the anchor is not also offered as employeeId ("EmployeeID").
    const anchor = await read(csv(renamed("WorkerID", "Employee ID")), { externalId: "Employee ID" });
    expect((anchor as SourceRecord[]).map((r) => r.externalId)).toEqual(["E100", "E101"]);
    // "Hire Dates" or "Manager" are other columns, kept in raw as before.
    const other = await read(csv(renamed("HireDate", "Hire Dates").map((h) => (h === "ManagerID" ? "Manager" : h))));
    expect((other as SourceRecord[])[1]!.raw).toMatchObject({ "Hire Dates": "2026-03-01", Manager: "E100" });
  });
});

describe("a file separated by ';' or tabs (rv90 L1)", () => {
  it("is named as such, with the fix, for a plain and a quoted header", async () => {
    for (const text of [csv(HEADER, ROWS, ";"), `${HEADER.map((h) => `"${h}"`).join(";")}\n${ROWS.map((r) => r.join(";")).join("\n")}\n`]) {
      const error = await refusal(text);
      expect(error.message).toBe('source "hr": hr.csv line 1: the header is separated by ";", not by commas, so it reads as one column (Excel writes ";" where the decimal separator is a comma)');
      expect(error.hint).toContain('To read it as it is, set sources.hr.options.delimiter: ";" in scopesync.yaml.');
      expect(error.hint).toContain('Or save the export with "," as the field delimiter');
      expect(error.hint).toContain("List separator");
    }
    const tabs = await refusal(csv(HEADER, ROWS, "\t"));
    expect(tabs.message).toBe('source "hr": hr.csv line 1: the header is separated by tabs, not by commas, so it reads as one column (Excel "Unicode Text" and "Text (Tab delimited)" files are separated by tabs)');
    expect(tabs.hint).toContain('set sources.hr.options.delimiter: "\\t"');
    const pipes = await refusal(csv(HEADER, ROWS, "|"));
    expect(pipes.message).toBe('source "hr": hr.csv line 1: the header is separated by "|", not by commas, so it reads as one column');
  });
});

describe("Excel's empty columns and rows past the data (rv90 L2)", () => {
  it("names trailing empty header cells as such", async () => {
    const error = await refusal(csv([...HEADER, "", "", ""], ROWS.map((r) => [...r, "", "", ""])));
    expect(error.message).toBe('source "hr": hr.csv line 1: the header ends in 3 empty cells (columns 13 to 15 of 15), as Excel writes columns past the data that it counts as used');
    expect(error.hint).toContain("Delete those columns in the spreadsheet");
    const one = await refusal(csv([...HEADER, ""], ROWS.map((r) => [...r, ""])));
    expect(one.message).toBe('source "hr": hr.csv line 1: the header ends in an empty cell (column 13 of 13), as Excel writes columns past the data that it counts as used');
  });

  it("names an empty header cell between columns", async () => {
    const error = await refusal(csv([...HEADER.slice(0, 3), " ", ...HEADER.slice(3)], ROWS.map((r) => [...r.slice(0, 3), "x", ...r.slice(3)])));
    expect(error.message).toBe('source "hr": hr.csv line 1: the header has no name in column 4 of 13');
    expect(error.hint).toContain("Name the column in the header");
  });

  it("names every row of only empty cells, on both parsers", async () => {
    const blank = HEADER.map(() => "");
    const rows = [ROWS[0]!, blank, ROWS[1]!, blank, blank, blank];
    const plain = await refusal(csv(HEADER, rows));
    expect(plain.message).toBe('source "hr": hr.csv lines 3, 5 to 7: 4 rows with every cell empty (only commas), as Excel writes rows below the data that it counts as used');
    expect(plain.hint).toContain("Delete those rows in the spreadsheet");
    // A quoted cell sends the file through csv-parse.
    const quoted = await refusal(csv(HEADER, [ROWS[0]!.map((c, i) => (i === 7 ? `"${c}"` : c)), blank]));
    expect(quoted.message).toBe('source "hr": hr.csv line 3: a row with every cell empty (only commas), as Excel writes rows below the data that it counts as used');
  });
});

describe("an invisible character in an id (rv90 L3)", () => {
  it("is refused with its line, field and code point", async () => {
    const error = await refusal(csv(HEADER, [ROWS[0]!, ROWS[1]!.map((c, i) => (i === 0 ? "E101\u200b" : c))]));
    expect(error.message).toBe('source "hr": hr.csv row 2 (line 3): WorkerID "E101\\u200b" holds an invisible character, U+200B at character 5: ids are compared character by character, so it is not the id it shows');
    expect(error.hint).toContain("Remove the character in the HR system");
    // Letters of any script and a space between words are no invisible characters.
    const records = await read(csv(HEADER, [ROWS[0]!, ROWS[1]!.map((c, i) => (i === 1 ? "jürgen.öz" : i === 0 ? "E 101" : c))]));
    expect((records as SourceRecord[]).map((r) => r.userName)).toEqual(["alex.doe", "jürgen.öz"]);
    for (const [column, text, code] of [
      [1, "sam\u00a0roe", "U+00A0 at character 4"],
      [9, "\u2060E100", "U+2060 at character 1"],
      [0, "E\u3164101", "U+3164 at character 2"],
    ] as const) {
      const e = await refusal(csv(HEADER, [ROWS[0]!, ROWS[1]!.map((c, i) => (i === column ? text : c))]));
      expect(e.message).toContain(`${HEADER[column]} `);
      expect(e.message).toContain(code);
    }
  });
});
