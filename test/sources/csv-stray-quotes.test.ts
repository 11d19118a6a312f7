// rv90 H1: a hand-edited HR export with a stray quote opening one JobTitle cell and another closing
// a later one is valid RFC 4180, read as one multi-line cell: the rows between vanished, the first
// worker took the last one's later columns, and the plan offboarded people who are in the file.
// Such a file is refused at the opening quote; real multi-line cells (addresses, notes) still read.
import { describe, expect, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import { parseCsv } from "../../src/sources/csv/parse.js";
import { sourceContext } from "./helpers.js";

const context = sourceContext("hr", "csv", "hr.csv");
const HEADER = "WorkerID,UserID,FirstName,LastName,Email,WorkerStatus,WorkerType,JobTitle,Department,ManagerID,HireDate,TerminationDate";

/** The rows parseCsv gives (id and the fields named), or the SourceError it throws. */
function read(text: string, columns: readonly number[] = []): Array<{ line: number; fields: string[] }> | SourceError {
  try {
    return parseCsv(context, text, "hr.csv", () => (row) => ({ line: row.line, fields: [row.fields[0]!, ...columns.map((c) => row.fields[c]!)] }));
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
}

function refusal(text: string): SourceError {
  const result = read(text);
  expect(result, "the export should have been refused").toBeInstanceOf(SourceError);
  return result as SourceError;
}

const FIX = 'If the cell is not meant to span lines, remove its opening quote and the stray one on line';

describe("a quoted cell that swallows whole rows", () => {
  it("is refused at its opening quote when rows lie between the stray quotes (the review's file)", () => {
    const text = [
      HEADER,
      'E100,alex.doe,Alex,Doe,alex.doe@example.com,Active,Employee,"Senior Engineer,Engineering,,2024-03-01,',
      "E101,sam.roe,Sam,Roe,sam.roe@example.com,Active,Employee,Engineer,Engineering,E100,2024-03-01,",
      'E102,kim.poe,Kim,Poe,kim.poe@example.com,Terminated,Employee,Staff Engineer",Sales,E100,2024-03-01,2025-12-01',
      "",
    ].join("\n");
    const error = refusal(text);
    expect(error.message).toBe(
      'source "hr": hr.csv:2:61: the quoted "JobTitle" cell opened here runs to line 4, and its first line holds as many commas as there are columns after it, its last line as many as before it: ' +
        "a stray quote here and another on line 4 make one cell of everything between them (RFC 4180), which would read lines 2 to 4 as one row",
    );
    expect(error.hint).toBe(`${FIX} 4; a quote meant as text inside a quoted cell is written twice (""). Then re-run.`);
    // Nothing of the cell (an export's text is untrusted) is repeated in the message.
    expect(error.message).not.toContain("sam.roe");
    // The same file with Windows line ends is refused at the same place.
    expect(refusal(text.replace(/\n/g, "\r\n")).message).toContain("hr.csv:2:61: ");
  });

  it("is refused in a tab-separated export, tabs counted where a comma file's commas are (f141)", () => {
    const text = [
      HEADER,
      'E100,alex.doe,Alex,Doe,alex.doe@example.com,Active,Employee,"Senior Engineer,Engineering,,2024-03-01,',
      "E101,sam.roe,Sam,Roe,sam.roe@example.com,Active,Employee,Engineer,Engineering,E100,2024-03-01,",
      'E102,kim.poe,Kim,Poe,kim.poe@example.com,Terminated,Employee,Staff Engineer",Sales,E100,2024-03-01,2025-12-01',
      "",
    ].join("\n").replace(/,/g, "\t");
    expect(() => parseCsv(context, text, "hr.tsv", () => (row) => row.fields[0], { char: "\t", from: "file name" })).toThrow(
      'hr.tsv:2:61: the quoted "JobTitle" cell opened here runs to line 4, and its first line holds as many tabs as there are columns after it, its last line as many as before it',
    );
  });

  it("is refused when the stray quotes are on neighbouring rows of a middle column, with a row between in the first or the last column, or after a real multi-line cell", () => {
    const two = [HEADER, 'E100,a,A,D,a@x.com,Active,Employee,"Senior,Eng,,2024-03-01,', 'E102,k,K,P,k@x.com,Terminated,Employee,Staff",Sales,E100,2024-03-01,2025-12-01', ""].join("\n");
    expect(refusal(two).message).toContain("hr.csv:2:36: the quoted \"JobTitle\" cell opened here runs to line 3,");
    // In an edge column one end of the cell proves nothing: the whole row between the stray quotes does.
    const between = "E101,s,S,R,s@x.com,Active,Employee,Eng,Eng,,2024-03-01,";
    const first = [HEADER, '"E100,a,A,D,a@x.com,Active,Employee,Eng,Eng,,2024-03-01,', between, 'E102",k,K,P,k@x.com,Active,Employee,Eng,Eng,,2024-03-01,', ""].join("\n");
    expect(refusal(first).message).toContain('hr.csv:2:1: the quoted "WorkerID" cell opened here runs to line 4,');
    const last = [HEADER, 'E100,a,A,D,a@x.com,Active,Employee,Eng,Eng,,2024-03-01,"', between, 'E102,k,K,P,k@x.com,Active,Employee,Eng,Eng,,2024-03-01,"', ""].join("\n");
    expect(refusal(last).message).toContain('hr.csv:2:56: the quoted "TerminationDate" cell opened here runs to line 4,');
    const afterAddress = ["WorkerID,Address,WorkerStatus,JobTitle,Department", 'E1,"1 Main St', 'Springfield, IL",Active,"Eng,x', 'E2,Y,Active,Staff",Z', ""].join("\n");
    expect(refusal(afterAddress).message).toContain('hr.csv:3:25: the quoted "JobTitle" cell opened here runs to line 4,');
  });

  it("names the opening quote when the stray quotes are in different columns (the row then has the wrong width)", () => {
    const text = [
      HEADER,
      'E100,a,A,D,a@x.com,Active,Employee,"Senior,Eng,,2024-03-01,',
      'E101,s,S,R,s@x.com,Active,Employee,Engineer,Eng",E100,2024-03-01,',
      "E102,k,K,P,k@x.com,Terminated,Employee,Staff,Sales,E100,2024-03-01,2025-12-01",
      "",
    ].join("\n");
    const error = refusal(text);
    expect(error.message).toBe('source "hr": hr.csv:2:36: the quoted "JobTitle" cell opened here runs to line 3, where the row ends with 11 fields, the header has 12 (a stray quote?)');
    expect(error.hint).toContain(`${FIX} 3`);
  });
});

describe("real multi-line cells", () => {
  it("still read: an address with commas on both lines, a note of several lines in the last column, a title with a comma", () => {
    const text = [
      "WorkerID,Address,WorkerStatus,JobTitle,Department,Note",
      'W1,"12 Main St, Apt 4',
      'Springfield, IL 62701",Active,"Engineer,',
      'Platform",Eng,"Back on 3 March.',
      "Covers for W2, W3 and W4 until then,",
      'as agreed with HR, Legal."',
      "W2,Elm St,Active,Engineer,Eng,",
      "",
    ].join("\n");
    expect(read(text, [1, 3, 5])).toEqual([
      { line: 2, fields: ["W1", "12 Main St, Apt 4\nSpringfield, IL 62701", "Engineer,\nPlatform", "Back on 3 March.\nCovers for W2, W3 and W4 until then,\nas agreed with HR, Legal."] },
      { line: 7, fields: ["W2", "Elm St", "Engineer", ""] },
    ]);
  });

  it("still read in the first or the last column of a narrow export, where one end of the cell holds every separator (rv92 L1)", () => {
    const last = ["WorkerID,UserID,WorkerStatus,Address", 'W1,lee,Active,"Flat 2', '10 Downing St, London, SW1A 2AA, UK"', "W2,grace,Active,Elm St", ""].join("\n");
    expect(read(last, [3])).toEqual([
      { line: 2, fields: ["W1", "Flat 2\n10 Downing St, London, SW1A 2AA, UK"] },
      { line: 4, fields: ["W2", "Elm St"] },
    ]);
    const first = ["Address,WorkerID,UserID,WorkerStatus", '"Flat 2, 10 Downing St, London, SW1A 2AA', 'UK",W1,lee,Active', "Elm St,W2,grace,Active", ""].join("\n");
    expect(read(first, [1])).toEqual([
      { line: 2, fields: ["Flat 2, 10 Downing St, London, SW1A 2AA\nUK", "W1"] },
      { line: 4, fields: ["Elm St", "W2"] },
    ]);
  });
});
