// read(): every user and group, paged by index or by cursor, into a TargetState, with memberships from
// each group's member list or, with options.groupMembers: filter, asked pair by pair
// (members-filter.ts). A failed or partial read throws: planning against a short list would turn
// missing accounts into creates and missing memberships into grants.
import type { TargetAccount, TargetState } from "../../model/target-state.js";
import { pageItemIds } from "../page-ids.js";
import { TargetError } from "../target-error.js";
import { activeOf, readAttributes, type ScimGroup, type ScimUser } from "./mapping.js";
import { listByCursor } from "./cursor-list.js";
import { disabledAtOf } from "./last-modified.js";
import { withGroupMembers } from "./group-members-query.js";
import { followRenamedGroups } from "../renamed-groups.js";
import { groupMembersSetting, groupsToAsk, membershipsByFilter } from "./members-filter.js";
import { SCIM_MAX_PAGE_SIZE } from "./schema.js";
import { pageCount } from "./page-count.js";
import type { ScimSession } from "./session.js";
import { isWholeUnpagedList } from "./whole-list.js";
import { cutMemberLists } from "./member-list-cut.js";
import { declaredCaseExact } from "./case-exact.js";
import { capLikeFinding, isCapLike } from "./cap-like.js";
import { OverSizedRead } from "./over-sized.js";

/**
 * All resources of one endpoint, paged as `options.paging` says: by cursor (cursor-list.ts), or
 * by index (below).
 */
export async function listAll(session: ScimSession, path: string, query: Record<string, string> = {}): Promise<Array<Record<string, unknown>>> {
  return session.settings.paging === "cursor" ? listByCursor(session, path, query) : listByIndex(session, path, query);
}

/**
 * Paged by startIndex. Pages advance by the number of resources received, never by itemsPerPage
 * (scimmy reports the requested count even on the last page), and stop at totalResults; an empty
 * page before that, or a total that moves while paging, is an error. totalResults is not believed
 * on a full last page: servers report the size of the page there (AWS IAM Identity Center,
 * awslabs/ssosync#1; WSO2, wso2/product-is#7320), so the page after it is asked for and must be
 * empty. A server that ignores startIndex answers its first page again (or echoes another
 * startIndex): that is said as such, not as an app that changed during the read. A first answer
 * holding more than `count` with totalResults equal to it is an app that ignores count: its whole
 * list (whole-list.ts) if the page after it answers that list again, else the first page of a list
 * it pages at its own size, which is followed (over-sized.ts). A first page that reaches totalResults
 * with fewer than `count` (but more than one) is checked the same way: RFC 7644 §3.4.2.4 lets a
 * server give fewer than asked, and apps that cap their pages report the page's size as
 * totalResults there too (better-auth/better-auth#10398: `?count=200` answered 100 with
 * totalResults 100), so the page after it is asked for and must hold nothing new. `count` is
 * pageSize, or the app's declared `filter.maxResults` when lower (page-count.ts).
 */
