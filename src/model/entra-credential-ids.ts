// The ids the entra-apps target gives an application's credentials, shared by the connector that
// writes and revokes them and the rules that ask whether a planned change revokes a credential the
// entra-apps source reports (by its keyId):
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
