// The AWS account an aws-iam target reads, for the plan's `targets` entry and for the rules that ask
// whether a planned change revokes a credential another system reports. One target reads the one
// account its credentials sign in to (ListUsers lists "the IAM users in the account"), and every
// user it reads carries its ARN (IAM's User.Arn is "Required: Yes",
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html), which the read records as the
// account's `arn` attribute, in the state file too. Undefined when no user records one (a state
// file written by hand) or they name several accounts: then no change of the target stands for a
// credential of any account (policy/rules/builtin/revoked-by-plan.ts), rather than for all of them.
import { awsAccountOf } from "../model/aws-account.js";
import type { TargetState } from "../model/target-state.js";

export function targetAwsAccount(type: string, state: TargetState): string | undefined {
  if (type !== "aws-iam") return undefined;
  let account: string | undefined;
  for (const a of state.accounts) {
    const of = awsAccountOf(a.attributes.arn);
    if (of === undefined) continue;
    if (account !== undefined && of !== account) return undefined;
    account = of;
  }
  return account;
}
