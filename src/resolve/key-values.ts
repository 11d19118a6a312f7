// The values a record gives each correlation key, compared as correlation compares them.
import { emailKey, normaliseLogin } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";

export type CorrelationKey = "anchor" | "employeeId" | "email" | "userName";

/** Every value of the key the record gives: its addresses are the primary ones and the aliases. */
export function keyValues(r: SourceRecord, key: CorrelationKey): string[] {
  switch (key) {
    case "employeeId":
      return r.employeeId ? [r.employeeId.trim()] : [];
    case "email":
      return r.emails.map(emailKey);
    case "userName":
      return r.userName ? [normaliseLogin(r.userName)] : [];
    default:
      return [];
  }
}

/**
 * The values the record gives the key without its aliases (SourceRecord.aliases): what the source
 * itself says is this user's own, not an address it also delivers to them.
 */
export function ownKeyValues(r: SourceRecord, key: CorrelationKey): string[] {
  const values = keyValues(r, key);
  if (key !== "email" || r.aliases === undefined) return values;
  const aliases = new Set(r.aliases.map(emailKey));
  return values.filter((v) => !aliases.has(v));
}
