// A credential a discovery source reports for an offboarded NHI that expired before the plan's
// clock: the system refuses it already (Entra rejects a client secret or certificate past its
// endDateTime, https://learn.microsoft.com/en-us/graph/api/resources/passwordcredential: "The date
// and time at which the password expires"), so it is not "still active" and needs no urgent
// revocation (nhi-offboarded-credential-active leaves it out). It is still listed on the NHI: a
// tidy-up, said by credential-expired with the command that deletes it.
import type { CredentialDoc } from "../../../model/documents.js";
import type { Identity } from "../../../model/identity.js";
import { isExpired } from "../../../model/time.js";
import { nhiOffboarding } from "../../lifecycle.js";
import type { RuleContext, RuleHit } from "../rule.js";
import { isAwsRootUser } from "./aws-root.js";
import { credentialLabel } from "./credential-list.js";
import { issuingSystem, revokeCommand } from "./revoke-command.js";

/** Past its own expiry at `now`: the one test both rules use, so a credential is either active or expired, never both. */
export function expiredAt(c: CredentialDoc, now: number): boolean {
  return c.expiresAt !== undefined && isExpired(c.expiresAt, now);
}

/** credential-expired's hits for the expired discovered credentials of offboarded NHIs (credentialsInUse leaves those NHIs out). */
export function* expiredOfOffboarded(ctx: RuleContext): Generator<RuleHit> {
  const missingUnknown = ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0;
  for (const identity of ctx.identities) {
    if (identity.kind === "person" || !identity.discoveredBy?.length || isAwsRootUser(identity)) continue;
    const expired = (identity.credentials ?? []).filter((c) => c.discoveredBy && c.managedBy !== "system" && c.status !== "inactive" && c.status !== "disabled" && expiredAt(c, ctx.now));
    if (expired.length === 0) continue;
    const off = nhiOffboarding(identity, ctx.byId, ctx.now, missingUnknown);
    if (!off) continue;
    for (const c of expired) yield tidyUp(identity, c, off.reason, ctx);
  }
}

function tidyUp(identity: Identity, c: CredentialDoc, reason: string, ctx: RuleContext): RuleHit {
  const type = issuingSystem(c, ctx.repo.config.value)!;
  return {
    identity: identity.id,
    message: `${credentialLabel(c)} expired on ${c.expiresAt} (${identity.id} is offboarded: ${reason}): it no longer works, but is still listed in ${type}`,
    remediation: `to tidy up, delete it: ${revokeCommand(identity, c, type)}`,
    location: c.reportedAt ?? identity.definedAt ?? identity.id,
  };
}
