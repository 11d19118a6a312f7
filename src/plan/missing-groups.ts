// An app policy that maps a group to an entitlement the target does not have. GitHub derives a
// team's slug from its name, so renaming a team in GitHub gives it a new slug and the old one no
// longer resolves ("To create the slug, GitHub replaces special characters in the name string",
// the REST API's teams/get-by-name). The plan planned grants of the old slug that failed at apply
// with a 404, and no revoke at all: someone taken out of a privileged group kept the renamed team,
// and nothing said so. Where the read lists the target's groups (TargetState.groupNames), each
// mapped entitlement of a listed kind that is not among them becomes a refusal: its changes are
// not planned, and the finding says why and what to do (src/plan/refusals.ts). SCIM groups are
// renamed in the app the same way (PATCH displayName; RFC 7643 §3.1 makes `id`, not the name, the
// group's stable identifier), and their names compare without case (§8.7.1: displayName is not
// caseExact), so `ignoreCase` compares the policy's `group:` names as the target does.
import type { AppPolicyDoc } from "../model/documents.js";
import { entitlementKey } from "../model/entitlement-names.js";
import type { TargetRefusal, TargetState } from "../model/target-state.js";

/** The refusals of the entitlements `policy` maps that the target's read says it does not have. */
export function missingGroupRefusals(policy: AppPolicyDoc, state: Pick<TargetState, "groupNames">, policyAt: string, ignoreCase = false): TargetRefusal[] {
  if (!state.groupNames) return [];
  const key = (e: string) => entitlementKey(e, ignoreCase);
  const have = new Set(state.groupNames.map(key));
  // Only kinds the read lists ("team:"): a `role:admin` or `repo:…` entitlement is not a group.
  const kinds = new Set(state.groupNames.map(kindOf));
  const refusals: TargetRefusal[] = [];
  const seen = new Set<string>();
  for (const { group, entitlement } of policy.entitlements ?? []) {
    if (have.has(key(entitlement)) || !kinds.has(kindOf(entitlement)) || seen.has(key(entitlement))) continue;
    seen.add(key(entitlement));
    const groups = (policy.entitlements ?? []).filter((e) => key(e.entitlement) === key(entitlement)).map((e) => e.group);
    refusals.push({
      entitlement,
      finding: {
        rule: "entitlement-not-in-target",
        severity: "warning",
        target: policy.target,
        message: `${policy.id} maps ${groups.length > 1 ? `groups ${groups.join(", ")}` : `group ${group}`} to ${entitlement}, which target "${policy.target}" does not have (renamed or deleted there?): no grant or revoke of it is planned, so whoever holds it under another name keeps it`,
        remediation: `if it was renamed, write its new name in ${policyAt} (and review who holds it now); if it was deleted, remove the mapping`,
        location: policyAt,
      },
    });
  }
  return refusals;
}

function kindOf(entitlement: string): string {
  const colon = entitlement.indexOf(":");
  return colon === -1 ? "" : entitlement.slice(0, colon + 1);
}
