// Which AWS account an IAM ARN names. An IAM user's name is unique only within its account ("IAM
// user, group, role, and policy names must be unique within the account"), and the same name in
// two accounts is two users with two sets of credentials: whatever matches an IAM credential across
// systems (a credential report's slot, an aws-iam target's change) has to match the account too.
// The ARN carries it: arn:<partition>:iam::<account-id>:user/<path>/<name>, "account is the AWS
// account ID with no hyphens" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).

const IAM_ARN = /^arn:[a-z0-9-]+:iam::(\d{12}):/;

/** The 12-digit account id an IAM ARN names, or undefined for anything else. */
export function awsAccountOf(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : IAM_ARN.exec(arn)?.[1];
}
