// A group's name is not its identity. Entra lets two groups share a displayName, and by default any
// member may create a security group and add themselves; RFC 7643 gives a SCIM Group's displayName
// no uniqueness; LDAP has a cn=admins under more than one OU; Okta keeps groups imported from AD or
// apps beside its own. A policy that says `where: { groups: "GitHub Org Owners" }` would then give
// the governed group's access to whoever is in a look-alike. So, per source, a name (compared as
// `where:` compares, without case) that two or more of the export's groups share is ambiguous, and:
// - where the last accepted snapshot knew exactly one group by that name, and that group is still
//   one of today's of that name, the name keeps meaning it: its members match, the look-alikes'
//   do not (their `groups` list the group as "name (id …)"). The snapshot then marks the
//   look-alikes' refs `lookAlike` (markLookAlikes), and a marked ref does not count as a group the
//   snapshot knew by the name: the next snapshot, which lists both groups, still settles the name
//   on the same one. Otherwise a daily snapshot would unsettle it after one day, and whoever made
//   the look-alike could keep, for good, what the name gave them after leaving the real group;
// - otherwise nothing says which group the policy meant. The name matches nobody (each group is
//   listed as "name (id …)"), and its members carry it as `groupsUnknown`: the planner gives them
//   nothing new through it and takes nothing away that it would give (diff-target.ts), as for an
//   NHI whose owner is unknown (policy/lifecycle.ts ownerUnknownHeld).
// Either way a policy that names it gets a warning (group-name-ambiguous) asking for the id form
// (`where: { groupIds: … }`). Never an error: any employee can make a look-alike group, and a plan
// it blocked would block every leaver's offboarding with it.
import type { Finding } from "../model/finding.js";
import type { GroupRef } from "../model/group-ref.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { wheresOf } from "../model/selectors.js";
import type { SourceRecord } from "../model/source-record.js";

/** One name a source gives to two or more groups. */
export interface SharedName {
  /** The ids (sorted) of today's groups that have the name. */
  ids: readonly string[];
  /** The one id the last accepted snapshot knew by this name, when it is among `ids`: the name still means it. */
  kept?: string;
  /** Without `kept`: why the snapshot does not settle it, in words for the finding. */
  unsettled?: string;
}

/** source → lower-cased name → the groups that share it; only names of two or more groups. */
export type SharedGroupNames = ReadonlyMap<string, ReadonlyMap<string, SharedName>>;

/** How `where:` compares values (policy/selector.ts): as text, without case. */
const key = (name: string): string => name.toLowerCase();

/**
 * The names each source gives to more than one group, from every record's groupRefs, each settled
 * by `history` (source → the last accepted snapshot's records) where it can be.
 */
export function sharedGroupNames(records: readonly SourceRecord[], history?: ReadonlyMap<string, readonly SourceRecord[]>): SharedGroupNames {
  const ids = idsByName(records);
  const shared = new Map<string, Map<string, SharedName>>();
  for (const [source, names] of ids) {
    for (const [name, set] of names) {
      if (set.size < 2) continue;
      let bySource = shared.get(source);
      if (!bySource) shared.set(source, (bySource = new Map()));
      const today = [...set].sort();
      bySource.set(name, { ids: today, ...settle(name, today, history?.get(source)) });
    }
  }
  return shared;
}

function idsByName(records: readonly SourceRecord[]): Map<string, Map<string, Set<string>>> {
  const ids = new Map<string, Map<string, Set<string>>>();
  for (const record of records) {
    if (!record.groupRefs) continue;
    let names = ids.get(record.source);
    if (!names) ids.set(record.source, (names = new Map()));
    for (const ref of record.groupRefs) {
      if (ref.name === "") continue;
      const set = names.get(key(ref.name));
      if (set) set.add(ref.id);
      else names.set(key(ref.name), new Set([ref.id]));
    }
  }
  return ids;
}

/**
 * Which group a shared name meant, by the last accepted snapshot: the one id it knew under the name
 * when that id is among today's. A snapshot record that lists the name without a group id (one
 * written before ids were kept) cannot say which group it was: then nothing is settled.
 */
