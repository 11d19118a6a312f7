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
  /** When the state was read from the target (a state file's readAt); absent when unknown (plan/state-age.ts). */
  readAt?: string;
  /** now − readAt in whole seconds, never negative; absent when readAt is unknown. */
  ageSeconds?: number;
}
