// What the read and apply halves of one scim connector share: the HTTP client, the settings, what
// the server says it supports (ServiceProviderConfig, asked once), and the last version of each
// user seen, so a write can send If-Match with the ETag the plan was made against.
import { TargetError } from "../target-error.js";
import type { ScimFetch } from "./http.js";
import type { ScimGroup, ScimUser } from "./mapping.js";
import type { ScimSettings } from "./settings.js";
import type { RememberedGroups } from "../renamed-groups.js";

export interface ScimFeatures {
  etag: boolean;
  bulk: boolean;
  /**
   * The app takes PATCH. False only when its ServiceProviderConfig says `patch.supported: false`
   * (RFC 7643 §5; authentik's SCIM source does, and answers PATCH 405, goauthentik/authentik#13386,
   * #11249): a user is then written with PUT (user-put.ts). Absent or unreadable: true.
   */
  patch: boolean;
  /**
   * The app filters lists. False only when its ServiceProviderConfig says `filter.supported: false`
   * (RFC 7644 §3.4.2.2 makes filtering optional): lookups then read the whole list (lookup.ts).
   */
  filter: boolean;
  /**
   * The most resources the app returns in one answer: its ServiceProviderConfig's
   * `filter.maxResults` (RFC 7643 §5), when a positive whole number. Lists ask no more than this a
   * page (page-count.ts), so that a page of this size reads as full, and its totalResults is checked.
   */
  maxResults?: number;
}

export interface ScimSession {
  target: string;
  http: ScimFetch;
  settings: ScimSettings;
  /** Users by id as last seen (read, lookup or write answer). */
  users: Map<string, ScimUser>;
  /** Membership writes waiting for their turn, per group (see `inTurn`). */
  groupTurns: Map<string, Promise<unknown>>;
  /**
   * Groups by lower-cased displayName as this process last saw them (lookup or PATCH answer),
   * used only when the app checks If-Match: a stale copy then costs a 412 and a re-read, never a
   * wrong write.
   */
  groups: Map<string, ScimGroup>;
  /**
   * Set by read(): the externalId of every user the app held then → its id (null when two users
   * share one). The apply runs under the target's lease right after that read, so a create whose
   * anchor is not here needs no lookup first: nobody else writes scopesync's anchors meanwhile.
   */
  anchors?: Map<string, string | null>;
  /**
   * The entitlements the app policies map (ConnectorContext.entitlements): with
   * `groupMembers: filter`, the groups whose memberships the read asks about. Absent: every group.
   */
  entitlements?: readonly string[];
  /**
   * The app answered 400 to a group read naming `attributes` and answered the same read without it
   * (group-members-query.ts): group reads of this process no longer name them.
   */
  attributesRefused?: boolean;
  /**
   * The group ids the target's committed state file remembers (targets/renamed-groups.ts), read
   * when first asked. Absent: none (an import, or no app policy).
   */
  remembered?: () => RememberedGroups | undefined;
  /**
   * Set by read(): the groups renamed in the app that the read follows by id, by the lower-cased
   * name the app policy gives them (without `group:`) → the group's id. A grant or revoke of that
   * name acts on the group by its id, whatever it is called now.
   */
  renamed?: Map<string, string>;
  /** ConnectorContext.linksByLogin: an app policy links this app's accounts by userName, not by externalId. */
  linksByLogin?: boolean;
  /**
   * Set by read(): the `caseExact` the app's /Schemas declares for each mapped attribute
   * (case-exact.ts); undefined where it declares none. Apply judges the app's answers by it, as the
   * plan compared (mapping.ts, heldAs).
   */
  caseExact?: Readonly<Record<string, boolean>>;
  /** Anchors this process has sent a create for: a retry looks first (a lost answer may have been a success). */
  created: Set<string>;
  features(): Promise<ScimFeatures>;
  /** Known after the first features() call. */
  known?: ScimFeatures;
  /**
   * The app answered a user PATCH with 405 although its ServiceProviderConfig did not say it takes
   * none: the user writes of this process go by PUT from then on (user-put.ts).
   */
  patchRefused?: boolean;
  /**
   * The list pages of the read in progress, by endpoint, query and startIndex. Kept when the read
   * fails retryably, so that the next attempt (read({ resume: true })) is answered from here up to
   * the page that failed and goes on from there; dropped on success, on any other failure, when the
   * pages disagree (the app changed during the read), and by a read that does not resume.
   * `startedAt`: when the first of these pages was asked for, the state's readAt (its pages are
   * no newer than that).
   */
  readPages?: { startedAt: string; pages: Map<string, unknown> };
  /**
   * Set by the read in progress: its unfiltered lists (by path) taken whole from one answer of a
   * round number of resources, totalResults the same (cap-like.ts), to be warned of in the plan.
   */
  capLike?: Map<string, number>;
}

