// An NHI that is offboarded (disabled, expired, or its owner gone) loses its accounts and the
// credentials its targets hold. A credential a discovery source reports lives in that system (an
// IAM user's access key, an Entra app's secret): when no target of scopesync.yaml is of that
// system's type, no plan revokes it, and the credential rules stop judging it (they judge only
// credentials in use, credential-list.ts). Without this rule the key would keep working and
// nothing would say so.
import { nhiOffboarding } from "../../lifecycle.js";
import type { BuiltinRule, RuleHit } from "../rule.js";
import { isAwsRootUser } from "./aws-root.js";
import { credentialLabel } from "./credential-list.js";
import { revokeCommand } from "./revoke-command.js";
import { reachHint, unreachable } from "./target-reach.js";

export const nhiOffboardedCredentialActive: BuiltinRule = {
  id: "nhi-offboarded-credential-active",
  title: "An offboarded NHI keeps no active credential that no target revokes",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-SP800-53-AC-2(3)"],
  remediation: "revoke the credential in the system that issued it",
  check: (ctx) => {
    const config = ctx.repo.config.value;
    // A credential is revoked by the plan when it revokes one of the NHI's credentials in a target
    // of the issuing system's type (an AWS key is named by slot here and by AccessKeyId there, so
    // the match is by NHI and type); a target of that type that plans nothing for it (its path
    // prefix leaves the user out, no policy puts the NHI in its scope) revokes nothing.
    const typeOf = (target: string): string => (config.targets[target]?.type as string | undefined) ?? "";
    const revokedIn = new Set(ctx.changes.filter((c) => c.action === "revoke-credential").map((c) => `${c.identity}\u0000${typeOf(c.target)}`));
    // A credential whose id the target shares (GitHub's deploy-key:<repo>:<id>) is revoked by that
    // change whatever the target's type (a deploy key is read under the member who added it).
    const revokedById = new Set(ctx.changes.filter((c) => c.action === "revoke-credential" && c.credential !== undefined).map((c) => `${c.identity}\u0000${c.credential}`));
    const targetTypes = new Set(Object.values(config.targets).map((t) => t.type as string));
    const missingUnknown = ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0;
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      // Declared or not: an NHI no file declares is quarantined all the same when its owner left (or
      // under `undeclared: quarantine`), and a secret no target holds keeps working just as well.
      if (identity.kind === "person" || !identity.credentials?.length || !identity.discoveredBy?.length) continue;
      // The root user's keys have a rule of their own (aws-root-user): only the root user can delete them.
      if (isAwsRootUser(identity)) continue;
      const off = nhiOffboarding(identity, ctx.byId, ctx.now, missingUnknown);
      if (!off) continue;
      for (const c of identity.credentials) {
        if (!c.discoveredBy || c.status === "inactive" || c.status === "disabled") continue;
        const type = config.sources[c.discoveredBy]?.type ?? c.discoveredBy;
        // A credential no target of the type can hold is never revoked by one, whatever else of the
        // NHI's such a target revokes (an application's secret does not take its service principal's).
        const beyond = unreachable(c, type);
        if (revokedById.has(`${identity.id}\u0000${c.id}`) || (!beyond && revokedIn.has(`${identity.id}\u0000${type}`))) continue;
        const governed = targetTypes.has(type);
        const used = c.lastUsedAt ? `, last used ${c.lastUsedAt}` : "";
        const why = beyond ? `no plan revokes it (${beyond})` : governed ? `no target of type ${type} plans to revoke it (none holds it, or none has ${identity.id} in its scope)` : `no target in scopesync.yaml is of type ${type}, so no plan revokes it`;
        const otherwise = beyond ? "" : governed ? `; or ${reachHint(identity.id, type)}, which the plan then revokes it in` : `; or configure a target of type ${type}, which the plan then revokes it in`;
        hits.push({
          identity: identity.id,
          message: `${identity.id} is offboarded (${off.reason}), but its ${credentialLabel(c)} is still active${used}: ${why}`,
          remediation: `${revokeCommand(identity, c)}${otherwise}`,
          location: c.reportedAt ?? identity.definedAt ?? identity.id,
        });
      }
    }
    return hits;
  },
};
