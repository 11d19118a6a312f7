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
import { consolePassword, consolePasswordHit } from "./console-password.js";
import { PlannedRevocations } from "./revoked-by-plan.js";
import { reachHint, unreachable } from "./target-reach.js";

export const nhiOffboardedCredentialActive: BuiltinRule = {
  id: "nhi-offboarded-credential-active",
  title: "An offboarded NHI keeps no active credential that no target revokes",
  defaultSeverity: "warning",
  controls: ["OWASP-NHI1", "NIST-SP800-53-AC-2(3)"],
  remediation: "revoke the credential in the system that issued it",
  check: (ctx) => {
    const config = ctx.repo.config.value;
    // Each credential is matched to a planned change of its own kind and holder (revoked-by-plan.ts):
    // a target that revokes one credential of the NHI has not revoked the others.
    const typeOf = (target: string): string => (config.targets[target]?.type as string | undefined) ?? "";
    const planned = new PlannedRevocations(ctx.changes, typeOf);
    const targetTypes = new Set(Object.values(config.targets).map((t) => t.type as string));
    const missingUnknown = ctx.sourcesFailingGates.length + ctx.sourcesUnproven.length > 0;
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      // Declared or not: an NHI no file declares is quarantined all the same when its owner left (or
      // under `undeclared: quarantine`), and a secret no target holds keeps working just as well.
      if (identity.kind === "person" || !identity.discoveredBy?.length) continue;
      // The root user's keys have a rule of their own (aws-root-user): only the root user can delete them.
      if (isAwsRootUser(identity)) continue;
      const password = consolePassword(identity, config);
      if (!identity.credentials?.length && !password) continue;
      const off = nhiOffboarding(identity, ctx.byId, ctx.now, missingUnknown);
      if (!off) continue;
      for (const c of identity.credentials ?? []) {
        if (!c.discoveredBy || c.status === "inactive" || c.status === "disabled") continue;
        const type = config.sources[c.discoveredBy]?.type ?? c.discoveredBy;
        // A credential no target of the type can hold is never revoked by one, whatever else of the
        // NHI's such a target revokes (an application's secret does not take its service principal's).
        const beyond = unreachable(c, type);
        if (planned.revokes(identity.id, { credential: c }, type)) continue;
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
      if (password && !planned.revokes(identity.id, { consolePasswordOf: password.userName }, password.type)) hits.push(consolePasswordHit(identity, off.reason, password, targetTypes.has(password.type)));
    }
    return hits;
  },
};
