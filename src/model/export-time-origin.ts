// Where a source's export time came from. The gates that judge that time (maxAge, an export after
// the plan's, one older than the accepted snapshot) name it in their messages: a reader told "the
// modification time of okta/" when the time was Okta's Date header looks at the wrong thing to fix.
// The adapter that resolves the time says where it came from (SourceContext.exportTime).

/** A setting of scopesync.yaml that pins the export's time. */
export interface ExportTimePin {
  kind: "pinned";
  /** `options.exportedAt` of an export file, `options.now` of a live `ldap` source. */
  setting: string;
  value: string;
  /** "scopesync.yaml:31:19"; absent where the reader was given no positions. */
  at?: string;
  /** What the time would be without the setting ("the files' modification time"), for a fix that removes it. */
  unpinned: string;
}

export type ExportTimeOrigin =
  | ExportTimePin
  /** The Date header of a saved response (okta `page-N.headers`): the oldest page's, `headers` its file. */
  | { kind: "served"; headers: string }
  /** The oldest modification time of the files read: `path` is the oldest file's. */
  | { kind: "files"; path: string }
  /** The time a live read finished, on the plan's clock. */
  | { kind: "read" }
  /** A committed snapshot read in place of the export (plan --from-snapshots, validate of a live source): its records' time, or an empty one's recorded export time. */
  | { kind: "snapshot"; path: string };

/** The export's time an adapter resolved, and where it came from. */
export interface ToldExportTime {
  at: string;
  origin: ExportTimeOrigin;
}
