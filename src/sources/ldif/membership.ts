// Group membership is exported on both sides: groups list their members (member, uniqueMember,
// memberUid) and users list their groups (memberOf, AD and OpenLDAP's memberof overlay). Either
// side may be missing from an export, so both are read, joined and de-duplicated. Nested groups
// are not expanded: a record lists the groups it is a direct member of, as the source says.
import { normaliseLogin } from "../../model/keys.js";
import { firstRdnValue, normaliseDn } from "./dn.js";
import type { EntryValues } from "./entry-values.js";

export class Memberships {
  /** normalised group DN → group name (cn). */
  private readonly groupNames = new Map<string, string>();
  /** normalised member DN → group names. */
  private readonly byMemberDn = new Map<string, Set<string>>();
  /** normalised uid → group names (posixGroup memberUid). */
  private readonly byUid = new Map<string, Set<string>>();

  addGroup(group: EntryValues): void {
    const name = group.first("cn") ?? firstRdnValue(group.entry.dn) ?? group.entry.dn;
    this.groupNames.set(normaliseDn(group.entry.dn), name);
    for (const dn of [...group.all("member"), ...group.all("uniqueMember")]) {
      // uniqueMember may carry an optional unique id: "uid=ada,ou=people,dc=x#'0101'B".
      add(this.byMemberDn, normaliseDn(dn.replace(/#'[01]*'B$/, "")), name);
    }
    for (const uid of group.all("memberUid")) add(this.byUid, normaliseLogin(uid), name);
  }

  /**
   * Sorted, de-duplicated group names of one user, from what was kept of its entry: its DN, its
   * login (for posixGroup memberUid) and its memberOf values.
   */
  groupsOf(user: MemberKey): string[] {
    const names = new Set<string>(this.byMemberDn.get(normaliseDn(user.dn)));
    if (user.userName !== "") for (const name of this.byUid.get(normaliseLogin(user.userName)) ?? []) names.add(name);
    for (const dn of user.memberOf) {
      // A group outside the export is named by its DN's first RDN, which is its cn.
      names.add(this.groupNames.get(normaliseDn(dn)) ?? firstRdnValue(dn) ?? dn);
    }
    return [...names].sort();
  }
}

/** What membership needs of a user entry, so that the entry itself need not be kept. */
export interface MemberKey {
  dn: string;
  userName: string;
  memberOf: string[];
}

function add(map: Map<string, Set<string>>, key: string, name: string): void {
  const set = map.get(key);
  if (set) set.add(name);
  else map.set(key, new Set([name]));
}
