// A group's name is not its identity. Entra lets two groups share a displayName, and by default any
// member may create a security group and add themselves; RFC 7643 gives a SCIM Group's displayName
// no uniqueness; LDAP has a cn=admins under more than one OU; Okta keeps groups imported from AD or
// apps beside its own. A policy that says `where: { groups: "GitHub Org Owners" }` would then give
// the governed group's access to whoever is in a look-alike. So, per source: a name (compared as
// `where:` compares, without case) that two or more of the export's groups share is ambiguous.
// Membership through it matches nobody (the record's `groups` lists each such group as
// "name (id …)"), a policy that names it gets an error (group-name-ambiguous), and the group is
// named by its id instead (`where: { groupIds: … }`, every record's `groupRefs`).
import type { Finding } from "../model/finding.js";
import type { GroupRef } from "../model/group-ref.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { wheresOf } from "../model/selectors.js";
import type { SourceRecord } from "../model/source-record.js";

/** source → lower-cased name → the ids (sorted) of the source's groups that have it; only names of two or more. */
export type SharedGroupNames = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

/** How `where:` compares values (policy/selector.ts): as text, without case. */
const key = (name: string): string => name.toLowerCase();

/** The names each source gives to more than one group, from every record's groupRefs. */
export function sharedGroupNames(records: readonly SourceRecord[]): SharedGroupNames {
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
  const shared = new Map<string, Map<string, string[]>>();
  for (const [source, names] of ids) {
    for (const [name, set] of names) {
      if (set.size < 2) continue;
      let bySource = shared.get(source);
      if (!bySource) shared.set(source, (bySource = new Map()));
      bySource.set(name, [...set].sort());
    }
  }
  return shared;
}

/** A group whose name is shared, as `groups` lists it: readable, and matched by no `where: { groups: name }`. */
export function qualifiedGroupName(ref: GroupRef): string {
  return `${ref.name} (id ${ref.id})`;
}

/** The record's group names for `groups`, each shared name replaced by its groups' qualified names. */
export function groupNamesOf(record: SourceRecord, shared: SharedGroupNames): readonly string[] {
  const names = shared.get(record.source);
  if (!names || record.groups.length === 0) return record.groups;
  if (!record.groups.some((g) => names.has(key(g)))) return record.groups;
  // A name without a ref (a SCIM User.groups entry with display only) is dropped with the others:
  // it cannot say which of the groups it is.
  const out = new Set(record.groups.filter((g) => !names.has(key(g))));
  for (const ref of record.groupRefs ?? []) if (names.has(key(ref.name))) out.add(qualifiedGroupName(ref));
  return [...out].sort();
}

/**
 * One error per `where: { groups: … }` value that a source gives to several groups: at the key's
 * line, naming the groups by id and asking for `groupIds`. What the condition matched through the
 * name it no longer matches, so the plan shows what that takes away, and is blocked until it is
 * decided.
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
      const groups = holders.map(([source, names]) => `source "${source}" gives it to ${names.get(key(name))!.length} groups (${names.get(key(name))!.join(", ")})`).join("; ");
      const first = holders[0]![1].get(key(name))![0]!;
      findings.push({
        rule: "group-name-ambiguous",
        severity: "error",
        message: `${what} names the group ${JSON.stringify(name)}, but ${groups}: a name two groups share says neither, so it matches nobody`,
        remediation: `name the one group meant by its id, for example where: { groupIds: ${JSON.stringify(first)} } (docs/formats.md, "Group names and ids"); a look-alike group that should not exist is removed in the source`,
        location: `${doc.file}:${at.line}`,
      });
    }
  }
  return findings;
}
