// A group's name is not its identity. Entra lets two groups share a displayName, and by default any
// member may create a security group and add themselves; RFC 7643 gives a SCIM Group's displayName
// no uniqueness; LDAP has a cn=admins under more than one OU; Okta keeps groups imported from AD or
// apps beside its own. A policy that says `where: { groups: "GitHub Org Owners" }` would then give
// the governed group's access to whoever is in a look-alike. So, per source, each name (compared as
// `where:` compares, without case) is bound, in the accepted snapshot, to the group it was first
// known by (group-bindings.ts), and:
// - where the bound group is one of today's groups of that name, the name means it: its members
//   match, the look-alikes' do not (their `groups` list the group as "name (id …)"). The snapshot
//   marks the look-alikes' refs `lookAlike` (markLookAlikes), for whoever reads it;
// - where the bound group no longer carries the name (renamed, deleted, without members in the
//   export), the name means no group today: whoever carries it gets nothing through it, even as
//   the only group of that name, and the bound group's members (under its new name) lose nothing
//   it gave. Neither a look-alike nor a later group of the name takes it by being accepted in a
//   daily snapshot: a reviewer rebinds it, or the policy names a group by id;
// - where nothing binds a name that two or more of today's groups share, nothing says which group
//   the policy meant. The name matches nobody (each group is listed as "name (id …)").
// In the last two cases the members carry the name as `groupsUnknown`: the planner gives them
// nothing new through it and takes nothing away that it would give (diff-target.ts), as for an
// NHI whose owner is unknown (policy/lifecycle.ts ownerUnknownHeld). Every case but the first
// warns a policy that names it (group-name-ambiguous), asking for the id form (`where: { groupIds:
// … }`). Never an error: any employee can make a look-alike group, and a plan it blocked would
// block every leaver's offboarding with it.
import type { Finding } from "../model/finding.js";
import type { GroupRef } from "../model/group-ref.js";
import { groupNameKey as key, type GroupHistory, type GroupNameBinding } from "../model/group-name-binding.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { wheresOf } from "../model/selectors.js";
import type { SourceRecord } from "../model/source-record.js";
import { snapshotPath } from "../sources/snapshot.js";
import { groupsByName, namesInHistory, nextBindings, type NamesToday } from "./group-bindings.js";
import { groupsByDn, upgradeHistory, type GroupsByDn } from "./dn-group-ids.js";

/** One name whose meaning is not simply "the one group of the source that carries it". */
export interface SharedName {
  /** The ids (sorted) of today's groups that have the name; none when only the bound group's members are concerned. */
  ids: readonly string[];
  /** The id the accepted snapshot binds the name to, when it is among `ids`: the name still means it. */
  kept?: string;
  /** The binding, when its group no longer carries the name; with the names it carries today, if any. */
  away?: { binding: GroupNameBinding; now: readonly string[] };
  /** Without `kept` or `away`: why nothing settles it, in words for the finding. */
  unsettled?: string;
}

/** source → lower-cased name → how it is settled; only names not plainly one group's. */
export type SharedGroupNames = ReadonlyMap<string, ReadonlyMap<string, SharedName>>;

/**
 * Per source, the names whose meaning is not plain: shared by two or more of today's groups, or
 * bound by `history` (source → the last accepted snapshot) to a group that no longer carries them.
 */
export function sharedGroupNames(records: readonly SourceRecord[], history?: ReadonlyMap<string, GroupHistory>, byDn: GroupsByDn = groupsByDn(records)): SharedGroupNames {
  const shared = new Map<string, Map<string, SharedName>>();
  for (const [source, today] of groupsByName(records)) {
    const snapshot = upgradeHistory(history?.get(source), byDn.get(source));
    const names = settleSource(today, snapshot);
    if (names.size > 0) shared.set(source, names);
  }
  return shared;
}

