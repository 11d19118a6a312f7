import type { AppPolicyDoc } from "../model/documents.js";
import type { GroupIndex, Membership } from "../policy/memberships.js";
import { entitlementKey } from "../model/entitlement-names.js";
import type { Conferred } from "./conferred.js";
import { ExclusiveRoles, type Exclusivity, type RoleContest } from "./exclusive-roles.js";
import type { Located } from "../model/located.js";

/** The `file:line` of the policy's i-th mapping (`entitlements[i]`): what a grant cites, and a pull request's new mapping is found by. */
export function mappingPosition(policy: Located<AppPolicyDoc>, i: number): string {
  return `${policy.file}:${policy.locate(["entitlements", i]).line}`;
}

/**
 * An app's entitlement mapping, compiled once per diff. The entitlements the policy names (the
 * only ones scopesync ever touches) are numbered in sorted order, so an identity's wanted and held
 * entitlements are slots in two small arrays, and walking the slots gives both in sorted order.
 * The diff compares the two for ~400k identity/app pairs in a large organisation, nearly all
 * equal: a Map, two Sets and two sorted copies for each pair were most of planning's garbage.
 */
export class EntitlementTable {
  /** Managed entitlements, sorted, each as the policy spells it; an entitlement's slot is its index here. */
  readonly names: readonly string[];
  /** By slot: privileged when any mapping to it, or its group, says so, or it confers a privileged one. */
  readonly privileged: readonly boolean[];
  /** By slot: the privileged entitlements membership of it gives through the group (conferred.ts), or undefined. */
  readonly confers: readonly (readonly string[] | undefined)[];
  /** Slots by entitlementKey: two spellings of one entitlement are one slot. */
  private readonly slots: ReadonlyMap<string, number>;
  private readonly ignoreCase: boolean;
  /** The policy's mappings in policy order, each with its entitlement's slot and its `file:line` (or "" when no position was given). */
  private readonly mappings: ReadonlyArray<{ group: string; slot: number; at: string }>;
  /** Is this entitlement privileged, managed or not (its mapping or group says so, or the target's traits or read)? */
  readonly isPrivileged: (name: string) => boolean;
  /** Managed entitlements of which an account holds one per key (TargetCapabilities.exclusiveEntitlements). */
  private readonly exclusive: ExclusiveRoles;

  /**
   * `groupNamesIgnoreCase` and `inherentlyPrivileged` come from the target's traits
   * (TargetCapabilities.groupNamesIgnoreCase and privilegedEntitlements); `conferred` from
   * conferredBy (what membership of a group gives through it, as the policy and the target say);
   * `exclusiveEntitlements` and `exclusiveRanks` from the traits too (plan/exclusive-roles.ts).
   * `mappingAt` gives the `file:line` of the policy's i-th mapping: a grant cites the mapping that
   * causes it, not only the membership (a reviewer asks which line of the policy gives admin).
   */
  constructor(app: AppPolicyDoc, groups: GroupIndex["groups"], traits: Exclusivity & { inherentlyPrivileged?: RegExp; targetPrivileged?: readonly string[] } = {}, conferred: Conferred = new Map(), mappingAt: (i: number) => string = () => "") {
    const { groupNamesIgnoreCase = false } = traits;
    // Privileged by the target's type (its declared pattern) or by what its read says (TargetState.privileged).
    const targetPrivileged = new Set(traits.targetPrivileged ?? []);
    const inherentlyPrivileged = { test: (e: string): boolean => (traits.inherentlyPrivileged?.test(e) ?? false) || targetPrivileged.has(e) };
    this.ignoreCase = groupNamesIgnoreCase;
    // By key: the first mapping's spelling, and privileged if any mapping under any spelling is
    // (validate refuses a second spelling; a plan made anyway must not lose the privilege).
    const spelling = new Map<string, string>();
    const marked = new Map<string, boolean>();
    for (const e of app.entitlements ?? []) {
      const key = entitlementKey(e.entitlement, groupNamesIgnoreCase);
      if (!spelling.has(key)) spelling.set(key, e.entitlement);
      const p = inherentlyPrivileged.test(e.entitlement) || (e.privileged ?? groups.get(e.group)?.value.privileged ?? false);
      marked.set(key, (marked.get(key) ?? false) || p);
    }
    const privilegedByName = (name: string): boolean => marked.get(entitlementKey(name, groupNamesIgnoreCase)) ?? inherentlyPrivileged.test(name);
    this.isPrivileged = privilegedByName;
    this.names = [...spelling.values()].sort();
    this.slots = new Map(this.names.map((name, slot) => [entitlementKey(name, groupNamesIgnoreCase), slot]));
    // An entitlement that gives a privileged one through the group (a team that holds admin on a
    // repository) is privileged itself: adding a member is granting that admin access.
    this.confers = this.names.map((name) => {
      const given = (conferred.get(name) ?? []).filter(privilegedByName);
      return given.length > 0 ? given : undefined;
    });
    this.privileged = this.names.map((name, slot) => marked.get(entitlementKey(name, groupNamesIgnoreCase))! || this.confers[slot] !== undefined);
    this.mappings = (app.entitlements ?? []).map((e, i) => ({ group: e.group, slot: this.slotOf(e.entitlement)!, at: mappingAt(i) }));
    this.exclusive = new ExclusiveRoles(this.names, traits);
  }

