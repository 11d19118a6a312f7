/**
 * One group a source record is a member of, as the source identifies it: by an id that no other
 * group of the source has (an Entra or Okta group id, a SCIM Group id, an LDAP DN), and the name
 * people read and `where: { groups: … }` matches. Names are not ids: Entra lets any member create a
 * security group with the name of a governed one (docs/formats.md, "Group names and ids").
 */
export interface GroupRef {
  id: string;
  name: string;
  /**
   * LDAP/AD only: the group entry's DN, where its id is its objectGUID or entryUUID (an id that
   * stays when the group moves). A snapshot or policy written while the DN was the id names the
   * group by it (resolve/dn-group-ids.ts).
   */
  dn?: string;
  /**
   * Set only in an accepted snapshot: the snapshot binds the name to another group
   * (model/group-name-binding.ts), so this group is a look-alike that the name does not mean,
   * whether or not the bound group still carries the name. For the reader of the snapshot: the
   * binding, not the mark, is what settles the name.
   */
  lookAlike?: true;
}

/** Refs sorted by id, each id once: the same export gives the same record, byte for byte. */
export function sortedGroupRefs(refs: Iterable<GroupRef>): GroupRef[] {
  const byId = new Map<string, GroupRef>();
  for (const ref of refs) if (!byId.has(ref.id)) byId.set(ref.id, ref.dn === undefined ? { id: ref.id, name: ref.name } : { id: ref.id, name: ref.name, dn: ref.dn });
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
