// The admins guard of a target (docs/formats.md, "Admins guard"), as the planner (plan/safety.ts)
// and apply (apply/admins-hold.ts) both hold it: one shape, so the two count the same admins.

/** The fewest active accounts that must keep `entitlement` (an app policy's `admins`, or the github connector's owners). */
export interface AdminsGuard {
  entitlement: string;
  minimum: number;
  /** Where the minimum comes from when it is not the policy's own `admins` (said in the reason). */
  why?: string;
  /** What sets the minimum, for the way past it: "targets.github.options.minAdmins", "admins.minimum in policies/apps/crm.yaml". */
  setBy: string;
  /**
   * The app policy's own `admins`: its entitlement is the policy author's words, so it must name one
   * the target has (plan/admins-guard-names.ts). The github connector's owner guard names its own role.
   */
  fromPolicy?: true;
}

/** Who holds a guard's entitlement on a target, read before any change (login, lower case). */
export interface AdminsNow {
  /** Active accounts holding it; a pending invitation holds nothing. */
  holders: ReadonlySet<string>;
  /** Accounts that are invitations not yet accepted (github: `attributes.pending`): a grant to one holds nothing yet. */
  pending: ReadonlySet<string>;
}
