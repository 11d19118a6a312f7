// Credential ids this connector writes in read() and accepts in revoke-credential: their format is
// shared with the rules (src/model/entra-credential-ids.ts).
import type { EntraCredential } from "../../model/entra-credential-ids.js";

export { entraCredentialId, parseEntraCredential, type EntraCredential } from "../../model/entra-credential-ids.js";

/** What a person runs where the API cannot (or, with `revoke: manual`, may not) remove the credential. */
export function azCredentialDelete(appId: string, credential: EntraCredential): string {
  // A federated identity credential has its own az command group (az ad app federated-credential).
  if (credential.kind === "federated") return `az ad app federated-credential delete --id ${appId} --federated-credential-id ${credential.keyId}`;
  return `az ad app credential delete --id ${appId} --key-id ${credential.keyId}${credential.kind === "certificate" ? " --cert" : ""}`;
}
