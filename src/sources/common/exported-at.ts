// When an export was taken matters for the maxAge gate and for "expired before the export" rules.
// The configured value wins because copying a file (git checkout, CI cache) resets its mtime.
import { SourceError } from "../../model/errors.js";
import type { SourceContext } from "../source.js";
import { leapSecond } from "../../model/time.js";
import { normaliseDate } from "./dates.js";
import type { ExportFile } from "./export-files.js";

/**
 * `options.exportedAt` if set, otherwise `served` (the oldest Date header of the pages, where the
 * source saved the responses' headers: okta), otherwise the oldest mtime of the files read: with
 * several pages the export is only as fresh as its oldest page.
 */
export function resolveExportedAt(context: SourceContext, files: readonly ExportFile[], served?: string): string {
  const at = exportedAtOf(context, files, served);
  context.exportTime?.(at);
  return at;
}

function exportedAtOf(context: SourceContext, files: readonly ExportFile[], served: string | undefined): string {
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
    return normalised;
  }
  // The time the service said it made the response (an HTTP Date header) is when the data was
  // read; a file's modification time is when it was last copied, which a checkout resets.
  if (served !== undefined) return served;
  let oldest = Number.POSITIVE_INFINITY;
  for (const file of files) oldest = Math.min(oldest, file.mtime.getTime());
  return new Date(oldest).toISOString();
}
