import type { GroupDoc } from "../config/documents.js";
import type { Located } from "../config/load-repo.js";
import type { Identity } from "../model/identity.js";
import { parseDate } from "../model/time.js";
import { matchesSelector } from "./selector.js";

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
  for (const g of groups) {
    const explicit = new Set<string>();
    (g.value.members ?? []).forEach((m, i) => {
      const at = `${g.file}:${g.locate(["members", i]).line}`;
      const membership: Membership = { group: g.value.id, via: "explicit", at, ...(m.until ? { until: m.until } : {}), ...(m.reason ? { reason: m.reason } : {}) };
      if (m.until && parseDate(m.until) <= now) add(expired, m.identity, membership);
      else if (byId.has(m.identity)) {
        add(current, m.identity, membership);
        explicit.add(m.identity);
      }
    });
    const rules = g.value.birthright ?? [];
    if (rules.length === 0) continue;
    for (const identity of identities) {
      if (explicit.has(identity.id)) continue;
      const rule = rules.findIndex((r) => matchesSelector(identity, r));
      if (rule >= 0) add(current, identity.id, { group: g.value.id, via: "birthright", at: `${g.file}:${g.locate(["birthright", rule]).line}` });
    }
  }
  return { groups: new Map(groups.map((g) => [g.value.id, g])), current, expired };
}
