// An offboarded NHI's federated identity credentials (model/federated-credential.ts): each lets an
// outside workload sign in as the Entra application with no secret, so revoking the application's
// secrets, or quarantining it because its owner left, leaves that working. Each is named by its
// name, issuer and subject, with the application's last sign-in where the sign-in report has one,
// and how many days after the owner left that was: a sign-in after the leaving date is the sign
// that something (or someone) still runs it.
import type { ReportedFederatedCredential } from "../../../model/federated-credential.js";
import type { Identity } from "../../../model/identity.js";
import type { RuleHit } from "../rule.js";
import { offInItsSystem } from "./kept-sign-ins.js";
import { sh } from "./revoke-command.js";
import { afterLeavingWords, usedAfterLeaving } from "./used-after-leaving.js";

/** The federated credentials of an offboarded NHI that still sign it in: none where its own system switched it off. */
export function federatedCredentialsKept(identity: Identity): readonly ReportedFederatedCredential[] {
  return offInItsSystem(identity) ? [] : (identity.federatedCredentials ?? []);
}

export function federatedCredentialHit(identity: Identity, reason: string, f: ReportedFederatedCredential, byId: ReadonlyMap<string, Identity>): RuleHit {
  const appId = typeof identity.attributes.entraAppId === "string" ? identity.attributes.entraAppId : undefined;
  // servicePrincipalSignInActivity, where the source reads it (its signInActivity option): the application's, not this credential's.
  const signIn = typeof identity.attributes.lastSignInAt === "string" ? identity.attributes.lastSignInAt : undefined;
  const after = signIn ? usedAfterLeaving(signIn, identity, byId) : undefined;
  const used = signIn ? `; the application last signed in ${signIn}${afterLeavingWords(after)}` : "";
  const app = appId ? `application ${appId}` : "the application";
  return {
    identity: identity.id,
    message: `${identity.id} is offboarded (${reason}), but its federated identity credential "${f.name}" (${f.source}: issuer ${f.issuer}, subject ${f.subject}) still lets that workload sign in as ${app} with no secret${used}: no plan removes a federated credential`,
    remediation: `${appId ? `\`az rest --method DELETE --url ${sh(`https://graph.microsoft.com/v1.0/applications(appId='${appId}')/federatedIdentityCredentials/${f.id}`)}\` (Graph's DELETE federatedIdentityCredential; or the app registration's Certificates & secrets → Federated credentials → ${f.name} → Delete)` : `delete federated credential ${f.id} of the application (Entra admin center: App registrations → Certificates & secrets → Federated credentials)`}${after ? `; then find out what signed in after ${after.owner} left: the service principal sign-in log of ${app} since ${after.left} (Entra admin center: Sign-in logs → Service principal sign-ins)` : ""}`,
    location: f.at,
  };
}
