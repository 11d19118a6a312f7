// Who owns a discovered NHI, of the owners its system names (docs/formats.md, "Discovery
// sources"). A system may name several owners (Graph's `$expand=owners` lists every one, in no
// stated order), one owner by several names (an Entra user's UPN and mail), and owners that are no
// person (an Entra service principal). What the lifecycle rules decide from it (policy/lifecycle.ts):
// - an NHI with an active person among its owners keeps that person as its owner, whoever else
//   left, whatever order the system listed them in;
// - one whose owners are people who are all gone (terminated, suspended, or known only to the last
//   accepted snapshot) has lost its owner: it is quarantined;
// - a name that no person the sources export, nor one the last accepted snapshot knew, goes by is
//   unknown: it may be an active person the sources know by another name, so it quarantines
//   nothing anew, or one who left before the snapshot's 90 days, so it gives no access either
//   (lifecycle.ts ownerUnknownHeld: an account a quarantine disabled stays so; nhi-owner-active);
// - an owner that is no person owns nothing a person answers for: nhi-owner-not-person.
import type { Identity, SystemOwner } from "../model/identity.js";
import { emailKey } from "../model/keys.js";
import type { RecordOwner, SourceRecord } from "../model/source-record.js";
import type { DroppedOwner } from "../model/dropped-owner.js";
import { isGuest } from "../model/guest.js";

export type OwnerIndex = { get(name: string): Identity | undefined };

/**
 * The people by login, e-mail, UPN, GitHub login and earlier login, built when the first discovered
 * record asks for an owner: an organisation without discovery sources never pays for indexing a
 * million people. Reconciliation adds only NHIs, so the index is the same whenever it is built.
 */
export function lazyOwnerIndex(people: () => Iterable<Identity>): OwnerIndex {
  let index: Map<string, Identity> | undefined;
  return { get: (name) => (index ??= ownerIndex(people())).get(name) };
}

/** People by login, e-mail and GitHub login: the systems name owners by UPN, mail, tag or GitHub login. */
function ownerIndex(identities: Iterable<Identity>): Map<string, Identity> {
  const index = new Map<string, Identity>();
  const earlier: Array<[string, Identity]> = [];
  for (const identity of identities) {
    if (identity.kind !== "person") continue;
    index.set(identity.id.toLowerCase(), identity);
    // GitHub names a deploy key's adder and a token's user by login, which a person's overlay records as githubLogin.
    for (const name of ["email", "emails", "userPrincipalName", "githubLogin"]) {
      const value = identity.attributes[name];
      for (const v of Array.isArray(value) ? value : typeof value === "string" ? [value] : []) if (!index.has(emailKey(v))) index.set(emailKey(v), identity);
    }
    // A login the sources renamed still names its person while the rename is known (renames.ts).
    for (const old of identity.formerIds ?? []) earlier.push([old.toLowerCase(), identity]);
  }
  for (const [old, identity] of earlier) if (!index.has(old)) index.set(old, identity);
  return index;
}

/** The owner the rules speak of, and every owner the system names as found. */
export interface ResolvedOwners {
  owner?: string;
  systemOwners?: SystemOwner[];
}

/**
 * The record's owners among the people: `people` those the sources export now, `before` those the
 * last accepted snapshot gave (absent without one). The owner is the first active person among
 * them who is no guest, else the first active guest, else the first person who is not active, else the first known only before, else the first
 * name no one goes by; none when every owner is no person. `earlier`: the owners the last accepted
 * snapshot's identity of this record had; a person among them the record no longer lists, when no
 * active person is left among those it lists, is still an owner (droppedBy): an owner deleted from
 * the directory vanishes from the system's list, and "no owner" would end the NHI's quarantine.
 * A snapshot's record keeps such owners (`droppedOwners`, written by `scopesync snapshot`), so the
 * quarantine outlives the snapshot taken after the deletion: read from a snapshot, they count as
 * `earlier` ones. One of them no source nor snapshot knows any more (gone from every source past
 * the 90 days a snapshot keeps a leaver) is still theirs, as an unknown owner: that holds the
 * quarantine (lifecycle.ts ownerUnknownHeld) rather than end it.
 */
