// The AWS account root user, the `<root_account>` row of the IAM credential report. It is no NHI
// to declare or delete: AWS creates it with the account, it cannot be deleted, and no policy can
// limit what it may do. What can go wrong is how it signs in: AWS says the root user should have
// no access keys (only the root user itself can delete them) and should sign in with MFA.
import type { Identity } from "../../../model/identity.js";
import type { BuiltinRule, RuleHit } from "../rule.js";

/** The root user of an AWS account, as the aws-iam discovery source reports it. */
export function isAwsRootUser(identity: Identity): boolean {
  return identity.attributes.awsPrincipalType === "root";
}

const HOW_TO_SIGN_IN = "sign in to the AWS Management Console as the root user (an IAM user or role cannot do this), choose the account name, then Security credentials";

export const awsRootUser: BuiltinRule = {
  id: "aws-root-user",
  title: "The AWS root user has no access keys and signs in with MFA",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI5", "OWASP-NHI7", "NIST-SP800-53-AC-6", "NIST-SP800-53-IA-2(1)"],
  remediation: `${HOW_TO_SIGN_IN}: delete every access key under Access keys, and assign an MFA device; the root user itself cannot be deleted`,
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      if (!isAwsRootUser(identity)) continue;
      const location = identity.provenance.awsPrincipalType?.at ?? identity.definedAt ?? identity.id;
      const account = typeof identity.attributes.awsArn === "string" ? ` (${identity.attributes.awsArn})` : "";
      for (const c of identity.credentials ?? []) {
        // Inactive keys too: AWS and the CIS benchmark ask for none at all, and an inactive one can be switched back on.
        const state = c.status === "inactive" || c.status === "disabled" ? "inactive" : "active";
        const used = c.lastUsedAt ? `last used ${c.lastUsedAt}` : c.neverUsed ? "never used" : "use not recorded";
        if (c.type === "certificate") {
          hits.push({ identity: identity.id, message: `the AWS account root user${account} has signing certificate ${c.id} (${state}, issued ${c.issuedAt})`, remediation: `${HOW_TO_SIGN_IN}, and delete the certificate under X.509 certificates; nothing needs a root signing certificate`, location });
        } else {
          hits.push({ identity: identity.id, message: `the AWS account root user${account} has access key ${c.id} (${state}, created ${c.issuedAt}, ${used}): a root access key can do anything in the account and no policy can limit it`, remediation: `move whatever uses the key to an IAM role, then ${HOW_TO_SIGN_IN}, and delete the key under Access keys; the root user itself cannot be deleted`, location });
        }
      }
      if (identity.attributes.mfaActive === false) {
        hits.push({ identity: identity.id, message: `the AWS account root user${account} signs in without MFA`, remediation: `${HOW_TO_SIGN_IN}, and assign an MFA device under Multi-factor authentication (MFA)`, location });
      }
    }
    return hits;
  },
};
