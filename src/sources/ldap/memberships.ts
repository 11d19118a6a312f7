// Group memberships from both directions: the groups' member lists (member, uniqueMember,
// memberUid) and the people's memberOf (filled by the memberof overlay). Either side alone can be
// incomplete (memberOf only covers groups added online; memberUid names logins, not DNs).
import { normaliseLogin } from "../../model/keys.js";
import { dnKey, firstRdnType, firstRdnValue, stripOptionalUid } from "./dn.js";
import { first, values, type LdapEntry } from "./entry-to-record.js";

/** A group's display name: its cn (the RDN value when the group is named by cn). */
export function groupName(group: LdapEntry): string {
  if (firstRdnType(group.dn) === "cn") return firstRdnValue(group.dn);
  return first(group, "cn") ?? firstRdnValue(group.dn);
}

/** Login used to match posixGroup memberUid: the entry's uid values. */
function logins(person: LdapEntry): string[] {
  return values(person, "uid").map(normaliseLogin);
}

/** For each person (same order as `people`), the sorted, deduplicated names of its groups. */
export function resolveMemberships(people: LdapEntry[], groups: LdapEntry[]): string[][] {
  const byDn = new Map<string, number>();
  const byLogin = new Map<string, number[]>();
  people.forEach((person, index) => {
    byDn.set(dnKey(person.dn), index);
    for (const login of logins(person)) {
      const indexes = byLogin.get(login);
      if (indexes) indexes.push(index);
      else byLogin.set(login, [index]);
    }
  });
  const names = people.map(() => new Set<string>());

  const groupNamesByDn = new Map<string, string>();
  for (const group of groups) {
    const name = groupName(group);
    groupNamesByDn.set(dnKey(group.dn), name);
    for (const member of [...values(group, "member"), ...values(group, "uniqueMember")]) {
      const index = byDn.get(dnKey(stripOptionalUid(member)));
      if (index !== undefined) names[index]!.add(name);
    }
    for (const login of values(group, "memberUid")) {
      for (const index of byLogin.get(normaliseLogin(login)) ?? []) names[index]!.add(name);
    }
  }

  people.forEach((person, index) => {
    for (const groupDn of values(person, "memberOf")) {
      // A group outside the groups search still counts: the directory says so. Name it by its RDN.
      names[index]!.add(groupNamesByDn.get(dnKey(groupDn)) ?? firstRdnValue(groupDn));
    }
  });
  return names.map((set) => [...set].sort());
}