export function resolveOwners(record: SourceRecord, people: OwnerIndex, before: OwnerIndex | undefined, earlier?: readonly SystemOwner[]): ResolvedOwners {
  const listed = record.owners ?? [];
  const dropped = record.droppedOwners?.length ? [...(earlier ?? []), ...record.droppedOwners.map(asEarlier)] : earlier;
  if (listed.length === 0 && !dropped?.length) return {};
  const systemOwners: SystemOwner[] = [];
  const seen = new Set<string>();
  for (const owner of listed) {
    const found = findOwner(typeof owner === "string" ? { names: [owner] } : owner, people, before);
    const key = found.id !== undefined ? `${found.match}:${found.id}` : `${found.match}:${found.name}`;
    if (seen.has(key)) continue; // one person named twice (the application's owner and its service principal's)
    seen.add(key);
    systemOwners.push(found);
  }
  if (dropped && !systemOwners.some((o) => o.match === "person" && people.get(o.id!.toLowerCase())?.status === "active")) {
    const names = new Set(systemOwners.map((o) => o.name.toLowerCase()));
    for (const was of dropped) {
      const kept = was.droppedBy !== undefined;
      if ((!kept && was.match !== "person" && was.match !== "former") || names.has(was.name.toLowerCase())) continue;
      const found = findOwner({ names: [was.name, ...(was.id ? [was.id] : [])] }, people, before);
      const key = `${found.match}:${found.id ?? found.name}`;
      if (found.match === "not-person" || (found.match === "unknown" && !kept) || seen.has(key)) continue;
      seen.add(key);
      const id = found.id ?? was.id;
      systemOwners.push({ ...found, ...(id !== undefined ? { id } : {}), droppedBy: record.source, droppedAt: was.droppedAt ?? record.exportedAt });
    }
  }
  if (systemOwners.length === 0) return {};
  const pick = (test: (o: SystemOwner) => boolean): SystemOwner | undefined => systemOwners.find(test);
  const active = (o: SystemOwner): Identity | undefined => (o.match === "person" && people.get(o.id!.toLowerCase())?.status === "active" ? people.get(o.id!.toLowerCase()) : undefined);
  // A member of the organisation answers for the NHI before a guest does (model/guest.ts), whatever
  // order the system listed them in: the guest is named by nhi-owner-guest, not as its owner.
  const chosen =
    pick((o) => { const person = active(o); return person !== undefined && !isGuest(person); }) ??
    pick((o) => active(o) !== undefined) ??
    pick((o) => o.match === "person") ??
    pick((o) => o.match === "former") ??
    pick((o) => o.match === "unknown");
  // An unknown owner is named as the system names them, though a dropped one keeps the id they had.
  const owner = chosen === undefined ? undefined : chosen.match === "unknown" ? chosen.name : (chosen.id ?? chosen.name);
  return owner === undefined ? { systemOwners } : { owner, systemOwners };
}

/** A dropped owner a snapshot's record keeps, as an owner the snapshot's identity had. */
function asEarlier(d: DroppedOwner): SystemOwner {
  return { name: d.name, match: "person", ...(d.id !== undefined ? { id: d.id } : {}), droppedBy: d.source, droppedAt: d.droppedAt };
}

function findOwner(owner: RecordOwner, people: OwnerIndex, before: OwnerIndex | undefined): SystemOwner {
  const name = owner.names[0]!;
  if (owner.notPerson !== undefined) return { name, match: "not-person", type: owner.notPerson };
  for (const n of owner.names) {
    const person = people.get(emailKey(n)) ?? people.get(n.toLowerCase());
    if (person) return { name, match: "person", id: person.id };
  }
  if (before) {
    for (const n of owner.names) {
      const was = before.get(emailKey(n)) ?? before.get(n.toLowerCase());
      if (!was) continue;
      // Known by the snapshot under a name the export no longer gives them (a changed address): the same person, by their login and anchor.
      const now = people.get(was.id.toLowerCase());
      if (now && (now.anchor === was.anchor || now.records.includes(was.anchor) || now.aliases.includes(was.anchor))) return { name, match: "person", id: now.id };
      return { name, match: "former", id: was.id };
    }
  }
  return { name, match: "unknown" };
}