async function listByIndex(session: ScimSession, path: string, query: Record<string, string>): Promise<Array<Record<string, unknown>>> {
  const fail = (message: string, retryable = false, hint?: string) => {
    // Pages that disagree are not resumed from: the next attempt reads them all again.
    session.readPages = undefined;
    return new TargetError(session.target, `scim GET ${path}: ${message}`, { retryable, hint: hint ?? (retryable ? "read again" : "the app's SCIM list endpoint answers out of spec; nothing was planned from it") });
  };
  const out: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  let total: number | undefined;
  let startIndex = 1;
  // The first page, which a server that ignores startIndex answers again.
  let first: { ids: string; resources: unknown[] } | undefined;
  let pagesRead = 0;
  // The most resources one page held: the server's own page size, when it caps `count`.
  let largestPage = 0;
  // The last page was full although totalResults was reached: this page must be empty.
  let confirming = false;
  // The first answer held more than `count` with totalResults equal to it (whole-list.ts): the app
  // ignores count. Whether it honours startIndex is asked by the page after it (over-sized.ts).
  let overSized: OverSizedRead | undefined;
  // The last page taken from a failed attempt's pages, until the first page asked of the app again.
  let resumedFrom: { query: Record<string, string | number>; body: unknown } | undefined;
  const count = pageCount(session);
  const take = (resource: unknown): void => {
    const id = (resource as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || id === "") throw fail(`resource ${out.length + 1} has no id`);
    if (seen.has(id)) throw fail(`resource ${id} came twice while paging (the app changed during the read)`, true);
    seen.add(id);
    out.push(resource as Record<string, unknown>);
  };
  for (;;) {
    const pageQuery = { ...query, startIndex, count };
    let body = session.readPages?.pages.get(pageKey(path, pageQuery));
    if (body !== undefined) resumedFrom = { query: pageQuery, body };
    else {
      if (resumedFrom) {
        // Pages are positions in a list the app may have changed since the failed attempt: a user
        // deleted before this point would move the next one onto a page already read, and the read
        // would skip it (a total that stays the same if another was added). The last page read
        // before is asked for again and must not have moved; else every page is read again.
        const again = await fetchPage(session, path, resumedFrom.query);
        if (!samePage(again, resumedFrom.body)) throw fail(`the page at startIndex ${String(resumedFrom.query.startIndex)} changed between attempts (the app changed during the read); reading every page again`, true);
        resumedFrom = undefined;
      }
      body = await fetchPage(session, path, pageQuery);
      session.readPages?.pages.set(pageKey(path, pageQuery), body);
    }
    const page = body as { totalResults?: unknown; Resources?: unknown; startIndex?: unknown } | undefined;
    if (!page || typeof page.totalResults !== "number" || !Number.isInteger(page.totalResults) || page.totalResults < 0) throw fail("answer has no totalResults");
    const resources = page.Resources ?? [];
    if (!Array.isArray(resources)) throw fail("Resources is not a list");
    const ignores = (answered: string) => {
      const said = `the app ignores startIndex: asked for the page at startIndex ${startIndex}, it answered ${answered}, so its list cannot be read whole this way`;
      // Only the first page read, exactly `count` resources and totalResults the same: an app that
      // ignores paging and holds exactly that many looks the same as one that caps its pages and
      // reports the page's size (AWS). Neither is guessed: both are named, each with its fix.
      const n = first?.resources.length;
      if (confirming && pagesRead === 1 && n === count && total === n) {
        // Asked no more than the cap the app declares: its page is capped, not its whole list.
        if (count < session.settings.pageSize) return fail(`${said}: it gives at most ${n} a page (its ServiceProviderConfig says filter.maxResults ${n}) and reports the page's size as totalResults`, false, ignoresStartIndexHint(session));
        return fail(`${said}: either the app ignores paging and these ${n} are its whole list, or it gives at most ${n} a page and reports the page's size as totalResults (AWS IAM Identity Center does)`, false, wholeOrCappedHint(session, n));
      }
      return fail(said, false, ignoresStartIndexHint(session));
    };
    const ids = pageItemIds(resources);
    if (overSized) {
      const step = overSized.next(startIndex, page.totalResults, resources, ids);
      // The first page again right after it: the app ignores startIndex too, or pages by it and
      // answers past the end with its first page (scimmy does): the probe tells which, and a list
      // read from an app that pages was read whole, with nothing to warn of.
      if (step === "unpaged" && first && capLikeList(query, out.length) && (await startIndexProbe(session, path, query, first)) !== "honoured") noteCapLike(session, path, query, out.length);
      if (step !== "more") {
        const contradiction = overSized.contradiction(out.length);
        if (contradiction !== undefined) throw fail(contradiction, true);
        return out;
      }
      if (typeof page.startIndex === "number" && page.startIndex !== startIndex) throw ignores(`the page at startIndex ${page.startIndex}`);
      pagesRead++;
      for (const resource of resources) take(resource);
      startIndex += resources.length;
      continue;
    }
    if (startIndex === 1) first = { ids, resources };
    else if (confirming && pagesRead === 1 && first !== undefined && first.resources.length < count && ids === first.ids) {
      // A short first page answered again for the page after it (scimmy's answer past the end; or
      // an app that ignores startIndex, echoing its own startIndex or not): one probe tells which.
      // An app that takes count but not startIndex gave its whole list when it gave fewer than the
      // cap it declares (count is no more than that cap); without a declared cap nothing tells.
      const probe = await startIndexProbe(session, path, query, first);
      if (probe === "unpaged") noteCapLike(session, path, query, first.resources.length);
      if (probe !== "ignored" || session.known?.maxResults !== undefined) break;
      throw fail(`the app ignores startIndex: asked for the page at startIndex ${startIndex}, it answered its first page again, and it takes count: its first answer of ${first.resources.length} (fewer than the ${count} asked, totalResults ${total}) is either its whole list or all it gives a page, with the page's size reported as totalResults (AWS IAM Identity Center gives at most 100 a page so), and its ServiceProviderConfig declares no filter.maxResults to tell; the accounts past it could not be read`, false, ignoresStartIndexHint(session));
    }
    else if (resources.length > 0 && typeof page.startIndex === "number" && page.startIndex !== startIndex) throw ignores(`the page at startIndex ${page.startIndex}`);
    if (total === undefined) total = page.totalResults;
    // Not on the page that confirms the end: an app that reports the page's size as totalResults
    // says 0 (or the next page's size) there, and that page's own content decides, below.
    else if (!confirming && page.totalResults !== total) throw fail(`totalResults moved from ${total} to ${page.totalResults} while paging (the app changed during the read)`, true);
    if (startIndex > 1 && resources.length > 0 && ids === first?.ids) {
      // scimmy answers a startIndex past the end with its first page (its ListResponse slices only
      // "If startIndex is within results"): on the page that confirms the end, that is the end,
      // once the server is seen to honour startIndex (a second page that was not the first).
      if (confirming && (pagesRead > 1 || (await startIndexProbe(session, path, query, first)) === "honoured")) break;
      throw ignores("its first page again");
    }
    pagesRead++;
    if (confirming) {
      if (resources.length === 0) break;
      throw fail(`totalResults says ${total}, but the page after the ${total}th resource holds ${resources.length} more: the app reports the size of a page as totalResults, so the end of its list cannot be told`, false, ignoresStartIndexHint(session));
    }
    for (const resource of resources) take(resource);
    if (startIndex === 1 && isWholeUnpagedList(page, resources, count)) {
      // More than asked: the app ignores count. Its whole list, or its first page of a list it
      // pages by startIndex at its own size (reporting that size as totalResults): the page after
      // it tells (over-sized.ts), and is followed as a paged read when it holds more.
      overSized = new OverSizedRead(count, ids, resources.length, page.totalResults);
      startIndex += resources.length;
      continue;
    }
    const full = resources.length > 0 && (resources.length >= count || (largestPage > 0 && resources.length >= largestPage));
    // A short first page may be a capped one (above). One resource is taken as the end: no app
    // caps its pages at one, and lookups by filter, which find one, cost no second request.
    const shortFirst = pagesRead === 1 && resources.length > 1;
    largestPage = Math.max(largestPage, resources.length);
    startIndex += resources.length;
    if (out.length >= total) {
      if (!full && !shortFirst) break;
      confirming = true;
      continue;
    }
    if (resources.length === 0) throw fail(`page at startIndex ${startIndex} is empty after ${out.length} of ${total} resources`, true);
  }
  if (out.length !== total) throw fail(`got ${out.length} resources, totalResults says ${total}`, true);
  return out;
}

