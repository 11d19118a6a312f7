// A PowerShell `Get-ADUser -Filter * -Properties * | Export-Csv -NoTypeInformation` export read by
// the csv source (rv99 finding 03). AD does not disable an account when its accountExpires passes
// (learn.microsoft.com/windows/win32/adschema/a-accountexpires: "The date when the account
// expires"), so the expiry must be read, as the ldif source reads it, or the run stops.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { csvSource } from "../../src/sources/csv/index.js";
import type { SourceContext } from "../../src/sources/source.js";
import { fileTime } from "../helpers/ad-ldif.js";
import { readError } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "scopesync-csv-ad-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = '"AccountExpirationDate","accountExpires","EmailAddress","Enabled","ObjectGUID","SamAccountName","userAccountControl"';
const row = (sam: string, expires: string, n: number) => `"","${expires}","${sam}@contoso.example","True","a1b2c3d4-0000-0000-0000-00000000000${n}","${sam}","512"`;
const COLUMNS = { externalId: "ObjectGUID", status: "Enabled", userName: "SamAccountName", email: "EmailAddress" };
const STATUS = { True: "active", False: "terminated" };

function context(lines: string[], columns: Record<string, string> = COLUMNS): SourceContext {
  writeFileSync(join(dir, "ad.csv"), `${lines.join("\r\n")}\r\n`);
  return { name: "ad", config: { type: "csv", path: "ad.csv", options: { exportedAt: "2026-11-26T06:00:00Z", columns, statusValues: STATUS } }, repoDir: dir, env: {}, now: Date.parse("2026-11-26T09:00:00Z") };
}

describe("an Active Directory export read as CSV", () => {
  it("whose accountExpires is not mapped stops the run, naming the mapping", async () => {
    const error = await readError(csvSource, context([HEADER, row("ann", "9223372036854775807", 1)]));
    expect(error.message).toContain('ad.csv line 1: an Active Directory export (accountExpires, ObjectGUID, SamAccountName, userAccountControl columns) whose account expiry is not read');
    expect(error.hint).toContain('sources.ad.options.columns.terminationDate: "accountExpires"');
  });

  it("without an accountExpires column stops the run, asking for it in the export", async () => {
    const error = await readError(csvSource, context(['"EmailAddress","Enabled","ObjectGUID","SamAccountName","userAccountControl"', '"ann@contoso.example","True","a1b2c3d4-0000-0000-0000-000000000001","ann","512"']));
    expect(error.hint).toContain("Get-ADUser -Properties accountExpires");
  });

  it("reads a passed accountExpires as the leaving, a later one as a date to come, 0 and the maximum as never", async () => {
    const records = await csvSource.read(context([
      HEADER,
      row("ann", "9223372036854775807", 1),
      row("bob", fileTime("2026-03-29T23:00:00Z"), 2),
      row("cat", fileTime("2027-01-31T00:00:00Z"), 3),
      row("dan", "0", 4),
    ], { ...COLUMNS, terminationDate: "accountExpires" }));
    expect(records.map((r) => [r.userName, r.status, r.terminationDate, r.attributes])).toEqual([
      ["ann", "active", undefined, undefined],
      ["bob", "terminated", "2026-03-29T23:00:00.000Z", { terminatedBy: "accountExpires" }],
      ["cat", "active", "2027-01-31T00:00:00.000Z", undefined],
      ["dan", "active", undefined, undefined],
    ]);
  });

  it("refuses digits too few for a FILETIME (a compact date would be an expiry in 1601)", async () => {
    const error = await readError(csvSource, context([HEADER, row("ann", "20260331", 1)], { ...COLUMNS, terminationDate: "accountExpires" }));
    expect(error.message).toContain('accountExpires "20260331" is not a date');
    expect(error.message).toContain("an Active Directory accountExpires: a FILETIME of 17 or more digits");
  });
});
