// The employment type an export gives, as policies name it. Every source that reads one (a csv
// worker type column, Entra employeeType, Okta profile.userType, SCIM userType, LDAP/AD
// employeeType) holds free text: Workday's worker types are "Employee" and "Contingent Worker",
// and Graph, Okta, RFC 7643 and RFC 2798 only give examples ("Employee", "Contractor",
// "Consultant", "Vendor", "External"...). A policy excluding `contractor` must exclude a contingent
// worker too, so that value is mapped by default, the same in every source, and each source takes
// options.employmentTypeValues to map its own words.
import type { SourceContext } from "../source.js";
import type { JsonSchema } from "../../model/adapter-schema.js";
import { DEFAULT_EMPLOYMENT_TYPE_VALUES, employmentTypeKey as typeKey } from "../../model/employment-types.js";
import { stringMapOption } from "./options.js";
import { nonEmptyString } from "./schema.js";

/** Value key → employmentType; configured values replace the defaults entirely. */
export function employmentTypeMap(context: SourceContext): Map<string, string> {
  const entries = stringMapOption(context, "employmentTypeValues") ?? DEFAULT_EMPLOYMENT_TYPE_VALUES;
  return new Map(Object.entries(entries).map(([value, type]) => [typeKey(value), typeKey(type)]));
}

/** The record's employmentType: the map's value, else the export's value trimmed and lower-cased (as before the map). */
export function employmentTypeOf(text: string | undefined, types: ReadonlyMap<string, string>): string | undefined {
  if (text === undefined) return undefined;
  const key = typeKey(text);
  return types.get(key) ?? key;
}

/**
 * `options.employmentTypeValues` of a source; `field` names where that source reads the type and
 * `vendor` what its vendor documents of the values, so each source's docs say which field maps.
 */
export function employmentTypeValuesFor(field: string, vendor: string): JsonSchema {
  return {
    type: "object",
    title: "mapping of export value → employmentType",
    description: `How ${field} become \`employmentType\`, matched case-insensitively after trimming, in Unicode NFC. A value not in the map is kept, trimmed and lower-cased. When set, it **replaces** the default entirely. ${vendor} Map the words your organisation uses (\`External: contractor\`): a policy value no identity holds while identities hold values no policy names is a [\`where-value-unmatched\`](rules.md#where-value-unmatched) warning that names them. Default: \`contingent worker\`→\`contractor\` in every source (Workday's worker types are \`Employee\` and \`Contingent Worker\`), so that a policy that excludes \`contractor\` excludes contingent workers too.`,
    additionalProperties: nonEmptyString,
  };
}

/** `options.employmentTypeValues` of the LDAP-shaped sources (ldap, ldif): one attribute, one schema. */
export const directoryEmploymentTypeValues = employmentTypeValuesFor(
  "`employeeType` values (every value of a multi-valued one)",
  "RFC 2798 defines `employeeType` as \"the employer to employee relationship\", with \"Contractor\", \"Employee\", \"Intern\", \"Temp\", \"External\" and \"Unknown\" as typical values, \"but any value may be used\"; Active Directory's Employee-Type is free text too.",
);
