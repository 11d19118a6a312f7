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
// - A GitHub App installation signs in with installation tokens the App mints from its own private
//   key; the github source reads the installation (GET /orgs/{org}/installations), and no target
//   suspends or uninstalls one. Organisation owners do that in the org's settings: "They can also
//   suspend or delete the GitHub App to prevent the app from accessing resources owned by the
//   organization" (https://docs.github.com/organizations/keeping-your-organization-secure/reviewing-your-organizations-installed-integrations);
//   the REST suspend endpoint takes the App's own JWT, which scopesync never holds.
// A system that reports the NHI disabled (an installation's suspended_at, an Entra sign-in block)
// has switched it off there itself: nothing of that system is said to keep working.
import type { Identity } from "../../../model/identity.js";
import { sh } from "./revoke-command.js";

export interface KeptSignIn {
  /** What keeps working, in words. */
  what: string;
  /** How a person switches it off. */
  fix: string;
  /** What it is, by name, for the leavers report (model/still-working.ts): "GitHub App installation 42 (ci-bot)". */
  credential: string;
}

const ISSUERS: Readonly<Record<string, string>> = { "github-actions": "GitHub Actions workflows" };

export function keptSignIn(identity: Identity): KeptSignIn | undefined {
  if (offInItsSystem(identity)) return undefined;
  const installation = identity.attributes.githubInstallationId;
  if (typeof installation === "string") return appInstallation(identity, installation);
  const federation = typeof identity.attributes.federation === "string" ? identity.attributes.federation : undefined;
  const who = federation ? ISSUERS[federation] ?? "an external identity provider" : undefined;
  if (identity.attributes.awsPrincipalType === "role") {
    const arn = String(identity.attributes.awsArn ?? "");
    const role = arn.includes(":role/") ? arn.slice(arn.lastIndexOf("/") + 1) : identity.id;
    return {
      credential: `IAM role ${role}'s trust policy${who ? ` (${who}, through OIDC)` : ""}`,
      what: `it is an IAM role, which keeps no secret to revoke: whoever its trust policy allows${who ? ` (here ${who}, through OIDC)` : ""} can still assume it`,
      fix: `remove who may assume it (\`aws iam update-assume-role-policy --role-name ${sh(role)} --policy-document file://deny-all.json\`, or delete the role) and revoke its active sessions (IAM console: Roles → ${role} → Revoke active sessions)`,
    };
  }
  if (identity.attributes.entraAppId !== undefined && federation !== undefined) {
    const appId = String(identity.attributes.entraAppId);
    return {
      credential: `federated identity credentials of application ${appId}`,
      what: `its federated identity credential lets ${who} sign in as the application with no secret, and no target removes it`,
      fix: `delete its federated identity credentials (list them with \`GET https://graph.microsoft.com/v1.0/applications(appId='${appId}')/federatedIdentityCredentials\`, then \`DELETE …/federatedIdentityCredentials/ID\` each, or in the app registration's Certificates & secrets → Federated credentials)`,
    };
  }
  return undefined;
}

/** Its own system reports it disabled (not its file, not a quarantine): switched off there already. */
export function disabledBySystem(identity: Identity): boolean {
  const from = identity.provenance.status?.source;
  return identity.status === "disabled" && from !== undefined && from !== "file" && identity.undeclared !== "quarantine";
}

/**
 * Switched off in the system that reports it, whatever its file says: disabled there, or an App
 * installation an owner suspended (`suspended_at`; a file's `status: disabled` keeps the status
 * the file's, so the installation's own word is asked).
 */
export function offInItsSystem(identity: Identity): boolean {
  return disabledBySystem(identity) || (identity.attributes.githubInstallationId !== undefined && identity.attributes.suspendedAt !== undefined);
}

function appInstallation(identity: Identity, installation: string): KeptSignIn {
  const slug = typeof identity.attributes.githubAppSlug === "string" ? identity.attributes.githubAppSlug : identity.id;
  const permissions = Array.isArray(identity.attributes.permissions) ? identity.attributes.permissions.filter((p) => typeof p === "string" && !p.endsWith(":read")) : [];
  const repos = identity.attributes.repositorySelection === "all" ? "every repository of the organisation" : "the repositories it was given";
  const can = permissions.length > 0 ? `: ${permissions.join(", ")} on ${repos}` : "";
  return {
    credential: `GitHub App installation ${installation} (${slug})`,
    what: `it works through the GitHub App ${slug} (installation ${installation}${can}), which no target suspends or uninstalls, so the App keeps that access`,
    fix: `an organisation owner suspends or uninstalls the App in GitHub (organisation Settings → GitHub Apps → ${slug} → Configure → Suspend, or Uninstall)`,
  };
}