/**
 * Does the server honour startIndex? Asked once, of a list whose only page came back again when
 * the page after it was asked for: the second resource alone (startIndex 2, count 1). `honoured`:
 * the answer begins with the first page's second resource and follows that page, be it the one
 * asked or more (an app that ignores count: RFC 7644 §3.4.2.4 makes count a maximum the app "MUST
 * NOT" exceed, and says nothing of a startIndex past the end, which such an app, as scimmy, may
 * answer with its first page): it pages, so the list ended where its first page again came back.
 * `unpaged`: the answer is the first page again, more than the one asked with totalResults equal to
 * it (whole-list.ts): an app that ignores count as well gives its whole list every time. `ignored`:
 * anything else (an app that takes count but not startIndex).
 */
async function startIndexProbe(session: ScimSession, path: string, query: Record<string, string>, first: { ids: string; resources: readonly unknown[] }): Promise<"honoured" | "unpaged" | "ignored"> {
  if (first.resources.length < 2) return "ignored";
  const body = (await fetchPage(session, path, { ...query, startIndex: 2, count: 1 })) as { Resources?: unknown; totalResults?: unknown } | null;
  const resources = Array.isArray(body?.Resources) ? body.Resources : [];
  const idOf = (r: unknown): unknown => (r as { id?: unknown } | null)?.id;
  // Compared over what both hold: an app that caps its answers may give the page past the first one's end.
  const overlap = Math.min(resources.length, first.resources.length - 1);
  const follows = overlap > 0 && resources.slice(0, overlap).every((r, i) => idOf(r) !== undefined && idOf(r) === idOf(first.resources[i + 1]));
  if (follows) return "honoured";
  return body && isWholeUnpagedList(body, resources, 1) && pageItemIds(resources) === first.ids ? "unpaged" : "ignored";
}

