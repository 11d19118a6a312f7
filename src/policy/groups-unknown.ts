// A group name two groups of one source share, which the last accepted snapshot does not settle
// (resolve/group-names.ts), neither matches nor fails to match the members of those groups: which
// group the policy meant is unknown. As for an NHI whose owner is unknown (lifecycle.ts
// ownerUnknownHeld), unknown gives no new access and takes none away, in either direction: a name
// can give access (scope.include, a birthright) or hold it back (scope.exclude). So the planner
// decides the identity in every world the unknown names allow (each subset of them being their
// groups' names, the identity as it is being the world where none is) and acts only where all
// worlds agree. Where they differ, nothing changes: an app some world brings into scope and another
// does not neither gets an account, an enable nor a disable; an entitlement some world justifies
// and another does not is neither granted nor revoked (plan/diff-target.ts). A leaver is offboarded
// all the same: that rests on their status, not on a group.
import type { GroupDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";
import { computeMemberships, type Membership } from "./memberships.js";

/**
 * Beyond this many unknown names on one identity (2^n worlds), only all of them and each alone are
 * tried. That loses nothing: a `where` matches a list of groups by any one value, so whatever a set
 * of names changes (an include or an exclude that matches) one of its names alone changes too.
 */
const EXHAUSTIVE_LIMIT = 6;

/**
 * The identity in every other world its unknown group names allow: for each non-empty subset of
 * them, as it would be were those names their groups'. Empty when it has no unknown name.
 */
export function unknownGroupWorlds(identity: Identity): Identity[] {
  const unknown = identity.groupsUnknown;
  if (unknown === undefined || unknown.length === 0) return [];
  const groups = identity.attributes.groups;
  const have = Array.isArray(groups) ? groups : typeof groups === "string" ? [groups] : [];
  const subsets: string[][] = [];
  if (unknown.length <= EXHAUSTIVE_LIMIT) {
    for (let mask = 1; mask < 1 << unknown.length; mask++) subsets.push(unknown.filter((_, i) => mask & (1 << i)));
  } else {
    subsets.push([...unknown]);
    for (const name of unknown) subsets.push([name]);
  }
  return subsets.map((names) => ({ ...identity, attributes: { ...identity.attributes, groups: [...have, ...names] } }));
}

/** The group memberships that a world (unknownGroupWorlds's) would have at `now`. */
export function possibleMemberships(groups: Iterable<Located<GroupDoc>>, possible: Identity, now: number): readonly Membership[] {
  return computeMemberships([...groups], [possible], now).currentAt[0] ?? [];
}
