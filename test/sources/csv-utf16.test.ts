// f154: HR exports in UTF-16. Excel's "Unicode Text (*.txt)" writes UTF-16LE behind FF FE, tabs,
// CRLF; some HR systems write UTF-16 CSV, LE or BE, behind a byte order mark. Every one of them
// was refused ("file is UTF-16, expected UTF-8"). The fixtures in csv/utf16/ hold the same invented
// workers (a name outside the BMP, accents, a quoted multi-line cell, quotes inside a cell) in
// each shape; each must read as the UTF-8 file does, and errors keep lines and columns of the text.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvSource } from "../../src/sources/csv/index.js";
import { ldifSource } from "../../src/sources/ldif/index.js";
import { fixtureRecords, readError, sourceContext } from "./helpers.js";

const exportedAt = "2025-03-01T06:00:00Z";

/** The records of a fixture of csv/utf16/, positions without the file name (they differ by file). */
const records = (file: string, delimiter?: string) => fixtureRecords(csvSource, "csv/utf16", file, { exportedAt, ...(delimiter === undefined ? {} : { delimiter }) });

describe("a UTF-16 HR export with its byte order mark", () => {
  it("reads Excel's Unicode Text (UTF-16LE, tabs, CRLF) as the UTF-8 file, once the source says tabs", async () => {
    const utf8 = await records("utf-8.csv");
    expect(utf8.map((r) => [r.externalId, r.position])).toEqual([
      ["W2001", "row 1 (line 2)"],
      ["W2002", "row 2 (line 3)"],
      ["W2003", "row 3 (line 4)"],
      ["W2004", "row 4 (line 6)"],
    ]);
    expect(utf8[1]!.name.family).toBe("𠮷田");
    expect(utf8[3]!.status).toBe("terminated");
    expect(utf8[0]!.title).toBe('Head of "Payroll" Systems');
    expect(utf8[2]!.title).toBe("Data\nSteward");
    expect(await records("utf-8.tsv")).toEqual(utf8);
    expect(await records("excel-unicode-text.txt", "\t")).toEqual(utf8);
  });

  it("reads UTF-16 CSV in either byte order", async () => {
    const utf8 = await records("utf-8.csv");
    expect(await records("hr-system-utf16le.csv")).toEqual(utf8);
    expect(await records("hr-system-utf16be.csv")).toEqual(utf8);
  });

  it("refuses a Unicode Text .txt without options.delimiter, naming tabs and Excel's format, never guessing", async () => {
    const error = await readError(csvSource, sourceContext("hr", "csv", "csv/utf16/excel-unicode-text.txt", { exportedAt }));
    expect(error.message).toBe(
      'source "hr": csv/utf16/excel-unicode-text.txt line 1: the header is separated by tabs, not by commas, so it reads as one column (Excel "Unicode Text" and "Text (Tab delimited)" files are separated by tabs)',
    );
    expect(error.hint).toBe('To read it as it is, set sources.hr.options.delimiter: "\\t" in scopesync.yaml; or save it from Excel as "CSV UTF-8 (Comma delimited)".');
  });
});

