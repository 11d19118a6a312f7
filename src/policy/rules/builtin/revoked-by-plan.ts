// Whether a planned revoke-credential change switches off one credential a discovery source
// reports. The two name a credential differently (an AWS credential report names slots,
// access_key_1 and cert_1; the aws-iam target names access-key:<user>:<AccessKeyId> and
// signing-certificate:<user>:<CertificateId>), so each system's credential is matched to the
// change of its own kind and holder: one revoked access key does not switch off the user's signing
// certificate or console password, nor an application's secret its service principal's.
//
// An IAM user's holder is the user in its AWS account: a user name is unique only within one
// account (model/aws-account.ts), and an NHI that prod's and dev's reports name is two users. A
// report's credential (its `idScope` is the user's ARN) is revoked only by a change of a target
// that reads the same account (the plan's `targets.<name>.awsAccount`); a target whose state does
// not say which account it reads revokes no report's credential, and the finding says why.
import type { Change } from "../../../model/change.js";
import { awsAccountOf } from "../../../model/aws-account.js";
import { parseIamCredential, type IamCredentialKind } from "../../../model/aws-iam-credential-ids.js";
import type { ReportedConsolePassword } from "../../../model/console-password.js";
import type { CredentialDoc } from "../../../model/documents.js";
import { parseEntraCredential } from "../../../model/entra-credential-ids.js";
import type { TargetStateFacts } from "../../../model/target-state-facts.js";

/** What of an NHI a source reports that a change could revoke: one of its credentials, or an IAM user's console password. */
export type Revocable = { credential: CredentialDoc } | { consolePassword: ReportedConsolePassword };

/** The aws-iam target whose change is of the credential's kind and user, but whose AWS account is unknown. */
export interface UnknownAccount { target: string }

export class PlannedRevocations {
  /** identity \0 target credential id, for every revoke-credential change. */
  private readonly byId = new Set<string>();
  /** identity \0 kind \0 AWS account \0 lower-case user name, for the aws-iam targets' changes. */
  private readonly iam = new Set<string>();
  /** identity \0 kind \0 lower-case user name → the aws-iam target, for changes of a target whose account is unknown. */
  private readonly iamUnknownAccount = new Map<string, string>();

  constructor(changes: readonly Change[], typeOf: (target: string) => string, targets: ReadonlyMap<string, TargetStateFacts>) {
    for (const c of changes) {
      if (c.action !== "revoke-credential" || c.credential === undefined) continue;
      this.byId.add(`${c.identity}\u0000${c.credential}`);
      if (typeOf(c.target) !== "aws-iam") continue;
      const ref = parseIamCredential(c.credential);
      if (!ref) continue;
      const account = targets.get(c.target)?.awsAccount;
      const user = `${c.identity}\u0000${ref.kind}\u0000${ref.userName.toLowerCase()}`;
      if (account === undefined) {
        if (!this.iamUnknownAccount.has(user)) this.iamUnknownAccount.set(user, c.target);
      } else this.iam.add(`${user}\u0000${account}`);
    }
  }

  /** Whether a change of this plan revokes it; `type` is the reporting source's type. */
  revokes(identity: string, what: Revocable, type: string): boolean {
    const iam = this.iamSlot(identity, what, type);
    if (iam) return iam.account !== undefined && this.iam.has(`${iam.user}\u0000${iam.account}`);
    if ("consolePassword" in what) return false;
    const c = what.credential;
    // An id the target shares with the source (GitHub's deploy-key:<repo>:<id>).
    if (this.byId.has(`${identity}\u0000${c.id}`)) return true;
    if (type === "entra-apps") {
      // The target names the secret or certificate by the keyId the source reports, on the application.
      const kind = c.type === "certificate" ? "certificate" : "password";
      const id = `${kind}:${c.id.toLowerCase()}`;
      return parseEntraCredential(id) !== undefined && this.byId.has(`${identity}\u0000${id}`);
    }
    return false;
  }

  /**
   * An aws-iam target that plans to revoke a credential of this kind on this user name but whose
   * state does not say which AWS account it reads: the finding names it, so that the reviewer
   * pulls its state rather than wonders why a revoked credential is named.
   */
  unknownAccount(identity: string, what: Revocable, type: string): UnknownAccount | undefined {
    const iam = this.iamSlot(identity, what, type);
    const target = iam ? this.iamUnknownAccount.get(iam.user) : undefined;
    return target === undefined ? undefined : { target };
  }

  /**
   * An IAM credential as the report gives it: its holder (identity, kind, user name) and the
   * account of its user's ARN. The report's slot has no AccessKeyId or CertificateId; the target
   * revokes every active one of the user it holds when the NHI is offboarded, so a change of the
   * same kind on the same user of the same account revokes the slot's.
   */
  private iamSlot(identity: string, what: Revocable, type: string): { user: string; account: string | undefined } | undefined {
    if ("consolePassword" in what) {
      const p = what.consolePassword;
      return { user: `${identity}\u0000login-profile\u0000${p.userName.toLowerCase()}`, account: awsAccountOf(p.idScope) };
    }
    const c = what.credential;
    if (type !== "aws-iam" || c.principal === undefined) return undefined;
    const kind: IamCredentialKind = c.type === "certificate" ? "signing-certificate" : "access-key";
    return { user: `${identity}\u0000${kind}\u0000${c.principal.toLowerCase()}`, account: awsAccountOf(c.idScope) };
  }
}
