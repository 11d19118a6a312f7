// revoke-credential for a signing certificate, service-specific credential or SSH public key
// (switchable.ts): Update… Status=Inactive with revoke: deactivate, Delete… with revoke: delete.
// Idempotent as access keys are: the user's credentials of that kind are listed first, and one
// already gone (or switched off, for deactivate), or a user deleted since the plan, is "unchanged".
import { NoSuchEntityException, type IAMClient } from "@aws-sdk/client-iam";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome } from "../connector.js";
import { TargetError } from "../target-error.js";
import { rethrow } from "./client.js";
import { awsRevokeCommand, type IamCredentialRef } from "./credential-id.js";
import type { AwsIamSettings } from "./settings.js";
import { SWITCHABLE, type SwitchableKind } from "./switchable.js";
import { listSwitchable } from "./switchable-read.js";

export async function applySwitchableChange(client: IAMClient, settings: AwsIamSettings, change: Change, ref: IamCredentialRef & { kind: SwitchableKind; id: string }): Promise<ApplyOutcome> {
  const target = settings.name;
  const spec = SWITCHABLE[ref.kind];
  const account = change.account ? { account: change.account } : {};
  const what = `${spec.what} ${ref.id} of ${ref.userName}`;
  if (settings.revoke === "manual") throw new TargetError(target, `${what} is revoked by a person (options.revoke: manual)`, { hint: `run: ${awsRevokeCommand(ref)}` });
  const status = await currentStatus(client, target, ref);
  if (status === undefined || (status === "Inactive" && settings.revoke === "deactivate")) return { status: "unchanged", ...account };
  const call = settings.revoke === "delete"
    ? { name: `${spec.remove} ${ref.id} of ${ref.userName}`, send: () => spec.delete(client, ref.userName, ref.id) }
    : { name: `${spec.update} ${ref.id} of ${ref.userName} to Inactive`, send: () => spec.deactivate(client, ref.userName, ref.id) };
  try {
    await call.send();
  } catch (e) {
    // Gone between the check and the change (another run, a person): converged all the same.
    if (e instanceof NoSuchEntityException && (await currentStatus(client, target, ref)) === undefined) return { status: "unchanged", ...account };
    return rethrow(target, call.name, e);
  }
  return { status: "applied", ...account };
}

/** The credential's Status, or undefined when it (or its user) no longer exists. */
async function currentStatus(client: IAMClient, target: string, ref: IamCredentialRef & { kind: SwitchableKind }): Promise<string | undefined> {
  try {
    const found = (await listSwitchable(client, ref.kind, ref.userName)).find((c) => c.id === ref.id);
    return found ? (found.status ?? "Active") : undefined;
  } catch (e) {
    // IAM's NoSuchEntity (HTTP 404): the user is gone, and its credentials with it.
    if (e instanceof NoSuchEntityException) return undefined;
    return rethrow(target, `${SWITCHABLE[ref.kind].list} of ${ref.userName}`, e);
  }
}
