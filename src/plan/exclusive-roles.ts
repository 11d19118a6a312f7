// Two roles of one key wanted for one account (or one group): GitHub keeps one role per user (and
// per team) per repository, and `PUT /repos/{owner}/{repo}/collaborators/{username}` (or a team's
// `PUT …/teams/{slug}/repos/…`) replaces the role there. Granting both, apply leaves whichever ran
// last, and the next plan grants the other again: the holder of the higher role is downgraded, and
// the plan flip-flops. So the plan resolves it, as GitHub resolves the access several teams give (the
// collaborator's `role_name` is "the highest role assigned … after considering all sources of
// grants"): the highest ranked role wins (TargetCapabilities.exclusiveRanks), and what lost is
// said. A role without a rank (a custom repository role) does not compare: nothing is decided, and
// the plan is blocked until the policy says which (finding role-conflict).
import { entitlementKey } from "../model/entitlement-names.js";
import type { Membership } from "../policy/memberships.js";

/** What the target declares: the key pattern (group 1) and the roles that compare, least first. */
export interface Exclusivity {
  exclusiveEntitlements?: RegExp;
  exclusiveRanks?: readonly string[];
  groupNamesIgnoreCase?: boolean;
}

/** The key an entitlement shares with the others of its kind (`repo:infra`), or undefined when it has none. */
export function exclusiveKey(entitlement: string, traits: Exclusivity): string | undefined {
  const m = traits.exclusiveEntitlements?.exec(entitlement);
  return m?.[1] === undefined ? undefined : entitlementKey(m[1], traits.groupNamesIgnoreCase ?? false);
}

/** The role's rank (0 the least), or -1 when it has none: the name after its key's match. */
export function roleRank(entitlement: string, traits: Exclusivity): number {
  const m = traits.exclusiveEntitlements?.exec(entitlement);
  if (!m || !traits.exclusiveRanks) return -1;
  // Roles compare as the key does: GitHub lists the built-in roles in lower case.
  return traits.exclusiveRanks.indexOf(entitlement.slice(m[0].length).toLowerCase());
}

/**
 * Of several entitlements of one key, the position of the one kept (the highest rank), or
 * undefined when one of them has no rank: then none is kept over another.
 */
export function highestRole(entitlements: readonly string[], traits: Exclusivity): number | undefined {
  let best = -1;
  let at: number | undefined;
  for (let i = 0; i < entitlements.length; i++) {
    const rank = roleRank(entitlements[i]!, traits);
    if (rank < 0) return undefined;
    if (rank > best) [best, at] = [rank, i];
  }
  return at;
}

/** Entitlements of one key that an account's groups all want. */
export interface RoleContest {
  /** The key (`repo:infra`). */
  key: string;
  /** Every managed slot of the key, held or wanted: with no winner, all of them stay as they are. */
  keySlots: readonly number[];
  /** The wanted slots, in slot order, each with the membership that wanted it. */
  wanted: ReadonlyArray<{ slot: number; membership: Membership }>;
  /** The slot kept (the highest role); undefined when a role has no rank and nothing is decided. */
  kept: number | undefined;
}

/** The keys of an app's managed entitlements that two or more of them share, compiled once per diff. */
export class ExclusiveRoles {
  private readonly keys: ReadonlyArray<{ key: string; slots: number[] }>;

  constructor(private readonly names: readonly string[], private readonly traits: Exclusivity) {
    const byKey = new Map<string, number[]>();
    names.forEach((name, slot) => {
      const key = exclusiveKey(name, traits);
      if (key !== undefined) (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(slot);
    });
    this.keys = [...byKey].filter(([, slots]) => slots.length > 1).map(([key, slots]) => ({ key, slots }));
  }

  /**
   * Drops from `wanted` (by slot) every role a higher one of its key outranks, and says in `out`
   * each key two or more wanted; a key with a role without rank keeps all its wanted roles there
   * for the caller to hold (kept undefined).
   */
  resolve(wanted: (Membership | undefined)[], out?: RoleContest[]): void {
    for (const { key, slots } of this.keys) {
      const list: Array<{ slot: number; membership: Membership }> = [];
      for (const slot of slots) if (wanted[slot]) list.push({ slot, membership: wanted[slot]! });
      if (list.length < 2) continue;
      const best = highestRole(list.map((w) => this.names[w.slot]!), this.traits);
      const kept = best === undefined ? undefined : list[best]!.slot;
      if (kept !== undefined) for (const w of list) if (w.slot !== kept) wanted[w.slot] = undefined;
      out?.push({ key, keySlots: slots, wanted: list, kept });
    }
  }
}
