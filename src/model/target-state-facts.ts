// What a plan records about the state each target was planned from: the plan JSON's `targets`
// entry. The planner fills it (plan/build-plan.ts); plan-wide rules read it, in one process and in
// `plan merge` alike (each shard's part carries its target's).
export interface TargetStateFacts {
  /** Accounts the state holds. */
  accounts: number;
  /** How it was read: live, or the state file's path. */
  readFrom: string;
  /**
   * aws-iam: the AWS account the target reads, as its users' ARNs name it (plan/target-aws-account.ts).
   * A credential another system reports in an AWS account is revoked by this target's changes only
   * when it is in this account. Absent for other targets, and when the state does not say.
   */
  awsAccount?: string;
  /**
   * Where the state was read from (model/target-tenant.ts): the state file's recorded endpoint, or
   * for a live read the one scopesync.yaml names. Absent when the state file predates it, and for
   * a file target. apply refuses a target scopesync.yaml now points elsewhere (apply/tenant-binding.ts).
   */
  endpoint?: string;
  /** The tenant's own id the state recorded (GitHub: the organization's numeric id); apply refuses a live read of another. */
  tenantId?: string;
  /**
   * Up to ACCOUNT_SAMPLE ids of the accounts the state held, chosen by a hash of each (the same state
   * gives the same sample), leaving out those this plan deletes: apply refuses a live read that
   * holds fewer than half of them (apply/tenant-binding.ts). Absent for a file target and an empty state.
   */
  accountSample?: string[];
  /** When the state was read from the target (a state file's readAt); absent when unknown (plan/state-age.ts). */
  readAt?: string;
  /** now − readAt in whole seconds, never negative; absent when readAt is unknown. */
  ageSeconds?: number;
}
