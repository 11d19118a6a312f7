// apply(change): one planned change, idempotently. Every action first looks at what the app holds
// and answers `unchanged` when it already matches, so a re-run after a crash converges without
// duplicates. Writes send If-Match with the version last seen when the app offers ETags; a 412
// is retried once after reading the resource again.
import type { AttributeChange, Change } from "../../model/change.js";
import type { ApplyOutcome } from "../connector.js";
import { TargetError } from "../target-error.js";
import { getGroup, getUser, groupFor, locateUser, remember, userByAnchor } from "./lookup.js";
import { askMembership } from "./members-filter.js";
import { confirmMembership } from "./membership-confirm.js";
import { activeOf, createBody, filterValue, patchBody, userOperations, type PatchOperation, type ScimGroup, type ScimUser } from "./mapping.js";
import { plannedDifferences } from "./planned-match.js";
import { unkept, unkeptHint } from "./kept-attributes.js";
import { putBody } from "./user-put.js";
import { inTurn, type ScimSession } from "./session.js";

/** What to do about a write the app's own answer does not confirm. */
const UNCONFIRMED_HINT = "the app may manage this account elsewhere (single sign-on, its own directory sync) or not support the attribute over SCIM: make the change in the app by hand, then run apply again (it finds it done)";

const statusOf = (error: unknown) => (error instanceof TargetError ? error.details.status : undefined);

function loginOf(change: Change): string | undefined {
  return change.attributes?.login?.to ?? change.login ?? undefined;
}

async function mustLocate(session: ScimSession, change: Change): Promise<ScimUser> {
  const user = await locateUser(session, change);
  if (user) return user;
  const by = change.account ? `id ${change.account}` : [change.anchor && `externalId ${change.anchor}`, change.login && `userName "${change.login}"`].filter(Boolean).join(" or ");
  throw new TargetError(session.target, `no user with ${by || "any key (the change names no account, anchor or login)"}`, {
    status: 404,
    hint: "the account is gone from the app or was never created; plan again against the live app",
  });
}

async function createAccount(session: ScimSession, change: Change): Promise<ApplyOutcome> {
  const anchor = change.anchor ?? change.attributes?.externalId?.to ?? undefined;
  const login = loginOf(change);
  if (!anchor) throw new TargetError(session.target, "has no anchor to mark the new account with", { hint: "scopesync creates only accounts it can find again by externalId; this is a planner bug" });
  if (!login) throw new TargetError(session.target, "has no login for the new account", { hint: "set the identity's login attribute" });
  // Idempotence: a user already marked with this anchor is the one an earlier run created.
  const existing = await userByAnchor(session, anchor);
  if (existing) return { status: "unchanged", account: existing.id };
  session.created.add(anchor);
  try {
    const { body, etag } = await session.http("POST", "/Users", { body: createBody(login, anchor, change.attributes) });
    const user = body as ScimUser | undefined;
    if (!user || typeof user.id !== "string") throw new TargetError(session.target, "scim POST /Users: answer has no id");
    remember(session, user, etag);
    // The account exists now, but one the app did not keep the link of is not the identity's: the
    // next plan cannot find it (kept-attributes.ts). Where accounts link by login, the externalId is not needed.
    const wanted: Record<string, AttributeChange> = { ...change.attributes, login: { from: null, to: login }, externalId: { from: null, to: anchor } };
    if (session.linksByLogin) delete wanted.externalId;
    const lost = unkept(user, wanted, "create", session.caseExact);
    if (lost) throw new TargetError(session.target, `scim POST /Users: created the user "${user.userName}" (id ${user.id}), but ${lost.why}`, { retryable: false, hint: unkeptHint(session.target, lost) });
    return { status: "applied", account: user.id };
  } catch (error) {
    if (statusOf(error) === 409) {
      // Made since the read by another writer (a second apply from another checkout, the app's own
      // sync): the user carrying this anchor is the one this change makes. Asked of the app itself,
      // as the anchor is in `created` now.
      const made = await userByAnchor(session, anchor);
      if (made) {
        // Only the very account this change makes is "already in place" (planned-match.ts).
        const differs = plannedDifferences(made, login, anchor, change.attributes, session.caseExact);
        if (differs.length === 0) return { status: "unchanged", account: made.id };
        throw new TargetError(session.target, `409: the app already holds a user marked ${anchor} ("${made.userName}", id ${made.id}) that the plan did not know of, and it is not the planned account (${differs.join(", ")} differ)`, {
          status: 409,
          retryable: false,
          hint: "the read this plan was made from did not list that user (an app that cut its list short, or a user someone made since): plan again against the live app (plan --live) and review what the new plan does with it",
        });
      }
      throw new TargetError(session.target, `409 uniqueness on userName "${login}" (${(error as TargetError).bare})`, {
        status: 409,
        retryable: false,
        hint: `the app already has a user "${login}" that is not marked ${anchor}: link it (set its externalId) or give this identity another login`,
      });
    }
    throw error;
  }
}

