// An NHI that is offboarded (disabled, expired, or its owner gone) loses its accounts and the
// credentials its targets hold. A credential a discovery source reports lives in that system (an
// IAM user's access key, an Entra app's secret): when no target of scopesync.yaml is of that
// system's type, no plan revokes it, and the credential rules stop judging it (they judge only
// credentials in use, credential-list.ts). Without this rule the key would keep working and
// nothing would say so. The same holds for a key the NHI's file lists on a target that cannot
// revoke keys at all (a SCIM app), or with no target (a system that is no scopesync target),
// whatever system reported the NHI.
import type { TargetStateFacts } from "../../../model/target-state-facts.js";
import { isTargetType } from "../../../model/target-types.js";
import { nhiOffboarding } from "../../lifecycle.js";
import type { BuiltinRule, RuleHit } from "../rule.js";
import { isAwsRootUser } from "./aws-root.js";
import { awsAccountReason, type NotRevoked } from "./aws-account-reach.js";
import { credentialLabel } from "./credential-list.js";
import { issuingSystem, revokeCommand } from "./revoke-command.js";
import { consolePasswordHit, consolePasswords } from "./console-password.js";
import { entraFederatedHandled } from "./entra-federated-handled.js";
import { expiredAt } from "./expired-when-offboarded.js";
import { federatedCredentialHit, federatedCredentialsKept } from "./federated-credentials.js";
import { PlannedRevocations, type Revocable } from "./revoked-by-plan.js";
import { reachHint, unreachable } from "./target-reach.js";
import { lastUsedWords } from "./used-after-leaving.js";
import { reportLag, type ReportLag } from "./report-lag.js";
import { unrevocableFix, unrevocableKeys, unrevocableSystem, unrevocableWhat } from "./unrevocable-keys.js";
import type { NhiDoc } from "../../../model/documents.js";
import type { Located } from "../../../model/located.js";

/** The line of the file's credential with this id. */
function keyAt(doc: Located<NhiDoc>, id: string): string {
  const i = (doc.value.credentials ?? []).findIndex((c) => c.id === id);
  return `${doc.file}:${doc.locate(i < 0 ? [] : ["credentials", i, "id"]).line}`;
}

