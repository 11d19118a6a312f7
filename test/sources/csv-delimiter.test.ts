// f141: options.delimiter. An export separated by ";" (Excel where the decimal separator is a
// comma), tabs (Excel "Text (Tab delimited)", Workday .tsv) or "|" could not be read at all: the
// reader took commas only and refused the rest. The fixtures in csv/delimiters/ hold the same
// workers as Excel and Workday write them (BOM, CRLF, a quoted multi-line cell, a cost centre that
// holds every delimiter and so is quoted in each file); each must read as the comma file does.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvSource } from "../../src/sources/csv/index.js";
import { fixtureRecords, readError, sourceContext } from "./helpers.js";

const exportedAt = "2025-03-01T06:00:00Z";

/** The records of a fixture of csv/delimiters/, positions without the file name (they differ by file). */
const records = (file: string, delimiter?: string) => fixtureRecords(csvSource, "csv/delimiters", file, { exportedAt, ...(delimiter === undefined ? {} : { delimiter }) });

describe("options.delimiter", () => {
  it("reads ';', tab and '|' exports as the comma one, quoted cells holding the delimiter included", async () => {
    const comma = await records("comma.csv");
    expect(comma.map((r) => [r.externalId, r.position])).toEqual([
      ["W1001", "row 1 (line 2)"],
      ["W1002", "row 2 (line 3)"],
      ["W1003", "row 3 (line 4)"],
      ["W1004", "row 4 (line 7)"],
    ]);
    expect(comma[1]!.raw["CostCenter"]).toBe("CC-100, CC-200; shared | ops\t2026");
    expect(comma[2]!.title).toBe("Compiler\nConsultant");
    expect(await records("excel-semicolon.csv", ";")).toEqual(comma);
    expect(await records("excel-tab.txt", "\t")).toEqual(comma);
    expect(await records("workday.tsv", "\t")).toEqual(comma);
    expect(await records("pipe.txt", "|")).toEqual(comma);
    // "," said outright reads as the default does.
    expect(await records("comma.csv", ",")).toEqual(comma);
  });

  it("reads a .tsv file as tab-separated without the option", async () => {
    expect(await records("workday.tsv")).toEqual(await records("comma.csv"));
  });

  it("refuses a header that splits into more cells on another delimiter, naming both", async () => {
    const tabs = await readError(csvSource, sourceContext("hr", "csv", "csv/delimiters/comma.csv", { exportedAt, delimiter: "\t" }));
    expect(tabs.message).toBe('source "hr": csv/delimiters/comma.csv line 1: the header is separated by commas, not by tabs, so it reads as one column (sources.hr.options.delimiter is "\\t")');
    expect(tabs.hint).toBe(
      'If the file is separated by commas, set sources.hr.options.delimiter: "," in scopesync.yaml. If it is separated by tabs as configured, quote the header cells that hold "," (RFC 4180), or export again with the delimiter the option names.',
    );
    const pipes = await readError(csvSource, sourceContext("hr", "csv", "csv/delimiters/excel-semicolon.csv", { exportedAt, delimiter: "|" }));
    expect(pipes.message).toContain('the header is separated by ";", not by "|", so it reads as one column (sources.hr.options.delimiter is "|")');
    // A .tsv that is in fact comma-separated: the name is a guess, and the message says so.
    const named = await readError(csvSource, sourceContext("hr", "csv", "csv/delimiters/commas-named.tsv", { exportedAt }));
    expect(named.message).toBe('source "hr": csv/delimiters/commas-named.tsv line 1: the header is separated by commas, not by tabs, so it reads as one column (a file whose name ends in .tsv is read as tab-separated)');
    expect(named.hint).toBe('To read it as it is, set sources.hr.options.delimiter: "," in scopesync.yaml; or save it tab-separated.');
  });
});

/** A folder for the exports the tests below write. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "scopesync-csv-delimiter-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a header with another delimiter inside a name", () => {
  const read = async (text: string, delimiter: string) => {
    await writeFile(path.join(dir, "hr.csv"), text);
    return csvSource.read({ name: "hr", config: { type: "csv", path: "hr.csv", options: { exportedAt, delimiter } }, repoDir: dir, env: {} });
  };

  it("is refused when it splits into more cells on that delimiter, and read once the cell is quoted", async () => {
    const header = "WorkerID;WorkerStatus;Cost centre (team, region, site, floor)";
    const error = await read(`${header}\r\nE1;Active;Ops\r\n`, ";").then(
      () => undefined,
      (caught: Error) => caught,
    );
    expect(error?.message).toBe('source "hr": hr.csv line 1: the header is separated by commas, not by ";", so it reads as 3 columns, not 4 (sources.hr.options.delimiter is ";")');
    // Quoted as RFC 4180 says, the header is not CSV on commas: the option is taken at its word.
    const records = await read(`\ufeffWorkerID;WorkerStatus;"Cost centre (team, region, site, floor)"\r\nE1;Active;"Ops; EMEA"\r\n`, ";");
    expect(records.map((r) => [r.externalId, r.raw["Cost centre (team, region, site, floor)"]])).toEqual([["E1", "Ops; EMEA"]]);
    // Without the option only a header of one cell is refused: a comma header with ";" in a name reads as before.
    await writeFile(path.join(dir, "hr.csv"), "WorkerID,WorkerStatus,Team; squad; tribe\nE1,Active,Core\n");
    const byDefault = await csvSource.read({ name: "hr", config: { type: "csv", path: "hr.csv", options: { exportedAt } }, repoDir: dir, env: {} });
    expect(byDefault.map((r) => r.raw["Team; squad; tribe"])).toEqual(["Core"]);
  });
});

describe("a bare quote in a tab-separated export", () => {
  // IANA text/tab-separated-values has no quoting, so a tab export may write `12" rack tech` bare.
  // It is refused (quoting is the same for every delimiter), and the message said "Export with
  // standard CSV quoting", which names nothing a tab export's owner can set.
  it("is refused naming tabs and how to quote the cell, not CSV quoting", async () => {
    await writeFile(path.join(dir, "hr.tsv"), 'WorkerID\tWorkerStatus\tJobTitle\nE1\tActive\tTech\nE2\tActive\t12" rack tech\n');
    const error = await readError(csvSource, { name: "hr", config: { type: "csv", path: "hr.tsv", options: { exportedAt } }, repoDir: dir, env: {} });
    expect(error.message).toBe(
      'source "hr": hr.tsv line 3: misplaced quote character: a file separated by tabs is read with CSV\'s quoting (RFC 4180), so a cell that holds a quote must be quoted whole, with each quote in it doubled',
    );
    expect(error.hint).toBe('Have the export quote such cells, or quote the cell on line 3: "12"" rack tech" for 12" rack tech.');
    expect(error.hint).not.toMatch(/CSV quoting/);
  });
});
