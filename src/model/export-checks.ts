// What a source's export was checked for before its absences were read as leavers. A plan that
// offboards someone because a source no longer exports them says what vouched for that export: it
// once said "passed every quality gate" of a source with no gate configured, where only the
// built-in checks had run.
import type { SourceConfig } from "./documents.js";
import { DISCOVERY_SOURCE_TYPES } from "./source-types.js";

/**
 * The source's status decides who left while another source still exports them (resolve/departed.ts):
 * it is authoritative for `status`.
 */
export function decidesStatus(source: SourceConfig | undefined): boolean {
  return (source?.authoritative ?? []).includes("status");
}

/**
 * What the source no longer exports can make a leaver: it is a source of people, whatever it is
 * `authoritative` for. Any people source can anchor a person (the highest-precedence record), and
 * an anchor a read source lacks is a leaver's: an account carrying it is offboarded "no longer in
 * source" (plan/account-marks.ts), a snapshot person holding it is a gone person
 * (plan/gone-people.ts). Keyed on `status` alone, an empty export of a source authoritative only
 * for `name` offboarded everyone it anchored (rv98 H1). Only discovery sources are left out: they
 * report NHIs, never people. An export of such a source without records is a gate failure
 * whatever its `gates` say (sources/quality-gates.ts, source-gate-empty).
 */
export function absencesMakeLeavers(source: SourceConfig | undefined): boolean {
  return source !== undefined && !DISCOVERY_SOURCE_TYPES.has(source.type);
}

/**
 * What the source's export passed, after "the export passed ": "its gates (required, minRecords 30,
 * maxChurn 10%) and the built-in checks", or "only the built-in checks (unique keys, export time,
 * not empty): no gates are configured". `accept` and `churnFloor` tune gates; they are none.
 */
export function exportChecks(source: SourceConfig | undefined): string {
  const g = source?.gates ?? {};
  const gates = [
    ...(g.required && g.required.length > 0 ? ["required"] : []),
    ...(g.maxAge !== undefined ? [`maxAge ${g.maxAge}`] : []),
    ...(g.minRecords !== undefined ? [`minRecords ${g.minRecords}`] : []),
    ...(g.maxChurn !== undefined ? [`maxChurn ${g.maxChurn}`] : []),
    ...(g.account !== undefined ? [`account ${g.account}`] : []),
  ];
  if (gates.length > 0) return `its gates (${gates.join(", ")}) and the built-in checks`;
  // An empty export passes only by an acceptance down to 0 records: it was not checked for being empty.
  const notEmpty = absencesMakeLeavers(source) && g.accept?.records !== 0;
  return `only the built-in checks (unique keys, export time${notEmpty ? ", not empty" : ""}): no gates are configured`;
}