  /**
   * Where the policy maps a group to a slot: with `group`, that group's mapping(s) (the ones that
   * justify a grant through its membership); without, every mapping to the slot (what would
   * justify it, for a revoke none does). `file:line`s in policy order, none without positions.
   */
  mappedAt(slot: number, group?: string): string[] {
    const out: string[] = [];
    for (const m of this.mappings) if (m.slot === slot && m.at !== "" && (group === undefined || m.group === group)) out.push(m.at);
    return out;
  }

  /** The slot of an entitlement the policy manages (under any spelling of it), or undefined for any other. */
  slotOf(entitlement: string): number | undefined {
    return this.slots.get(entitlementKey(entitlement, this.ignoreCase));
  }

  /**
   * Group id → the privileged entitlements membership of it gives here, sorted: the groups whose
   * grants the plan marks `[privileged]` (any mapping's or the group's flag, the target's traits or
   * read, or what the entitlement confers). Rules that ask "is this membership privileged?"
   * (privilege-after-move) ask this, so they and the plan cannot disagree.
   */
  privilegedByGroup(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const { group, slot } of this.mappings) {
      if (!this.privileged[slot]) continue;
      const list = out.get(group) ?? out.set(group, []).get(group)!;
      const name = this.names[slot]!;
      if (!list.includes(name)) list.push(name);
    }
    for (const list of out.values()) list.sort();
    return out;
  }

  /** Why a slot is privileged beyond its mapping, for a change's reason: "confers repo:infra:admin", or "". */
  confersText(slot: number): string {
    const given = this.confers[slot];
    return given ? `confers ${given.join(", ")}` : "";
  }

  /**
   * Writes into `wanted`, by slot, the membership that justifies each entitlement for an identity
   * with these memberships, or undefined: the first mapping in policy order whose group the
   * identity is in wins, with the identity's last membership of that group. Of two roles of one
   * exclusive key (GitHub: one role per repository) only the highest is wanted; `contests` gets
   * each such key (exclusive-roles.ts), to be said and, where the roles do not compare, held.
   */
  fillWanted(memberships: readonly Membership[], wanted: (Membership | undefined)[], contests?: RoleContest[]): void {
    wanted.fill(undefined);
    if (memberships.length === 0) return;
    for (const { group, slot } of this.mappings) {
      if (wanted[slot]) continue;
      wanted[slot] = membershipOf(memberships, group);
    }
    this.exclusive.resolve(wanted, contests);
  }

  /**
   * The identity's membership whose `until` has passed, of a group mapped to this slot (the first
   * in `expired`'s order), or undefined: why a held entitlement no group justifies any more goes,
   * for the revoke and for `explain` ("membership of oncall ended", not "no group maps to it").
   */
  endedMembership(expired: readonly Membership[] | undefined, slot: number): Membership | undefined {
    return expired?.find((m) => this.mappings.some((e) => e.group === m.group && e.slot === slot));
  }

  /** Writes into `held`, by slot, 1 for each managed entitlement the account holds. */
  fillHeld(entitlements: readonly string[], held: Uint8Array): void {
    held.fill(0);
    for (const e of entitlements) {
      const slot = this.slotOf(e);
      if (slot !== undefined) held[slot] = 1;
    }
  }
}

/** The identity's membership of a group (the last, as a Map built from the list would keep). */
export function membershipOf(memberships: readonly Membership[], group: string): Membership | undefined {
  for (let i = memberships.length - 1; i >= 0; i--) if (memberships[i]!.group === group) return memberships[i];
  return undefined;
}
