// The owners a discovered NHI's system dropped, kept in the snapshot (model/dropped-owner.ts).
// Planning compares the export with the last accepted snapshot only: a snapshot accepted after
// IT deleted a leaver's user lists no owner of the leaver's application, and the next plan found
// no owner and ended its quarantine (nhi-owner-missing) while its secrets were still the leaver's
// to use. Each snapshot writes again the owners that planning against the one before it still
// counts (SystemOwner.droppedBy), with when and from which export they went; the first snapshot
// whose export names an active owner writes none, and they are forgotten.
import type { DroppedOwner } from "../model/dropped-owner.js";
import type { Identity } from "../model/identity.js";
import { recordRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";

export function writeDroppedOwners(pending: ReadonlyArray<{ name: string; records: SourceRecord[] }>, identities: readonly Identity[]): void {
  const dropped = identities.filter((i) => i.kind !== "person" && i.systemOwners?.some((o) => o.droppedBy !== undefined));
  if (dropped.length === 0) return;
  const byRef = new Map<string, { list: SourceRecord[]; i: number }>();
  for (const p of pending) p.records.forEach((r, i) => byRef.set(recordRef(p.name, r.externalId), { list: p.records, i }));
  for (const identity of dropped) {
    for (const source of new Set(identity.systemOwners!.flatMap((o) => (o.droppedBy !== undefined ? [o.droppedBy] : [])))) {
      const owners: DroppedOwner[] = identity.systemOwners!
        .filter((o) => o.droppedBy === source)
        .map((o) => ({ name: o.name, ...(o.id !== undefined ? { id: o.id } : {}), source, droppedAt: o.droppedAt ?? "" }));
      // The record of that source the owners were resolved from (one NHI has one record per source).
      for (const ref of identity.records) {
        const at = ref.startsWith(`${source}:`) ? byRef.get(ref) : undefined;
        if (at) at.list[at.i] = { ...at.list[at.i]!, droppedOwners: owners };
      }
    }
  }
}
