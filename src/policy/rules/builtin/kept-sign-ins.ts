// What keeps an NHI usable that no target of any type switches off: it signs in with no secret of
// its own, through a trust its system keeps. A quarantine that disables its accounts and revokes
// its keys leaves that working, so the findings say so rather than "quarantined".
// - An IAM role has no long-term credentials: whoever its trust policy allows gets temporary ones
//   ("you can create IAM roles and generate temporary security credentials",
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds-programmatic-access.html). The
//   aws-iam target reads and revokes IAM users' credentials, never a role's trust.
// - An Entra application with a federated identity credential takes tokens an external issuer
//   (GitHub Actions) signs, with its client id and no secret
//   (https://learn.microsoft.com/en-us/graph/api/resources/federatedidentitycredential).
//   The entra-apps target removes client secrets only; a federated credential is removed with
//   DELETE /applications(appId='{appId}')/federatedIdentityCredentials/{id or name}
//   (https://learn.microsoft.com/en-us/graph/api/federatedidentitycredential-delete), by a person.
import type { Identity } from "../../../model/identity.js";
import { sh } from "./revoke-command.js";

export interface KeptSignIn {
  /** What keeps working, in words. */
  what: string;
  /** How a person switches it off. */
  fix: string;
}

const ISSUERS: Readonly<Record<string, string>> = { "github-actions": "GitHub Actions workflows" };

export function keptSignIn(identity: Identity): KeptSignIn | undefined {
  const federation = typeof identity.attributes.federation === "string" ? identity.attributes.federation : undefined;
  const who = federation ? ISSUERS[federation] ?? "an external identity provider" : undefined;
  if (identity.attributes.awsPrincipalType === "role") {
    const arn = String(identity.attributes.awsArn ?? "");
    const role = arn.includes(":role/") ? arn.slice(arn.lastIndexOf("/") + 1) : identity.id;
    return {
      what: `it is an IAM role, which keeps no secret to revoke: whoever its trust policy allows${who ? ` (here ${who}, through OIDC)` : ""} can still assume it`,
      fix: `remove who may assume it (\`aws iam update-assume-role-policy --role-name ${sh(role)} --policy-document file://deny-all.json\`, or delete the role) and revoke its active sessions (IAM console: Roles → ${role} → Revoke active sessions)`,
    };
  }
  if (identity.attributes.entraAppId !== undefined && federation !== undefined) {
    const appId = String(identity.attributes.entraAppId);
    return {
      what: `its federated identity credential lets ${who} sign in as the application with no secret, and no target removes it`,
      fix: `delete its federated identity credentials (list them with \`GET https://graph.microsoft.com/v1.0/applications(appId='${appId}')/federatedIdentityCredentials\`, then \`DELETE …/federatedIdentityCredentials/ID\` each, or in the app registration's Certificates & secrets → Federated credentials)`,
    };
  }
  return undefined;
}
