// Credential ids this connector writes in read() and accepts in revoke-credential:
//   password:<keyId>      a client secret (application passwordCredentials)
//   certificate:<keyId>   a certificate (application keyCredentials)
// The application is the change's account (its object id).

export type EntraCredential = { kind: "password" | "certificate"; keyId: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const entraCredentialId = (kind: EntraCredential["kind"], keyId: string): string => `${kind}:${keyId.toLowerCase()}`;

export function parseEntraCredential(id: string): EntraCredential | undefined {
  const at = id.indexOf(":");
  const kind = id.slice(0, at);
  const keyId = id.slice(at + 1);
  if ((kind !== "password" && kind !== "certificate") || !GUID.test(keyId)) return undefined;
  return { kind, keyId: keyId.toLowerCase() };
}

/** What a person runs where the API cannot (or, with `revoke: manual`, may not) remove the credential. */
export function azCredentialDelete(appId: string, credential: EntraCredential): string {
  return `az ad app credential delete --id ${appId} --key-id ${credential.keyId}${credential.kind === "certificate" ? " --cert" : ""}`;
}