/**
 * An unfiltered list taken whole from one answer of a round size (cap-like.ts): kept for the read to
 * warn of. Lookups (filtered, or outside a read) are not: they plan nothing.
 */
function noteCapLike(session: ScimSession, path: string, query: Record<string, string>, n: number): void {
  if (capLikeList(query, n)) session.capLike?.set(path, n);
}

/** Whether a list of `n` asked with `query` would be warned of (noteCapLike): only then is a probe worth its request. */
function capLikeList(query: Record<string, string>, n: number): boolean {
  return query.filter === undefined && isCapLike(n);
}

/** What to do about an app whose list ignores startIndex or misreports totalResults. */
function ignoresStartIndexHint(session: ScimSession): string {
  return `set targets.${session.target}.options.paging to cursor if the app pages by cursor and nextCursor (AWS IAM Identity Center does); nothing was planned from this list`;
}

/**
 * What to do about a first page of exactly `count` (= totalResults) answered again for the page
 * after it: another pageSize tells an app that ignores paging (its answer is then not full, or holds
 * more than asked: whole-list.ts); cursor paging reads an app that caps its pages (AWS).
 */
function wholeOrCappedHint(session: ScimSession, n: number): string {
  const other = n < SCIM_MAX_PAGE_SIZE ? `more than ${n}` : `less than ${n}`;
  return `if the app ignores paging, set targets.${session.target}.options.pageSize to ${other} (an answer that is not full, or holds more than asked with totalResults equal to it, is then read as its whole list); if it pages by cursor and nextCursor (AWS IAM Identity Center does), set targets.${session.target}.options.paging to cursor; nothing was planned from this list`;
}

function checkUser(session: ScimSession, raw: Record<string, unknown>): ScimUser {
  if (typeof raw.userName !== "string" || raw.userName === "") {
    throw new TargetError(session.target, `scim GET /Users: user ${String(raw.id)} has no userName`, { hint: "fix the user in the app; a user without a login cannot be matched" });
  }
  return raw as ScimUser;
}

function checkGroup(session: ScimSession, raw: Record<string, unknown>): ScimGroup {
  if (typeof raw.displayName !== "string" || raw.displayName === "") {
    throw new TargetError(session.target, `scim GET /Groups: group ${String(raw.id)} has no displayName`, { hint: "name the group in the app; entitlements are group:<displayName>" });
  }
  if (raw.members !== undefined && !Array.isArray(raw.members)) {
    throw new TargetError(session.target, `scim GET /Groups: members of group "${raw.displayName}" is not a list`);
  }
  return raw as unknown as ScimGroup;
}

/** A user as a TargetAccount; `active` absent counts as active (it may still have access). */
export function toAccount(user: ScimUser, entitlements: string[]): TargetAccount {
  const active = activeOf(user.active) ?? true;
  return {
    id: user.id,
    login: user.userName,
    ...(typeof user.externalId === "string" && user.externalId !== "" ? { externalId: user.externalId } : {}),
    active,
    ...(!active ? disabledSince(user) : {}),
    attributes: readAttributes(user),
    entitlements: [...new Set(entitlements)].sort(),
  };
}

