// The checks a snapshot's records and group-name bindings are held to where a snapshot is read
// (snapshot.ts, snapshot-parts.ts): what `snapshot` writes, so that a hand-edited one of another
// shape is named, never a crash later in planning.
import type { DroppedOwner } from "../model/dropped-owner.js";
import { groupNameKey } from "../model/group-name-binding.js";
import type { StoredRecord } from "./snapshot-records.js";

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

/** What is wrong with one record of a snapshot, against what `snapshot` writes; undefined when nothing is. */
function recordProblem(r: StoredRecord | null): string | undefined {
  if (!r || typeof r !== "object" || typeof r.externalId !== "string") return "not a record with an externalId";
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
 * by its place and id; `also`: a further check of a record, such as which part it belongs to.
 */
export function recordsProblem(records: readonly StoredRecord[], also?: (r: StoredRecord) => string | undefined): string | undefined {
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const problem = recordProblem(r) ?? also?.(r);
    if (problem) return `record ${i + 1}${typeof r?.externalId === "string" ? ` (${r.externalId})` : ""}: ${problem}`;
  }
  return undefined;
}
