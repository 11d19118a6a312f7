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
// A plan made from a state file has no live list of groups, but the file's `groupIds` is one: the
// read that `state pull` wrote it from records every group the target listed (GitHub: every team
// of the org; SCIM: every group). Without it, a misspelt `team:engineerng` got no finding at all
// from a plan of the committed state, and its grants failed at apply. The finding names the
// nearest group the target has, at the entitlement's own file:line:col.
import type { AppPolicyDoc } from "../model/documents.js";
import { entitlementKey } from "../model/entitlement-names.js";
import { closest } from "../model/suggest.js";
import type { TargetRefusal, TargetState } from "../model/target-state.js";

/** The entitlements naming every group the target has: the live read's list, else the state file's groupIds. */
function listedGroups(state: Pick<TargetState, "groupNames" | "groupIds">): readonly string[] | undefined {
  return state.groupNames ?? state.groupIds?.map((g) => g.entitlement);
}

/**
 * The refusals of the entitlements `policy` maps that the target's read says it does not have.
 * `at(i)`: where the policy writes its i-th entitlement (file:line:col); `policyAt` otherwise.
 */
export function missingGroupRefusals(policy: AppPolicyDoc, state: Pick<TargetState, "groupNames" | "groupIds">, policyAt: string, ignoreCase = false, at?: (i: number) => string): TargetRefusal[] {
  const listed = listedGroups(state);
  if (!listed) return [];
  const key = (e: string) => entitlementKey(e, ignoreCase);
  const have = new Set(listed.map(key));
  // Only kinds the read lists ("team:"): a `role:admin` or `repo:…` entitlement is not a group.
  const kinds = new Set(listed.map(kindOf));
  const refusals: TargetRefusal[] = [];
  const seen = new Set<string>();
  (policy.entitlements ?? []).forEach(({ entitlement }, i) => {
    if (have.has(key(entitlement)) || !kinds.has(kindOf(entitlement)) || seen.has(key(entitlement))) return;
    seen.add(key(entitlement));
    const where = at?.(i) ?? policyAt;
    const nearest = closest(entitlement, listed.filter((n) => kindOf(n) === kindOf(entitlement)));
    const why = `renamed or deleted there?${nearest ? ` misspelt? the nearest name it has is ${nearest}` : ""}`;
    const remediation = `if it was renamed, write its new name in ${where} (and review who holds it now)${nearest ? `; if it is misspelt, write the name the target has (${nearest}, if that is the one meant)` : ""}; if it was deleted, remove the mapping`;
    refusals.push(notInTarget(policy, entitlement, key, ` (${why}): no grant or revoke of it is planned, so whoever holds it under another name keeps it`, remediation, where));
  });
  return refusals;
}

/**
 * The refusal of `entitlement`, which `policy` maps (or gives a group of the target in groupGrants)
 * and the target does not have: the finding names every group that maps it and every group given
 * it (compared by `key`), then `tail` (why, and what is not planned).
 */
export function notInTarget(policy: AppPolicyDoc, entitlement: string, key: (e: string) => string, tail: string, remediation: string, where: string): TargetRefusal {
  const groups = (policy.entitlements ?? []).filter((e) => key(e.entitlement) === key(entitlement)).map((e) => e.group);
  const given = Object.entries(policy.groupGrants ?? {}).filter(([, list]) => list.some((e) => key(e) === key(entitlement))).map(([group]) => group);
  const maps = groups.length === 0 ? "" : `maps ${groups.length > 1 ? `groups ${groups.join(", ")}` : `group ${groups[0]}`} to ${entitlement}`;
  const gives = given.length === 0 ? "" : `${maps ? " and " : ""}gives ${given.join(", ")} ${maps ? "it" : entitlement} (groupGrants)`;
  return {
    entitlement,
    finding: {
      rule: "entitlement-not-in-target",
      severity: "warning",
      target: policy.target,
      message: `${policy.id} ${maps}${gives}, which target "${policy.target}" does not have${tail}`,
      remediation,
      location: where,
    },
  };
}

function kindOf(entitlement: string): string {
  const colon = entitlement.indexOf(":");
  return colon === -1 ? "" : entitlement.slice(0, colon + 1);
}
