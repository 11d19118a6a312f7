// revoke-credential for an IAM access key: UpdateAccessKey Status=Inactive (revoke: deactivate,
// reversible by a person) or DeleteAccessKey (revoke: delete). Idempotent: the user's keys are
// listed first; a key already inactive or gone, or a user deleted since the plan, is "unchanged".
// A console password is revoked in apply-sign-in.ts; a signing certificate, service-specific
// credential or SSH public key in apply-switchable.ts.
import { DeleteAccessKeyCommand, NoSuchEntityException, paginateListAccessKeys, UpdateAccessKeyCommand, type IAMClient } from "@aws-sdk/client-iam";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome } from "../connector.js";
import { TargetError } from "../target-error.js";
import { rethrow } from "./client.js";
import { applyLoginProfileChange } from "./apply-sign-in.js";
import { applySwitchableChange } from "./apply-switchable.js";
import { isSwitchable } from "./switchable.js";
import { awsUpdateAccessKeyCommand, parseAccessKeyCredential, parseIamCredential, type AccessKeyRef } from "./credential-id.js";
import type { AwsIamSettings } from "./settings.js";

export async function applyIamChange(client: IAMClient, settings: AwsIamSettings, change: Change): Promise<ApplyOutcome> {
  const target = settings.name;
  if (change.action !== "revoke-credential") {
    throw new TargetError(target, `${change.action} is not made in IAM by scopesync: the target governs access keys only`, { hint: "the planner plans no such change for a credentialsOnly target; re-plan with this version" });
  }
  const ref = change.credential ? parseIamCredential(change.credential) : undefined;
  if (ref?.kind === "login-profile") return applyLoginProfileChange(client, settings, change, ref.userName);
  if (ref && isSwitchable(ref.kind)) return applySwitchableChange(client, settings, change, { ...ref, kind: ref.kind, id: ref.id! });
  const key = change.credential ? parseAccessKeyCredential(change.credential) : undefined;
  if (!key) throw new TargetError(target, `revoke-credential needs a credential like access-key:<UserName>:<AccessKeyId>, login-profile:<UserName>, signing-certificate:<UserName>:<CertificateId>, service-credential:<UserName>:<ServiceSpecificCredentialId> or ssh-public-key:<UserName>:<SSHPublicKeyId>, got ${JSON.stringify(change.credential ?? "")}`, { hint: "re-plan: the plan was not made by this connector's read" });
  const account = change.account ? { account: change.account } : {};
  if (settings.revoke === "manual") {
    throw new TargetError(target, `access key ${key.accessKeyId} of ${key.userName} is revoked by a person (options.revoke: manual)`, { hint: `run: ${awsUpdateAccessKeyCommand(key)}` });
  }
  const status = await keyStatus(client, target, key);
  if (status === undefined || (status === "Inactive" && settings.revoke === "deactivate")) return { status: "unchanged", ...account };
  try {
    if (settings.revoke === "delete") await client.send(new DeleteAccessKeyCommand({ UserName: key.userName, AccessKeyId: key.accessKeyId }));
    else await client.send(new UpdateAccessKeyCommand({ UserName: key.userName, AccessKeyId: key.accessKeyId, Status: "Inactive" }));
  } catch (e) {
    // Deleted between the check and the change (another run, a person): converged all the same.
    if (e instanceof NoSuchEntityException && (await keyStatus(client, target, key)) === undefined) return { status: "unchanged", ...account };
    const what = settings.revoke === "delete" ? `DeleteAccessKey ${key.accessKeyId} of ${key.userName}` : `UpdateAccessKey ${key.accessKeyId} of ${key.userName} to Inactive`;
    return rethrow(target, what, e);
  }
  return { status: "applied", ...account };
}

/** The key's Status, or undefined when it (or its user) no longer exists. */
async function keyStatus(client: IAMClient, target: string, key: AccessKeyRef): Promise<string | undefined> {
  try {
    for await (const page of paginateListAccessKeys({ client }, { UserName: key.userName })) {
      const found = page.AccessKeyMetadata?.find((k) => k.AccessKeyId === key.accessKeyId);
      if (found) return found.Status ?? "Active";
    }
    return undefined;
  } catch (e) {
    // IAM's NoSuchEntity (HTTP 404), as the SDK models it: the user is gone, and its keys with it.
    if (e instanceof NoSuchEntityException) return undefined;
    return rethrow(target, `ListAccessKeys of ${key.userName}`, e);
  }
}
