// Attributes whose values are paths in a tree. Google Workspace organisational units are one: an
// OU's orgUnitPath "is derived from parentOrgunitPath and organizational unit's name" (Admin SDK
// OrgUnit resource: '/engineering/apps' is 'apps' under '/engineering'), and a child OU inherits
// its parent's settings, so an admin reads `/Contractors` as that OU and everything under it. A
// `where:` value of such a key matches the path and every path below it: an exclude written on
// `/Contractors` cannot be escaped by moving someone to `/Contractors/EMEA` (rv102 #3).

/** Keys whose `where:` values match a subtree (docs/formats.md, "where: semantics"). */
export const TREE_KEYS: ReadonlySet<string> = new Set(["orgUnitPath"]);

/**
 * Is `have` the path `wanted` or under it? Both compared as given (the caller normalises case).
 * A trailing "/" is no different path (`/Contractors/` is `/Contractors`), so "/" is the root and
 * holds every path; `/Contractors` never holds `/ContractorsX`.
 */
export function inSubtree(have: string, wanted: string): boolean {
  const base = wanted.endsWith("/") ? wanted.slice(0, -1) : wanted;
  return have === base || have.startsWith(`${base}/`);
}
