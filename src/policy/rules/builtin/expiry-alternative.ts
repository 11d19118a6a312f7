// What `credential-expiry-required` asks for when the issuing system cannot give the credential an
// expiry (CredentialDoc.cannotExpire): the system's own short-lived credential in its place, and
// rotation until then. Each text promises only what that system can do; the sources cite the
// vendor's documentation where they set the mark.
import { whyNoExpiry } from "../../../model/cannot-expire.js";
import type { CannotExpire, CredentialDoc } from "../../../model/documents.js";
import { sh } from "./revoke-command.js";

// Kept short: the text output cuts a remediation at 400 characters, and names can be long.
const UNTIL_THEN = "until then, rotate it within credential-max-age's maxAge";

export interface ExpiryAlternative {
  /** Why no expiry can be asked for, in the system's terms. */
  why: string;
  /** The remediation: what replaces the credential, then how to remove it. */
  instead: string;
}

export function expiryAlternative(c: CredentialDoc, kind: CannotExpire): ExpiryAlternative {
  if (c.principal === undefined) return { why: whyNoExpiry(kind), instead: writtenInYaml(c, kind) };
  const principal = c.principal;
  switch (kind) {
    case "aws-access-key":
      return {
        why: whyNoExpiry(kind),
        instead: `use temporary credentials from an IAM role instead (an instance or task role in AWS, IAM Roles Anywhere outside it, OIDC federation for CI), then delete ${c.id} of IAM user ${principal}; ${UNTIL_THEN}`,
      };
    case "github-deploy-key": {
      const keyId = c.id.split(":").pop() ?? c.id;
      return {
        why: whyNoExpiry(kind),
        instead: `use a GitHub App installation token instead (it expires after an hour; actions/create-github-app-token in workflows), then \`gh repo deploy-key delete ${sh(keyId)} --repo ${sh(principal)}\`; ${UNTIL_THEN}`,
      };
    }
    case "kubernetes-token-secret": {
      const [namespace = "", account = principal] = principal.split("/");
      return {
        why: whyNoExpiry(kind),
        instead: `use short-lived TokenRequest tokens instead (a projected serviceAccountToken volume in the pod, \`kubectl create token ${sh(account)} -n ${sh(namespace)}\` outside it), then \`kubectl delete secret ${sh(c.id)} -n ${sh(namespace)}\`; ${UNTIL_THEN}`,
      };
    }
  }
}

/**
 * A credential written in YAML (import writes a GitHub deploy key's) names neither its holder in
 * the system nor the system's id for it, so no command can be given: the same alternative, then
 * delete the credential there and here.
 */
function writtenInYaml(c: CredentialDoc, kind: CannotExpire): string {
  switch (kind) {
    case "aws-access-key":
      return `use temporary credentials from an IAM role instead (an instance or task role in AWS, IAM Roles Anywhere outside it, OIDC federation for CI), then delete the access key in AWS and ${c.id} here; ${UNTIL_THEN}`;
    case "github-deploy-key":
      return `use a GitHub App installation token instead (it expires after an hour; actions/create-github-app-token in workflows), then delete the deploy key in GitHub (\`gh repo deploy-key delete\`) and ${c.id} here; ${UNTIL_THEN}`;
    case "kubernetes-token-secret":
      return `use short-lived TokenRequest tokens instead (a projected serviceAccountToken volume in the pod, \`kubectl create token\` outside it), then delete the token Secret (\`kubectl delete secret\`) and ${c.id} here; ${UNTIL_THEN}`;
  }
}