/** Why a user's write answer shows the change not made, and what to do (default UNCONFIRMED_HINT). */
interface Refusal { why: string; hint?: string }

/** The method user writes go by now: PUT for an app that takes no PATCH (user-put.ts). */
async function userWriteMethod(session: ScimSession): Promise<"PATCH" | "PUT"> {
  return (await session.features()).patch && session.patchRefused !== true ? "PATCH" : "PUT";
}

/**
 * PATCH a user to what `operationsFor` asks. No operations against a fresh read: unchanged. With
 * ETags: If-Match the version last seen; on 412 read again and try once more. A 200 answer is the
 * user after the change (RFC 7644 section 3.5.2): another user's, or one `refuses` finds not
 * changed, is a failure, not "applied" (an app that manages status elsewhere answers so). An app
 * that takes no PATCH (`patch.supported: false`, or a 405 to one) is sent the whole user by PUT,
 * built from a fresh read (user-put.ts).
 */
async function patchUser(session: ScimSession, start: ScimUser, fresh: boolean, operationsFor: (user: ScimUser) => PatchOperation[], refuses?: (after: ScimUser, method: string) => Refusal | undefined): Promise<ApplyOutcome> {
  const { etag, patch } = await session.features();
  let user = start;
  let isFresh = fresh;
  let retried412 = false;
  for (;;) {
    const put = !patch || session.patchRefused === true;
    const operations = operationsFor(user);
    // PUT replaces the whole user: it starts from the user as the app holds it now.
    if (operations.length === 0 || (put && !isFresh)) {
      if (isFresh) return { status: "unchanged", account: user.id };
      // A cached copy says there is nothing to do (or is the base of a PUT): make sure against the live user.
      const live = await getUser(session, user.id);
      if (!live) throw new TargetError(session.target, `user ${user.id} is gone from the app`, { status: 404, hint: "plan again against the live app" });
      user = live;
      isFresh = true;
      continue;
    }
    const method = put ? "PUT" : "PATCH";
    try {
      const ifMatch = etag ? user.meta?.version : undefined;
      const response = await session.http(method, `/Users/${encodeURIComponent(user.id)}`, { body: put ? putBody(user, operations) : patchBody(operations), ...(ifMatch ? { ifMatch } : {}) });
      const after = response.body as ScimUser | undefined;
      // 204 (no body): the new version is unknown, so forget the cached copy.
      if (!after || typeof after.id !== "string") {
        session.users.delete(user.id);
        return { status: "applied", account: user.id };
      }
      if (after.id !== user.id) {
        session.users.delete(user.id);
        throw new TargetError(session.target, `scim ${method} /Users/${user.id}: the app answered 200 with another user (id ${after.id}), so nothing confirms the change`, { hint: UNCONFIRMED_HINT });
      }
      remember(session, after, response.etag);
      const refused = refuses?.(after, method);
      if (refused) throw new TargetError(session.target, `scim ${method} /Users/${user.id}: ${refused.why}`, { hint: refused.hint ?? UNCONFIRMED_HINT });
      return { status: "applied", account: user.id };
    } catch (error) {
      if (statusOf(error) === 405 && !put) {
        // Method Not Allowed: nothing was changed; this app's users are written by PUT from now on.
        session.patchRefused = true;
        continue;
      }
      if (statusOf(error) !== 412) throw error;
      if (retried412) {
        throw new TargetError(session.target, `user "${user.userName}" changed again while it was being updated (412 twice)`, { status: 412, retryable: true });
      }
      retried412 = true;
      const live = await getUser(session, user.id);
      if (!live) throw new TargetError(session.target, `user ${user.id} is gone from the app`, { status: 404, hint: "plan again against the live app" });
      user = live;
      isFresh = true;
    }
  }
}

