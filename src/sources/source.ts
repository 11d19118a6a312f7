import type { AdapterSchema } from "../model/adapter-schema.js";
import type { ProjectConfig, SourceConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { ToldExportTime } from "../model/export-time-origin.js";
import type { Located, PathSegment } from "../model/located.js";
import type { SourceRecord } from "../model/source-record.js";

/** What a source adapter is given to read one configured source. */
export interface SourceContext {
  /** Source name from scopesync.yaml (used in every error message and in provenance). */
  name: string;
  config: SourceConfig;
  /** Policy repository root; relative paths in the config resolve against it. */
  repoDir: string;
  /** Environment for `${env:NAME}` secrets. */
  env: Record<string, string | undefined>;
  /**
   * The IANA zone whose days this source's bare dates are (sources/zone-days.ts sourceTimeZone);
   * undefined: UTC days. readSource writes the records' dates with it; an adapter that judges a
   * date itself (Entra's leave date) reads it with it.
   */
  timeZone?: string;
  /** The plan's clock (ms since epoch): live sources stamp `exportedAt` with it, never with Date.now(). */
  now?: number;
  /**
   * Reports something the reader noticed that does not stop the read (a group cycle, a group
   * search that found nothing): it becomes a warning finding of the plan. Absent: not reported.
   */
  warn?: (finding: Finding) => void;
  /**
   * Where a key of this source's entry is written ("scopesync.yaml:31:19" for `["options",
   * "exportedAt"]`), for messages about a configured value. Absent: the message has no position.
   */
  at?: (path: readonly PathSegment[]) => string;
  /**
   * Told the export's time once the adapter knows it, records or none: an empty export has a time
   * too, and no record carries it (ingest.ts keeps it for the leavers report's evidence). With it,
   * where the time came from, which the gates that judge it name.
   */
  exportTime?: (told: ToldExportTime) => void;
}

/** SourceContext.at for the source `name` of a loaded scopesync.yaml. */
export function sourceConfigAt(config: Located<ProjectConfig>, name: string): (path: readonly PathSegment[]) => string {
  return (path) => {
    const p = config.locate(["sources", name, ...path]);
    return `${config.file}:${p.line}:${p.col}`;
  };
}

/**
 * One adapter per export format or live directory. `read` returns every record or throws a
 * SourceError naming the source and the record position; a partial read is never returned.
 */
export interface SourceAdapter {
  readonly type: string;
  /** True when reading talks to a live system (network), false for export files. */
  readonly live: boolean;
  /** What the type accepts in its scopesync.yaml entry; checked when the config loads. */
  readonly schema: AdapterSchema;
  read(context: SourceContext): Promise<SourceRecord[]>;
}
