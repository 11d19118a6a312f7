// Reads the IAM users under the path prefix, each user's access keys and when each key was last
// used, its console password (sign-in-credentials.ts), and its signing certificates, service-specific
// credentials and SSH public keys (switchable-read.ts). Every list is paged to its end (IsTruncated/Marker, by the SDK's paginators); a failed
// page fails the read, never an empty list. Each user's ARN is kept (the account's `arn`
// attribute, in the state file too): it names the AWS account read, without which the plan cannot
// tell this account's user from another account's user of the same name (plan/target-aws-account.ts).
import { GetAccessKeyLastUsedCommand, paginateListAccessKeys, paginateListUsers, type AccessKeyMetadata, type IAMClient, type User } from "@aws-sdk/client-iam";
import type { TargetAccount, TargetCredential, TargetState } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import { iamCall } from "./client.js";
import { accessKeyCredentialId, awsUpdateAccessKeyCommand } from "./credential-id.js";
import type { AwsIamSettings } from "./settings.js";
import { append } from "../../model/append.js";
import { awsAccountOf } from "../../model/aws-account.js";
import { readLoginProfile } from "./sign-in-credentials.js";
import { SWITCHABLE_KINDS } from "./switchable.js";
import { readSwitchable } from "./switchable-read.js";

export async function readIam(client: IAMClient, settings: AwsIamSettings, readAt: string): Promise<TargetState> {
  const target = settings.name;
  const accounts: TargetAccount[] = [];
  const credentials: TargetCredential[] = [];
  const users = await iamCall(target, `ListUsers under ${settings.pathPrefix}`, async () => {
    const all: User[] = [];
    for await (const page of paginateListUsers({ client }, { PathPrefix: settings.pathPrefix })) append(all, page.Users ?? []);
    return all;
  });
  // The AWS account read: a user name is unique only within one account, and a report's credential
  // of the same name in another account is not this target's to revoke (plan/target-aws-account.ts).
  let awsAccount: string | undefined;
  for (const user of users) {
    if (!user.UserName || !user.UserId) throw new TargetError(target, "ListUsers answered a user without UserName or UserId; the read stops rather than plan on part of the account", { hint: "check options.endpoint" });
    // IAM answers every user with its ARN (User.Arn "Required: Yes",
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html); it says which account.
    const account = awsAccountOf(user.Arn);
    if (account === undefined) throw new TargetError(target, `ListUsers answered the user ${user.UserName} without an IAM user ARN (arn:<partition>:iam::<account>:user/…), got ${JSON.stringify(user.Arn ?? "")}; the read stops rather than plan without knowing which AWS account it reads`, { hint: "check options.endpoint" });
    if (awsAccount !== undefined && account !== awsAccount) throw new TargetError(target, `ListUsers answered users of two AWS accounts (${awsAccount} and ${account}, user ${user.UserName}); one target reads one account`, { hint: "check options.endpoint: it must be IAM's, or a proxy for one account" });
    awsAccount = account;
    // IAM user names are unique case-insensitively, as an NHI's login compares.
    accounts.push({ id: user.UserId, login: user.UserName, active: true, attributes: { arn: user.Arn!, ...(user.Path ? { path: user.Path } : {}) }, entitlements: [] });
    const userName = user.UserName;
    const keys = await iamCall(target, `ListAccessKeys of ${userName}`, async () => {
      const all: AccessKeyMetadata[] = [];
      for await (const page of paginateListAccessKeys({ client }, { UserName: userName })) append(all, page.AccessKeyMetadata ?? []);
      return all;
    });
    for (const key of keys) {
      if (!key.AccessKeyId) throw new TargetError(target, `ListAccessKeys of ${userName} answered a key without AccessKeyId`, { hint: "check options.endpoint" });
      const accessKeyId = key.AccessKeyId;
      const used = await iamCall(target, `GetAccessKeyLastUsed of ${accessKeyId}`, () => client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })));
      const lastUsed = used.AccessKeyLastUsed?.LastUsedDate;
      const ref = { userName, accessKeyId };
      credentials.push({
        id: accessKeyCredentialId(userName, accessKeyId),
        account: user.UserId,
        type: "access-key",
        credentialId: accessKeyId,
        ...(key.CreateDate ? { createdAt: key.CreateDate.toISOString() } : {}),
        ...(lastUsed ? { lastUsedAt: lastUsed.toISOString() } : {}),
        recordsUse: true,
        status: key.Status === "Inactive" ? "inactive" : "active",
        ...(settings.revoke === "manual" ? { manualRevocation: awsUpdateAccessKeyCommand(ref) } : {}),
      });
    }
    const named = { ...user, UserName: userName, UserId: user.UserId };
    const password = await readLoginProfile(client, settings, named);
    if (password) credentials.push(password);
    for (const kind of SWITCHABLE_KINDS) append(credentials, await readSwitchable(client, settings, kind, named));
  }
  accounts.sort((a, b) => cmp(a.login.toLowerCase(), b.login.toLowerCase()));
  credentials.sort((a, b) => cmp(a.account, b.account) || cmp(a.id, b.id));
  return { formatVersion: 1, target, readAt, accounts, credentials };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
