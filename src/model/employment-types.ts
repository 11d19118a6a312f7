// The employment types policies name, and how the sources' words become them. Every source that
// reads an employment type (a csv worker type column, Entra employeeType, Okta profile.userType,
// SCIM userType, LDAP/AD employeeType) holds free text: Workday's worker types are "Employee" and
// "Contingent Worker". The default map, and what a map rewrites, are read by the sources (as each
// record is read) and by the repository's checks (a policy naming a word the map rewrites matches
// nobody: config/references.ts), so they live here.
import type { SourceConfig } from "./documents.js";
import { nfc } from "./nfc.js";

/** The default map: what the exports scopesync knows call a contractor. */
export const DEFAULT_EMPLOYMENT_TYPE_VALUES: Readonly<Record<string, string>> = { "contingent worker": "contractor" };

/** Source types whose records carry an employment type, each mapped through options.employmentTypeValues. */
export const EMPLOYMENT_TYPE_SOURCES: ReadonlySet<string> = new Set(["csv", "entra", "okta", "scim", "ldif", "ldap"]);

/**
 * Types that mean themselves: the words policies are written in. A held value among them that no
 * policy names is no sign of a missing map (every organisation includes its employees by kind
 * and never names `employee`).
 */
export const STANDARD_EMPLOYMENT_TYPES: ReadonlySet<string> = new Set(["employee", "contractor"]);

/** How a value is looked up: trimmed, without case, in Unicode NFC (as csv status values are). */
export function employmentTypeKey(value: string): string {
  return nfc(value.trim()).toLowerCase();
}

/** A source's map as configured (options.employmentTypeValues, which replaces the default), undefined for a source that reads no type. */
export function sourceEmploymentTypeValues(source: SourceConfig | undefined): Readonly<Record<string, unknown>> | undefined {
  if (!source || !EMPLOYMENT_TYPE_SOURCES.has(source.type)) return undefined;
  const configured = source.options?.["employmentTypeValues"];
  return typeof configured === "object" && configured !== null && !Array.isArray(configured) ? (configured as Record<string, unknown>) : DEFAULT_EMPLOYMENT_TYPE_VALUES;
}
