// Which sources keep employment records (rv101 H2). "The employment that keeps the most access"
// (resolve/employments.ts) holds between two HR systems: each speaks of its own contract, and one
// that ended says nothing about the other. A directory (Okta, Entra, Google, LDAP, a SCIM export)
// made authoritative for status speaks of sign-in, not of an employment: one still showing an HR
// leaver active is where a missed leaver shows, and must not keep them. Of the source types, only
// `csv` is an HR system's export (Workday, BambooHR, SAP SuccessFactors reports); `scim` reads a
// SCIM ListResponse, which identity providers and apps serve, and `ldif`/`ldap` read a directory.
import type { SourceConfig } from "./documents.js";
import type { SourceType } from "./source-types.js";

/** The source types whose exports are an HR system's books of record for employment. */
export const EMPLOYMENT_RECORD_TYPES: ReadonlySet<string> = new Set<SourceType>(["csv"]);

/** A source authoritative for `status` whose export is an employment record (an HR export). */
export function keepsEmploymentRecords(source: SourceConfig | undefined): boolean {
  return source !== undefined && EMPLOYMENT_RECORD_TYPES.has(source.type) && (source.authoritative ?? []).includes("status");
}
