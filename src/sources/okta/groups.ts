// Okta groups and their members: GET /api/v1/groups (options.groups: the list, one file or page
// files) and GET /api/v1/groups/{id}/users (options.groupMembers: a folder with one <groupId>.json,
// or a <groupId>/ folder of pages, per group). A group listed without its members file stops the
// read: its members are unknown, and reading them as "none" would revoke their access.
import { SourceError } from "../../model/errors.js";
import { JsonEntry } from "../common/json-entry.js";
import { readJsonPagesAt, readMemberPages } from "../common/member-pages.js";
import { isObject } from "../common/json.js";
import { stringOption } from "../common/options.js";
import type { SourceContext } from "../source.js";
import type { ServedAt } from "../common/exported-at.js";
import { checkOktaLinks, GROUPS_LIST, groupUsersList, type UnprovenLists } from "./link-pages.js";
import { joined } from "../../model/joined.js";
import { sortedGroupRefs, type GroupRef } from "../../model/group-ref.js";

const HINT =
  "Export GET /api/v1/groups into options.groups and, for each group, GET /api/v1/groups/{id}/users (every page, " +
  "following the Link rel=\"next\" header) into options.groupMembers/<id>.json or options.groupMembers/<id>/.";

/** What the groups export gives: each user's groups, and the oldest Date of its lists (undefined without one). */
export interface OktaGroups {
  byUser: Map<string, { groups: string[]; refs: GroupRef[] }>;
  /** The oldest Date header of the groups list and every member list: memberships are as old as it. */
  served: ServedAt | undefined;
}

/** The older of two served times (either may be absent). */
function older(a: ServedAt | undefined, b: ServedAt | undefined): ServedAt | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.at < a.at ? b : a;
}

/**
 * user id → the user's groups (names, and refs by Okta group id), with the oldest Date of the lists
 * read; undefined when the source reads no groups (options.groups unset). The id is kept because a name is not unique: groups imported from
 * Active Directory, LDAP or an app sit beside Okta's own (help.okta.com, "Okta group source types";
 * GET /api/v1/groups gives each its `type` and `id`), and may carry the same profile.name.
 */
export async function oktaGroupsByUser(context: SourceContext, unproven: UnprovenLists): Promise<OktaGroups | undefined> {
  const groupsPath = stringOption(context, "groups");
  const membersPath = stringOption(context, "groupMembers");
  if (groupsPath === undefined && membersPath === undefined) return undefined;
  if (groupsPath === undefined || membersPath === undefined) {
    throw new SourceError(context.name, "options.groups and options.groupMembers go together", HINT);
  }
  const byUser = new Map<string, GroupRef[]>();
  const groupPages = await readJsonPagesAt(context, groupsPath);
  // Each list's oldest Date was compared only within the list: the lists' times are kept to judge
  // the memberships' age with the users' (resolveExportedAt), a month-old member list being stale.
  let served = checkOktaLinks(context, groupPages, GROUPS_LIST, unproven);
  for (const { file, body } of groupPages) {
    if (!Array.isArray(body)) throw new SourceError(context.name, `${file.path}: expected a JSON array of groups (the body of GET /api/v1/groups)`, HINT);
    for (const [index, item] of body.entries()) {
      const position = joined(file.path, " entry ", index + 1);
      if (!isObject(item)) throw new SourceError(context.name, `${position}: not a group object`);
      const group = new JsonEntry(context, item, position);
      const id = group.requiredString("id", HINT);
      const name = group.requiredString("profile.name", "Every Okta group has profile.name; export the group objects unmodified.");
      const members = await memberIds(context, membersPath, id, position, unproven);
      served = older(served, members.served);
      for (const userId of members.ids) {
        const refs = byUser.get(userId);
        if (refs) refs.push({ id, name });
        else byUser.set(userId, [{ id, name }]);
      }
    }
  }
  return { byUser: new Map([...byUser].map(([user, refs]) => [user, { groups: [...new Set(refs.map((r) => r.name))].sort(), refs: sortedGroupRefs(refs) }])), served };
}

async function memberIds(context: SourceContext, membersPath: string, groupId: string, position: string, unproven: UnprovenLists): Promise<{ ids: string[]; served: ServedAt | undefined }> {
  const ids: string[] = [];
  const pages = await readMemberPages(context, membersPath, groupId, position, HINT);
  const served = checkOktaLinks(context, pages, groupUsersList(groupId), unproven);
  for (const { file: page, body } of pages) {
    if (!Array.isArray(body)) throw new SourceError(context.name, `${page.path}: expected a JSON array of users (the body of GET /api/v1/groups/{id}/users)`, HINT);
    body.forEach((item, index) => {
      if (!isObject(item) || typeof item["id"] !== "string") throw new SourceError(context.name, `${page.path} entry ${index + 1}: not a user with an id`);
      ids.push(item["id"]);
    });
  }
  return { ids, served };
}