export const nhiOffboardedCredentialActive: BuiltinRule = {
  id: "nhi-offboarded-credential-active",
  title: "An offboarded NHI keeps no active credential that no target revokes",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-SP800-53-AC-2(3)"],
  remediation: "revoke the credential in the system that issued it",
  check: (ctx) => {
    const config = ctx.repo.config.value;
    // Each credential is matched to a planned change of its own kind and holder (revoked-by-plan.ts):
    // a target that revokes one credential of the NHI has not revoked the others, nor the same
    // user's in another AWS account.
    const typeOf = (target: string): string => (config.targets[target]?.type as string | undefined) ?? "";
    const planned = new PlannedRevocations(ctx.changes, typeOf, ctx.targets);
    const targetTypes = new Set(Object.values(config.targets).map((t) => t.type as string));
    const iamTargets = Object.keys(config.targets).filter((t) => typeOf(t) === "aws-iam").sort().map((t): [string, TargetStateFacts | undefined] => [t, ctx.targets.get(t)]);
    const missingUnknown = ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0;
    const hits: RuleHit[] = [];
    const docs = new Map(ctx.repo.nhis.map((d) => [d.value.id, d]));
    for (const identity of ctx.identities) {
      if (identity.kind === "person") continue;
      // A key its file lists on a target that cannot revoke keys (a SCIM app's API token): the
      // account there is disabled, the key is not, and no plan can revoke it (unrevocable-keys.ts).
      const keys = identity.definedAt !== undefined ? unrevocableKeys(identity, config, ctx.now) : [];
      if (keys.length > 0) {
        const off = nhiOffboarding(identity, ctx.byId, ctx.now, missingUnknown);
        const doc = docs.get(identity.id);
        if (off) for (const k of keys) hits.push(withStep({ identity: identity.id, message: `${identity.id} is offboarded (${off.reason}), but ${unrevocableWhat(k)}`, remediation: unrevocableFix(k), location: doc ? keyAt(doc, k.credential.id) : identity.definedAt! }, `${k.credential.type} ${k.credential.id}`, unrevocableSystem(k)));
      }
      // Declared or not: an NHI no file declares is quarantined all the same when its owner left (or
      // under `undeclared: quarantine`), and a secret no target holds keeps working just as well.
      if (!identity.discoveredBy?.length) continue;
      // The root user's keys have a rule of their own (aws-root-user): only the root user can delete them.
      if (isAwsRootUser(identity)) continue;
      const passwords = consolePasswords(identity, config);
      const federated = federatedCredentialsKept(identity);
      if (!identity.credentials?.length && passwords.length === 0 && federated.length === 0) continue;
      const off = nhiOffboarding(identity, ctx.byId, ctx.now, missingUnknown);
      if (!off) continue;
      /** Why no change of the plan revokes it (or deletes it, for a password), and what else would. */
      const notRevoked = (what: Revocable, type: string, idScope: string | undefined, verb: string): NotRevoked => {
        const account = type === "aws-iam" ? awsAccountReason(idScope, planned.unknownAccount(identity.id, what, type), iamTargets, verb) : undefined;
        if (account) return account;
        if (targetTypes.has(type)) return { why: `no target of type ${type} plans to ${verb} it (none holds it, or none has ${identity.id} in its scope)`, otherwise: `; or ${reachHint(identity.id, type)}, which the plan then ${verb}s it in` };
        // gcp-iam and kubernetes are sources only: no target of their type can be configured.
        if (!isTargetType(type)) return { why: `scopesync has no target type that ${verb}s ${type} credentials, so no plan ${verb}s it`, otherwise: "" };
        return { why: `no target in scopesync.yaml is of type ${type}, so no plan ${verb}s it`, otherwise: `; or configure a target of type ${type}, which the plan then ${verb}s it in` };
      };
      for (const c of identity.credentials ?? []) {
        // Past its expiry it no longer works: credential-expired says so, as a tidy-up (expired-when-offboarded.ts).
        if (!c.discoveredBy || c.status === "inactive" || c.status === "disabled" || expiredAt(c, ctx.now)) continue;
        const type = issuingSystem(c, config)!;
        if (planned.revokes(identity.id, { credential: c }, type)) continue;
        // A credential no target of the type can hold is never revoked by one, whatever else of the
        // NHI's such a target revokes (an application's secret does not take its service principal's).
        const beyond = unreachable(c, type);
        // An aws-iam target switched it off already: a report made before that lags (credential-report-lag
        // says so); one made after it that still lists the key active is the alarm.
        const lag = reportLag(c, ctx);
        if (lag?.lagging) continue;
        const { why, otherwise } = lag ? switchedOnAgain(lag) : beyond ? { why: `no plan revokes it (${beyond})`, otherwise: "" } : notRevoked({ credential: c }, type, c.idScope, "revoke");
        const used = lastUsedWords(c, identity, ctx.byId);
        hits.push(withStep({
          identity: identity.id,
          message: `${identity.id} is offboarded (${off.reason}), but its ${credentialLabel(c)} is still active${used}: ${why}`,
          remediation: `${revokeCommand(identity, c, type)}${otherwise}`,
          location: c.reportedAt ?? identity.definedAt ?? identity.id,
        }, `${c.type} ${c.id}${c.principal && c.principal !== c.id ? ` (${c.principal})` : ""}`, `${type} (source ${c.discoveredBy})`));
      }
      for (const p of passwords) {
        if (planned.revokes(identity.id, { consolePassword: p }, p.type)) continue;
        hits.push(withStep(consolePasswordHit(identity, off.reason, p, notRevoked({ consolePassword: p }, p.type, p.idScope, "delete"), ctx.byId), `console password of ${p.userName}`, `${p.type} (source ${p.source})`));
      }
      // A trust, not a secret (federated-credentials.ts): said unless an entra-apps target revokes it
      // in this plan or names it with its command (credential-manual-revocation).
      for (const f of federated) if (!entraFederatedHandled(identity, ctx, f.id)) hits.push(withStep(federatedCredentialHit(identity, off.reason, f, ctx.byId), `federated credential "${f.name}" (issuer ${f.issuer}, subject ${f.subject})`, `entra-apps (source ${f.source})`));
    }
    return hits;
  },
};

/** The hit with what it names as data (model/still-working.ts): one credential, where it works, and the hit's remediation as its step. */
function withStep(hit: RuleHit, credential: string, system: string): RuleHit {
  return { ...hit, stillWorking: [{ nhi: hit.identity!, credential, system, step: hit.remediation ?? nhiOffboardedCredentialActive.remediation }] };
}

/** A key an aws-iam target switched off that a credential report made after that still lists active: switched on again? */
function switchedOnAgain(lag: ReportLag): NotRevoked {
  return {
    why: `${lag.evidence}, but the credential report of ${lag.reportAt ?? "an unknown time"}, made after that, still lists it active: it may have been switched on again`,
    otherwise: `; then \`scopesync state pull --target ${lag.target}\`, after which the plan revokes it again if the target lists it active`,
  };
}
