// When an export was taken, against the plan's clock and the accepted snapshot. A source judges
// dates at its export's time (an Entra employeeLeaveDateTime, an AD accountExpires, a hire date
// before which a blocked user is a pre-hire), and the planner takes an export's absences as news
// since the accepted snapshot. Both are sound only for an export taken after that snapshot and no
// later than the plan that reads it:
// - an export time after the plan's (a typo in options.exportedAt, a file time from a host whose
//   clock runs ahead, an archive that kept the times it was made with) passes maxAge with a
//   negative age, and would offboard today a person whose leave date is months away;
// - an export taken before the accepted snapshot's (a stale SFTP drop or CI cache, last month's
//   file committed again) is older news than the baseline: its absences would offboard the
//   joiners the baseline already has, and its actives would re-enable its leavers as rehires.
// Either fails a gate, so the source decides nothing about who left (ingest.ts gatesFailed).
import { servedIn, type ExportTimeOrigin } from "../model/export-time-origin.js";
import type { SourceRecord } from "../model/source-record.js";
import { isoString, parseDate } from "../model/time.js";
import type { GateFailure } from "./gate-failure.js";

/**
 * How far an export's time may be ahead of the plan's clock: two hosts' clocks (the exporter's,
 * the runner's) that NTP keeps within seconds of each other, with room for a slow sync. Five
 * minutes is Kerberos's default tolerance for the same question (clock skew between hosts).
 */
export const EXPORT_CLOCK_SKEW_MS = 5 * 60_000;

/** The gate an export time after the plan's fails (`scopesync snapshot` says it as a warning). */
export const FUTURE_EXPORT_RULE = "source-gate-future-export";

/** The newest `exportedAt` of the records (ms), or undefined without records. Each distinct text is parsed once: an export's records share one, or a few. */
export function newestExportedAt(records: readonly SourceRecord[]): number | undefined {
  let newest: number | undefined;
  let last: string | undefined;
  for (const r of records) {
    if (r.exportedAt === last) continue;
    last = r.exportedAt;
    const at = parseDate(last);
    if (newest === undefined || at > newest) newest = at;
  }
  return newest;
}

/**
 * Where the export's time came from, for a message. Without an origin (a caller that knows none),
 * the records' own times.
 */
function timeFrom(origin: ExportTimeOrigin | undefined): string {
  switch (origin?.kind) {
    case "pinned":
      return origin.at === undefined ? `as ${origin.setting} says` : `as ${origin.setting} says at ${origin.at}`;
    case "served":
      return `the Date header saved in ${servedIn(origin)} (when the service sent that page), no options.exportedAt being set`;
    case "files":
      return `the modification time of ${origin.path}, no options.exportedAt being set`;
    case "read":
      return "the time the live read finished";
    case "snapshot":
      return `as the snapshot ${origin.path} records it`;
    default:
      return "as its records say";
  }
}

/** How to give the export its true time, by where the wrong one came from. */
function futureFix(origin: ExportTimeOrigin | undefined): string {
  switch (origin?.kind) {
    case "pinned":
      return `correct ${origin.setting}${origin.at === undefined ? "" : ` at ${origin.at}`} to the time the export was taken`;
    case "served":
      // The service's clock, not the host's: a Date ahead of the plan is a header edited or
      // copied from elsewhere, or a plan whose clock is behind.
      return `save the pages again with the headers the service sent (curl -D), the ${origin.headers} Date being later than any read can have been; or pin the export's time with options.exportedAt`;
    case "snapshot":
      return `write the snapshot ${origin.path} again with scopesync snapshot from an export of the right time, and commit it in a reviewed PR`;
    default:
      return "correct the clock of the host that wrote the export, and give the files their real time (touch -d), or pin the export's time with options.exportedAt";
  }
}

/** The export's time is after the plan's beyond the clock skew: rule `source-gate-future-export`. */
export function futureExport(exportedAt: number, now: number, origin: ExportTimeOrigin | undefined): GateFailure | undefined {
  if (exportedAt - now <= EXPORT_CLOCK_SKEW_MS) return undefined;
  return {
    rule: "source-gate-future-export" satisfies typeof FUTURE_EXPORT_RULE,
    message: `the export's time ${isoString(exportedAt)}, ${timeFrom(origin)}, is after the plan's time ${isoString(now)}: an export cannot have been taken after the plan that reads it, so its time is wrong, and the source decides nothing about who left until it is right`,
    remediation: `${futureFix(origin)}; or, if the plan's time is the wrong one, plan without --now or with the right one. More than ${EXPORT_CLOCK_SKEW_MS / 60_000} minutes ahead is refused`,
  };
}

/** The export was taken before the accepted snapshot's export: rule `source-gate-older-than-snapshot`. */
export function olderThanSnapshot(exportedAt: number, snapshotExportedAt: string, origin: ExportTimeOrigin | undefined): GateFailure | undefined {
  const accepted = parseDate(snapshotExportedAt);
  if (Number.isNaN(accepted) || exportedAt >= accepted) return undefined;
  const pin = origin?.kind === "pinned" ? origin : undefined;
  return {
    rule: "source-gate-older-than-snapshot",
    message: `the export of ${isoString(exportedAt)}, ${timeFrom(origin)}, is older than the accepted snapshot's export of ${isoString(accepted)}: what it lacks or shows active is older news than the baseline, and would offboard joiners and re-enable leavers`,
    remediation: `read the current export (this one is an earlier file: a stale download or cache, or an old file committed again)${pin ? `, and set ${pin.setting}${pin.at === undefined ? "" : ` at ${pin.at}`} with it` : ""}; if the accepted snapshot itself is wrong, replace it with scopesync snapshot in a reviewed pull request`,
  };
}
