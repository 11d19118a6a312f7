// What a source's export was checked for before its absences were read as leavers. A plan that
// offboards someone because a source no longer exports them says what vouched for that export: it
// once said "passed every quality gate" of a source with no gate configured, where only the
// built-in checks had run.
import type { SourceConfig } from "./documents.js";

/**
 * The source decides who left: it is authoritative for `status` (resolve/departed.ts). An export of
 * such a source without records is a gate failure whatever its `gates` say (sources/quality-gates.ts).
 */
export function decidesStatus(source: SourceConfig | undefined): boolean {
  return (source?.authoritative ?? []).includes("status");
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
  const notEmpty = decidesStatus(source) && g.accept?.records !== 0;
  return `only the built-in checks (unique keys, export time${notEmpty ? ", not empty" : ""}): no gates are configured`;
}
