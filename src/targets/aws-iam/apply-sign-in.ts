// revoke-credential for an IAM user's console password: DeleteLoginProfile under any `revoke` but
// manual (IAM cannot switch a password off, only delete it; "Deletes the password for the specified
// IAM user", https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html).
// Idempotent as access keys are: the current state is read first, and a password already gone, or
// a user deleted since the plan, is "unchanged". Credentials with a status are apply-switchable.ts's.
import { DeleteLoginProfileCommand, GetLoginProfileCommand, NoSuchEntityException, type IAMClient } from "@aws-sdk/client-iam";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome } from "../connector.js";
import { TargetError } from "../target-error.js";
import { rethrow } from "./client.js";
import { awsRevokeCommand } from "./credential-id.js";
import type { AwsIamSettings } from "./settings.js";

export async function applyLoginProfileChange(client: IAMClient, settings: AwsIamSettings, change: Change, userName: string): Promise<ApplyOutcome> {
  const target = settings.name;
  const account = change.account ? { account: change.account } : {};
  if (settings.revoke === "manual") throw new TargetError(target, `console password of ${userName} is revoked by a person (options.revoke: manual)`, { hint: `run: ${awsRevokeCommand({ kind: "login-profile", userName })}` });
  if ((await passwordStatus(client, target, userName)) === undefined) return { status: "unchanged", ...account };
  try {
    await client.send(new DeleteLoginProfileCommand({ UserName: userName }));
  } catch (e) {
    // Gone between the check and the change (another run, a person): converged all the same.
    if (e instanceof NoSuchEntityException && (await passwordStatus(client, target, userName)) === undefined) return { status: "unchanged", ...account };
    return rethrow(target, `DeleteLoginProfile of ${userName}`, e);
  }
  return { status: "applied", ...account };
}

/** "Active" while the user has a console password; undefined when it (or the user) is gone. */
async function passwordStatus(client: IAMClient, target: string, userName: string): Promise<string | undefined> {
  try {
    await client.send(new GetLoginProfileCommand({ UserName: userName }));
    return "Active";
  } catch (e) {
    if (e instanceof NoSuchEntityException) return undefined;
    return rethrow(target, `GetLoginProfile of ${userName}`, e);
  }
}