/** The cached copy from read() when there is one (its version is the one the plan saw), else a lookup. */
async function startingUser(session: ScimSession, change: Change): Promise<{ user: ScimUser; fresh: boolean }> {
  const cached = change.account ? session.users.get(change.account) : undefined;
  if (cached) return { user: cached, fresh: false };
  return { user: await mustLocate(session, change), fresh: true };
}

async function updateAccount(session: ScimSession, change: Change): Promise<ApplyOutcome> {
  const { user, fresh } = await startingUser(session, change);
  const attributes = change.attributes ?? {};
  const link = attributes.externalId?.to ?? undefined;
  const notKept = (after: ScimUser): Refusal | undefined => {
    const lost = unkept(after, attributes, "update", session.caseExact);
    return lost ? { why: lost.why, hint: unkeptHint(session.target, lost) } : undefined;
  };
  try {
    const outcome = await patchUser(session, user, fresh, (u) => userOperations(u, attributes, session.caseExact), notKept);
    // A 204 shows nothing: a link is read back, as the plan will read it (the user the answer gave
    // is cached); so is everything else the update set, as the same read shows it.
    if (link && outcome.status === "applied" && !session.users.has(user.id)) {
      const live = await getUser(session, user.id);
      const lost = live ? notKept(live) : undefined;
      if (lost) throw new TargetError(session.target, `scim GET /Users/${user.id} after the update: ${lost.why}`, { hint: lost.hint });
    }
    return outcome;
  } catch (error) {
    const login = attributes.login?.to;
    if (statusOf(error) === 409 && login) {
      throw new TargetError(session.target, `409 uniqueness on userName "${login}" (${(error as TargetError).bare})`, {
        status: 409,
        retryable: false,
        hint: `another user in the app already has the userName "${login}"; free it or choose another login`,
      });
    }
    throw error;
  }
}

/**
 * Disables or enables, and makes sure the app did: an offboarding counted as applied must be done.
 * A 200 answer that gives `active` is the user after the change; a 204, or one without `active`,
 * is followed by a read of the user, which must give it (RFC 7643 returns `active` by default):
 * a change nothing confirms is not counted as made.
 */
