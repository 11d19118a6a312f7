// Credential ids this connector writes in read() and accepts in revoke-credential (their format is
// shared with the rules: src/model/aws-iam-credential-ids.ts), and the commands a person runs where
// scopesync may not revoke (`revoke: manual`): reversible where IAM allows it, as `deactivate` is.
import { parseIamCredential, type IamCredentialRef } from "../../model/aws-iam-credential-ids.js";

export { accessKeyCredentialId, loginProfileCredentialId, parseIamCredential, userCredentialId, type IamCredentialRef } from "../../model/aws-iam-credential-ids.js";

export interface AccessKeyRef { userName: string; accessKeyId: string }

export function parseAccessKeyCredential(id: string): AccessKeyRef | undefined {
  const ref = parseIamCredential(id);
  return ref?.kind === "access-key" ? { userName: ref.userName, accessKeyId: ref.id! } : undefined;
}

export function awsUpdateAccessKeyCommand(key: AccessKeyRef): string {
  return `aws iam update-access-key --user-name ${key.userName} --access-key-id ${key.accessKeyId} --status Inactive`;
}

/** The command that switches one credential off: a console password cannot be switched off, only deleted. */
export function awsRevokeCommand(ref: IamCredentialRef): string {
  if (ref.kind === "access-key") return awsUpdateAccessKeyCommand({ userName: ref.userName, accessKeyId: ref.id! });
  if (ref.kind === "login-profile") return `aws iam delete-login-profile --user-name ${ref.userName}`;
  if (ref.kind === "service-credential") return `aws iam update-service-specific-credential --user-name ${ref.userName} --service-specific-credential-id ${ref.id!} --status Inactive`;
  if (ref.kind === "ssh-public-key") return `aws iam update-ssh-public-key --user-name ${ref.userName} --ssh-public-key-id ${ref.id!} --status Inactive`;
  return `aws iam update-signing-certificate --user-name ${ref.userName} --certificate-id ${ref.id!} --status Inactive`;
}
