// The ids the entra-apps target gives an application's credentials, shared by the connector that
// writes and revokes them and the rules that ask whether a planned change revokes a credential the
// entra-apps source reports (by its keyId):
//   password:<keyId>      a client secret (application passwordCredentials)
//   certificate:<keyId>   a certificate (application keyCredentials)
//   federated:<id>        a federated identity credential (application federatedIdentityCredentials,
//                         whose id Graph gives as a GUID): an external issuer's tokens for one
//                         subject sign in as the application, with no secret at all
// The application is the change's account (its object id).

export type EntraCredential = { kind: "password" | "certificate" | "federated"; keyId: string };

const KINDS: ReadonlySet<string> = new Set(["password", "certificate", "federated"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const entraCredentialId = (kind: EntraCredential["kind"], keyId: string): string => `${kind}:${keyId.toLowerCase()}`;

export function parseEntraCredential(id: string): EntraCredential | undefined {
  const at = id.indexOf(":");
  const kind = id.slice(0, at);
  const keyId = id.slice(at + 1);
  if (!KINDS.has(kind) || !GUID.test(keyId)) return undefined;
  return { kind: kind as EntraCredential["kind"], keyId: keyId.toLowerCase() };
}