async function setActive(session: ScimSession, change: Change, active: boolean): Promise<ApplyOutcome> {
  const { user, fresh } = await startingUser(session, change);
  // Said with the method the write went by: a PUT-only app (user-put.ts) was sent no PATCH.
  const kept = (login: string | undefined, method: string) => `the app answered the ${method} but "${login ?? user.userName}" is still ${active ? "disabled" : "active"}: it did not ${active ? "enable" : "disable"} the account`;
  const refuses = (after: ScimUser, method: string): Refusal | undefined => {
    const now = activeOf(after.active);
    return now !== undefined && now !== active ? { why: kept(after.userName, method) } : undefined;
  };
  const outcome = await patchUser(session, user, fresh, (u) => ((activeOf(u.active) ?? true) === active ? [] : [{ op: "replace", path: "active", value: active }]), refuses);
  if (outcome.status !== "applied" || activeOf(session.users.get(user.id)?.active) !== undefined) return outcome;
  const method = await userWriteMethod(session);
  const live = await getUser(session, user.id);
  if (!live) throw new TargetError(session.target, `user ${user.id} is gone from the app`, { status: 404, hint: "plan again against the live app" });
  const now = activeOf(live.active);
  if (now === undefined) {
    throw new TargetError(session.target, `scim ${method} /Users/${user.id}: the app answered without the user, and GET /Users/${user.id} does not say whether "${live.userName}" is active: nothing confirms the account was ${active ? "enabled" : "disabled"}`, { hint: UNCONFIRMED_HINT });
  }
  if (now !== active) throw new TargetError(session.target, `scim ${method} /Users/${user.id}: ${kept(live.userName, method)}`, { hint: UNCONFIRMED_HINT });
  return outcome;
}

async function deleteAccount(session: ScimSession, change: Change): Promise<ApplyOutcome> {
  const { etag } = await session.features();
  let id = change.account;
  if (!id) {
    const user = await locateUser(session, change);
    if (!user) return { status: "unchanged" };
    id = user.id;
  }
  const path = `/Users/${encodeURIComponent(id)}`;
  const attempt = async (version: string | undefined) => {
    await session.http("DELETE", path, version && etag ? { ifMatch: version } : {});
    session.users.delete(id);
  };
  try {
    await attempt(session.users.get(id)?.meta?.version);
  } catch (error) {
    if (deleteNotTaken(error)) return deleteAnsweredNotDone(session, id, error as TargetError);
    if (statusOf(error) !== 412) throw error;
    const live = await getUser(session, id);
    if (!live) return { status: "unchanged", account: id };
    try {
      await attempt(live.meta?.version);
    } catch (again) {
      if (deleteNotTaken(again)) return deleteAnsweredNotDone(session, id, again as TargetError);
      throw again;
    }
  }
  await confirmDeleted(session, id, "answered the DELETE");
  return { status: "applied", account: id };
}

/**
 * A DELETE answered 404 or 405. A 404 is "already gone" only if the user is: an app that has no
 * DELETE route answers 404 from its router (Canva: "The Canva SCIM API doesn't implement a REST
 * DELETE operation for a SCIM user", https://www.canva.dev/docs/scim/delete-user), a 405 the same
 * in other frameworks. So the user is asked for, as after a DELETE answered 204.
 */
const deleteNotTaken = (error: unknown) => statusOf(error) === 404 || statusOf(error) === 405;

async function deleteAnsweredNotDone(session: ScimSession, id: string, error: TargetError): Promise<ApplyOutcome> {
  // error.bare is "scim DELETE /Users/<id>: 404: <the app's words>": the answer alone goes in the message.
  const answer = error.bare.replace(/^scim DELETE \S+: /, "");
  await confirmDeleted(session, id, `answered the DELETE with ${answer}`, true);
  return { status: "unchanged", account: id };
}

/**
 * A deleted user is gone: RFC 7644 section 3.6 lets a server keep it only if it "MUST return a 404
 * error code for all operations associated with the previously deleted resource". Apps whose DELETE
 * only deactivates (StoryChief, Zuora, Tracecat) still answer the user, inactive, and so do apps
 * that implement no DELETE (`refused`: the DELETE was answered with an error): a delete counted as
 * made there would be planned and "applied" again on every run, so it is not counted.
 */
