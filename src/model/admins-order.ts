// The order apply carries out a target's admin changes in (docs/formats.md, "Admins guard"): the
// grants of its admins entitlement first, and only once they are through, the changes that take an
// admin away. Run side by side, an owner handover on GitHub (the successor promoted, the old owner
// demoted) let the demotion reach GitHub first, where the connector's own count (or GitHub's "at
// least one owner") refused it: the run failed, and only a re-run finished the handover. Made by
// apply/admins-hold.ts (which knows each target's guard and admins as read), kept by apply/runner.ts.
import type { Change } from "./change.js";

/** Why a change that takes an admin away is not carried out after all, and what to do. */
export interface AdminsRefusal { error: string; hint: string }

export interface AdminsOrder {
  /** Grants of an admins entitlement that the guard counts, on targets where this run also takes an admin away. */
  readonly grants: ReadonlySet<Change>;
  /** The changes that take an admin away on those targets: each starts once every grant of its target is through. */
  readonly lowering: ReadonlySet<Change>;
  /**
   * Once the grants of `change`'s target are through: why `change` must not go, given the grants
   * that did not (failed or skipped), when without them the target would fall below its minimum;
   * undefined when it goes.
   */
  refuse(change: Change, missing: readonly Change[]): AdminsRefusal | undefined;
}

/** No admin change waits for another: a target without a guard, or a run with no grant and no demotion together. */
export const NO_ADMINS_ORDER: AdminsOrder = { grants: new Set(), lowering: new Set(), refuse: () => undefined };
