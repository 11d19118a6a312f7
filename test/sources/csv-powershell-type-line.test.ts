// rv99 #4: Windows PowerShell 5.1's Export-Csv writes "#TYPE <type>" as line 1 unless given
// -NoTypeInformation ("By default, the first line of the CSV file contains #TYPE followed by the
// fully-qualified name of the type of the object": learn.microsoft.com/powershell/module/
// microsoft.powershell.utility/export-csv?view=powershell-5.1). Read as the header, it was
// "no column "ObjectGUID" (externalId) in the header" at line 1, for a column that is on line 2.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SourceError } from "../../src/model/errors.js";
import { csvSource } from "../../src/sources/csv/index.js";

// Get-ADUser -Filter * | Export-Csv (PowerShell quotes every cell), mapped as an AD shop maps it.
const COLUMNS = { externalId: "ObjectGUID", userName: "SamAccountName", givenName: "GivenName", familyName: "Surname", email: "UserPrincipalName", status: "Enabled" };
const TYPE_LINE = "#TYPE Microsoft.ActiveDirectory.Management.ADUser";
const TABLE = [
  '"DistinguishedName","Enabled","GivenName","Name","ObjectClass","ObjectGUID","SamAccountName","SID","Surname","UserPrincipalName"',
  '"CN=Ann Lee,OU=Staff,DC=contoso,DC=example","True","Ann","Ann Lee","user","66666666-0000-4000-8000-000000000001","alee","S-1-5-21-1-2-3-1104","Lee","alee@contoso.example"',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "scopesync-csv-type-line-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(text: string): Promise<unknown> {
  await writeFile(path.join(dir, "ad.csv"), text);
  const options = { exportedAt: "2026-11-26T06:00:00Z", columns: COLUMNS, statusValues: { True: "active", False: "suspended" } };
  return csvSource.read({ name: "ad", config: { type: "csv", path: "ad.csv", options }, repoDir: dir, env: {} }).catch((error: unknown) => error);
}

describe("csv: a Windows PowerShell Export-Csv type line", () => {
  it("reads the export made with -NoTypeInformation (the control)", async () => {
    const records = await read(TABLE.join("\r\n") + "\r\n");
    if (records instanceof SourceError) throw new Error(`${records.message} / ${records.hint}`);
    expect((records as Array<{ userName: string }>).map((r) => r.userName)).toEqual(["alee"]);
  });

  it.each([
    ["as Export-Csv writes it", [TYPE_LINE, ...TABLE].join("\r\n") + "\r\n"],
    ["after a byte order mark (-Encoding UTF8)", "\uFEFF" + [TYPE_LINE, ...TABLE].join("\r\n") + "\r\n"],
  ])("names line 1 as the type line, with the export's fix, %s", async (_how, text) => {
    const error = await read(text);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).message).toBe(
      'source "ad": ad.csv line 1 is a PowerShell type line ("#TYPE …", which Windows PowerShell\'s Export-Csv writes before the header), not the header',
    );
    expect((error as SourceError).hint).toContain("-NoTypeInformation");
    expect((error as SourceError).hint).toContain("delete line 1");
  });
});
