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
import type { ProjectConfig } from "../model/documents.js";
import type { Located } from "../model/located.js";
import type { SourceRecord } from "../model/source-record.js";
import { isoString, parseDate } from "../model/time.js";
import { sourceConfigAt } from "./source.js";
import type { GateFailure } from "./gate-failure.js";

/**
 * How far an export's time may be ahead of the plan's clock: two hosts' clocks (the exporter's,
 * the runner's) that NTP keeps within seconds of each other, with room for a slow sync. Five
 * minutes is Kerberos's default tolerance for the same question (clock skew between hosts).
 */
export const EXPORT_CLOCK_SKEW_MS = 5 * 60_000;

/** The gate an export time after the plan's fails (`scopesync snapshot` says it as a warning). */
export const FUTURE_EXPORT_RULE = "source-gate-future-export";

/** Where scopesync.yaml pins a source's export time, when it does: the setting, its value, and its position. */
export interface ExportTimePin {
  setting: string;
  value: string;
  /** "scopesync.yaml:31:19". */
  at: string;
}

/**
 * Where the source's export time comes from, for the gates' messages: `pinned`, the setting that
 * pins it (`options.exportedAt` of an export file, a live `ldap` source's `options.now`), and
 * `path`, the files whose modification time it is when nothing pins it. Neither: the time a live
 * read finished.
 */
export function exportTimeOf(config: Located<ProjectConfig>, name: string): { pinned?: ExportTimePin; path?: string } {
  const source = config.value.sources[name]!;
  const key = source.type === "ldap" ? "now" : "exportedAt";
  const value = source.options?.[key];
  return {
    ...(typeof value === "string" ? { pinned: { setting: `options.${key}`, value, at: sourceConfigAt(config, name)(["options", key]) } } : {}),
    ...(source.path !== undefined ? { path: source.path } : {}),
  };
}

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

/** Where the export's time came from, for a message: the pinned setting, the files' time, or (a live read, a snapshot) the records'. */
function timeFrom(pin: ExportTimePin | undefined, path: string | undefined): string {
  if (pin) return `as ${pin.setting} says at ${pin.at}`;
  return path === undefined ? "as its records say" : `the modification time of ${path}, no options.exportedAt being set`;
}

/**
 * The export's time is after the plan's beyond the clock skew: rule `source-gate-future-export`.
 * `path` is the source's configured `path`, which the files' time came from when nothing pins it.
 */
export function futureExport(exportedAt: number, now: number, pin: ExportTimePin | undefined, path: string | undefined): GateFailure | undefined {
  if (exportedAt - now <= EXPORT_CLOCK_SKEW_MS) return undefined;
  const fix = pin
    ? `correct ${pin.setting} at ${pin.at} to the time the export was taken`
    : `correct the clock of the host that wrote the export, and give the files their real time (touch -d), or pin the export's time with options.exportedAt`;
  return {
    rule: "source-gate-future-export" satisfies typeof FUTURE_EXPORT_RULE,
    message: `the export's time ${isoString(exportedAt)}, ${timeFrom(pin, path)}, is after the plan's time ${isoString(now)}: an export cannot have been taken after the plan that reads it, so its time is wrong, and the source decides nothing about who left until it is right`,
    remediation: `${fix}; or, if the plan's time is the wrong one, plan without --now or with the right one. More than ${EXPORT_CLOCK_SKEW_MS / 60_000} minutes ahead is refused`,
  };
}

/** The export was taken before the accepted snapshot's export: rule `source-gate-older-than-snapshot`. */
export function olderThanSnapshot(exportedAt: number, snapshotExportedAt: string, pin: ExportTimePin | undefined, path: string | undefined): GateFailure | undefined {
  const accepted = parseDate(snapshotExportedAt);
  if (Number.isNaN(accepted) || exportedAt >= accepted) return undefined;
  return {
    rule: "source-gate-older-than-snapshot",
    message: `the export of ${isoString(exportedAt)}, ${timeFrom(pin, path)}, is older than the accepted snapshot's export of ${isoString(accepted)}: what it lacks or shows active is older news than the baseline, and would offboard joiners and re-enable leavers`,
    remediation: `read the current export (this one is an earlier file: a stale download or cache, or an old file committed again)${pin ? `, and set ${pin.setting} at ${pin.at} with it` : ""}; if the accepted snapshot itself is wrong, replace it with scopesync snapshot in a reviewed pull request`,
  };
}
