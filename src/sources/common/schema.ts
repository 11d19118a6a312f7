// Option schemas the export-file adapters share. Each adapter's own schema.ts builds on these.
import type { JsonSchema } from "../../model/adapter-schema.js";

export const nonEmptyString = { type: "string", pattern: "\\S" } as const;

/** `options.exportedAt`: the export's time for the maxAge gate (a parse, checked in exported-at.ts). */
export const exportedAt: JsonSchema = {
  type: "string",
  title: "date-time",
  description: "The export's time, for `maxAge`: an RFC 3339 date-time with a zone. Default: the oldest modification time of the files read.",
};

/** The options mapping of an export-file adapter: its own options plus `exportedAt`, nothing else. */
export function exportOptions(properties: Record<string, JsonSchema> = {}): JsonSchema {
  return { type: "object", additionalProperties: false, properties: { ...properties, exportedAt } };
}

/** `statusAttribute` of the LDAP-shaped sources (ldap, ldif), with its partner `disabledValues`. */
export const statusAttributeOption = {
  ...nonEmptyString,
  title: "attribute name",
  description: "With `disabledValues`: an entry whose attribute has one of the values (case-insensitive) is `suspended`. Set both or neither.",
};
export const statusDependencies = { statusAttribute: ["disabledValues"], disabledValues: ["statusAttribute"] };
