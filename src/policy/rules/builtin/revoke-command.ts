// The command that revokes one discovered credential in the system that issued it, for findings
// that propose revocation. Names come from exports (untrusted): they are quoted for a POSIX shell.
// The system is the credential's own (the type of the source that reported it), never the
// identity's: one NHI that AWS and GCP both report has the attributes of both merged
// (resolve/reconcile-nhis.ts), and its GCP key is revoked with gcloud, not with the AWS CLI.
import type { CredentialDoc, ProjectConfig } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";

/** `value` as one POSIX shell word: names come from exports and are untrusted. */
export const sh = (value: string): string => (/^[A-Za-z0-9@%+=:,./_-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/** An Entra credential held by a service principal (`servicePrincipals/<object id>`), not by an application registration. */
export function isServicePrincipalCredential(c: CredentialDoc): boolean {
  return c.principal?.startsWith("servicePrincipals/") === true;
}

/** "in AWS account 222222222222, " for a credential report slot: the same user name can be in several accounts. */
function inAwsAccount(c: CredentialDoc): string {
  const account = /^arn:[^:]+:iam::(\d{12}):/.exec(c.idScope ?? "")?.[1];
  return account === undefined ? "" : `in AWS account ${account}, `;
}

/** The type of the system that reported the credential (its discovery source's type; the source's name where it has none), or undefined for one a file lists. */
export function issuingSystem(c: CredentialDoc, config: Pick<ProjectConfig, "sources">): string | undefined {
  return c.discoveredBy === undefined ? undefined : (config.sources[c.discoveredBy]?.type ?? c.discoveredBy);
}

/** `system`: the credential's issuing system (issuingSystem). */
export function revokeCommand(identity: Identity, c: CredentialDoc, system: string | undefined): string {
  const principal = c.principal ?? identity.id;
  if (system === "aws-iam" && c.type === "certificate") {
    // A signing certificate (the report's cert_1/cert_2 slots) has commands of its own.
    return `${inAwsAccount(c)}find the certificate uploaded ${c.issuedAt} with \`aws iam list-signing-certificates --user-name ${sh(principal)}\`, then \`aws iam update-signing-certificate --user-name ${sh(principal)} --certificate-id ID --status Inactive\` (and delete-signing-certificate once nothing breaks)`;
  }
  if (system === "aws-iam") {
    // The credential report names key slots, not AccessKeyIds: list-access-keys gives the id (same CreateDate as the slot's issuedAt).
    return `${inAwsAccount(c)}find the key created ${c.issuedAt} with \`aws iam list-access-keys --user-name ${sh(principal)}\`, then \`aws iam update-access-key --user-name ${sh(principal)} --access-key-id ID --status Inactive\` (and delete-access-key once nothing breaks)`;
  }
  if (system === "entra-apps") {
    const [collection, objectId] = principal.split("/");
    const verb = c.type === "certificate" ? "removeKey" : "removePassword";
    const cert = c.type === "certificate" ? " --cert" : "";
    // A service principal's own credential is not on any application object (another tenant's app
    // has none here): `az ad app credential` cannot reach it, `az ad sp credential` takes the
    // service principal's object id.
    const az = isServicePrincipalCredential(c) && objectId !== undefined
      ? `az ad sp credential delete --id ${sh(objectId)} --key-id ${sh(c.id)}${cert}`
      : `az ad app credential delete --id ${sh(String(identity.attributes.entraAppId ?? objectId ?? principal))} --key-id ${sh(c.id)}${cert}`;
    return `POST https://graph.microsoft.com/v1.0/${sh(collection ?? "applications")}/${sh(objectId ?? principal)}/${verb} with {"keyId":"${c.id}"} (or \`${az}\`)`;
  }
  if (system === "gcp-iam") {
    const keyId = c.id.split("/").pop() ?? c.id;
    return `\`gcloud iam service-accounts keys disable ${sh(keyId)} --iam-account ${sh(principal)}\`, then \`keys delete\` once nothing breaks`;
  }
  if (system === "kubernetes") {
    // The Secret's own namespace (its principal is namespace/account): an NHI two clusters report
    // can live in a namespace of another name in each, and the identity keeps the last one's.
    const namespace = c.principal?.includes("/") ? c.principal.slice(0, c.principal.indexOf("/")) : String(identity.attributes.k8sNamespace);
    const cluster = c.discoveredBy !== undefined && c.idScope !== undefined ? ` in the cluster source ${sh(c.discoveredBy)} exports` : "";
    return `\`kubectl delete secret ${sh(c.id)} --namespace ${sh(namespace)}\`${cluster}`;
  }
  return "revoke it in the system that issued it";
}
