// When an export was taken matters for the maxAge gate and for "expired before the export" rules.
// The configured value wins because copying a file (git checkout, CI cache) resets its mtime.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { leapSecond } from "../../model/time.js";
import { normaliseDate } from "./dates.js";
import type { ExportFile } from "./export-files.js";
import type { ToldExportTime } from "../../model/export-time-origin.js";

/** The oldest Date header of a source's saved responses, and the headers file it is in. */
export interface ServedAt {
  at: string;
  headers: string;
  /** The list the responses are of ("GET /api/v1/groups"), which a message names when the time is another list's than the records'. */
  list?: string;
}

/**
 * `options.exportedAt` if set, otherwise `served` (the oldest Date header of the pages, where the
 * source saved the responses' headers: okta), otherwise the oldest mtime of the files read: with
 * several pages the export is only as fresh as its oldest page. `alongside` is the oldest Date of
 * other lists read with the records (okta's groups and their members): the records are only as
 * fresh as the memberships that grant their access, so an older one is the export's time, and
 * maxAge judges a members list a month old as it would the users. The context is told the time and
 * where it came from, which the gates' messages name.
 */
export function resolveExportedAt(context: SourceContext, files: readonly ExportFile[], served?: ServedAt, alongside?: ServedAt): string {
  const own = exportedAtOf(context, files, served);
  const told = own.origin.kind !== "pinned" && alongside !== undefined && Date.parse(alongside.at) < Date.parse(own.at) ? { at: alongside.at, origin: { kind: "served" as const, headers: alongside.headers, ...(alongside.list ? { list: alongside.list } : {}) } } : own;
  context.exportTime?.(told);
  return told.at;
}

function exportedAtOf(context: SourceContext, files: readonly ExportFile[], served: ServedAt | undefined): ToldExportTime {
  const configured = context.config.options?.["exportedAt"];
  if (configured !== undefined) {
    const normalised = typeof configured === "string" ? normaliseDate(configured) : undefined;
    if (normalised === undefined || !normalised.includes("T")) {
      const leap = typeof configured === "string" ? leapSecond(configured) : undefined;
      const at = context.at ? `${context.at(["options", "exportedAt"])}: ` : "";
      throw new SourceError(
        context.name,
        `${at}options.exportedAt ${JSON.stringify(configured)} is not a date-time${leap ? `: ${leap.problem}` : typeof configured === "string" && normalised !== undefined ? " (a date alone has no time of day)" : ""}`,
        leap ? `${leap.fix[0]!.toUpperCase()}${leap.fix.slice(1)}.` : "Write it as an RFC 3339 date-time with a time zone, e.g. 2025-03-01T06:00:00Z.",
      );
    }
    const unpinned = served !== undefined ? "the pages' Date headers" : "the files' modification time";
    return { at: normalised, origin: { kind: "pinned", setting: "options.exportedAt", value: configured as string, ...(context.at ? { at: context.at(["options", "exportedAt"]) } : {}), unpinned } };
  }
  // The time the service said it made the response (an HTTP Date header) is when the data was
  // read; a file's modification time is when it was last copied, which a checkout resets.
  if (served !== undefined) return { at: served.at, origin: { kind: "served", headers: served.headers } };
  let oldest = files[0]!;
  for (const file of files) if (file.mtime.getTime() < oldest.mtime.getTime()) oldest = file;
  return { at: oldest.mtime.toISOString(), origin: { kind: "files", path: oldest.path } };
}
