// Group membership is written on both sides: groups list their members (member, uniqueMember,
// memberUid) and entries list their groups (memberOf, from AD or OpenLDAP's memberof overlay).
// Either side may be missing, so both are read, joined and de-duplicated. Groups inside groups
// are followed up to a depth limit: a person in "ship_crew", which is a member of "staff", is in
// both, as the directory's own access checks see it. A cycle is reported, not followed forever.
// A group needs no entry of its own in the export to be followed: AD's memberOf lists direct
// groups only, and teams and the app groups they are nested in often sit in OUs searched apart
// (or not at all), so the link "Engineering is a member of wiki-users" may be known only from
// wiki-users' member or from Engineering's memberOf. Either side is enough.
import { dnKey, firstRdn, stripOptionalUid } from "../../../model/dn.js";
import type { Finding } from "../../../model/finding.js";
import { normaliseLogin } from "../../../model/keys.js";
import { SourceError } from "../../../model/errors.js";
import type { EntryValues } from "./entry-values.js";
import { sortedGroupRefs, type GroupRef } from "../../../model/group-ref.js";
import { groupSid, UnresolvedPrimaryGroups, type PrimaryGroup } from "./primary-group.js";

interface GroupNode {
  name: string;
  /** Where the group entry is (for messages). */
  position: string;
  dn: string;
  /** The group's id: its objectGUID or entryUUID where the entry has one, else its DN (groupId()). */
  id: string;
}

/** What membership needs of a user entry, so that the entry itself need not be kept. */
export interface MemberKey {
  dn: string;
  /** Logins matched against posixGroup memberUid. */
  logins: string[];
  memberOf: string[];
  /** AD: the group primaryGroupID names, which neither member nor memberOf lists (primary-group.ts). */
  primaryGroup?: PrimaryGroup;
  /** For messages: where the entry is. */
  position: string;
}

export class Memberships {
  /** DN key → group. */
  private readonly groups = new Map<string, GroupNode>();
  /** DN key of a member (person or group) → keys of the groups listing it. */
  private readonly byMemberDn = new Map<string, Set<string>>();
  /** normalised login → keys of posixGroups listing it. */
  private readonly byUid = new Map<string, Set<string>>();
  /** AD objectSid (upper case) → key of the group entry, for primary groups. */
  private readonly bySid = new Map<string, string>();
  private readonly unresolvedPrimary = new UnresolvedPrimaryGroups();
  /** DN key of a group entry → keys of the groups its memberOf names (entries of the export or not). */
  private readonly groupMemberOf = new Map<string, string[]>();
  /** DN key of a group named only by a group entry's memberOf → the DN as first written there. */
  private readonly namedByGroups = new Map<string, string>();
  /** DN key of a group → keys of the groups it is a direct member of, from either side (parentsOf()). */
  private readonly parents = new Map<string, readonly string[]>();
  private readonly cycles = new Map<string, string[]>();
  /** DN key of a group outside the export → the DN as first written (its id: one per group). */
  private readonly outside = new Map<string, string>();

  constructor(
    private readonly source: string,
    private readonly maxDepth: number,
  ) {}

  /** The number of group entries read. */
  get size(): number {
    return this.groups.size;
  }

  addGroup(group: EntryValues): void {
    const key = this.key(group.dn, group.position);
    this.groups.set(key, { name: groupName(group), position: group.position, dn: group.dn, id: groupId(group) });
    for (const dn of [...group.all("member"), ...group.all("uniqueMember")]) {
      add(this.byMemberDn, this.key(stripOptionalUid(dn), group.position), key);
    }
    for (const uid of group.all("memberUid")) add(this.byUid, normaliseLogin(uid), key);
    const sid = groupSid(group);
    if (sid !== undefined) this.bySid.set(sid, key);
    const memberOf = group.all("memberOf");
    if (memberOf.length === 0) return;
    const parents: string[] = [];
    for (const dn of memberOf) {
      const parent = this.key(dn, group.position);
      parents.push(parent);
      if (!this.namedByGroups.has(parent)) this.namedByGroups.set(parent, dn);
    }
    this.groupMemberOf.set(key, parents);
  }

  private key(dn: string, position: string): string {
    try {
      return dnKey(dn);
    } catch (error) {
      throw new SourceError(
        this.source,
        `${position}: ${JSON.stringify(dn)} is not a valid DN: ${(error as Error).message}`,
        "Fix the value in the directory; a member that cannot be matched would silently lose its access.",
      );
    }
  }

  /**
   * Call once after every group was added. The links of a group to its parents are worked out when
   * a person's groups first reach it (parentsOf()): the member side is kept for every DN a group
   * lists, and which of those DNs are groups shows only then.
   */
  link(): void {
    this.parents.clear();
  }

  /** The groups `key` is a direct member of: listed in their member, or named by its own memberOf. */
  private parentsOf(key: string): readonly string[] {
    const known = this.parents.get(key);
    if (known) return known;
    const parents = new Set<string>();
    for (const parent of this.byMemberDn.get(key) ?? []) if (parent !== key) parents.add(parent);
    for (const parent of this.groupMemberOf.get(key) ?? []) if (parent !== key) parents.add(parent);
    const list = [...parents];
    this.parents.set(key, list);
    return list;
  }

  /** A group's DN as the export wrote it: its entry's, else the first memberOf that named it. */
  private dnOf(key: string): string {
    return this.groups.get(key)?.dn ?? this.outside.get(key) ?? this.namedByGroups.get(key) ?? key;
  }

