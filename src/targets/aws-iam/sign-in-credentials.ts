// An IAM user's credentials besides its access keys, read so that an offboarded NHI loses them too:
// - the console password (GetLoginProfile: IAM answers NoSuchEntity when the user has none). A
//   password signs in to the console, where the user can switch a key back on or make a new one;
//   "Deleting a user's password does not prevent a user from accessing AWS through the command
//   line interface or the API" and the reverse holds as well
//   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html);
// - X.509 signing certificates (ListSigningCertificates, paged), which sign API calls of the
//   services that still take them, Active or Inactive
//   (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSigningCertificate.html).
import { GetLoginProfileCommand, NoSuchEntityException, paginateListSigningCertificates, type IAMClient, type SigningCertificate, type User } from "@aws-sdk/client-iam";
import { append } from "../../model/append.js";
import type { TargetCredential } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import { iamCall } from "./client.js";
import { awsRevokeCommand, loginProfileCredentialId, signingCertificateCredentialId } from "./credential-id.js";
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

/** The user's signing certificates as credentials, every page. */
export async function readSigningCertificates(client: IAMClient, settings: AwsIamSettings, user: { UserName: string; UserId: string }): Promise<TargetCredential[]> {
  const userName = user.UserName;
  const certificates = await iamCall(settings.name, `ListSigningCertificates of ${userName}`, async () => {
    const all: SigningCertificate[] = [];
    for await (const page of paginateListSigningCertificates({ client }, { UserName: userName })) append(all, page.Certificates ?? []);
    return all;
  });
  return certificates.map((c) => {
    if (!c.CertificateId) throw new TargetError(settings.name, `ListSigningCertificates of ${userName} answered a certificate without CertificateId`, { hint: "check options.endpoint" });
    const ref = { kind: "signing-certificate" as const, userName, id: c.CertificateId };
    return {
      id: signingCertificateCredentialId(userName, c.CertificateId),
      account: user.UserId,
      type: "signing-certificate",
      credentialId: c.CertificateId,
      ...(c.UploadDate ? { createdAt: c.UploadDate.toISOString() } : {}),
      status: c.Status === "Inactive" ? "inactive" : "active",
      // IAM records no use of a signing certificate: one the NHI's file does not list may be the one
      // in use (the read gained certificates after files were written), so `unknown: revoke`
      // reports it rather than switch it off unreviewed; an offboarded NHI's goes all the same.
      unknownReportedOnly: true,
      ...(settings.revoke === "manual" ? { manualRevocation: awsRevokeCommand(ref) } : {}),
    } satisfies TargetCredential;
  });
}
