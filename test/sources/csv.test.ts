import { utimes } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { csvSource } from "../../src/sources/csv/index.js";
import { unclosedQuoteLine } from "../../src/sources/csv/parse.js";
import { FIXTURES, readError, sourceContext } from "./helpers.js";

const exportedAt = { exportedAt: "2025-03-01T06:00:00Z" };

describe("csv source", () => {
  it("reads an HR export with BOM, CRLF, quoted fields and a multi-line field", async () => {
    const records = await csvSource.read(sourceContext("hr", "csv", "csv/hr.csv", exportedAt));
    expect(records.map((r) => [r.externalId, r.userName, r.status, r.employmentType, r.position])).toEqual([
      ["W1001", "alovelace", "active", "employee", "csv/hr.csv row 1 (line 2)"],
      ["W1002", "cbabbage", "suspended", "employee", "csv/hr.csv row 2 (line 3)"],
      ["W1003", "ghopper", "terminated", "contractor", "csv/hr.csv row 3 (line 4)"],
      ["W1004", "", "active", "intern", "csv/hr.csv row 4 (line 7)"],
    ]);
    const [ada, charles, grace, emilie] = records;
    expect(ada).toMatchObject({
      source: "hr",
      kind: "person",
      emails: ["ada.lovelace@example.com"],
      name: { given: "Ada", family: "Lovelace" },
      employeeId: "E-1001",
      title: "Principal Engineer",
      department: "Engineering",
      hireDate: "2019-04-01",
      groups: [],
      exportedAt: "2025-03-01T06:00:00.000Z",
    });
    expect(ada!.manager).toBeUndefined();
    expect(ada!.raw["CostCenter"]).toBe("CC-100");
    expect(ada!.raw).not.toHaveProperty("Password");
    expect(Object.values(ada!.raw)).not.toContain("hunter2");
    expect(charles).toMatchObject({ name: { family: "Babbage, Jr." }, title: 'Head of "Analytical" Engines', manager: "W1001", employeeId: "W1002" });
    expect(grace).toMatchObject({ title: "Compiler\nConsultant", terminationDate: "2024-12-31", department: "R&D" });
    expect(emilie).toMatchObject({ name: { given: "Émilie", family: "du Châtelet" }, hireDate: "2025-09-01T07:00:00.000Z", manager: "W1003" });
  });

  it("uses the file's modification time when exportedAt is not configured", async () => {
    const file = path.join(FIXTURES, "csv/hr.csv");
    const when = new Date("2025-02-28T22:15:00Z");
    await utimes(file, when, when);
    const [first] = await csvSource.read(sourceContext("hr", "csv", "csv/hr.csv"));
    expect(first!.exportedAt).toBe("2025-02-28T22:15:00.000Z");
  });

  it("maps columns and status values from options", async () => {
    const records = await csvSource.read(
      sourceContext("payroll", "csv", "csv/custom-columns.csv", {
        ...exportedAt,
        columns: { externalId: "Employee #", userName: "Login", givenName: "Given", familyName: "Family", email: "Work Email", status: "Status", employmentType: "Type" },
        statusValues: { Current: "active", RETIRED: "terminated" },
      }),
    );
    expect(records.map((r) => [r.externalId, r.userName, r.status, r.employmentType, r.emails])).toEqual([
      ["42", "ada", "terminated", "full time", ["ada@example.com"]],
      ["43", "bob", "active", "full time", ["bob@example.com"]],
    ]);
  });

  describe("rejects malformed exports", () => {
    const cases: Array<[string, string, string]> = [
      ["missing-anchor.csv", 'source "hr": csv/missing-anchor.csv row 2 (line 3): WorkerID (the anchor) is empty', "immutable worker id"],
      ["bad-date.csv", 'source "hr": csv/bad-date.csv row 2 (line 3): HireDate "03/04/2021" is not a date (expected YYYY-MM-DD, a date with its zone offset such as 2026-03-31-07:00, or an RFC 3339 date-time with a time zone)', "write a last working day as its end (2026-03-31T23:59:59-07:00), never as its start"],
      ["unknown-status.csv", 'source "hr": csv/unknown-status.csv row 2 (line 3): unknown WorkerStatus "Retired"', "options.statusValues"],
      ["invalid-utf8.csv", 'source "hr": csv/invalid-utf8.csv line 3: invalid UTF-8 byte sequence at byte 205', "UTF-8"],
      ["truncated.csv", 'source "hr": csv/truncated.csv line 3: row has 5 fields, the header has 12 (truncated or misaligned export?)', "copied completely"],
      ["truncated-quote.csv", 'source "hr": csv/truncated-quote.csv line 2: a quoted field opened there is not closed before the end of the file (line 3; truncated export, or a stray quote?)', "copied completely"],
      ["absent.csv", 'source "hr": export file not found: csv/absent.csv', "sources.hr.path"],
      ["empty.csv", 'source "hr": csv/empty.csv: file is empty, expected a header row', "HR export"],
    ];
    it.each(cases)("%s", async (file, message, hint) => {
      const error = await readError(csvSource, sourceContext("hr", "csv", `csv/${file}`, exportedAt));
      expect(error.message).toBe(message);
      expect(error.source).toBe("hr");
      expect(error.hint).toContain(hint);
    });
  });

  it("rejects an unknown status value in options and an unmapped column", async () => {
    const badStatus = await readError(csvSource, sourceContext("hr", "csv", "csv/hr.csv", { statusValues: { Active: "enabled" } }));
    expect(badStatus.message).toBe('source "hr": options.statusValues.Active is "enabled", expected active, suspended or terminated');
    const missingColumn = await readError(csvSource, sourceContext("hr", "csv", "csv/hr.csv", { ...exportedAt, columns: { externalId: "Worker_ID" } }));
    expect(missingColumn.message).toBe('source "hr": csv/hr.csv line 1: no column "Worker_ID" (externalId) in the header; did you mean "WorkerID"?');
    const unlike = await readError(csvSource, sourceContext("hr", "csv", "csv/hr.csv", { ...exportedAt, columns: { externalId: "Personalnummer" } }));
    expect(unlike.message).toBe('source "hr": csv/hr.csv line 1: no column "Personalnummer" (externalId) in the header');
    expect(unlike.hint).toContain("map externalId to the right header with sources.hr.options.columns.externalId");
    const unknownField = await readError(csvSource, sourceContext("hr", "csv", "csv/hr.csv", { ...exportedAt, columns: { costCentre: "CostCenter" } }));
    expect(unknownField.message).toBe('source "hr": options.columns.costCentre is not a record field');
  });

  it("names the header that differs from a mapped column only in case or spacing (rv87 L3)", async () => {
    for (const [column, near] of [["workerid", "WorkerID"], ["Worker ID", "WorkerID"], ["JOBTITLE", "JobTitle"]] as const) {
      const error = await readError(csvSource, sourceContext("hr", "csv", "csv/hr.csv", { ...exportedAt, columns: { [column === "JOBTITLE" ? "title" : "externalId"]: column } }));
      expect(error.message).toContain(`no column ${JSON.stringify(column)}`);
      expect(error.message).toContain(`in the header; did you mean ${JSON.stringify(near)}?`);
      expect(error.hint).toContain(`Headers are matched exactly, case and spaces included: write sources.hr.options.columns.${column === "JOBTITLE" ? "title" : "externalId"}: ${JSON.stringify(near)}`);
    }
  });

  beforeAll(() => {
    expect(csvSource.type).toBe("csv");
    expect(csvSource.live).toBe(false);
  });
});

describe("unclosedQuoteLine", () => {
  it("is the line where the quoted field still open at the end began; doubled quotes inside a field are quotes", () => {
    expect(unclosedQuoteLine('a,b\n1,"x""y"\n2,"open\n3,4\n')).toBe(3);
    expect(unclosedQuoteLine('a,b\n1,"two\nlines"\n2,"open""\n')).toBe(4);
    expect(unclosedQuoteLine('a,b\n1,"closed"\n')).toBeUndefined();
  });
});
