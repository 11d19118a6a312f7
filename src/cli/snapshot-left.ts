// When a snapshot first saw a person terminated. A termination date says when HR says they left,
// which can be long before anyone could act on it: a person on leave since August, terminated in
// November with the date of the day the leave began, had the delete grace period counted from
// August, so the account was deleted the day the termination was seen. The snapshot that first
// has a record terminated, after the snapshot before had it active or on leave, stamps the day
// (SourceRecord.terminatedSeen); later snapshots carry it while the record stays terminated.
// Only a change seen between two snapshots is stamped: the first snapshot, or a record the one
// before lacked, says nothing about when, and a leaver terminated before this stamp existed keeps
// their termination date alone.
import type { SourceRecord } from "../model/source-record.js";
import type { SourceSnapshot } from "../sources/snapshot.js";

/** Stamps each pending terminated record with the day it was first seen terminated (see above). */
export function stampTerminatedSeen(pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, previous: ReadonlyMap<string, SourceSnapshot>, today: string): void {
  for (const p of pending) {
    const before = previous.get(p.name);
    if (!before) continue;
    let byId: Map<string, SourceRecord> | undefined;
    for (let i = 0; i < p.records.length; i++) {
      const r = p.records[i]!;
      if (r.status !== "terminated") continue;
      byId ??= new Map(before.records.map((b) => [b.externalId, b]));
      const was = byId.get(r.externalId);
      if (!was) continue;
      const seen = was.status === "terminated" ? was.terminatedSeen : today;
      if (seen !== undefined) p.records[i] = { ...r, terminatedSeen: seen };
    }
  }
}