async function confirmDeleted(session: ScimSession, id: string, answered: string, refused = false): Promise<void> {
  const after = await getUser(session, id);
  if (!after) return;
  const what = `scim DELETE /Users/${id}: the app ${answered} but GET /Users/${id} still answers "${after.userName}"`;
  const why = refused ? "the app does not delete users over SCIM" : "the app keeps deleted users deactivated";
  const setDeactivate = `set targets.${session.target}.options.deletes to deactivate: plans then stop deleting accounts in this app, whose disabled accounts are offboarded already`;
  if ((activeOf(after.active) ?? true) === false) {
    throw new TargetError(session.target, `${what}, inactive: ${why}, so the account was not deleted (it stays disabled, which offboards it)`, {
      hint: session.settings.deletes === "deactivate"
        ? "the app cannot delete users over SCIM: delete the account in the app by hand if it must go; plans made with this setting do not ask for deletes"
        : setDeactivate,
    });
  }
  throw new TargetError(session.target, `${what}, still active: it did not delete the account`, { hint: refused ? `${setDeactivate} (an active one is then disabled)` : UNCONFIRMED_HINT });
}

function groupName(session: ScimSession, change: Change): string {
  const match = /^group:(.+)$/.exec(change.entitlement ?? "");
  if (!match) {
    throw new TargetError(session.target, `entitlement "${change.entitlement ?? ""}" is not a group`, { hint: 'scim apps hold entitlements as group memberships: map them as "group:<displayName>" in the app policy' });
  }
  return match[1]!;
}

const isMember = (group: ScimGroup, id: string) => (group.members ?? []).some((m) => m?.value === id);

/**
 * The user a membership change is about. The copy this process already holds (from read(), or
 * the create earlier in the same identity's lane) is enough: only its id is used, so the GET of a
 * lookup is saved. A grant to an id the app no longer knows fails on the app's own check of the
 * member; for a revoke, the group's member list decides.
 */
async function memberUser(session: ScimSession, change: Change): Promise<ScimUser | undefined> {
  const cached = change.account ? session.users.get(change.account) : undefined;
  return cached ?? (await locateUser(session, change));
}

/** Adds or removes one member with a PATCH of that member only: the member list is never replaced. */
async function membership(session: ScimSession, change: Change, add: boolean): Promise<ApplyOutcome> {
  const name = groupName(session, change);
  const user = await memberUser(session, change);
  if (!user) {
    if (!add) return { status: "unchanged" }; // no account, so no membership to take away
    await mustLocate(session, change);
  }
  const id = user!.id;
  const { etag, patch } = await session.features();
  if (!patch) {
    // A PUT of the group would replace its whole member list: one read short (an app that caps
    // member lists) or changed since would drop members nobody meant to remove.
    throw new TargetError(session.target, `the app takes no PATCH (ServiceProviderConfig patch.supported: false), and scopesync changes a group's members only by a PATCH of that one member, never by replacing the whole member list (PUT)`, {
      hint: `${add ? "add" : "remove"} the member in the app by hand, then run apply again (it finds it done)`,
    });
  }
  // With ETags, this process's own writes to one group take turns (see inTurn); If-Match still
  // catches anyone else's. Without ETags there is nothing to collide on.
  const write = () => writeMembership(session, name, id, add, etag);
  return etag ? inTurn(session.groupTurns, name.toLowerCase(), write) : write();
}

