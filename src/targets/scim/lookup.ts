// Finding the user or group a change is about. Accounts are addressed by the target's id when
// the plan has it, else by externalId (the anchor scopesync wrote), then by userName.
import type { Change } from "../../model/change.js";
import { normaliseLogin } from "../../model/keys.js";
import { TargetError } from "../target-error.js";
import { filterValue, type ScimGroup, type ScimUser } from "./mapping.js";
import { withGroupMembers } from "./group-members-query.js";
import { listAll } from "./read.js";
import type { ScimSession } from "./session.js";

const isNotFound = (error: unknown) => error instanceof TargetError && error.details.status === 404;

/** Remembers a user as the server last showed it, with the version to send as If-Match. */
export function remember(session: ScimSession, user: ScimUser, etag?: string): ScimUser {
  const seen = etag ? { ...user, meta: { ...user.meta, version: etag } } : user;
  session.users.set(user.id, seen);
  if (session.anchors && typeof user.externalId === "string" && user.externalId !== "") {
    const known = session.anchors.get(user.externalId);
    if (known === undefined) session.anchors.set(user.externalId, user.id);
    else if (known !== user.id) session.anchors.set(user.externalId, null);
  }
  return seen;
}

/**
 * The user marked with this anchor, without asking the app when the read of this process already
 * answers it: the read saw none and this process has not tried to create it. Otherwise (no read,
 * a duplicate, a retry after a create whose answer was lost, a 409, a user deleted since) the app
 * is asked as locateUser asks it: by filter, then the whole list when the filter finds no one. A
 * create decides from this answer whether to send a POST: an app whose filter misses a user it
 * holds (Snowflake's 200 with nothing, an index that lags its writes) would otherwise be sent a
 * second create for the user the first one made.
 */
export async function userByAnchor(session: ScimSession, anchor: string): Promise<ScimUser | undefined> {
  if (session.anchors && !session.created.has(anchor)) {
    const id = session.anchors.get(anchor);
    if (id === undefined) return undefined;
    const user = id === null ? undefined : session.users.get(id);
    if (user?.externalId === anchor) return user;
  }
  return locateUser(session, { anchor });
}

/** GET /Users/{id}; undefined when the app answers 404. */
export async function getUser(session: ScimSession, id: string): Promise<ScimUser | undefined> {
  try {
    const { body, etag } = await session.http("GET", `/Users/${encodeURIComponent(id)}`);
    const user = body as ScimUser | undefined;
    if (!user || typeof user.id !== "string" || typeof user.userName !== "string") {
      throw new TargetError(session.target, `scim GET /Users/${id}: answer is not a SCIM user`);
    }
    return remember(session, user, etag);
  } catch (error) {
    if (isNotFound(error)) {
      session.users.delete(id);
      return undefined;
    }
    throw error;
  }
}

async function usersWhere(session: ScimSession, attribute: "externalId" | "userName", value: string): Promise<ScimUser[]> {
  const filtered = await filteredList(session, () => listAll(session, "/Users", { filter: `${attribute} eq ${filterValue(value)}` }));
  // The app does not filter: its whole list, matched here (userName case-insensitively, as the callers compare).
  const found = (filtered as unknown as ScimUser[] | undefined) ?? usersIn((await listAll(session, "/Users")) as unknown as ScimUser[], attribute, value);
  return found.map((u) => remember(session, u));
}

/** The users of a list that carry this value (userName compared case-insensitively, as the callers compare). */
function usersIn(users: readonly ScimUser[], attribute: "externalId" | "userName", value: string): ScimUser[] {
  return users.filter((u) => (attribute === "userName" ? typeof u.userName === "string" && normaliseLogin(u.userName) === normaliseLogin(value) : u.externalId === value));
}

/**
 * The answer of a filtered list, or undefined when the app does not filter: its ServiceProviderConfig
 * said `filter.supported: false` (known once asked), or it answers the filter with a 400 (Snowflake answers unsupported
 * filters `400 invalidFilter`, https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_03/bcr-2276).
 * RFC 7644 §3.4.2.2 makes filtering OPTIONAL, so the caller then reads the whole list and matches
 * it itself: a grant or revoke must not fail for want of a filter (it did, and "plan again" was no fix).
 */
async function filteredList<T>(session: ScimSession, ask: () => Promise<T>): Promise<T | undefined> {
  // What the app said, when it was asked already (the read asks first); else the 400 tells.
  if (session.known?.filter === false) return undefined;
  try {
    return await ask();
  } catch (error) {
    if (error instanceof TargetError && error.details.status === 400) return undefined;
    throw error;
  }
}

type UsersWhere = (attribute: "externalId" | "userName", value: string) => Promise<ScimUser[]>;

/** The user marked with this externalId; an error when two are (the app holds a duplicate). */
async function userByExternalId(session: ScimSession, anchor: string, where: UsersWhere): Promise<ScimUser | undefined> {
  const found = (await where("externalId", anchor)).filter((u) => u.externalId === anchor);
  if (found.length > 1) {
    throw new TargetError(session.target, `${found.length} users carry externalId "${anchor}" (${found.map((u) => u.userName).join(", ")})`, { hint: "remove the duplicate in the app; scopesync will not guess which one is the identity's" });
  }
  return found[0];
}

/**
 * The user a change acts on, or undefined when there is none. By id when the plan has one (a
 * linked account is never re-matched by name); else by externalId, then by userName. A userName
 * match that carries another identity's externalId is refused, not taken over. When the filters
 * find no one, the whole list is asked: an app may answer a filter it does not support 200 with no
 * resources (Snowflake documents so, membership-confirm.ts), and "no user" would count the change
 * done (a revoke "unchanged") without sending it. groupByName does the same.
 */
