import type { GroupNameBinding } from "./group-name-binding.js";
import type { SourceRecord } from "./source-record.js";

/**
 * An accepted, normalised, secret-free copy of one source's export, committed under state/sources/.
 * Plans can be reproduced from it in review, and churn is measured against it. This is the whole
 * snapshot as it is read: on disk it is one file (formatVersion 3), or, larger than its
 * `snapshotPartSize`, a head listing parts (formatVersion 4, sources/snapshot-parts.ts), whose
 * records are stored without their export positions (sources/snapshot-records.ts); formats 1 and
 * 2, written before, kept them. Read, it is formatVersion 1 whatever its files' format.
 */
export interface SourceSnapshot {
  formatVersion: 1;
  source: string;
  type: string;
  exportedAt: string;
  records: SourceRecord[];
  /**
   * Each group name bound to the group it was first known by (model/group-name-binding.ts), sorted
   * by name; absent where the source gives no group ids, or the snapshot predates bindings.
   */
  groupNames?: GroupNameBinding[];
}