async function writeMembership(session: ScimSession, name: string, id: string, add: boolean, etag: boolean): Promise<ApplyOutcome> {
  const key = name.toLowerCase();
  // With options.groupMembers: filter the group's member list says nothing (members-filter.ts):
  // the app is asked about this member each time, an answer as fresh as a re-read group.
  const byFilter = session.settings.groupMembers === "filter";
  const holds = async (g: ScimGroup): Promise<boolean> => (byFilter ? (await askMembership(session, g.id, id)) === "member" : isMember(g, id));
  // With If-Match the last copy seen is safe to start from (a stale one meets a 412); without it,
  // a stale copy could add a member twice, so the group is always read first.
  const cached = etag ? session.groups.get(key) : undefined;
  let group = cached ?? (await groupFor(session, name));
  let fresh = !cached;
  if (etag) session.groups.set(key, group);
  for (let attempt = 0; ; attempt++) {
    if ((await holds(group)) === add) {
      if (fresh || byFilter) return { status: "unchanged", account: id };
      // The cached copy says there is nothing to do: make sure against the live group.
      group = await getGroup(session, group.id);
      fresh = true;
      session.groups.set(key, group);
      continue;
    }
    const operation: PatchOperation = add
      ? { op: "add", path: "members", value: [{ value: id }] }
      : { op: "remove", path: `members[value eq ${filterValue(id)}]` };
    const ifMatch = etag ? group.meta?.version : undefined;
    try {
      const response = await session.http("PATCH", `/Groups/${encodeURIComponent(group.id)}`, { body: patchBody([operation]), ...(ifMatch ? { ifMatch } : {}) });
      // The answer is the group after the change (or 204, nothing): the next write starts from it.
      const after = response.body as ScimGroup | undefined;
      const isGroup = !!after && typeof after.id === "string";
      // Only a member list shows the change (not with groupMembers: filter: that app's member lists
      // are empty whatever it holds). One that still has (or still lacks) this member did not make it.
      if (!byFilter && isGroup && Array.isArray(after!.members)) {
        if (isMember(after!, id) !== add) {
          session.groups.delete(key);
          throw new TargetError(session.target, `scim PATCH /Groups/${group.id}: the app answered 200 but the group "${name}" ${add ? "still lacks" : "still has"} the member ${id}: it did not ${add ? "add" : "remove"} it`, { hint: UNCONFIRMED_HINT });
        }
        if (etag && (response.etag ?? after!.meta?.version)) session.groups.set(key, { ...after!, meta: { ...after!.meta, version: response.etag ?? after!.meta?.version } });
        else session.groups.delete(key);
        return { status: "applied", account: id };
      }
      // A 204, or a 200 without the member list, says nothing about the membership: asked again
      // (membership-confirm.ts), a change nothing confirms is not counted as made.
      session.groups.delete(key);
      const answered = isGroup ? `${response.status} without the group's members` : `${response.status} without the group`;
      const read = await confirmMembership(session, group, name, id, add, answered);
      if (etag && read?.meta?.version) session.groups.set(key, read);
      return { status: "applied", account: id };
    } catch (error) {
      // Whatever happened, the copy may be stale now (a lost answer may still have been applied).
      session.groups.delete(key);
      const status = statusOf(error);
      if (status === 404 && !fresh) {
        // The cached group is gone or was replaced: find it by name again.
        group = await groupFor(session, name);
        fresh = true;
        continue;
      }
      if (status !== 412) throw error;
      if (attempt > 0 && fresh) throw new TargetError(session.target, `group "${name}" changed again while it was being updated (412 twice)`, { status: 412, retryable: true });
      group = await getGroup(session, group.id);
      fresh = true;
    }
  }
}

export async function applyChange(session: ScimSession, change: Change): Promise<ApplyOutcome> {
  try {
    switch (change.action) {
      case "create-account":
        return await createAccount(session, change);
      case "update-account":
        return await updateAccount(session, change);
      case "disable-account":
        return await setActive(session, change, false);
      case "enable-account":
        return await setActive(session, change, true);
      case "delete-account":
        return await deleteAccount(session, change);
      case "grant":
        return await membership(session, change, true);
      case "revoke":
        return await membership(session, change, false);
      case "revoke-credential":
        throw new TargetError(session.target, "SCIM has no credentials to revoke (supportsCredentials is false)", { hint: "revoke the credential in the app itself, or remove it from the identity's credentials for this target" });
      default:
        throw new TargetError(session.target, `unknown action "${String((change as { action: unknown }).action)}"`);
    }
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    // Context for the person reading the journal: which change, for whom.
    throw new TargetError(session.target, `${change.action} ${change.identity}${change.entitlement ? ` ${change.entitlement}` : ""}: ${error.bare}`, error.details);
  }
}
