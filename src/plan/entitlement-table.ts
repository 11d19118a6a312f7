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
  /** The policy's mappings in policy order, each with its entitlement's slot. */
  private readonly mappings: ReadonlyArray<{ group: string; slot: number }>;

  constructor(app: AppPolicyDoc, groups: GroupIndex["groups"]) {
    const privileged = new Map<string, boolean>();
    for (const e of app.entitlements ?? []) {
      const p = e.privileged ?? groups.get(e.group)?.value.privileged ?? false;
      privileged.set(e.entitlement, (privileged.get(e.entitlement) ?? false) || p);
    }
    this.names = [...privileged.keys()].sort();
    this.privileged = this.names.map((name) => privileged.get(name)!);
    this.slots = new Map(this.names.map((name, slot) => [name, slot]));
    this.mappings = (app.entitlements ?? []).map((e) => ({ group: e.group, slot: this.slots.get(e.entitlement)! }));
  }

  /** The slot of an entitlement the policy manages, or undefined for any other. */
  slotOf(entitlement: string): number | undefined {
    return this.slots.get(entitlement);
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
      const slot = this.slots.get(e);
      if (slot !== undefined) held[slot] = 1;
    }
  }
}

/** The identity's membership of a group (the last, as a Map built from the list would keep). */
export function membershipOf(memberships: readonly Membership[], group: string): Membership | undefined {
  for (let i = memberships.length - 1; i >= 0; i--) if (memberships[i]!.group === group) return memberships[i];
  return undefined;
}
