// revoke-credential for an IAM user's console password (DeleteLoginProfile: IAM cannot switch a
// password off, only delete it; "Deletes the password for the specified IAM user",
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html) or signing
// certificate (UpdateSigningCertificate Status=Inactive with revoke: deactivate, "Inactive means
// that the certificate cannot be used", or DeleteSigningCertificate with revoke: delete,
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSigningCertificate.html).
// Idempotent as access keys are: the current state is read first, and a password or certificate
// already gone (or switched off, for deactivate), or a user deleted since the plan, is "unchanged".
import {
  DeleteLoginProfileCommand, DeleteSigningCertificateCommand, GetLoginProfileCommand, NoSuchEntityException,
  paginateListSigningCertificates, UpdateSigningCertificateCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome } from "../connector.js";
import { TargetError } from "../target-error.js";
import { rethrow } from "./client.js";
import { awsRevokeCommand, type IamCredentialRef } from "./credential-id.js";
import type { AwsIamSettings } from "./settings.js";

export async function applySignInChange(client: IAMClient, settings: AwsIamSettings, change: Change, ref: IamCredentialRef): Promise<ApplyOutcome> {
  const target = settings.name;
  const account = change.account ? { account: change.account } : {};
  const what = ref.kind === "login-profile" ? `console password of ${ref.userName}` : `signing certificate ${ref.id!} of ${ref.userName}`;
  if (settings.revoke === "manual") throw new TargetError(target, `${what} is revoked by a person (options.revoke: manual)`, { hint: `run: ${awsRevokeCommand(ref)}` });
  const status = ref.kind === "login-profile" ? await passwordStatus(client, target, ref.userName) : await certificateStatus(client, target, ref);
  // A password is deleted under either setting: there is no switching it off.
  if (status === undefined || (status === "Inactive" && settings.revoke === "deactivate")) return { status: "unchanged", ...account };
  const call = ref.kind === "login-profile"
    ? { name: `DeleteLoginProfile of ${ref.userName}`, send: () => client.send(new DeleteLoginProfileCommand({ UserName: ref.userName })) }
    : settings.revoke === "delete"
      ? { name: `DeleteSigningCertificate ${ref.id!} of ${ref.userName}`, send: () => client.send(new DeleteSigningCertificateCommand({ UserName: ref.userName, CertificateId: ref.id! })) }
      : { name: `UpdateSigningCertificate ${ref.id!} of ${ref.userName} to Inactive`, send: () => client.send(new UpdateSigningCertificateCommand({ UserName: ref.userName, CertificateId: ref.id!, Status: "Inactive" })) };
  try {
    await call.send();
  } catch (e) {
    // Gone between the check and the change (another run, a person): converged all the same.
    const gone = ref.kind === "login-profile" ? (await passwordStatus(client, target, ref.userName)) === undefined : (await certificateStatus(client, target, ref)) === undefined;
    if (e instanceof NoSuchEntityException && gone) return { status: "unchanged", ...account };
    return rethrow(target, call.name, e);
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

/** The certificate's Status, or undefined when it (or its user) no longer exists. */
async function certificateStatus(client: IAMClient, target: string, ref: IamCredentialRef): Promise<string | undefined> {
  try {
    for await (const page of paginateListSigningCertificates({ client }, { UserName: ref.userName })) {
      const found = page.Certificates?.find((c) => c.CertificateId === ref.id);
      if (found) return found.Status ?? "Active";
    }
    return undefined;
  } catch (e) {
    if (e instanceof NoSuchEntityException) return undefined;
    return rethrow(target, `ListSigningCertificates of ${ref.userName}`, e);
  }
}
