// An Active Directory export read as CSV (PowerShell `Get-ADUser -Properties * | Export-Csv`):
// AD does not disable an account when its accountExpires passes (docs/formats.md, "An expired
// account"), so an export whose expiry is not read shows an expired leaver as an active person,
// and the ldif/ldap sources' rule that an AD export must carry accountExpires would be got around
// by the CSV route. So a terminationDate cell may hold the FILETIME itself, read as those sources
// read it (accountExpiry), and an AD-shaped file that does not map it stops the run.
import { adExportColumns } from "../../model/ad-csv-shape.js";
import { SourceError } from "../../model/errors.js";
import { accountExpiry } from "../common/directory/active-directory.js";
import type { SourceContext } from "../source.js";
import type { Columns } from "./columns.js";

const EXPIRES = "accountexpires";

/** Stops the read of an AD-shaped file (ObjectGUID or SamAccountName, with accountExpires or userAccountControl) whose terminationDate is not its accountExpires. */
export function requireAdExpiry(context: SourceContext, headers: readonly string[], columns: Columns, shown: string): void {
  const ad = adExportColumns(headers);
  if (ad === undefined) return;
  const lower = headers.map((h) => h.trim().toLowerCase());
  const mapped = columns.index.terminationDate;
  if (mapped !== undefined && lower[mapped] === EXPIRES) return;
  const column = headers[lower.indexOf(EXPIRES)]?.trim();
  const hint = `an account whose expiry passed would be read as active: AD does not disable an account when its accountExpires passes (docs/formats.md, "csv")`;
  throw new SourceError(
    context.name,
    `${shown} line 1: an Active Directory export (${ad.join(", ")} columns) whose account expiry is not read: ${hint}`,
    column === undefined
      ? `Export accountExpires too (Get-ADUser -Properties accountExpires, or -Properties *), and map it: sources.${context.name}.options.columns.terminationDate: accountExpires. Or read the directory with the ldif or ldap source.`
      : `Map it: sources.${context.name}.options.columns.terminationDate: ${JSON.stringify(column)} (the FILETIME; AccountExpirationDate is the exporting machine's local time without a zone, and is not read). Or read the directory with the ldif or ldap source.`,
  );
}

/**
 * A terminationDate cell of digits only, which no date form is: an accountExpires FILETIME. Its date
 * (null: never expires, 0 or 9223372036854775807) and whether it has passed at `judgedAt` (ms);
 * undefined for a cell of another form, or digits too few for a FILETIME since 1918 (a compact
 * date such as 20260331 read as one would be an expiry in 1601: every such person a leaver).
 */
export function fileTimeCell(text: string, judgedAt: number): { date: string | null; passed: boolean } | undefined {
  if (!/^\d+$/.test(text) || (text !== "0" && text.length < 17)) return undefined;
  return accountExpiry(text, judgedAt);
}