  /**
   * The groups a user is in, directly or through nested groups: sorted, de-duplicated names, and
   * refs with the group's id (groupId()). A cn is not unique in a tree (cn=admins under two OUs),
   * so the name cannot tell the groups apart (resolve/group-names.ts); a group known only through
   * a memberOf has no entry here, and its DN is all there is to name it by.
   */
  groupsOf(user: MemberKey): { names: string[]; refs: GroupRef[] } {
    const direct = new Set<string>(this.byMemberDn.get(this.key(user.dn, user.position)));
    for (const login of user.logins) for (const key of this.byUid.get(normaliseLogin(login)) ?? []) direct.add(key);
    if (user.primaryGroup) {
      const key = user.primaryGroup.sid === undefined ? undefined : this.bySid.get(user.primaryGroup.sid);
      if (key !== undefined) direct.add(key);
      else this.unresolvedPrimary.add(user.primaryGroup, user.position);
    }
    const names = new Set<string>();
    const refs = new Map<string, GroupRef>();
    for (const dn of user.memberOf) {
      const key = this.key(dn, user.position);
      direct.add(key);
      // A group outside the export still counts: the directory says so. It is named by its RDN.
      if (!this.groups.has(key)) {
        const name = firstRdn(dn, "cn")?.value ?? dn;
        names.add(name);
        if (!this.outside.has(key)) this.outside.set(key, dn);
        refs.set(key, { id: this.outside.get(key)!, name });
      }
    }
    for (const key of this.expand(direct, user)) {
      const group = this.groups.get(key);
      if (group) {
        names.add(group.name);
        refs.set(key, group.id === group.dn ? { id: group.id, name: group.name } : { id: group.id, name: group.name, dn: group.dn });
      } else if (!refs.has(key)) {
        // Reached through nesting, known only by the DN a group's memberOf wrote: outside the
        // export, and counted as a memberOf group outside it is.
        if (!this.outside.has(key)) this.outside.set(key, this.namedByGroups.get(key) ?? key);
        const dn = this.outside.get(key)!;
        const name = firstRdn(dn, "cn")?.value ?? dn;
        names.add(name);
        refs.set(key, { id: dn, name });
      }
    }
    return { names: [...names].sort(), refs: sortedGroupRefs(refs.values()) };
  }

  /** The groups and every group they are in, level by level, up to maxDepth levels of nesting. */
  private expand(direct: Set<string>, user: MemberKey): Set<string> {
    const seen = new Set(direct);
    let level = [...direct];
    for (let depth = 0; level.length > 0; depth++) {
      const next: string[] = [];
      for (const key of level) {
        for (const parent of this.parentsOf(key)) {
          if (seen.has(parent)) {
            if (this.reaches(parent, key)) this.noteCycle(key, parent);
            continue;
          }
          seen.add(parent);
          next.push(parent);
        }
      }
      if (next.length > 0 && depth >= this.maxDepth) {
        const chain = next.slice(0, 3).map((key) => this.dnOf(key)).join(", ");
        throw new SourceError(
          this.source,
          `${user.position}: groups are nested more than ${this.maxDepth} levels deep (next level: ${chain})`,
          "Raise options.maxGroupDepth if the nesting is intended, or flatten the groups; reading fewer levels would drop memberships.",
        );
      }
      level = next;
    }
    return seen;
  }

  /** True when `from` is (transitively) a member of `to`'s ancestors and back: a cycle through both. */
  private reaches(from: string, to: string): boolean {
    const stack = [from];
    const visited = new Set<string>();
    while (stack.length > 0) {
      const key = stack.pop()!;
      if (key === to) return true;
      if (visited.has(key)) continue;
      visited.add(key);
      for (const parent of this.parentsOf(key)) stack.push(parent);
    }
    return false;
  }

  private noteCycle(a: string, b: string): void {
    const names = [this.dnOf(a), this.dnOf(b)].sort();
    this.cycles.set(names.join("|"), names);
  }

  /** One warning per pair of groups found in a membership cycle; an info for primary groups not found. */
  findings(): Finding[] {
    const primary = this.unresolvedPrimary.finding(this.source);
    return [...this.cycles.values()].sort().map(([a, b]): Finding => ({
      rule: "source-group-cycle",
      severity: "warning",
      message: `source "${this.source}": groups "${a}" and "${b}" are members of each other (a cycle); their members were given both`,
      remediation: "Remove one of the two memberships in the directory: a cycle usually hides an access path nobody meant.",
      location: this.groups.get(dnKey(a!))?.position ?? a!,
    })).concat(primary ? [primary] : []);
  }
}

/**
 * A group entry's id: its objectGUID (AD) or entryUUID (RFC 4530), which stay the same when the
 * group is moved to another OU or renamed, where its DN does not (Microsoft, "Using objectGUID to
 * Bind to an Object"). An id that followed the DN made a moved group a new one: its new members got
 * nothing through a name the snapshot bound, and a `groupIds` policy revoked every member. An entry
 * without either (an export whose attribute list left them out) keeps its DN.
 */
export function groupId(group: EntryValues): string {
  return group.first("objectGUID") ?? group.first("entryUUID") ?? group.dn;
}

/** A group's name: its cn RDN value, else its first cn, else its first RDN value. */
export function groupName(group: EntryValues): string {
  const rdn = firstRdn(group.dn, "cn");
  if (rdn?.type === "cn") return rdn.value;
  return group.first("cn") ?? rdn?.value ?? group.dn;
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