function settle(name: string, today: readonly string[], snapshot: readonly SourceRecord[] | undefined): { kept: string } | { unsettled: string } {
  if (!snapshot) return { unsettled: "the source has no accepted snapshot to tell which one it meant" };
  const known = new Set<string>();
  let unidentified = false;
  for (const record of snapshot) {
    const refs = (record.groupRefs ?? []).filter((r) => key(r.name) === name);
    // A look-alike the snapshot before settled the name away from: not a group it knew by the name.
    for (const ref of refs) if (!ref.lookAlike) known.add(ref.id);
    if (refs.length === 0 && record.groups.some((g) => key(g) === name)) unidentified = true;
  }
  if (unidentified) return { unsettled: "the last accepted snapshot lists the name without group ids" };
  if (known.size === 0) return { unsettled: "the last accepted snapshot has no group of that name" };
  if (known.size > 1) return { unsettled: `the last accepted snapshot already had ${known.size} groups of that name (${[...known].sort().join(", ")})` };
  const [only] = known;
  if (!today.includes(only!)) return { unsettled: `the group the last accepted snapshot knew by that name (${only}) is not among them` };
  return { kept: only! };
}

/**
 * The records of a snapshot about to be written, each ref to a look-alike of a name settled on
 * another group marked `lookAlike` (and every other ref unmarked): the settled meaning is carried
 * forward, as the snapshot carries keptRecords and formerIds. A name today's export gives to one
 * group only needs no mark; a name nothing settles gets none, so it stays unknown.
 */
export function markLookAlikes(records: readonly SourceRecord[], shared: SharedGroupNames): SourceRecord[] {
  return records.map((record) => {
    if (!record.groupRefs) return record;
    const names = shared.get(record.source);
    let changed = false;
    const refs = record.groupRefs.map((ref) => {
      const kept = names?.get(key(ref.name))?.kept;
      const lookAlike = kept !== undefined && kept !== ref.id;
      if (lookAlike === (ref.lookAlike === true)) return ref;
      changed = true;
      return lookAlike ? { ...ref, lookAlike: true as const } : { id: ref.id, name: ref.name };
    });
    return changed ? { ...record, groupRefs: refs } : record;
  });
}

/** A group whose name is shared, as `groups` lists it: readable, and matched by no `where: { groups: name }`. */
export function qualifiedGroupName(ref: GroupRef): string {
  return `${ref.name} (id ${ref.id})`;
}

/**
 * The record's group names for `groups`, each shared name replaced by its groups' qualified names,
 * except the group the snapshot settles the name on, which keeps it; and the shared names nothing
 * settles that the record holds (`unknown`: the planner neither gives nor takes what they would give).
 */
export function groupNamesOf(record: SourceRecord, shared: SharedGroupNames): { names: readonly string[]; unknown: readonly string[] } {
  const names = shared.get(record.source);
  if (!names || record.groups.length === 0) return { names: record.groups, unknown: [] };
  if (!record.groups.some((g) => names.has(key(g)))) return { names: record.groups, unknown: [] };
  // A name without a ref (a SCIM User.groups entry with display only) is dropped with the others:
  // it cannot say which of the groups it is.
  const out = new Set(record.groups.filter((g) => !names.has(key(g))));
  const unknown = new Set<string>();
  for (const ref of record.groupRefs ?? []) {
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

/**
 * One warning per `where: { groups: … }` value that a source gives to several groups: at the key's
 * line, naming the groups by id, saying which one the name still means and why, or that its members
 * get nothing new through it and keep what it gave; asking for `groupIds`.
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
      findings.push({
        rule: "group-name-ambiguous",
        severity: "warning",
        message: `${what} names the group ${JSON.stringify(name)}, but ${said}`,
        remediation: `name the one group meant by its id, for example where: { groupIds: ${JSON.stringify(first.kept ?? first.ids[0]!)} } (docs/formats.md, "Group names and ids"); a look-alike group that should not exist is removed in the source`,
        location: `${doc.file}:${at.line}`,
      });
    }
  }
  return findings;
}

function describe(source: string, name: SharedName): string {
  const groups = `source "${source}" gives it to ${name.ids.length} groups (${name.ids.join(", ")})`;
  if (name.kept !== undefined) {
    const others = name.ids.filter((id) => id !== name.kept).join(", ");
    return `${groups}: the last accepted snapshot knew one group by that name, ${name.kept}, so it still means that one; the members of ${others} get nothing through it`;
  }
  return `${groups}, and ${name.unsettled}: their members get nothing new through the name (nor through an exclude that names it ceasing to match) and lose nothing it gives, until the policy names the group by id`;
}