/**
 * SCIM keeps no "disabled since". An inactive user's meta.lastModified is the nearest the protocol
 * offers: it is never earlier than the disable itself, so counting the delete grace period from it
 * can only postpone a delete (after a later change to the user), never bring one forward. One
 * without a zone is read at its latest instant (last-modified.ts).
 */
function disabledSince(user: ScimUser): { disabledAt?: string } {
  const disabledAt = disabledAtOf(user.meta?.lastModified);
  return disabledAt === undefined ? {} : { disabledAt };
}

/** Where a page is kept in ScimSession.readPages, for a read that resumes the attempt that read it. */
function pageKey(path: string, query: Record<string, string | number>): string {
  return `${path} ${JSON.stringify(query)}`;
}

async function fetchPage(session: ScimSession, path: string, query: Record<string, string | number>): Promise<unknown> {
  const { body } = await session.http("GET", path, { query });
  // An empty answer is kept as null (undefined would read as a page not kept); listAll says what is wrong with it.
  return body ?? null;
}

/** The same total and the same resources in the same order (pageItemIds): nothing before this page moved. */
function samePage(a: unknown, b: unknown): boolean {
  const ids = (page: unknown): string => {
    const p = page as { totalResults?: unknown; Resources?: unknown } | null;
    return `${String(p?.totalResults)} ${pageItemIds(Array.isArray(p?.Resources) ? p.Resources : [])}`;
  };
  return ids(a) === ids(b);
}

/**
 * Reads the app's users and groups. `resume`: this read retries one that failed retryably (a 429
 * or a dropped connection on page N): the pages that attempt read are not asked for again (but the
 * last of them, once, to see that the app did not move them), and the error of an attempt that got
 * further says so (TargetError progressed), so that a read of many pages is not given up for the
 * faults it meets along the way. The state's readAt is when its first page was asked for.
 */
export async function readState(session: ScimSession, resume = false): Promise<TargetState> {
  // Resuming only when there are pages to resume from: after pages were dropped (the app changed
  // under them) a retry reads afresh, and a fresh read's pages are no progress.
  const kept = resume ? session.readPages : undefined;
  const read = kept ?? { startedAt: new Date().toISOString(), pages: new Map<string, unknown>() };
  session.readPages = read;
  const before = read.pages.size;
  try {
    const state = await readAll(session, read.startedAt);
    session.readPages = undefined;
    return state;
  } catch (e) {
    if (!(e instanceof TargetError) || !e.retryable || !session.readPages) session.readPages = undefined;
    // Only a resumed read that got further counts: a fresh read's pages would all be asked for again.
    else if (kept && read.pages.size > before) e.details.progressed = true;
    throw e;
  }
}

