// Whether this export of users is read for groups, and so whether a user saved without "memberOf"
// is a list lost on the way rather than a user in no group.
//
// Graph writes an expanded memberOf as a list, "memberOf": [] for a user in no group, and the
// per-user GET /users/{id}/memberOf answers { "value": [] } (learn.microsoft.com/graph/api/user-list-memberof,
// learn.microsoft.com/graph/query-parameters "expand"). So a user without the key had its list never
// fetched or never saved (a throttled per-user call, an $expand=transitiveMemberOf export): read as
// none, a source authoritative for groups would revoke everything those groups gave, silently.
import type { Finding } from "../../model/finding.js";
import type { SourceContext } from "../source.js";
import { isObject } from "../common/json.js";

/**
 * True when the source reads groups: it is authoritative for them, or some user of the export
 * carries memberOf (the export meant to hold memberships, so every user must). A read that does not
 * and whose export carries no memberOf at all is told that it gives no groups (noMemberOfFinding).
 */
export function readsMemberOf(context: SourceContext, pages: ReadonlyArray<readonly unknown[]>): boolean {
  if (context.config.authoritative?.includes("groups")) return true;
  return pages.some((users) => users.some((user) => isObject(user) && user["memberOf"] !== undefined && user["memberOf"] !== null));
}

/** The export carries no memberOf and nothing needs it: the source gives no groups, which is not "in no group". */
export function noMemberOfFinding(context: SourceContext): Finding {
  return {
    rule: "source-no-groups",
    severity: "info",
    message: `source "${context.name}": no user of the export carries memberOf, so this source gives no groups (its users' groups are unknown, not none); a group rule that names an Entra group matches no one through it`,
    remediation:
      "To use Entra groups, export each user's memberships (GET /users/{id}/memberOf, saved as the user's \"memberOf\", or $expand=memberOf($select=id,displayName)); nothing to do if no policy names an Entra group.",
    ...(context.config.path !== undefined ? { location: context.config.path } : {}),
  };
}

export const MEMBER_OF_MISSING_HINT =
  'Save every user\'s memberships as its "memberOf" list ("memberOf": [] for a user in no group, as Graph writes it): ' +
  "GET /users/{id}/memberOf for each user, following @odata.nextLink to the end, and export again if a call failed. " +
  "$expand=transitiveMemberOf writes another key, which is not read.";
