import type { GroupDoc } from "../model/documents.js";
import type { Located } from "../model/located.js";
import type { Identity } from "../model/identity.js";
import { isExpired } from "../model/time.js";
import { compileSelector } from "./selector.js";

/** Why an identity is (or was, for an expired grant) in a group: the reviewer's evidence. */
export interface Membership {
  group: string;
  via: "explicit" | "birthright";
  /** file:line of the member entry or birthright rule. */
  at: string;
  until?: string;
  reason?: string;
}

export interface GroupIndex {
  groups: Map<string, Located<GroupDoc>>;
  /** identity id → memberships that hold now (a view of `currentAt`). */
  current: { get(id: string): Membership[] | undefined };
  /** The identities the index was computed for, and each one's position by id. */
  identities: readonly Identity[];
  positions: ReadonlyMap<string, number>;
  /** The same lists as `current`, by position in `identities`: the planner walks them in that order. */
  currentAt: readonly (Membership[] | undefined)[];
  /** identity id → explicit grants whose `until` has passed (to be revoked, origin "policy"). */
  expired: Map<string, Membership[]>;
}

/**
 * Computes every identity's group memberships at `now`: explicit members whose `until` has not
 * passed, plus birthright rules matched on attributes. Linear in identities × groups.
 */
export function computeMemberships(groups: Located<GroupDoc>[], identities: Identity[], now: number): GroupIndex {
  const expired = new Map<string, Membership[]>();
  // Lists are gathered by identity position: a Map lookup by id for each of several hundred
  // thousand memberships was most of the time spent here.
  const currentAt: (Membership[] | undefined)[] = new Array(identities.length);
  const addAt = (i: number, m: Membership): void => {
    const list = currentAt[i];
    if (list) list.push(m);
    else currentAt[i] = [m];
  };
  const position = new Map(identities.map((identity, i) => [identity.id, i]));
  // A member named by a login the sources renamed is the renamed person (identity.formerIds).
  const former = formerPositions(identities, position);
  const memberAt = (name: string): number | undefined => position.get(name) ?? former?.get(name);
  const memberId = (name: string): string => {
    const i = memberAt(name);
    return i === undefined ? name : identities[i]!.id;
  };
  // Who each group names explicitly and holds now: its birthright rules do not apply to them.
  const explicitNow = groups.map((g) => new Set((g.value.members ?? []).filter((m) => !(m.until && isExpired(m.until, now)) && memberAt(m.identity) !== undefined).map((m) => memberId(m.identity))));
  const admitted = birthrightMatches(groups, identities, explicitNow);
  groups.forEach((g, gi) => {
    (g.value.members ?? []).forEach((m, i) => {
      const at = `${g.file}:${g.locate(["members", i]).line}`;
      const membership: Membership = { group: g.value.id, via: "explicit", at, ...(m.until ? { until: m.until } : {}), ...(m.reason ? { reason: m.reason } : {}) };
      if (m.until && isExpired(m.until, now)) {
        const id = memberId(m.identity);
        const list = expired.get(id);
        if (list) list.push(membership);
        else expired.set(id, [membership]);
        return;
      }
      const member = memberAt(m.identity);
      if (member !== undefined) addAt(member, membership);
    });
    const hits = admitted[gi];
    if (!hits) return;
    // Every identity a rule admits has the same membership: one shared, read-only object per rule
    // (and one `locate` walk of the YAML) instead of one per identity.
    const viaRule: Membership[] = [];
    for (let k = 0; k < hits.length; k += 2) {
      const rule = hits[k + 1]!;
      addAt(hits[k]!, (viaRule[rule] ??= { group: g.value.id, via: "birthright", at: `${g.file}:${g.locate(["birthright", rule]).line}` }));
    }
  });
  shareLists(currentAt);
  // Looked up through the positions rather than copied into a Map keyed by id: one 100k-entry Map
  // fewer to build and keep.
  const current = {
    get: (id: string): Membership[] | undefined => {
      const i = position.get(id);
      return i === undefined ? undefined : currentAt[i];
    },
  };
  return { groups: new Map(groups.map((g) => [g.value.id, g])), current, expired, identities, positions: position, currentAt };
}

/**
 * Earlier logins of renamed people → their position, where no current identity has that login;
 * undefined when nobody was renamed (nearly always).
 */
function formerPositions(identities: readonly Identity[], position: ReadonlyMap<string, number>): Map<string, number> | undefined {
  let former: Map<string, number> | undefined;
  for (let i = 0; i < identities.length; i++) {
    for (const f of identities[i]!.formerIds ?? []) if (!position.has(f)) (former ??= new Map()).set(f, i);
  }
  return former;
}

/**
 * Identities with the same memberships (the same birthright rules, and no grant of their own)
 * share one exactly sized, read-only list. A list built by push keeps room for 17 entries: a
 * million identities' lists of three held 180 MB, nearly all of it empty slots and repeats.
 */
function shareLists(lists: (Membership[] | undefined)[]): void {
  const ids = new Map<Membership, number>();
  const shared = new Map<string, Membership[]>();
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i];
    if (!list) continue;
    let key = "";
    for (const m of list) {
      let id = ids.get(m);
      if (id === undefined) ids.set(m, (id = ids.size));
      key += `${id},`;
    }
    let one = shared.get(key);
    if (!one) shared.set(key, (one = list.slice()));
    lists[i] = one;
  }
}

/**
 * For each group with birthright rules, the identities its rules admit, in identity order, as
 * flattened (identity index, first matching rule) pairs; undefined for groups without rules.
 * One pass over the identities evaluates every group's rules while that identity is at hand:
 * one pass per group over 100k+ scattered identity objects was the slowest part of planning, and
 * the time went to memory access, not to comparing values.
 */
function birthrightMatches(groups: Located<GroupDoc>[], identities: Identity[], explicitNow: Set<string>[]): (number[] | undefined)[] {
  const admitted: (number[] | undefined)[] = groups.map((g) => ((g.value.birthright ?? []).length > 0 ? [] : undefined));
  const ruled = groups.flatMap((g, gi) => (admitted[gi] ? [{ hits: admitted[gi]!, matchers: g.value.birthright!.map(compileSelector), explicit: explicitNow[gi]! }] : []));
  for (let index = 0; index < identities.length; index++) {
    const identity = identities[index]!;
    for (const { hits, matchers, explicit } of ruled) {
      if (explicit.size > 0 && explicit.has(identity.id)) continue;
      // The first rule that matches (a loop, not findIndex: no closure for each identity and group).
      for (let rule = 0; rule < matchers.length; rule++) {
        if (matchers[rule]!(identity)) {
          hits.push(index, rule);
          break;
        }
      }
    }
  }
  return admitted;
}