function settleSource(today: NamesToday, snapshot: GroupHistory | undefined): Map<string, SharedName> {
  const past = namesInHistory(snapshot);
  const out = new Map<string, SharedName>();
  const namesOf = (id: string): string[] => [...today.ids].filter(([, ids]) => ids.has(id)).map(([k]) => today.spelling.get(k)!).sort();
  for (const [k, set] of today.ids) {
    const ids = [...set].sort();
    const h = past.get(k);
    if (h && "bound" in h) {
      const bound = h.bound.id;
      if (ids.length === 1 && ids[0] === bound) continue;
      out.set(k, ids.includes(bound) ? { ids, kept: bound } : { ids, away: { binding: h.bound, now: namesOf(bound) } });
    } else if (ids.length > 1) {
      out.set(k, { ids, unsettled: h?.unsettled ?? (snapshot ? "the last accepted snapshot has no group of that name" : "the source has no accepted snapshot to tell which one it meant") });
    } else if (h && h.lookAlikes.includes(ids[0]!)) {
      out.set(k, { ids, unsettled: h.unsettled });
    }
  }
  // A bound name no group carries today, its group renamed: its members lose nothing it gave.
  for (const [k, h] of past) {
    if (today.ids.has(k) || !("bound" in h)) continue;
    const now = namesOf(h.bound.id);
    if (now.length > 0) out.set(k, { ids: [], away: { binding: h.bound, now } });
  }
  return out;
}

/**
 * The records of a snapshot about to be written, with the bindings it carries: each ref to a
 * group that has a name bound to another group marked `lookAlike`, every other ref unmarked.
 */
export function markLookAlikes(records: readonly SourceRecord[], source: string, history: GroupHistory | undefined): { records: SourceRecord[]; groupNames: GroupNameBinding[] } {
  const groupNames = nextBindings(groupsByName(records).get(source), upgradeHistory(history, groupsByDn(records).get(source)));
  const bound = new Map(groupNames.map((b) => [key(b.name), b.id] as const));
  const marked = records.map((record) => {
    if (!record.groupRefs) return record;
    let changed = false;
    const refs = record.groupRefs.map((ref) => {
      const id = bound.get(key(ref.name));
      const lookAlike = id !== undefined && id !== ref.id;
      if (lookAlike === (ref.lookAlike === true)) return ref;
      changed = true;
      return lookAlike ? { ...ref, lookAlike: true as const } : withoutMark(ref);
    });
    return changed ? { ...record, groupRefs: refs } : record;
  });
  return { records: marked, groupNames };
}

function withoutMark(ref: GroupRef): GroupRef {
  const { lookAlike: _, ...rest } = ref;
  return rest;
}

/** A group whose name is shared, as `groups` lists it: readable, and matched by no `where: { groups: name }`. */
export function qualifiedGroupName(ref: GroupRef): string {
  return `${ref.name} (id ${ref.id})`;
}

/**
 * The record's group names for `groups`, each shared name replaced by its groups' qualified names,
 * except the group the snapshot binds the name to, which keeps it; and the names it holds that
 * nothing settles today (`unknown`: the planner neither gives nor takes what they would give),
 * among them a name bound to one of its groups that carries another name today.
 */
export function groupNamesOf(record: SourceRecord, shared: SharedGroupNames): { names: readonly string[]; unknown: readonly string[] } {
  const names = shared.get(record.source);
  if (!names || record.groups.length === 0) return { names: record.groups, unknown: [] };
  const away = boundAway(names);
  if (!record.groups.some((g) => names.has(key(g))) && !record.groupRefs?.some((r) => away.has(r.id))) return { names: record.groups, unknown: [] };
  // A name without a ref (a SCIM User.groups entry with display only) is dropped with the others:
  // it cannot say which of the groups it is.
  const out = new Set(record.groups.filter((g) => !names.has(key(g))));
  const unknown = new Set<string>();
  for (const ref of record.groupRefs ?? []) {
    for (const bound of away.get(ref.id) ?? []) unknown.add(bound);
    const name = names.get(key(ref.name));
    if (!name) continue;
    if (name.kept === ref.id) out.add(ref.name);
    else out.add(qualifiedGroupName(ref));
    if (name.kept === undefined) unknown.add(ref.name);
  }
  // A display-only name whose group cannot be told is unknown as well, unless the name is settled.
  for (const g of record.groups) if (names.has(key(g)) && names.get(key(g))!.kept === undefined) unknown.add(g);
  return { names: [...out].sort(), unknown: [...unknown].sort() };
}

const awayCache = new WeakMap<ReadonlyMap<string, SharedName>, ReadonlyMap<string, readonly string[]>>();

