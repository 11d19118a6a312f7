// Bare dates as the organisation's days. HR systems write a hire or termination date as a bare
// date (2026-12-31) meaning a day where the company is; read as a UTC day, a Berlin leaver kept
// access for an hour or two after their last day ended and a Los Angeles joiner was given it the
// evening before their first. With scopesync.yaml `timeZone` (or a source's own), each record's
// bare dates are written as that zone's day, "2026-12-31[Europe/Berlin]" (model/time.ts), so that
// every later stage (the end of a last day, a start still to come, a rehire's gap) counts from
// that zone's midnights, clock changes included. Where no zone is set, or it is UTC, nothing changes.
import type { ProjectConfig } from "../model/documents.js";
import type { SourceRecord } from "../model/source-record.js";
import { inZone } from "../model/time.js";
import { isUtcZone } from "../model/time-zone.js";

/** The zone of a source's bare dates: its own `timeZone`, else the organisation's; undefined for UTC. */
export function sourceTimeZone(config: ProjectConfig, name: string): string | undefined {
  const zone = config.sources[name]?.timeZone ?? config.timeZone;
  return zone === undefined || isUtcZone(zone) ? undefined : zone;
}

/** SourceContext's `timeZone` for the source: absent for UTC days. */
export function timeZoneOf(config: ProjectConfig, name: string): { timeZone?: string } {
  const zone = sourceTimeZone(config, name);
  return zone === undefined ? {} : { timeZone: zone };
}

/**
 * The records with their bare hire and termination dates as days of `zone` (in place). A date
 * with an offset or a time keeps its own; one already written with a zone (a snapshot's) is kept.
 */
export function zoneDays(records: SourceRecord[], zone: string | undefined): SourceRecord[] {
  if (zone === undefined) return records;
  for (const r of records) {
    if (typeof r.hireDate === "string") r.hireDate = inZone(r.hireDate, zone);
    if (typeof r.terminationDate === "string") r.terminationDate = inZone(r.terminationDate, zone);
  }
  return records;
}