function supported(config: Record<string, unknown>, key: string): boolean {
  return (config[key] as { supported?: unknown } | undefined)?.supported === true;
}

/**
 * Said unsupported in so many words. PATCH and filters are what every client of an app sends, so
 * only an explicit `false` turns them off: a config that leaves them out (or an app that serves
 * none) is taken to support them, as before.
 */
function refused(config: Record<string, unknown>, key: string): boolean {
  return (config[key] as { supported?: unknown } | undefined)?.supported === false;
}

export function createSession(target: string, http: ScimFetch, settings: ScimSettings, entitlements?: readonly string[], remembered?: () => RememberedGroups | undefined): ScimSession {
  let pending: Promise<ScimFeatures> | undefined;
  const session: ScimSession = {
    target,
    http,
    settings,
    users: new Map(),
    groupTurns: new Map(),
    groups: new Map(),
    created: new Set(),
    ...(entitlements ? { entitlements } : {}),
    ...(remembered ? { remembered } : {}),
    features() {
      pending ??= discover(session).then(
        (features) => (session.known = features),
        (error: unknown) => {
          pending = undefined; // a transient failure must not stick
          throw error;
        },
      );
      return pending;
    },
  };
  return session;
}

async function discover(session: ScimSession): Promise<ScimFeatures> {
  try {
    const { body } = await session.http("GET", "/ServiceProviderConfig");
    const config = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    const maxResults = (config.filter as { maxResults?: unknown } | undefined)?.maxResults;
    const cap = typeof maxResults === "number" && Number.isInteger(maxResults) && maxResults > 0 ? { maxResults } : {};
    return { etag: supported(config, "etag"), bulk: supported(config, "bulk"), patch: !refused(config, "patch"), filter: !refused(config, "filter"), ...cap };
  } catch (error) {
    // Some apps do not serve ServiceProviderConfig: assume the least (no ETags, no bulk), and
    // PATCH, which RFC 7644 apps all take in practice. 404, or 501 Not Implemented, which RFC 7644
    // §3.12 gives for an operation a server does not support: the HTTP layer takes every 5xx for a
    // fault worth retrying, but this one says "never" (as for /Schemas, case-exact.ts).
    const status = error instanceof TargetError ? error.details.status : undefined;
    if (status === 404 || status === 501) return { etag: false, bulk: false, patch: true, filter: true };
    throw error;
  }
}

/**
 * Runs `fn` once every earlier `fn` queued under the same key has settled: one write at a time per
 * key, in arrival order. Used for group memberships when the app checks If-Match: concurrent grants
 * to one group from this process would otherwise all send the same version, all but one would get
 * 412, and after the one re-read each allows, many would fail although nothing else touched the
 * group (seen with 16 parallel grants to a 250-member group: 838 of 1,325 PATCHes answered 412).
 */
export function inTurn<T>(turns: Map<string, Promise<unknown>>, key: string, fn: () => Promise<T>): Promise<T> {
  const run = (turns.get(key) ?? Promise.resolve()).then(fn, fn);
  const tail = run.then(() => undefined, () => undefined);
  turns.set(key, tail);
  void tail.then(() => {
    if (turns.get(key) === tail) turns.delete(key);
  });
  return run;
}
