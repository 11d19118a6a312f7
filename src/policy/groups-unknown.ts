// A group name two groups of one source share, which the last accepted snapshot does not settle
// (resolve/group-names.ts), neither matches nor fails to match the members of those groups: which
// group the policy meant is unknown. As for an NHI whose owner is unknown (lifecycle.ts
// ownerUnknownHeld), unknown gives no new access and takes none away: the planner compares what
// the identity is given as it is (the name matching nobody) with what it would be given were the
// name its group's. What only the second gives is neither granted nor revoked, and an app only the
// second brings into scope neither gets an account nor loses one (plan/diff-target.ts). A leaver
// is offboarded all the same: that rests on their status, not on a group.
import type { GroupDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import type { Located } from "../model/located.js";
import { computeMemberships, type Membership } from "./memberships.js";

/** The identity as it would be were every unknown group name the name of its group; undefined when it has none. */
export function withUnknownGroups(identity: Identity): Identity | undefined {
  const unknown = identity.groupsUnknown;
  if (unknown === undefined || unknown.length === 0) return undefined;
  const groups = identity.attributes.groups;
  const have = Array.isArray(groups) ? groups : typeof groups === "string" ? [groups] : [];
  return { ...identity, attributes: { ...identity.attributes, groups: [...have, ...unknown] } };
}

/** The group memberships that identity (withUnknownGroups's) would have at `now`. */
export function possibleMemberships(groups: Iterable<Located<GroupDoc>>, possible: Identity, now: number): readonly Membership[] {
  return computeMemberships([...groups], [possible], now).currentAt[0] ?? [];
}
