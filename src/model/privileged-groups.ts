// Which groups' memberships are privileged, as the plan decides it: a membership is privileged when
// an entitlement it is mapped to is (the mapping's `privileged:`, the group's own flag, the target's
// traits or read, or a privileged entitlement it confers; plan/entitlement-table.ts). The planner
// works this out per target while it marks grants `[privileged]`; the rules read the result here,
// so that "privileged" means one thing in the plan and in every rule that asks.

/** A privileged entitlement a membership gives: in which app, and which. */
export interface PrivilegedGrant {
  app: string;
  entitlement: string;
}

/** Group id → the privileged entitlements its membership gives, in target order, then name order. */
export type PrivilegedGroups = ReadonlyMap<string, readonly PrivilegedGrant[]>;

/** "ops group:prod-root-console, github team:platform": how a finding names them. */
export function privilegedGrantsText(grants: readonly PrivilegedGrant[]): string {
  return grants.map((g) => `${g.app} ${g.entitlement}`).join(", ");
}
