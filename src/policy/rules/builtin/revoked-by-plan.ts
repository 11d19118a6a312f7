// Whether a planned revoke-credential change switches off one credential a discovery source
// reports. The two name a credential differently (an AWS credential report names slots,
// access_key_1 and cert_1; the aws-iam target names access-key:<user>:<AccessKeyId> and
// signing-certificate:<user>:<CertificateId>), so each system's credential is matched to the
// change of its own kind and holder: one revoked access key does not switch off the user's signing
// certificate or console password, nor an application's secret its service principal's.
import type { Change } from "../../../model/change.js";
import { parseIamCredential, type IamCredentialKind } from "../../../model/aws-iam-credential-ids.js";
import type { CredentialDoc } from "../../../model/documents.js";
import { parseEntraCredential } from "../../../model/entra-credential-ids.js";

/** What of an NHI a source reports that a change could revoke: one of its credentials, or an IAM user's console password. */
export type Revocable = { credential: CredentialDoc } | { consolePasswordOf: string };

export class PlannedRevocations {
  /** identity \0 target credential id, for every revoke-credential change. */
  private readonly byId = new Set<string>();
  /** identity \0 kind \0 lower-case user name, for the aws-iam target's changes. */
  private readonly iam = new Set<string>();

  constructor(changes: readonly Change[], typeOf: (target: string) => string) {
    for (const c of changes) {
      if (c.action !== "revoke-credential" || c.credential === undefined) continue;
      this.byId.add(`${c.identity}\u0000${c.credential}`);
      if (typeOf(c.target) !== "aws-iam") continue;
      const ref = parseIamCredential(c.credential);
      if (ref) this.iam.add(`${c.identity}\u0000${ref.kind}\u0000${ref.userName.toLowerCase()}`);
    }
  }

  /** Whether a change of this plan revokes it; `type` is the reporting source's type. */
  revokes(identity: string, what: Revocable, type: string): boolean {
    if ("consolePasswordOf" in what) return this.iam.has(`${identity}\u0000login-profile\u0000${what.consolePasswordOf.toLowerCase()}`);
    const c = what.credential;
    // An id the target shares with the source (GitHub's deploy-key:<repo>:<id>).
    if (this.byId.has(`${identity}\u0000${c.id}`)) return true;
    if (type === "entra-apps") {
      // The target names the secret or certificate by the keyId the source reports, on the application.
      const kind = c.type === "certificate" ? "certificate" : "password";
      const id = `${kind}:${c.id.toLowerCase()}`;
      return parseEntraCredential(id) !== undefined && this.byId.has(`${identity}\u0000${id}`);
    }
    if (type === "aws-iam" && c.principal !== undefined) {
      // The report's slot has no AccessKeyId or CertificateId; the target revokes every active one
      // of the user it holds when the NHI is offboarded, so a change of the same kind on the same
      // user revokes the slot's.
      const kind: IamCredentialKind = c.type === "certificate" ? "signing-certificate" : "access-key";
      return this.iam.has(`${identity}\u0000${kind}\u0000${c.principal.toLowerCase()}`);
    }
    return false;
  }
}
