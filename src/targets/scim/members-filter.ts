// Memberships of an app whose groups do not list their members (`options.groupMembers: filter`).
// AWS IAM Identity Center documents: "GetGroup and ListGroups return an empty member list. To see
// group info for a certain member, call ListGroups with a member filter", supported combinations
// "(displayName), (externalId), (id and member), and (member and id)", operator `eq` only, as
// `GET /Groups?filter=id eq "G" and members eq "U"`, answered with that one group or none, and 404
// ResourceNotFoundException "when filter querying with a nonexisting member"
// (https://docs.aws.amazon.com/singlesignon/latest/developerguide/listgroups.html, getgroup.html).
// Read from the member lists, every group there looks empty: no revoke is ever planned and every
// grant is planned again on every run. So each (group, account) pair is asked, and an answer that
// is not a clear yes or no fails the read: "no members" is never the fallback.
import { normaliseLogin } from "../../model/keys.js";
import { TargetError } from "../target-error.js";
import { filterValue, type ScimGroup, type ScimUser } from "./mapping.js";
import type { ScimSession } from "./session.js";

/** What the app says of one account and one group. `unknown-member`: it knows no such account (404). */
export type MemberAnswer = "member" | "not-member" | "unknown-member";

/** The one filter IAM Identity Center answers for a membership (its ListGroups examples). */
export function membershipFilter(groupId: string, userId: string): string {
  return `id eq ${filterValue(groupId)} and members eq ${filterValue(userId)}`;
}

/** `targets.<name>.options.groupMembers`, as messages name it. */
export function groupMembersSetting(target: string): string {
  return `targets.${target}.options.groupMembers`;
}

/**
 * Asks whether `userId` is a member of `groupId`. The answer must be a list of that group alone
 * (member) or of nothing (not a member); a 404 is the app not knowing the account. A 400 is the
 * app refusing the filter: an error naming the setting. Anything else (another group, a list
 * without totalResults) is an app that did not apply the filter, which must not read as "no".
 */
export async function askMembership(session: ScimSession, groupId: string, userId: string): Promise<MemberAnswer> {
  const filter = membershipFilter(groupId, userId);
  const what = `scim GET /Groups?filter=${filter}`;
  let body: unknown;
  try {
    ({ body } = await session.http("GET", "/Groups", { query: { filter } }));
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    if (error.details.status === 404) return "unknown-member";
    if (error.details.status === 400) {
      throw new TargetError(session.target, `${error.bare}: the app refuses the membership filter that ${groupMembersSetting(session.target)}: filter asks (${filter})`, {
        ...error.details,
        hint: `set ${groupMembersSetting(session.target)} to listed if the app lists each group's members (GET /Groups/{id} shows them); nothing is planned for this target until its memberships can be read`,
      });
    }
    throw error;
  }
  const page = body as { totalResults?: unknown; Resources?: unknown } | undefined;
  const resources = page?.Resources ?? [];
  if (!page || typeof page.totalResults !== "number" || !Array.isArray(resources)) {
    throw new TargetError(session.target, `${what}: the answer is not a SCIM list (no totalResults or Resources)`, { hint: `the app does not answer membership filters as ${groupMembersSetting(session.target)}: filter needs; set it to listed if its groups list their members` });
  }
  const ids = resources.map((r) => (r as { id?: unknown } | null)?.id);
  if (page.totalResults === 0 && ids.length === 0) return "not-member";
  if (page.totalResults === 1 && ids.length === 1 && ids[0] === groupId) return "member";
  // An app that ignores the filter answers every group (or another one): reading that as a
  // membership, or as none, would plan grants and revokes nobody asked for.
  throw new TargetError(session.target, `${what}: the app answered ${page.totalResults} group(s) (${ids.map(String).slice(0, 3).join(", ")}), not group ${groupId} alone or none: it did not apply the filter`, {
    hint: `the app does not answer membership filters as ${groupMembersSetting(session.target)}: filter needs; set it to listed if its groups list their members`,
  });
}

/** The groups to ask about: those whose `group:<displayName>` the app policies map (case-insensitively), or every group when no policy was given. */
export function groupsToAsk(groups: readonly ScimGroup[], entitlements: readonly string[] | undefined): ScimGroup[] {
  if (entitlements === undefined) return [...groups];
  const mapped = new Set(entitlements.filter((e) => e.startsWith("group:")).map((e) => normaliseLogin(e.slice("group:".length))));
  return groups.filter((g) => mapped.has(normaliseLogin(g.displayName)));
}

/**
 * Every (group, account) pair asked, at most `maxConcurrency` at once: userId → the displayNames of
 * the groups it is a member of. A pair answered by an earlier attempt of the same read (kept in
 * session.readPages, like list pages) is not asked again, so a read that meets 429s goes on from
 * where it stopped. The first failure stops new questions; the read then fails with it (a refusal,
 * which no retry mends, before a retryable one). An account the app no longer knows (404) was
 * deleted since it was listed: the read fails retryably and the next attempt reads afresh.
 */
export async function membershipsByFilter(session: ScimSession, groups: readonly ScimGroup[], users: readonly ScimUser[]): Promise<Map<string, string[]>> {
  const pairs: Array<[ScimGroup, ScimUser]> = [];
  for (const group of groups) for (const user of users) pairs.push([group, user]);
  const answers: boolean[] = new Array<boolean>(pairs.length).fill(false);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < pairs.length) {
      const i = next++;
      const [group, user] = pairs[i]!;
      const key = `membership ${JSON.stringify([group.id, user.id])}`;
      const kept = session.readPages?.pages.get(key);
      if (typeof kept === "boolean") {
        answers[i] = kept;
        continue;
      }
      try {
        const answer = await askMembership(session, group.id, user.id);
        if (answer === "unknown-member") {
          // The user list this read holds is out of date: the next attempt must list users again.
          session.readPages = undefined;
          throw new TargetError(session.target, `scim GET /Groups?filter=${membershipFilter(group.id, user.id)}: 404, user "${user.userName}" is gone since it was listed (the app changed during the read)`, { status: 404, retryable: true, hint: "read again" });
        }
        answers[i] = answer === "member";
        session.readPages?.pages.set(key, answers[i]);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(session.settings.maxConcurrency, pairs.length)) }, worker));
  if (failures.length > 0) throw failures.find((f) => !(f instanceof TargetError) || !f.retryable) ?? failures[0];
  const held = new Map<string, string[]>();
  pairs.forEach(([group, user], i) => {
    if (!answers[i]) return;
    const list = held.get(user.id) ?? [];
    list.push(`group:${group.displayName}`);
    held.set(user.id, list);
  });
  return held;
}
