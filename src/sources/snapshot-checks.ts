// The checks a snapshot's records and group-name bindings are held to where a snapshot is read
// (snapshot.ts, snapshot-parts.ts): what `snapshot` writes, so that a hand-edited one of another
// shape is named, never a crash later in planning.
import type { DroppedOwner } from "../model/dropped-owner.js";
import { groupNameKey } from "../model/group-name-binding.js";
import { storesWithoutPositions, type StoredRecord } from "./snapshot-records.js";
import { isValidDate } from "../model/time.js";

/** A reviewer edits `groupNames` by hand to rebind a name: a slip is named, not read as "unbound". */
export function groupNamesProblem(bindings: unknown): string | undefined {
  if (bindings === undefined) return undefined;
  const what = 'groupNames must be a list of { "name": group name, "id": group id } (text), one per name';
  if (!Array.isArray(bindings)) return what;
  const seen = new Set<string>();
  for (const [i, b] of bindings.entries()) {
    const ok = b && typeof b === "object" && typeof b.name === "string" && b.name !== "" && typeof b.id === "string" && b.id !== "";
    if (!ok) return `groupNames entry ${i + 1}: ${what}`;
    const k = groupNameKey(b.name as string);
    if (seen.has(k)) return `groupNames entry ${i + 1}: the name ${JSON.stringify(b.name)} is bound twice (names compare without case); keep one entry`;
    seen.add(k);
  }
  return undefined;
}

/**
 * Where a snapshot's format keeps its records' export times and positions: on each record
 * (formats 1 and 2), or only a time that is not the snapshot's, and no position (3 and 4,
 * snapshot-records.ts).
 */
type RecordPlaces = "each" | "stored";

/** What is wrong with one record of a snapshot, against what `snapshot` writes; undefined when nothing is. */
function recordProblem(r: StoredRecord | null, places: RecordPlaces): string | undefined {
  if (!r || typeof r !== "object" || typeof r.externalId !== "string") return "not a record with an externalId";
  const time = (r as { exportedAt?: unknown }).exportedAt;
  if (time === undefined && places === "each") return 'no "exportedAt": a snapshot of formatVersion 1 or 2 keeps each record\'s export time (one of formatVersion 3 or 4 keeps it once, in its head: its formatVersion is not to be changed by hand)';
  if (time !== undefined && (typeof time !== "string" || !isValidDate(time))) return '"exportedAt" must be the time of the export the record was read from, an RFC 3339 date-time with a zone';
  if (places === "each" && typeof (r as { position?: unknown }).position !== "string") return 'no "position": a snapshot of formatVersion 1 or 2 keeps where each record was in its export';
  if (r.logins !== undefined && (!r.logins || typeof r.logins !== "object" || Array.isArray(r.logins) || !Object.values(r.logins).every((v) => typeof v === "string" && v !== ""))) return "logins must map attributes to logins (text)";
  if (r.aliases !== undefined && (!Array.isArray(r.aliases) || !r.aliases.every((v) => typeof v === "string" && v !== ""))) return "aliases must be a list of addresses (text)";
  if (r.formerIds !== undefined && (!Array.isArray(r.formerIds) || !r.formerIds.every((v) => typeof v === "string" && v !== ""))) return "formerIds must be a list of logins (text)";
  if (r.terminatedSeen !== undefined && (typeof r.terminatedSeen !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(r.terminatedSeen))) return "terminatedSeen must be a date (YYYY-MM-DD)";
  if (r.groupRefs !== undefined && (!Array.isArray(r.groupRefs) || !r.groupRefs.every((g) => g && typeof g === "object" && typeof g.id === "string" && g.id !== "" && typeof g.name === "string" && (g.dn === undefined || typeof g.dn === "string") && (g.lookAlike === undefined || g.lookAlike === true)))) return "groupRefs must be a list of groups ({ id, name, dn?, lookAlike?: true }, text)";
  if (r.droppedOwners !== undefined && (!Array.isArray(r.droppedOwners) || !r.droppedOwners.every(droppedOwnerShape))) return "droppedOwners must be a list of owners ({ name, id?, source, droppedAt }, text)";
  if (r.keptRecords !== undefined && (!Array.isArray(r.keptRecords) || !r.keptRecords.every((v) => typeof v === "string" && v.includes(":")))) return "keptRecords must be a list of record references (source:externalId)";
  return undefined;
}

/** What `snapshot` writes for an owner the system dropped (model/dropped-owner.ts); a snapshot without any still reads. */
function droppedOwnerShape(d: DroppedOwner): boolean {
  const text = (v: unknown): boolean => typeof v === "string" && v !== "";
  return !!d && typeof d === "object" && text(d.name) && (d.id === undefined || text(d.id)) && text(d.source) && text(d.droppedAt);
}

/**
 * The first record of a snapshot (or of a part of one) that is not what `snapshot` writes, named
 * by its place and id, as its file's `formatVersion` stores them; then, where the records take the
 * snapshot's `exportedAt`, that time. `also`: a further check of a record, such as which part it
 * belongs to.
 */
export function recordsProblem(records: readonly StoredRecord[], formatVersion: unknown, exportedAt: unknown, also?: (r: StoredRecord) => string | undefined): string | undefined {
  const places: RecordPlaces = storesWithoutPositions(formatVersion) ? "stored" : "each";
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const problem = recordProblem(r, places) ?? also?.(r);
    if (problem) return `record ${i + 1}${typeof r?.externalId === "string" ? ` (${r.externalId})` : ""}: ${problem}`;
  }
  return places === "stored" ? snapshotTimeProblem(exportedAt, records) : undefined;
}

/**
 * A snapshot that keeps its records' times once (formats 3 and 4): where a record keeps none, the
 * snapshot's own `exportedAt` is its, so it must be a time (an empty export's may be "").
 */
function snapshotTimeProblem(exportedAt: unknown, records: readonly StoredRecord[]): string | undefined {
  if (typeof exportedAt !== "string") return 'its "exportedAt" must be the time of the export it was made from (text): its records take theirs from it';
  if (!isValidDate(exportedAt) && records.some((r) => r.exportedAt === undefined)) return `its "exportedAt" ${JSON.stringify(exportedAt)} must be the time of the export it was made from, an RFC 3339 date-time with a zone: its records take theirs from it`;
  return undefined;
}
