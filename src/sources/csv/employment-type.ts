// The worker type column's values as policies name them. Workday's worker types are "Employee"
// and "Contingent Worker"; a policy excluding `contractor` must exclude Workday's contingent
// workers too, so that value is mapped by default rather than passed on as a third type.
import type { SourceContext } from "../source.js";
import { stringMapOption } from "../common/options.js";
import { statusKey } from "./status.js";

/** The default map: what the HR exports scopesync knows call a contractor. */
export const DEFAULT_EMPLOYMENT_TYPE_VALUES: Readonly<Record<string, string>> = { "contingent worker": "contractor" };

/** Value key (trimmed, NFC, lower-cased) → employmentType; configured values replace the defaults entirely. */
export function employmentTypeMap(context: SourceContext): Map<string, string> {
  const entries = stringMapOption(context, "employmentTypeValues") ?? DEFAULT_EMPLOYMENT_TYPE_VALUES;
  return new Map(Object.entries(entries).map(([value, type]) => [statusKey(value), statusKey(type)]));
}

/** The record's employmentType: the map's value, else the export's value lower-cased (as before the map). */
export function employmentTypeOf(text: string | undefined, types: ReadonlyMap<string, string>): string | undefined {
  if (text === undefined) return undefined;
  const key = statusKey(text);
  return types.get(key) ?? text.toLowerCase();
}
