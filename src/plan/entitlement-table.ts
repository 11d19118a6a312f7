import type { AppPolicyDoc } from "../model/documents.js";
import type { GroupIndex, Membership } from "../policy/memberships.js";

/**
 * An app's entitlement mapping, compiled once per diff. The entitlements the policy names (the
 * only ones scopesync ever touches) are numbered in sorted order, so an identity's wanted and held
 * entitlements are slots in two small arrays, and walking the slots gives both in sorted order.
 * The diff compares the two for ~400k identity/app pairs in a large organisation, nearly all
 * equal: a Map, two Sets and two sorted copies for each pair were most of planning's garbage.
 */
export class EntitlementTable {
  /** Managed entitlements, sorted; an entitlement's slot is its index here. */
  readonly names: readonly string[];
  /** By slot: privileged when any mapping to it, or its group, says so. */
  readonly privileged: readonly boolean[];
  private readonly slots: ReadonlyMap<string, number>;
  /** With a target whose group names ignore case: `group:` entitlements by lower-cased name. */
  private readonly foldedSlots: ReadonlyMap<string, number> | undefined;
  /** The policy's mappings in policy order, each with its entitlement's slot. */
  private readonly mappings: ReadonlyArray<{ group: string; slot: number }>;

  /**
   * `groupNamesIgnoreCase` and `inherentlyPrivileged` come from the target's traits
   * (TargetCapabilities.groupNamesIgnoreCase and privilegedEntitlements).
   */
  constructor(app: AppPolicyDoc, groups: GroupIndex["groups"], traits: { groupNamesIgnoreCase?: boolean; inherentlyPrivileged?: RegExp } = {}) {
    const { groupNamesIgnoreCase = false, inherentlyPrivileged } = traits;
    const privileged = new Map<string, boolean>();
    for (const e of app.entitlements ?? []) {
      const p = (inherentlyPrivileged?.test(e.entitlement) ?? false) || (e.privileged ?? groups.get(e.group)?.value.privileged ?? false);
      privileged.set(e.entitlement, (privileged.get(e.entitlement) ?? false) || p);
    }
    this.names = [...privileged.keys()].sort();
    this.privileged = this.names.map((name) => privileged.get(name)!);
    this.slots = new Map(this.names.map((name, slot) => [name, slot]));
    this.mappings = (app.entitlements ?? []).map((e) => ({ group: e.group, slot: this.slots.get(e.entitlement)! }));
    this.foldedSlots = groupNamesIgnoreCase
      ? new Map(this.names.flatMap((name, slot) => (name.startsWith("group:") ? [[name.toLowerCase(), slot] as const] : [])))
      : undefined;
  }

  /** The slot of an entitlement the policy manages, or undefined for any other. */
  slotOf(entitlement: string): number | undefined {
    const slot = this.slots.get(entitlement);
    if (slot !== undefined || !this.foldedSlots || !entitlement.startsWith("group:")) return slot;
    return this.foldedSlots.get(entitlement.toLowerCase());
  }

  /**
   * Writes into `wanted`, by slot, the membership that justifies each entitlement for an identity
   * with these memberships, or undefined: the first mapping in policy order whose group the
   * identity is in wins, with the identity's last membership of that group.
   */
  fillWanted(memberships: readonly Membership[], wanted: (Membership | undefined)[]): void {
    wanted.fill(undefined);
    if (memberships.length === 0) return;
    for (const { group, slot } of this.mappings) {
      if (wanted[slot]) continue;
      wanted[slot] = membershipOf(memberships, group);
    }
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
