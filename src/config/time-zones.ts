// The organisation's time zone (scopesync.yaml `timeZone`) and a source's own: IANA names, checked
// against the zones Intl knows when scopesync.yaml loads, so that a typo is a `validate` problem at
// its line rather than every bare date of the export read as no date at all.
import type { ProjectConfig } from "../model/documents.js";
import type { Located, PathSegment } from "../model/located.js";
import { showValue } from "../model/display.js";
import { closest } from "../model/suggest.js";
import { isTimeZone, knownTimeZones } from "../model/time-zone.js";
import type { Diagnostic } from "./diagnostic.js";

/** A problem for each `timeZone` (the organisation's, each source's) that is not an IANA zone Intl knows. */
export function checkTimeZones(config: Located<ProjectConfig>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (path: PathSegment[], zone: string | undefined): void => {
    if (zone === undefined || isTimeZone(zone)) return;
    const near = closest(zone, knownTimeZones());
    out.push({
      file: config.file,
      ...config.locate(path),
      message: `${path.join(".")} ${showValue(zone)} is not an IANA time zone`,
      hint: `${near !== undefined ? `did you mean ${near}? ` : ""}write the zone's IANA name, such as Europe/Berlin, America/Los_Angeles or UTC (the tz database's names, as \`Intl.supportedValuesOf("timeZone")\` lists them); an offset such as +01:00 has no clock changes`,
    });
  };
  check(["timeZone"], config.value.timeZone);
  for (const [name, source] of Object.entries(config.value.sources)) check(["sources", name, "timeZone"], source.timeZone);
  return out;
}
