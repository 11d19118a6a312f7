import type { Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import type { Unaccounted } from "./unlinked-accounts.js";
import type { AppliedOverride } from "./plan.js";
import type { TargetStateFacts } from "../model/target-state-facts.js";
import type { SwitchedOffCredential } from "../model/switched-off-credential.js";

/**
 * One target's part of a plan: everything the planner decides from that target alone. A plan is
 * its targets' parts plus the plan-wide steps (finishPlan); a shard (`plan --target`) carries one.
 */
export interface TargetPart {
  target: string;
  /** Its changes, in plan order, with their required reviewers. */
  changes: Change[];
  /** Findings of its diff, its read, its policy (or lack of one), its refusals and its state's age. */
  findings: Finding[];
  /** Accounts anchored in a source that failed its gates: named by that source's gate finding. */
  unaccounted: Unaccounted[];
  /**
   * Its safety limits and lockout guards (break-glass is plan-wide: it looks at identities).
   * `counted`: each safety limit over, by its blocked reason, with the identities whose changes it
   * counted (SafetyResult.counted); absent when none is over. A reason it does not name holds the
   * target alone.
   */
  limits: { blockedReasons: string[]; overrides: AppliedOverride[]; counted?: Record<string, string[]> };
  /**
   * Group id → the privileged entitlements membership of it gives in this target, as the plan marks
   * its grants `[privileged]` (EntitlementTable.privilegedByGroup); absent when none. The plan-wide
   * rules (privilege-after-move) read it here, so that a merge of shards sees what one process does.
   */
  privilegedGroups?: Record<string, string[]>;
  /**
   * aws-iam: the credentials the target has switched off already (inactive in its state, or
   * revoked as the apply journal records), by id; absent when none. The plan-wide rules read it
   * here, so that a credential report that lags the revoke is told apart from a key still working.
   */
  switchedOff?: SwitchedOffCredential[];
  /** What the plan records about the state it was made from. */
  state: TargetStateFacts;
}

export type { TargetStateFacts };
