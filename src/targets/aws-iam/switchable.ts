// An IAM user's credentials that IAM switches with a Status (Active/Inactive) and records no use of,
// one description per kind, so that reading, checking and revoking them is written once:
// - X.509 signing certificates (ListSigningCertificates; UpdateSigningCertificate: "Inactive means
//   that the certificate cannot be used", DeleteSigningCertificate);
// - service-specific credentials (ListServiceSpecificCredentials, every service: Amazon Bedrock
//   long-term API keys, CodeCommit HTTPS Git credentials, Amazon Keyspaces; "Service-specific
//   credentials that are inactive cannot be used for authentication to the service",
//   UpdateServiceSpecificCredential; DeleteServiceSpecificCredential). Their password is answered
//   only by Create/ResetServiceSpecificCredential, which scopesync never calls: the list has none;
// - SSH public keys (ListSSHPublicKeys; UpdateSSHPublicKey Status=Inactive, DeleteSSHPublicKey),
//   with which the user pushes to CodeCommit over SSH.
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html). They follow the
// target's `revoke` as access keys do: `deactivate` sets Inactive (a person can switch it back on),
// `delete` deletes, `manual` plans the `aws iam` command; one rule for every credential with a
// status, so a reviewer never has to learn which kind is deleted under which setting.
import {
  DeleteServiceSpecificCredentialCommand, DeleteSigningCertificateCommand, DeleteSSHPublicKeyCommand, ListServiceSpecificCredentialsCommand,
  paginateListSigningCertificates, paginateListSSHPublicKeys, UpdateServiceSpecificCredentialCommand, UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand, type IAMClient,
} from "@aws-sdk/client-iam";
import type { IamCredentialKind } from "../../model/aws-iam-credential-ids.js";

export type SwitchableKind = Extract<IamCredentialKind, "signing-certificate" | "service-credential" | "ssh-public-key">;

/** One credential as IAM lists it. `service`: the service a service-specific credential is for. */
export interface ListedCredential { id?: string; status?: string; createdAt?: Date; service?: string }

interface KindSpec {
  /** The words a message names one by, and the credential `type` the state records. */
  what: string;
  type: string;
  list: string;
  update: string;
  remove: string;
  pages(client: IAMClient, userName: string): AsyncIterable<ListedCredential[]>;
  deactivate(client: IAMClient, userName: string, id: string): Promise<unknown>;
  delete(client: IAMClient, userName: string, id: string): Promise<unknown>;
}

export const SWITCHABLE: Record<SwitchableKind, KindSpec> = {
  "signing-certificate": {
    what: "signing certificate",
    type: "signing-certificate",
    list: "ListSigningCertificates",
    update: "UpdateSigningCertificate",
    remove: "DeleteSigningCertificate",
    async *pages(client, userName) {
      for await (const page of paginateListSigningCertificates({ client }, { UserName: userName })) {
        yield (page.Certificates ?? []).map((c) => ({ id: c.CertificateId, status: c.Status, createdAt: c.UploadDate }));
      }
    },
    deactivate: (client, userName, id) => client.send(new UpdateSigningCertificateCommand({ UserName: userName, CertificateId: id, Status: "Inactive" })),
    delete: (client, userName, id) => client.send(new DeleteSigningCertificateCommand({ UserName: userName, CertificateId: id })),
  },
  "service-credential": {
    what: "service-specific credential",
    type: "service-credential",
    list: "ListServiceSpecificCredentials",
    update: "UpdateServiceSpecificCredential",
    remove: "DeleteServiceSpecificCredential",
    async *pages(client, userName) {
      // The SDK has no paginator for this list (it gained Marker/IsTruncated in 2025): followed here.
      let marker: string | undefined;
      do {
        const page = await client.send(new ListServiceSpecificCredentialsCommand({ UserName: userName, ...(marker ? { Marker: marker } : {}) }));
        yield (page.ServiceSpecificCredentials ?? []).map((c) => ({ id: c.ServiceSpecificCredentialId, status: c.Status, createdAt: c.CreateDate, service: c.ServiceName }));
        marker = page.IsTruncated ? page.Marker : undefined;
      } while (marker);
    },
    deactivate: (client, userName, id) => client.send(new UpdateServiceSpecificCredentialCommand({ UserName: userName, ServiceSpecificCredentialId: id, Status: "Inactive" })),
    delete: (client, userName, id) => client.send(new DeleteServiceSpecificCredentialCommand({ UserName: userName, ServiceSpecificCredentialId: id })),
  },
  "ssh-public-key": {
    what: "SSH public key",
    type: "ssh-public-key",
    list: "ListSSHPublicKeys",
    update: "UpdateSSHPublicKey",
    remove: "DeleteSSHPublicKey",
    async *pages(client, userName) {
      for await (const page of paginateListSSHPublicKeys({ client }, { UserName: userName })) {
        yield (page.SSHPublicKeys ?? []).map((k) => ({ id: k.SSHPublicKeyId, status: k.Status, createdAt: k.UploadDate }));
      }
    },
    deactivate: (client, userName, id) => client.send(new UpdateSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: id, Status: "Inactive" })),
    delete: (client, userName, id) => client.send(new DeleteSSHPublicKeyCommand({ UserName: userName, SSHPublicKeyId: id })),
  },
};

export const SWITCHABLE_KINDS = Object.keys(SWITCHABLE) as SwitchableKind[];

export function isSwitchable(kind: IamCredentialKind): kind is SwitchableKind {
  return kind in SWITCHABLE;
}
