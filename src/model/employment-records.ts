// Which sources keep employment records (rv101 H2). "The employment that keeps the most access"
// (resolve/employments.ts) holds between two HR systems: each speaks of its own contract, and one
// that ended says nothing about the other. A directory (Okta, Entra, Google, LDAP, a SCIM export)
// made authoritative for status speaks of sign-in, not of an employment: one still showing an HR
// leaver active is where a missed leaver shows, and must not keep them. Of the source types, only
// `csv` is an HR system's export (Workday, BambooHR, SAP SuccessFactors reports); `scim` reads a
// SCIM ListResponse, which identity providers and apps serve, and `ldif`/`ldap` read a directory.
// An Active Directory export written as CSV (`csvde`, `Get-ADUser | Export-Csv`) is a directory
// all the same: its columns give it away in the config (adDirectoryColumn), so it is no book of record.
import type { SourceConfig } from "./documents.js";
import type { SourceType } from "./source-types.js";

/** The source types whose exports are an HR system's books of record for employment. */
export const EMPLOYMENT_RECORD_TYPES: ReadonlySet<string> = new Set<SourceType>(["csv"]);

/**
 * The record fields and the AD columns that, mapped to them, make a `csv` source an Active
 * Directory export: no HR system writes AD's FILETIME `accountExpires` or keys its workers by
 * `objectGUID` or DN. The csv source stops the read of an AD-shaped file (objectGUID or
 * sAMAccountName with accountExpires or userAccountControl) that does not map accountExpires to
 * terminationDate (sources/csv/ad-expiry.ts), so every AD export it reads maps one of these.
 * `sAMAccountName` as the login is left out: an HR report may carry the worker's AD login.
 */
const AD_COLUMNS: Readonly<Record<string, ReadonlySet<string>>> = {
  terminationDate: new Set(["accountexpires"]),
  externalId: new Set(["objectguid", "distinguishedname", "dn"]),
};

/**
 * The `options.columns` entry that makes a `csv` source an Active Directory export
 * (`terminationDate: accountExpires`), or undefined for an HR export or another source type.
 */
export function adDirectoryColumn(source: SourceConfig | undefined): string | undefined {
  if (source?.type !== "csv") return undefined;
  const columns = source.options?.columns;
  if (columns === null || typeof columns !== "object") return undefined;
  for (const [field, names] of Object.entries(AD_COLUMNS)) {
    const column = (columns as Record<string, unknown>)[field];
    if (typeof column === "string" && names.has(column.trim().toLowerCase())) return `${field}: ${column}`;
  }
  return undefined;
}

/** A source authoritative for `status` whose export is an employment record (an HR export, not a directory's written as CSV). */
export function keepsEmploymentRecords(source: SourceConfig | undefined): boolean {
  return source !== undefined && EMPLOYMENT_RECORD_TYPES.has(source.type) && (source.authoritative ?? []).includes("status") && adDirectoryColumn(source) === undefined;
}
