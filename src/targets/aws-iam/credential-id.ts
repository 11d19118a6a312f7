// Credential ids this connector writes in read() and accepts in revoke-credential:
//   access-key:<UserName>:<AccessKeyId>
// The user name is needed by every IAM call on a key; the account is the user's UserId.

export interface AccessKeyRef { userName: string; accessKeyId: string }

// IAM user names: [\w+=,.@-]{1,64}; access key ids: [\w]{16,128} (the IAM API reference).
const ID = /^access-key:([\w+=,.@-]{1,64}):(\w{16,128})$/;

export const accessKeyCredentialId = (userName: string, accessKeyId: string): string => `access-key:${userName}:${accessKeyId}`;

export function parseAccessKeyCredential(id: string): AccessKeyRef | undefined {
  const m = ID.exec(id);
  return m ? { userName: m[1]!, accessKeyId: m[2]! } : undefined;
}

/** What a person runs where scopesync may not revoke (`revoke: manual`): reversible, as `deactivate` is. */
export function awsUpdateAccessKeyCommand(key: AccessKeyRef): string {
  return `aws iam update-access-key --user-name ${key.userName} --access-key-id ${key.accessKeyId} --status Inactive`;
}
