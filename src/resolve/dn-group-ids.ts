// LDAP and AD group ids used to be the group's DN; they are its objectGUID or entryUUID now
// (sources/common/directory/memberships.ts groupId()), which a move or rename leaves as it is. What
// was written while the DN was the id still names groups by DN: an accepted snapshot's bindings and
// group refs, and a policy's `where: { groupIds: "CN=…" }`. A DN that is today's DN of a group with
// a stable id means that group:
// - a snapshot's DN is read as the group's id (upgradeHistory), so the name it bound still means
//   the group, and the next accepted snapshot writes the id;
// - a policy's DN stops the run, naming the id to write instead. Matched to nothing, it would have
//   revoked the group's grant from every member as drift; matched by DN, it would break again the
//   day the group moves.
import { dnKey } from "../model/dn.js";
import { ScopesyncError } from "../model/errors.js";
import type { GroupHistory } from "../model/group-name-binding.js";
import type { GroupRef } from "../model/group-ref.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { wheresOf } from "../model/selectors.js";
import type { SourceRecord } from "../model/source-record.js";

/** Per source: the DN key of each group that has a stable id → its ref as today's export gives it. */
export type GroupsByDn = ReadonlyMap<string, ReadonlyMap<string, GroupRef>>;

export function groupsByDn(records: readonly SourceRecord[]): GroupsByDn {
  const out = new Map<string, Map<string, GroupRef>>();
  for (const record of records) {
    for (const ref of record.groupRefs ?? []) {
      const k = ref.dn === undefined ? undefined : keyOf(ref.dn);
      if (k === undefined) continue;
      let refs = out.get(record.source);
      if (!refs) out.set(record.source, (refs = new Map()));
      if (!refs.has(k)) refs.set(k, ref);
    }
  }
  return out;
}

/** The DN key of a text that is a DN; undefined for an id of another form (a GUID, a SCIM id). */
function keyOf(text: string): string | undefined {
  if (!text.includes("=")) return undefined;
  try {
    return dnKey(text);
  } catch {
    return undefined;
  }
}

/** A snapshot's bindings and refs with each DN of a group that has a stable id today read as that id. */
export function upgradeHistory(history: GroupHistory | undefined, byDn: ReadonlyMap<string, GroupRef> | undefined): GroupHistory | undefined {
  if (!history || !byDn || byDn.size === 0) return history;
  const idOf = (id: string): string => {
    const k = keyOf(id);
    return (k === undefined ? undefined : byDn.get(k)?.id) ?? id;
  };
  const records = history.records.map((record) => {
    if (!record.groupRefs?.some((ref) => idOf(ref.id) !== ref.id)) return record;
    return { ...record, groupRefs: record.groupRefs.map((ref) => ({ ...ref, id: idOf(ref.id) })) };
  });
  const groupNames = history.groupNames?.map((b) => ({ name: b.name, id: idOf(b.id) }));
  return groupNames === undefined ? { records } : { records, groupNames };
}

/** Stops the run at the first `where: { groupIds: … }` value that is the DN of a group with a stable id. */
export function refuseDnGroupIds(repo: PolicyRepo, byDn: GroupsByDn): void {
  if (byDn.size === 0) return;
  for (const { doc, what, path, where } of wheresOf(repo)) {
    const wanted = where["groupIds"];
    if (wanted === undefined) continue;
    const values = Array.isArray(wanted) ? wanted : [wanted];
    values.forEach((value, i) => {
      const k = keyOf(String(value));
      if (k === undefined) return;
      for (const [source, refs] of [...byDn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const ref = refs.get(k);
        if (!ref) continue;
        const at = doc.locate(Array.isArray(wanted) ? [...path, "groupIds", i] : [...path, "groupIds"]);
        throw new ScopesyncError(
          `${doc.file}:${at.line}:${at.col}: ${what} names the group by its DN ${JSON.stringify(String(value))}; source "${source}" identifies that group ("${ref.name}") by its id ${JSON.stringify(ref.id)} (objectGUID or entryUUID), which stays the same when the group is moved or renamed, and a DN matches no group id`,
          `Write where: { groupIds: ${JSON.stringify(ref.id)} } (docs/upgrading.md, 2026-12-07; docs/formats.md, "Group names and ids"). Left as a DN, the policy would match nobody and revoke the group's grant from every member.`,
        );
      }
    });
  }
}
