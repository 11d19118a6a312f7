// Two roles of one key wanted for one account (or one group): GitHub keeps one role per user (and
// per team) per repository, and `PUT /repos/{owner}/{repo}/collaborators/{username}` (or a team's
// `PUT …/teams/{slug}/repos/…`) replaces the role there. Granting both, apply leaves whichever ran
// last, and the next plan grants the other again: the holder of the higher role is downgraded, and
// the plan flip-flops. So the plan resolves it, as GitHub resolves the access several teams give (the
// collaborator's `role_name` is "the highest role assigned … after considering all sources of
// grants"): the highest ranked role wins (TargetCapabilities.exclusiveRanks), and what lost is
// said. A custom repository role ranks as its base role where the live read lists the org's custom
// roles (TargetState.customRoles), and above the built-in role it is based on (it adds permissions
// to it), as model/custom-roles.ts replacedRoleKept judges a grant over a role held by hand; two
// custom roles of one base, or a custom role whose base is not known (the list unread, a plan from
// a state file), do not compare: nothing is decided, and the plan is blocked until the policy says
// which (finding role-conflict).
import { customRoleBase, type RankedRole, type TargetCustomRoles } from "../model/custom-roles.js";
import { entitlementKey } from "../model/entitlement-names.js";
import type { Membership } from "../policy/memberships.js";

/** What the target declares: the key pattern (group 1) and the roles that compare, least first. */
export interface Exclusivity {
  exclusiveEntitlements?: RegExp;
  exclusiveRanks?: readonly string[];
  groupNamesIgnoreCase?: boolean;
  /** The target's custom roles and their bases, where its live read listed them: a custom role ranks as its base. */
  customRoles?: TargetCustomRoles;
}

/** A role's rank (a custom role's, its base's: `base` set; -1 where its base is not known) and whether it is a custom one. */
export interface RoleOrder extends RankedRole {
  base?: string;
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
 * The role's order, or undefined for an entitlement without a key. A role without a rank of its
 * own is a custom one: ranked as its base where the read names it (traits.customRoles), else -1.
 */
export function roleOrder(entitlement: string, traits: Exclusivity): RoleOrder | undefined {
  const m = traits.exclusiveEntitlements?.exec(entitlement);
  if (m?.[1] === undefined) return undefined;
  const rank = roleRank(entitlement, traits);
  if (rank >= 0) return { rank, custom: false };
  const base = customRoleBase(traits.customRoles, entitlement.slice(m[0].length));
  const baseRank = base === undefined ? -1 : (traits.exclusiveRanks?.indexOf(base) ?? -1);
  return baseRank >= 0 ? { rank: baseRank, custom: true, base } : { rank: -1, custom: true };
}

/** The role as a finding names it: a custom role with the base it ranks as ("repo:infra:Release-Manager (a custom role based on maintain)"). */
export function roleNamed(entitlement: string, traits: Exclusivity): string {
  const base = roleOrder(entitlement, traits)?.base;
  return base === undefined ? entitlement : `${entitlement} (a custom role based on ${base})`;
}

/** What a role-conflict-resolved finding adds where a custom role took part: how it was ranked. */
export const CUSTOM_RANKED = "; a custom role ranks as its base role in the org's list of custom repository roles, and above that built-in role, to which it adds permissions";

/**
 * Of several entitlements of one key, the position of the one kept (the highest rank; of one rank,
 * the custom role, which adds to the built-in role it is based on), or undefined when one of them
 * has no rank, or two custom roles share the highest: then none is kept over another.
 */
export function highestRole(entitlements: readonly string[], traits: Exclusivity): number | undefined {
  let best: RoleOrder | undefined;
  let at: number | undefined;
  let tied = false;
  for (let i = 0; i < entitlements.length; i++) {
    const role = roleOrder(entitlements[i]!, traits);
    if (!role || role.rank < 0) return undefined;
    if (!best || role.rank > best.rank || (role.rank === best.rank && role.custom && !best.custom)) [best, at, tied] = [role, i, false];
    else if (role.rank === best.rank && role.custom && best.custom) tied = true;
  }
  return tied ? undefined : at;
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
