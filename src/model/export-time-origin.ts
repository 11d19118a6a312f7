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
  /**
   * The Date header of a saved response (okta `page-N.headers`): the oldest page's, `headers` its
   * file; `list` the list it is of when that is not the records' own (okta's groups or a group's
   * members, older than the users pages), so that a message says which list is stale.
   */
  | { kind: "served"; headers: string; list?: string }
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

/** The headers file a served time is in, and the list it is of when that is not the records' own: "members/00g1.headers (the GET /api/v1/groups/00g1/users export, older than the records)". */
export function servedIn(origin: { headers: string; list?: string }): string {
  return origin.list === undefined ? origin.headers : `${origin.headers} (the ${origin.list} export, read before the records' own pages)`;
}
