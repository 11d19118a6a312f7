// Privilege a person keeps through a group the app policy does not manage. The planner never
// touches an entitlement the policy does not name (docs/formats.md), so a membership of such a
// group stays; but what the group confers (conferred.ts: its own grants, its organization roles,
// and its ancestors', since on GitHub "Child teams inherit the parent's access permissions") stays
// with it. A mover whose `team:platform` (admin on infra) the plan revokes keeps that admin through
// `team:platform-oncall`, a child team nobody mapped: the revoke looked complete, and the next plan
// said every target matched. Taking the membership away is not the planner's to decide (the team
// is unmanaged); saying so is: finding `privilege-through-unmanaged-group`, on every plan while it
// holds, naming the group, what it confers and where that comes from.
import { entitlementKey } from "../model/entitlement-names.js";
import type { Finding } from "../model/finding.js";
import type { TargetGroup } from "../model/target-state.js";
import type { Conferred } from "./conferred.js";
import type { EntitlementTable } from "./entitlement-table.js";

export class UnmanagedGroupPrivilege {
  /** By entitlementKey of each group the policy does not manage and that confers a privileged entitlement: its name and those entitlements. */
  private readonly unmanaged = new Map<string, { group: string; gives: readonly string[] }>();
  private readonly parentOf = new Map<string, string>();

  constructor(
    private readonly table: EntitlementTable,
    private readonly conferred: Conferred,
    groups: readonly TargetGroup[] | undefined,
    private readonly ignoreCase: boolean,
  ) {
    for (const [group, list] of conferred) {
      if (table.slotOf(group) !== undefined) continue; // managed: the plan grants and revokes it, marked privileged
      const gives = list.filter((e) => table.isPrivileged(e));
      if (gives.length > 0) this.unmanaged.set(entitlementKey(group, ignoreCase), { group, gives });
    }
    for (const g of groups ?? []) if (g.parent) this.parentOf.set(g.entitlement, g.parent);
  }

  /** Whether `entitlement` is an unmanaged group this reports (what it confers), so that no other finding names it again. */
  reports(entitlement: string): boolean {
    return this.unmanaged.has(entitlementKey(entitlement, this.ignoreCase));
  }

  /** Nothing to look for: no unmanaged group confers privilege (most targets: every plan). */
  get empty(): boolean {
    return this.unmanaged.size === 0;
  }

  /**
   * The finding for an account that stays, holding `held`, and whose identity the policy gives the
   * entitlements of the slots `wanted` (or `kept`) marks: what it keeps through an unmanaged group
   * beyond what those give. `revoked`: slots this plan revokes from it, named where they confer the same.
   */
  check(identity: string, held: readonly string[], wanted: (slot: number) => boolean, revoked: readonly number[], app: string, policyAt: string): Finding | undefined {
    if (this.empty) return undefined;
    let through: Array<{ group: string; gives: readonly string[] }> | undefined;
    for (const e of held) {
      const u = this.unmanaged.get(entitlementKey(e, this.ignoreCase));
      if (u) (through ??= []).push(u);
    }
    if (!through) return undefined;
    // What the policy gives them, directly or through the groups it gives: that much is meant.
    const meant = new Set<string>();
    for (let slot = 0; slot < this.table.names.length; slot++) {
      if (!wanted(slot)) continue;
      const name = this.table.names[slot]!;
      meant.add(name);
      for (const e of this.conferred.get(name) ?? []) meant.add(e);
    }
    const parts: string[] = [];
    const kept = new Set<string>();
    for (const { group, gives } of through.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))) {
      const extra = gives.filter((e) => !meant.has(e));
      if (extra.length === 0) continue;
      for (const e of extra) kept.add(e);
      const ancestors = this.ancestors(group);
      parts.push(`${extra.join(", ")} through ${group}${ancestors.length > 0 ? ` (a child team of ${ancestors.join(", a child team of ")}, whose access it inherits)` : ""}`);
    }
    if (parts.length === 0) return undefined;
    const revokedHere = revoked.map((slot) => this.table.names[slot]!).filter((name) => (this.conferred.get(name) ?? []).some((e) => kept.has(e)));
    const after = revokedHere.length > 0 ? `; this plan revokes ${revokedHere.join(", ")}, but that access stays` : "";
    return {
      rule: "privilege-through-unmanaged-group",
      severity: "warning",
      identity,
      message: `${identity} keeps ${parts.join("; and ")}, which ${app} does not manage and no group in ${policyAt} gives them${after}`,
      remediation: `remove ${identity} from ${through.map((t) => t.group).join(", ")} in the app, or map ${through.length > 1 ? "those groups" : "that group"} in ${policyAt} (entitlements) so that the plan revokes ${through.length > 1 ? "them" : "it"}; if the access is meant, give it through a group of the policy`,
      location: policyAt,
      controls: ["NIST-SP800-53-AC-2", "NIST-SP800-53-AC-6"],
    };
  }

  /** The group's parents, nearest first; a cycle (a hand-edited state file) stops at the first seen twice. */
  private ancestors(group: string): string[] {
    const out: string[] = [];
    const seen = new Set([group]);
    for (let p = this.parentOf.get(group); p !== undefined && !seen.has(p); p = this.parentOf.get(p)) {
      seen.add(p);
      out.push(p);
    }
    return out;
  }
}
