// An IAM user's console password, read so that an offboarded NHI loses it too (its other
// credentials with a status are read in switchable-read.ts):
// - the console password (GetLoginProfile: IAM answers NoSuchEntity when the user has none). A
//   password signs in to the console, where the user can switch a key back on or make a new one;
//   "Deleting a user's password does not prevent a user from accessing AWS through the command
//   line interface or the API" and the reverse holds as well
//   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html).
import { GetLoginProfileCommand, NoSuchEntityException, type IAMClient, type User } from "@aws-sdk/client-iam";
import type { TargetCredential } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import { iamCall } from "./client.js";
import { awsRevokeCommand, loginProfileCredentialId } from "./credential-id.js";
import type { AwsIamSettings } from "./settings.js";

/** The user's console password as a credential, or undefined when it has none. */
export async function readLoginProfile(client: IAMClient, settings: AwsIamSettings, user: User & { UserName: string; UserId: string }): Promise<TargetCredential | undefined> {
  const userName = user.UserName;
  const profile = await iamCall(settings.name, `GetLoginProfile of ${userName}`, async () => {
    try {
      return (await client.send(new GetLoginProfileCommand({ UserName: userName }))).LoginProfile;
    } catch (e) {
      // IAM's documented answer for a user without a console password.
      if (e instanceof NoSuchEntityException) return null;
      throw e;
    }
  });
  if (profile === null) return undefined;
  if (!profile?.CreateDate) throw new TargetError(settings.name, `GetLoginProfile of ${userName} answered without a LoginProfile CreateDate`, { hint: "check options.endpoint" });
  return {
    id: loginProfileCredentialId(userName),
    account: user.UserId,
    type: "console-password",
    createdAt: profile.CreateDate.toISOString(),
    // ListUsers' PasswordLastUsed: when the password last signed in (absent: never, or before 2014).
    ...(user.PasswordLastUsed ? { lastUsedAt: user.PasswordLastUsed.toISOString() } : {}),
    status: "active",
    withHolderOnly: true,
    ...(settings.revoke === "manual" ? { manualRevocation: awsRevokeCommand({ kind: "login-profile", userName }) } : {}),
  };
}
