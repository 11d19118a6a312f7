// A group membership PATCH whose answer does not show the member list (a 204, or a 200 without
// `members`) says nothing about the membership: RFC 7644 section 3.5.2 lets a server answer a
// successful PATCH with "204 No Content", and apps that answer so also drop filtered member
// removals without an error (WSO2 IS with return_updated_group_in_group_patch_response=false,
// wso2/product-is#16314, #7040; goauthentik/authentik#24173). A grant or revoke nothing confirms is
// not counted as made: the app is asked again, the same way the plan's read learnt the membership.
//
// Why that way and not a `members[value eq "U"]` filter for every app: filtering is optional in
// SCIM, and an app that does not honour a members filter may answer it with an empty list
// (Snowflake: "Filtering on unsupported attributes ... returns HTTP 200 with an empty Resources
// array", https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_03/bcr-2276), which reads
// as "not a member" and would confirm exactly the revoke that was not made. With `groupMembers:
// listed` the plan came from the groups' member lists, so GET /Groups/{id} is evidence of the same
// standing (and smaller than the read that preceded the apply, which listed every group with its
// members). Apps whose groups are too large to list, or list no members at all, are the ones
// `groupMembers: filter` is for: there the question is the id-and-member filter the read itself
// asks (members-filter.ts), one group or none whatever the group's size.
import { TargetError } from "../target-error.js";
import { getGroup } from "./lookup.js";
import type { ScimGroup } from "./mapping.js";
import { askMembership, membershipFilter } from "./members-filter.js";
import type { ScimSession } from "./session.js";

/** What to do about a membership the app acknowledged but does not hold as asked. */
const MEMBERSHIP_HINT = "the app may manage this group elsewhere (its own directory sync, single sign-on groups) or drop member changes sent over SCIM: make the change in the app by hand, then run apply again (it finds it done)";

/**
 * Reads the membership back after a PATCH answered `answered` (how the app answered, for the
 * message) and throws when the member is still there (revoke) or still missing (grant). Returns the
 * group as read (listed mode) so the caller can keep it as the next write's starting copy.
 */
export async function confirmMembership(session: ScimSession, group: ScimGroup, name: string, id: string, add: boolean, answered: string): Promise<ScimGroup | undefined> {
  const wanted = add ? "add" : "remove";
  const failed = (read: string, evidence: string) =>
    new TargetError(session.target, `scim PATCH /Groups/${group.id}: the app answered ${answered}, and ${read} ${evidence}: it did not ${wanted} the member`, { hint: MEMBERSHIP_HINT });
  if (session.settings.groupMembers === "filter") {
    const answer = await askMembership(session, group.id, id);
    // 404: the app knows no such account any more, so it holds no membership of it.
    const member = answer === "member";
    if (member !== add) throw failed(`GET /Groups?filter=${membershipFilter(group.id, id)}`, member ? `still answers the group "${name}" for ${id}` : `does not answer the group "${name}" for ${id}`);
    return undefined;
  }
  const read = await getGroup(session, group.id);
  if (!read || typeof read.id !== "string") throw new TargetError(session.target, `scim GET /Groups/${group.id}: answer is not a SCIM group, so nothing confirms the ${add ? "grant" : "revoke"} of "${name}"`, { hint: MEMBERSHIP_HINT });
  if (read.members !== undefined && !Array.isArray(read.members)) {
    throw new TargetError(session.target, `scim GET /Groups/${group.id}: members of group "${name}" is not a list, so nothing confirms the ${add ? "grant" : "revoke"}`, { hint: MEMBERSHIP_HINT });
  }
  // getGroup names the members (group-members-query.ts), as the read does: an app that shows them
  // only when asked (Keycloak) would otherwise fail every grant it made. No `members` then is an
  // empty group (RFC 7643 section 2.5: unassigned and empty are the same), as the read takes it.
  const member = (read.members ?? []).some((m) => m?.value === id);
  if (member !== add) throw failed(`GET /Groups/${group.id}`, member ? `still lists ${id} in "${name}"` : `does not list ${id} in "${name}"`);
  return read;
}
