// The ids the aws-iam target gives an IAM user's credentials, shared by the connector that writes
// and revokes them and the rules that ask whether a planned change revokes a credential a discovery
// source reports (a credential report names slots, not these ids):
//   access-key:<UserName>:<AccessKeyId>                an access key
//   login-profile:<UserName>                           the console password (one per user, no id of its own)
//   signing-certificate:<UserName>:<CertificateId>     an X.509 signing certificate
//   service-credential:<UserName>:<ServiceSpecificCredentialId>  a service-specific credential (an
//                                                      Amazon Bedrock long-term API key, CodeCommit
//                                                      HTTPS Git credentials, Amazon Keyspaces)
//   ssh-public-key:<UserName>:<SSHPublicKeyId>         an SSH public key (CodeCommit over SSH)
// Every IAM call on one of them needs the user name, so it is part of the id.

export type IamCredentialKind = "access-key" | "login-profile" | "signing-certificate" | "service-credential" | "ssh-public-key";

export interface IamCredentialRef { kind: IamCredentialKind; userName: string; /** AccessKeyId, CertificateId, ServiceSpecificCredentialId or SSHPublicKeyId; absent for a login profile. */ id?: string }

// IAM user names: [\w+=,.@-]{1,64}; access key ids: [\w]{16,128}; certificate ids: [\w]{24,128};
// service-specific credential and SSH public key ids: [\w]{20,128} (the IAM API reference).
const ACCESS_KEY = /^access-key:([\w+=,.@-]{1,64}):(\w{16,128})$/;
const LOGIN_PROFILE = /^login-profile:([\w+=,.@-]{1,64})$/;
const SIGNING_CERTIFICATE = /^signing-certificate:([\w+=,.@-]{1,64}):(\w{24,128})$/;
const SERVICE_CREDENTIAL = /^service-credential:([\w+=,.@-]{1,64}):(\w{20,128})$/;
const SSH_PUBLIC_KEY = /^ssh-public-key:([\w+=,.@-]{1,64}):(\w{20,128})$/;

export const accessKeyCredentialId = (userName: string, accessKeyId: string): string => `access-key:${userName}:${accessKeyId}`;
export const loginProfileCredentialId = (userName: string): string => `login-profile:${userName}`;
/** A signing certificate's, service-specific credential's or SSH public key's id: <kind>:<UserName>:<id>. */
export const userCredentialId = (kind: Exclude<IamCredentialKind, "access-key" | "login-profile">, userName: string, id: string): string => `${kind}:${userName}:${id}`;

export function parseIamCredential(id: string): IamCredentialRef | undefined {
  let m = ACCESS_KEY.exec(id);
  if (m) return { kind: "access-key", userName: m[1]!, id: m[2]! };
  m = LOGIN_PROFILE.exec(id);
  if (m) return { kind: "login-profile", userName: m[1]! };
  m = SIGNING_CERTIFICATE.exec(id);
  if (m) return { kind: "signing-certificate", userName: m[1]!, id: m[2]! };
  m = SERVICE_CREDENTIAL.exec(id);
  if (m) return { kind: "service-credential", userName: m[1]!, id: m[2]! };
  m = SSH_PUBLIC_KEY.exec(id);
  if (m) return { kind: "ssh-public-key", userName: m[1]!, id: m[2]! };
  return undefined;
}