export async function locateUser(session: ScimSession, change: Pick<Change, "account" | "anchor" | "login">): Promise<ScimUser | undefined> {
  if (change.account) return getUser(session, change.account);
  const found = await userByKeys(session, change, (attribute, value) => usersWhere(session, attribute, value));
  // Not when the app does not filter: usersWhere read the whole list already.
  if (found || session.known?.filter === false || (!change.anchor && !change.login)) return found;
  const all = (await listAll(session, "/Users")) as unknown as ScimUser[];
  return userByKeys(session, change, async (attribute, value) => usersIn(all, attribute, value).map((u) => remember(session, u)));
}

async function userByKeys(session: ScimSession, change: Pick<Change, "anchor" | "login">, where: UsersWhere): Promise<ScimUser | undefined> {
  if (change.anchor) {
    const byAnchor = await userByExternalId(session, change.anchor, where);
    if (byAnchor) return byAnchor;
  }
  const login = change.login;
  if (!login) return undefined;
  // scimmy's `eq` is case-sensitive although userName is caseExact false: compare again here.
  const byLogin = (await where("userName", login)).filter((u) => normaliseLogin(u.userName) === normaliseLogin(login));
  const user = byLogin[0];
  if (user && change.anchor && user.externalId && user.externalId !== change.anchor) {
    throw new TargetError(session.target, `user "${user.userName}" is marked ${user.externalId}, not ${change.anchor}`, { hint: "the login belongs to another identity in the app; fix the login or the account's externalId" });
  }
  return user;
}

/**
 * The group named `name` (displayName, compared case-insensitively as RFC 7643 §4.2 says); a clear
 * error when the app has none: groups are not created. Servers disagree on `eq` (scimmy compares
 * case-sensitively), so when the filter finds no match in any case, every group is listed.
 */
export async function groupByName(session: ScimSession, name: string): Promise<ScimGroup> {
  const sameName = (g: ScimGroup) => typeof g.displayName === "string" && normaliseLogin(g.displayName) === normaliseLogin(name);
  // Members named (group-members-query.ts): the write decides from this copy whether the member is there.
  const list = (query: Record<string, string>) => withGroupMembers(session, (named) => listAll(session, "/Groups", { ...query, ...named }));
  // An app that does not filter (filteredList) is read whole, as one whose `eq` found no match.
  const filtered = await filteredList(session, () => list({ filter: `displayName eq ${filterValue(name)}` }));
  let found = ((filtered ?? []) as unknown as ScimGroup[]).filter(sameName);
  if (found.length === 0) found = ((await list({})) as unknown as ScimGroup[]).filter(sameName);
  const exact = found.filter((g) => g.displayName === name);
  const matches = exact.length > 0 ? exact : found;
  if (matches.length === 0) throw await noGroupNamed(session, name);
  if (matches.length > 1) {
    throw new TargetError(session.target, `${matches.length} groups are named "${name}"`, { hint: "rename the duplicates in the app; scopesync will not guess which one is meant" });
  }
  return matches[0]!;
}

/**
 * The group a grant or revoke of `group:<name>` acts on: the one the read followed by its id when
 * the app renamed it (renamed-groups.ts; session.renamed), else the group of that name.
 */
export async function groupFor(session: ScimSession, name: string): Promise<ScimGroup> {
  const id = session.renamed?.get(name.toLowerCase());
  if (id === undefined) return groupByName(session, name);
  try {
    return await getGroup(session, id);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw new TargetError(session.target, `group "${name}" (renamed in the app, id ${id}) is gone since this apply read it`, { hint: `if the app's admin deleted it, remove the mapping of group:${name} from the app policy; otherwise plan again` });
  }
}

/**
 * The error for a group name the app does not have. Never "create a group under this name" when
 * the group was renamed in the app: a new group under the old name would be an empty decoy, and
 * the renamed one would keep its members (its approval rights with them). Where the state file
 * remembers the name's id and the app still has that group, the error says what it is called now.
 */
async function noGroupNamed(session: ScimSession, name: string): Promise<TargetError> {
  const was = session.remembered?.()?.ids.find((g) => g.entitlement.toLowerCase() === `group:${name}`.toLowerCase());
  let now: ScimGroup | undefined;
  if (was) {
    try {
      now = await getGroup(session, was.id);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  if (now && typeof now.displayName === "string") {
    return new TargetError(session.target, `group "${name}" does not exist in the app: the group with that name when the state file was pulled (id ${was!.id}) is named "${now.displayName}" now`, {
      hint: `write group:${now.displayName} in the app policy (and review who holds it), then plan again; do not create a new group "${name}": it would be empty while the renamed one keeps its members`,
    });
  }
  return new TargetError(session.target, `group "${name}" does not exist in the app`, {
    hint: `if the group was renamed in the app, write its new name in the app policy (a new group "${name}" would be empty while the renamed one keeps its members); if it never existed, create it in the app (scopesync manages memberships, not groups), or fix the entitlement mapping`,
  });
}

/** GET /Groups/{id}, fresh, with its version and its members named (group-members-query.ts). */
export async function getGroup(session: ScimSession, id: string): Promise<ScimGroup> {
  const { body, etag } = await withGroupMembers(session, (query) => session.http("GET", `/Groups/${encodeURIComponent(id)}`, { query }));
  const group = body as ScimGroup;
  return etag ? { ...group, meta: { ...group.meta, version: etag } } : group;
}
