import type { GroupDoc } from "../config/documents.js";
import type { Located } from "../config/load-repo.js";
import type { Identity } from "../model/identity.js";
import { parseDate } from "../model/time.js";
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
  /** identity id → memberships that hold now. */
  current: Map<string, Membership[]>;
  /** identity id → explicit grants whose `until` has passed (to be revoked, origin "policy"). */
  expired: Map<string, Membership[]>;
}

/**
 * Computes every identity's group memberships at `now`: explicit members whose `until` has not
 * passed, plus birthright rules matched on attributes. Linear in identities × groups.
 */
export function computeMemberships(groups: Located<GroupDoc>[], identities: Identity[], now: number): GroupIndex {
  const current = new Map<string, Membership[]>();
  const expired = new Map<string, Membership[]>();
  const add = (map: Map<string, Membership[]>, id: string, m: Membership): void => {
    const list = map.get(id);
    if (list) list.push(m);
    else map.set(id, [m]);
  };
  const byId = new Map(identities.map((i) => [i.id, i]));
  // Who each group names explicitly and holds now: its birthright rules do not apply to them.
  const explicitNow = groups.map((g) => new Set((g.value.members ?? []).filter((m) => !(m.until && parseDate(m.until) <= now) && byId.has(m.identity)).map((m) => m.identity)));
  const admitted = birthrightMatches(groups, identities, explicitNow);
  groups.forEach((g, gi) => {
    (g.value.members ?? []).forEach((m, i) => {
      const at = `${g.file}:${g.locate(["members", i]).line}`;
      const membership: Membership = { group: g.value.id, via: "explicit", at, ...(m.until ? { until: m.until } : {}), ...(m.reason ? { reason: m.reason } : {}) };
      if (m.until && parseDate(m.until) <= now) add(expired, m.identity, membership);
      else if (byId.has(m.identity)) add(current, m.identity, membership);
    });
    const hits = admitted[gi];
    if (!hits) return;
    // Every identity a rule admits has the same membership: one shared, read-only object per rule
    // (and one `locate` walk of the YAML) instead of one per identity.
    const viaRule: Membership[] = [];
    for (let k = 0; k < hits.length; k += 2) {
      const rule = hits[k + 1]!;
      add(current, identities[hits[k]!]!.id, (viaRule[rule] ??= { group: g.value.id, via: "birthright", at: `${g.file}:${g.locate(["birthright", rule]).line}` }));
    }
  });
  return { groups: new Map(groups.map((g) => [g.value.id, g])), current, expired };
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
  identities.forEach((identity, index) => {
    for (const { hits, matchers, explicit } of ruled) {
      if (explicit.size > 0 && explicit.has(identity.id)) continue;
      const rule = matchers.findIndex((matches) => matches(identity));
      if (rule >= 0) hits.push(index, rule);
    }
  });
  return admitted;
}
