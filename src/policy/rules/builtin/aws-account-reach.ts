// Why no plan revokes an IAM credential a report names in one AWS account, when the reason is the
// account: an aws-iam target reads the one account its credentials sign in to, so a credential of
// another account is beyond every target's reach however the policies scope the NHI, and a target
// whose state does not say its account is not taken to revoke any report's credential
// (revoked-by-plan.ts). Said in the finding, with what brings the credential within reach.
import { awsAccountOf } from "../../../model/aws-account.js";
import type { TargetStateFacts } from "../../../model/target-state-facts.js";
import type { UnknownAccount } from "./revoked-by-plan.js";

export interface NotRevoked { why: string; otherwise: string }

/**
 * The account's reason, or undefined when the account is not why (no aws-iam target at all, or one
 * reads it, or one whose account is unknown may). `idScope`: the credential's user ARN.
 */
export function awsAccountReason(idScope: string | undefined, unknown: UnknownAccount | undefined, iamTargets: ReadonlyArray<[string, TargetStateFacts | undefined]>, verb: string): NotRevoked | undefined {
  const account = awsAccountOf(idScope);
  if (account === undefined) return undefined;
  if (unknown) {
    return {
      why: `target ${unknown.target} plans to ${verb} the same user's, but no user in its state records an ARN, so which AWS account it reads is unknown and its change is not taken for this one, in AWS account ${account}`,
      otherwise: `; or pull ${unknown.target}'s state with this version (\`scopesync state pull --target ${unknown.target}\`), which records each user's ARN, and plan again`,
    };
  }
  if (iamTargets.length === 0 || iamTargets.some(([, facts]) => facts?.awsAccount === undefined || facts.awsAccount === account)) return undefined;
  const read = iamTargets.map(([name, facts]) => `${name} reads ${facts!.awsAccount}`).join(", ");
  return {
    why: `no aws-iam target reads AWS account ${account} (${read}), so no plan ${verb}s it`,
    otherwise: `; or configure an aws-iam target whose credentials sign in to AWS account ${account}, which the plan then ${verb}s it in`,
  };
}
