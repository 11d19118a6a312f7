// Which sources keep employment records (rv101 H2). "The employment that keeps the most access"
// (resolve/employments.ts) holds between two HR systems: each speaks of its own contract, and one
// that ended says nothing about the other. A directory (Okta, Entra, Google, LDAP, a SCIM export)
// made authoritative for status speaks of sign-in, not of an employment: one still showing an HR
// leaver active is where a missed leaver shows, and must not keep them. Of the source types, only
// `csv` is an HR system's export (Workday, BambooHR, SAP SuccessFactors reports); `scim` reads a
// SCIM ListResponse, which identity providers and apps serve, and `ldif`/`ldap` read a directory.
// An Active Directory export written as CSV (`csvde`, `Get-ADUser | Export-Csv`) is a directory
// all the same, told by its file's columns (ad-csv-shape.ts), not by the names the config maps:
// an HR report that calls a contract's end "accountExpires" is still a book of record (rv108 H1).
import { adExportColumns } from "./ad-csv-shape.js";
import type { SourceConfig } from "./documents.js";
import type { SourceRecord } from "./source-record.js";
import type { SourceType } from "./source-types.js";

/** The source types whose exports are an HR system's books of record for employment. */
export const EMPLOYMENT_RECORD_TYPES: ReadonlySet<string> = new Set<SourceType>(["csv"]);

/**
 * The AD columns the config maps, when they alone make the source an Active Directory export
 * (ad-csv-shape.ts): `validate`, which reads no export, words its warning by them. The plan
 * decides by the file's own columns (csvDirectoryExports).
 */
export function adDirectoryColumns(source: SourceConfig | undefined): string[] | undefined {
  if (source?.type !== "csv") return undefined;
  const columns = source.options?.columns;
  if (columns === null || typeof columns !== "object") return undefined;
  return adExportColumns(Object.values(columns as Record<string, unknown>).filter((c): c is string => typeof c === "string"));
}

/**
 * The `csv` sources deciding status whose export is an Active Directory export, by the columns
 * of their first records (`raw` holds every column a record has a value in; an AD export's
 * objectGUID and userAccountControl are never empty, so a hundred rows are plenty).
 */
export function csvDirectoryExports(sources: Readonly<Record<string, SourceConfig>>, recordsBySource: ReadonlyMap<string, readonly SourceRecord[]>): Set<string> {
  const out = new Set<string>();
  for (const [name, records] of recordsBySource) {
    const source = sources[name];
    if (source?.type !== "csv" || !(source.authoritative ?? []).includes("status")) continue;
    const columns = new Set<string>();
    for (const record of records.slice(0, 100)) for (const column of Object.keys(record.raw)) columns.add(column);
    if (adExportColumns(columns) !== undefined) out.add(name);
  }
  return out;
}

/**
 * A source authoritative for `status` whose export is an employment record: an HR export, not a
 * directory, nor a directory's export written as CSV (`directoryExports`, csvDirectoryExports).
 */
export function keepsEmploymentRecords(source: SourceConfig | undefined, name: string, directoryExports: ReadonlySet<string>): boolean {
  return source !== undefined && EMPLOYMENT_RECORD_TYPES.has(source.type) && (source.authoritative ?? []).includes("status") && !directoryExports.has(name);
}