/** Group id → the names bound to it that it no longer carries; computed once per source. */
function boundAway(names: ReadonlyMap<string, SharedName>): ReadonlyMap<string, readonly string[]> {
  let away = awayCache.get(names);
  if (away) return away;
  const built = new Map<string, string[]>();
  for (const name of names.values()) {
    if (!name.away) continue;
    const list = built.get(name.away.binding.id);
    if (list) list.push(name.away.binding.name);
    else built.set(name.away.binding.id, [name.away.binding.name]);
  }
  awayCache.set(names, (away = built));
  return away;
}

/**
 * One warning per `where: { groups: … }` value whose meaning is not plain in a source: at the key's
 * line, naming the groups by id, saying which one the name still means and why, or that it gives
 * nothing new and takes nothing away; asking for `groupIds`, or a reviewer's rebinding.
 */
export function ambiguousGroupFindings(repo: PolicyRepo, shared: SharedGroupNames): Finding[] {
  if (shared.size === 0) return [];
  const findings: Finding[] = [];
  for (const { doc, what, path, where } of wheresOf(repo)) {
    const wanted = where["groups"];
    if (wanted === undefined) continue;
    const values = Array.isArray(wanted) ? wanted : [wanted];
    for (const value of values) {
      const name = String(value);
      const holders = [...shared].filter(([, names]) => names.has(key(name))).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (holders.length === 0) continue;
      const at = doc.locateKey([...path, "groups"]);
      const said = holders.map(([source, names]) => describe(source, names.get(key(name))!)).join("; ");
      const first = holders[0]![1].get(key(name))!;
      // The example id is the group the name was bound to, never a look-alike that has it now, and
      // never an id no group has today (a deleted group's, or an LDAP DN from before the group
      // moved): a policy naming it would match nobody and revoke what the name gave.
      const example = first.kept ?? (first.away ? (first.away.now.length > 0 ? first.away.binding.id : undefined) : first.ids[0]!);
      const byId = example === undefined
        ? `name the one group meant by its id (no group of today's export has the id ${JSON.stringify(first.away!.binding.id)} that the name was bound to; \`scopesync identities --format json\` lists each member's groupIds)`
        : `name the one group meant by its id, for example where: { groupIds: ${JSON.stringify(example)} }`;
      const rebind = holders
        .filter(([, names]) => names.get(key(name))!.away)
        .map(([source]) => `; if the name now means another group, a reviewer sets that group's id as the name's "id" in "groupNames" of ${snapshotPath(source, repo.config.value.sources[source] ?? { type: "" })} in a pull request`)
        .join("");
      findings.push({
        rule: "group-name-ambiguous",
        severity: "warning",
        message: `${what} names the group ${JSON.stringify(name)}, but ${said}`,
        remediation: `${byId} (docs/formats.md, "Group names and ids")${rebind}; a look-alike group that should not exist is removed in the source`,
        location: `${doc.file}:${at.line}`,
      });
    }
  }
  return findings;
}

function describe(source: string, name: SharedName): string {
  if (name.away) {
    const { binding, now } = name.away;
    const where = now.length > 0 ? `now called ${now.map((n) => JSON.stringify(n)).join(", ")}` : "which no longer carries it (renamed, deleted, or without members)";
    const n = name.ids.length;
    const others = n === 0 ? "" : `; group${n > 1 ? "s" : ""} ${name.ids.join(", ")} ${n > 1 ? "have" : "has"} the name but not the id`;
    return `source "${source}"'s accepted snapshot binds it to group ${binding.id}, ${where}${others}: through the name nothing is given and nothing taken away until a policy names the group by id or a reviewer rebinds it`;
  }
  const groups = `source "${source}" gives it to ${name.ids.length} group${name.ids.length > 1 ? "s" : ""} (${name.ids.join(", ")})`;
  if (name.kept !== undefined) {
    const others = name.ids.filter((id) => id !== name.kept).join(", ");
    return `${groups}: the last accepted snapshot knew one group by that name, ${name.kept}, so it still means that one; the members of ${others} get nothing through it`;
  }
  return `${groups}, and ${name.unsettled}: their members get nothing new through the name (nor through an exclude that names it ceasing to match) and lose nothing it gives, until the policy names the group by id`;
}