/** A folder for the exports the tests below write. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "scopesync-csv-utf16-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = "WorkerID\tUserID\tFirstName\tLastName\tWorkerStatus\tJobTitle\tDepartment";
const le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
const be = (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);

async function refusal(bytes: Uint8Array, file = "hr.txt") {
  await writeFile(path.join(dir, file), bytes);
  return readError(csvSource, { name: "hr", config: { type: "csv", path: file, options: { exportedAt, delimiter: "\t" } }, repoDir: dir, env: {} });
}

describe("errors in a UTF-16 export", () => {
  it("give lines and columns of the decoded text, not of its bytes (an error on line 3)", async () => {
    // A stray quote opens the JobTitle cell on line 3, after a name outside the BMP: column 28 counts
    // it as two code units, as every CSV column is counted; its bytes would put the quote past 50.
    const text = [
      HEADER,
      "W1\tawong\tAmy\tWong\tActive\tClerk\tOps",
      'W2\tbyoshida\tBen\t𠮷田\tActive\t"Senior Clerk\tOps',
      "W3\tcdiaz\tCarla\tDíaz\tActive\tClerk\tOps",
      'W4\tdberg\tDan\tBerg\tActive\tHead Clerk"\tOps',
      "",
    ].join("\r\n");
    for (const bytes of [le(text), be(text)]) {
      const error = await refusal(bytes);
      expect(error.message).toMatch(/^source "hr": hr\.txt:3:28: the quoted "JobTitle" cell opened here runs to line 5,/);
    }
    // A row error names its line too.
    const unknown = await refusal(le([HEADER, "W1\tawong\tAmy\tWong\tActive\tClerk\tOps", "W2\tbyoshida\tBen\t𠮷田\tRetired\tClerk\tOps", ""].join("\r\n")));
    expect(unknown.message).toContain("hr.txt row 2 (line 3)");
  });

  it("refuse half a character at its line and column, and a NUL", async () => {
    const lone = le(`${HEADER}\r\nW1\tawong\tAmy\tWong\tActive\tClerk\tOps\r\nW2\tb\tBen\tX\uD842\tActive\tClerk\tOps\r\n`);
    const error = await refusal(lone);
    expect(error.message).toBe('source "hr": hr.txt:3:11: invalid UTF-16LE (little-endian): a lone surrogate (0xD842), half of a character (a cut or damaged file, or bytes of another encoding)');
    const nul = await refusal(be(`${HEADER}\r\nW1\taw\u0000ong\tAmy\tWong\tActive\tClerk\tOps\r\n`));
    expect(nul.message).toBe('source "hr": hr.txt:2:6: NUL character in a UTF-16 file');
  });

  it("refuse an odd number of bytes as a cut file, with how to export again", async () => {
    const bytes = le(`${HEADER}\r\nW1\tawong\tAmy\tWong\tActive\tClerk\tOps\r\n`);
    const error = await refusal(bytes.subarray(0, bytes.length - 1));
    expect(error.message).toBe(`source "hr": hr.txt: file is UTF-16LE (little-endian) (it starts with that byte order mark) but holds an odd number of bytes (${bytes.length - 1}): it was cut short or damaged`);
    expect(error.hint).toContain('"CSV UTF-8 (Comma delimited)"');
  });

  it("refuse UTF-16 without a byte order mark, saying how to re-export", async () => {
    const text = `${HEADER}\r\nW1\tawong\tAmy\tWong\tActive\tClerk\tOps\r\n`;
    const error = await refusal(Buffer.from(text, "utf16le"));
    expect(error.message).toBe('source "hr": hr.txt: file looks like UTF-16LE (little-endian) without a byte order mark (a NUL byte beside each letter), expected UTF-8, or UTF-16 that starts with its byte order mark');
    expect(error.hint).toBe(
      'Save it again from Excel as "CSV UTF-8 (Comma delimited)" (or as "Unicode Text", which writes the byte order mark), or convert it: iconv -f UTF-16LE -t UTF-8 (UTF-16BE for big-endian).',
    );
    // With a letter outside ASCII it is not valid UTF-8 either, and is named the same way.
    expect((await refusal(Buffer.from(text.replace("Amy", "Amélie"), "utf16le"))).message).toContain("looks like UTF-16LE (little-endian) without a byte order mark");
    expect((await refusal(Buffer.from(text, "utf16le").swap16())).message).toContain("looks like UTF-16BE (big-endian) without a byte order mark");
  });

  it("are named in formats that stay UTF-8 alone (LDIF), without offering UTF-16", async () => {
    const ldif = "dn: uid=awong,ou=people,dc=example,dc=com\r\nuid: awong\r\n";
    const ldifRefusal = async (bytes: Uint8Array) => {
      await writeFile(path.join(dir, "people.ldif"), bytes);
      return readError(ldifSource, { name: "ldap", config: { type: "ldif", path: "people.ldif" }, repoDir: dir, env: {} });
    };
    const bomless = await ldifRefusal(Buffer.from(ldif, "utf16le"));
    expect(bomless.message).toBe('source "ldap": people.ldif: file looks like UTF-16LE (little-endian) without a byte order mark (a NUL byte beside each letter), expected UTF-8');
    expect(bomless.hint).toBe("Re-export the file as UTF-8, or convert it: iconv -f UTF-16LE -t UTF-8.");
    expect((await ldifRefusal(le(ldif))).message).toBe('source "ldap": people.ldif: file is UTF-16, expected UTF-8');
  });
});