async function readAll(session: ScimSession, readAt: string): Promise<TargetState> {
  await session.features();
  // Asked once per read, before the users: which values the app keeps in the case it is sent. The
  // plan compares by it and so does apply's check of the app's answers (session.caseExact).
  const caseExact = await declaredCaseExact(session);
  session.caseExact = caseExact.declared;
  session.capLike = new Map();
  const users = (await listAll(session, "/Users")).map((u) => checkUser(session, u));
  // Members named (group-members-query.ts): an app may return them only when asked (Keycloak).
  const listed = (await withGroupMembers(session, (query) => listAll(session, "/Groups", query))).map((g) => checkGroup(session, g));
  // Every group by its id, and the groups renamed in the app followed by it (renamed-groups.ts):
  // such a group is read under the name the app policy gives it, and a write finds it by its id.
  const followed = followRenamedGroups(session.target, listed.map((g) => ({ entitlement: `group:${g.displayName}`, id: g.id })), session.remembered?.(), session.entitlements, true);
  const groups = listed.map((g) => {
    const as = followed.alias.get(`group:${g.displayName}`);
    return as === undefined ? g : { ...g, displayName: as.slice("group:".length) };
  });
  session.renamed = new Map(followed.groupIds.filter((g) => g.renamedTo !== undefined).map((g) => [g.entitlement.slice("group:".length).toLowerCase(), g.id] as const));
  const { held, said } = session.settings.groupMembers === "filter" ? await askedMembers(session, groups, users) : listedMembers(session, groups, users);
  session.users.clear();
  const anchors = new Map<string, string | null>();
  for (const user of users) {
    session.users.set(user.id, user);
    if (typeof user.externalId === "string" && user.externalId !== "") anchors.set(user.externalId, anchors.has(user.externalId) ? null : user.id);
  }
  session.anchors = anchors;
  session.created.clear();
  const accounts = users
    .map((user) => toAccount(user, held.get(user.id) ?? []))
    .sort((a, b) => (a.login < b.login ? -1 : a.login > b.login ? 1 : a.id < b.id ? -1 : 1));
  // Every group the app has (GET /Groups lists them all), so that a mapped name the app no longer
  // has (renamed or deleted there) is said, not planned into revokes that never reach the group
  // (plan/missing-groups.ts); and each one's id, for the state file to remember.
  const groupNames = groups.map((g) => `group:${g.displayName}`).sort();
  const refused = [...followed.refuses, ...(said.refuses ?? [])];
  const refuses = refused.length > 0 ? { refuses: refused } : {};
  const capLike = [...session.capLike].map(([path, n]) => capLikeFinding(session.target, path, n));
  session.capLike = undefined;
  const found = [...(caseExact.finding ? [caseExact.finding] : []), ...capLike, ...(said.findings ?? [])];
  const findings = found.length > 0 ? { findings: found } : {};
  const declared = caseExact.declared ? { attributeCaseExact: caseExact.declared } : {};
  return { formatVersion: 1, target: session.target, readAt, accounts, credentials: [], ...said, ...findings, groupNames, groupIds: followed.groupIds, ...refuses, ...declared };
}

type Memberships = { held: Map<string, string[]>; said: Pick<TargetState, "memberLists" | "findings" | "refuses"> };

/**
 * Memberships from each group's `members` (the authority for SCIM PATCHes); nested groups are not
 * expanded: a member of type Group grants nothing here. How many groups listed any member goes
 * with the state: an app whose groups never list theirs looks exactly like one nobody is in.
 */
function listedMembers(session: ScimSession, groups: readonly ScimGroup[], users: readonly ScimUser[]): Memberships {
  const held = new Map<string, string[]>();
  let listingMembers = 0;
  for (const group of groups) {
    if ((group.members ?? []).length > 0) listingMembers++;
    for (const member of group.members ?? []) {
      if (typeof member?.value !== "string") continue;
      const list = held.get(member.value) ?? [];
      list.push(`group:${group.displayName}`);
      held.set(member.value, list);
    }
  }
  // A list an app cut short (member-list-cut.ts) is not planned from: its grants and revokes are refused, with a warning.
  const cut = cutMemberLists(session.target, groups, users, session.entitlements);
  const more = cut.findings.length > 0 ? { findings: cut.findings, refuses: cut.refuses } : {};
  return { held, said: { memberLists: { groups: groups.length, listingMembers, setting: groupMembersSetting(session.target) }, ...more } };
}

/**
 * Memberships asked of the app (members-filter.ts) for the groups the app policies map, and what
 * that took, said in the plan: one request per group and account.
 */
async function askedMembers(session: ScimSession, groups: readonly ScimGroup[], users: readonly ScimUser[]): Promise<Memberships> {
  const asked = groupsToAsk(groups, session.entitlements);
  const held = await membershipsByFilter(session, asked, users);
  const which = session.entitlements === undefined ? "every group of the app (no app policy named the groups to ask about)" : `the ${asked.length} group(s) the app policy maps that the app has`;
  const names = asked.map((g) => g.displayName).sort();
  return {
    held,
    said: {
      findings: [{
        rule: "scim-members-by-filter",
        severity: "info",
        message: `memberships read by asking the app, for ${which}${names.length > 0 ? ` (${names.slice(0, 10).join(", ")}${names.length > 10 ? ", …" : ""})` : ""} and each of its ${users.length} account(s), whether the account is a member: ${asked.length * users.length} request(s) (${groupMembersSetting(session.target)}: filter)`,
        remediation: "none needed; the requests grow with groups × accounts: map only the groups the policy manages",
      }],
    },
  };
}
