// Groups read for their members ask for the members. RFC 7643 section 7 lets a schema make an
// attribute "returned": "request", "returned only if ... specified in the attributes parameter"
// (RFC 7644 section 3.4.2.5), and Keycloak's SCIM API does so for Group.members since 26.6
// ("Make sure Group#members attribute is only returned if requested to avoid fetching all
// memberships", https://github.com/keycloak/keycloak/pull/47636; its /Schemas says "returned":
// "request" for members, https://github.com/keycloak/keycloak/discussions/54267). A read that
// does not name them sees every group empty: no revoke is ever planned, and a grant read back
// after its PATCH looks unmade (or a revoke looks done before it is sent).
//
// So the read, the apply's group lookups and the read-back after a membership PATCH name them,
// always (not only when /Schemas says "request": Keycloak's discussion above reports clients that
// "do not evaluate the published schema", and not every app serves /Schemas). `attributes`
// replaces the default set, so everything scopesync uses of a group is named: displayName (the
// entitlement's name), members, meta (meta.version, the If-Match of the next write); `id` is
// "returned": "always". An app that ignores the parameter answers its default, as before. An app
// that refuses it (400) is asked again without it, and not asked with it again in this process:
// what it shows by default is then all there is, as before this was asked (the plan's
// `scim-group-members-unlisted` warning says so when no group lists a member).
//
// Not with `groupMembers: filter`: there the member lists are not read (members-filter.ts asks
// pair by pair), and naming members would make a server that lists them send every group whole.
import { TargetError } from "../target-error.js";
import type { ScimSession } from "./session.js";

/** What a group read names: everything the read and the apply use of a group (`id` always comes). */
export const GROUP_ATTRIBUTES = "displayName,members,meta";

/**
 * Runs `ask` with the query that names the members (listed mode), or with none (filter mode, or an
 * app that refused `attributes` earlier in this process). A 400 to the named query is asked again
 * without it; only when that answers is the app taken to refuse the parameter (a 400 for another
 * reason, a bad filter, fails the same way again and is thrown as it is).
 */
export async function withGroupMembers<T>(session: ScimSession, ask: (query: Record<string, string>) => Promise<T>): Promise<T> {
  if (session.settings.groupMembers === "filter" || session.attributesRefused) return ask({});
  try {
    return await ask({ attributes: GROUP_ATTRIBUTES });
  } catch (error) {
    if (!(error instanceof TargetError) || error.details.status !== 400) throw error;
    const answer = await ask({});
    session.attributesRefused = true;
    return answer;
  }
}
