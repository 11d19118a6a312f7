// What the plan says of a group the app renamed, that the read followed by its id
// (targets/renamed-groups.ts: TargetState.groupIds with `renamedTo`).
//
// The read gives the renamed group the name the app policy maps, so its members are granted,
// revoked and judged as the policy's group's; the finding tells the reviewer that the app calls it
// something else now, and to write that name in the policy. Once the policy does, a state file
// pulled before still holds the group under the old name: it is read under the name the policy now
// gives it, so that the plan of that pull request does not grant the group again to everyone who
// has it. A group the policy manages only through `groupGrants` (a GitHub team's repository access)
// is followed and said the same way: its own grants are planned on the renamed team.
import { plainAccount } from "../model/account-fields.js";
import { entitlementKey } from "../model/entitlement-names.js";
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { TargetGroup, TargetState } from "../model/target-state.js";

/** One `group-renamed-in-target` warning for each renamed group the policy still maps under its old name. */
export function renamedGroupFindings(policy: AppPolicyDoc, state: Pick<TargetState, "groupIds">, policyAt: string, ignoreCase: boolean): Finding[] {
  const key = (e: string) => entitlementKey(e, ignoreCase);
  const findings: Finding[] = [];
  const granting = Object.keys(policy.groupGrants ?? {});
  for (const g of state.groupIds ?? []) {
    if (g.renamedTo === undefined) continue;
    const groups = (policy.entitlements ?? []).filter((e) => key(e.entitlement) === key(g.entitlement)).map((e) => e.group);
    const sets = granting.some((e) => key(e) === key(g.entitlement));
    if (groups.length === 0 && !sets) continue;
    const what = groups.length > 1 ? `maps groups ${groups.join(", ")} to` : groups.length === 1 ? `maps group ${groups[0]} to` : "sets the groupGrants of";
    const planned = groups.length > 0 ? `grants and revokes of ${g.entitlement} are planned on that group by its id, and it keeps its members until they are revoked` : `changes to what ${g.entitlement} holds are planned on that group by its id`;
    findings.push({
      rule: "group-renamed-in-target",
      severity: "warning",
      target: policy.target,
      message: `${policy.id} ${what} ${g.entitlement}, which target "${policy.target}" has renamed to ${g.renamedTo} (same group, id ${g.id}, as the state file remembers it): ${planned}`,
      remediation: `write ${g.renamedTo} in ${policyAt} (and review who holds it), then run scopesync state pull; do not create a new group under the old name: it would be empty while the renamed one keeps its members`,
      location: policyAt,
    });
  }
  return findings;
}

/**
 * `state` with each followed rename that the policy now maps under the new name (and no longer
 * under the old one) held under the new name: a state file pulled before the policy was updated.
 */
export function underPolicyNames(state: TargetState, policy: AppPolicyDoc, ignoreCase: boolean): TargetState {
  const key = (e: string) => entitlementKey(e, ignoreCase);
  const maps = new Set([...(policy.entitlements ?? []).map((e) => key(e.entitlement)), ...Object.keys(policy.groupGrants ?? {}).map(key)]);
  const back = new Map<string, string>();
  for (const g of state.groupIds ?? []) if (g.renamedTo !== undefined && maps.has(key(g.renamedTo)) && !maps.has(key(g.entitlement))) back.set(g.entitlement, g.renamedTo);
  if (back.size === 0) return state;
  const rename = (e: string) => back.get(e) ?? e;
  // What a group holds, under the name the policy gives it now (its groupGrants), and a child team's parent likewise.
  const regroup = (g: TargetGroup): TargetGroup => (back.has(g.entitlement) || (g.parent !== undefined && back.has(g.parent)) ? { ...g, entitlement: rename(g.entitlement), ...(g.parent !== undefined ? { parent: rename(g.parent) } : {}) } : g);
  return {
    ...state,
    // A new list for each account that changes: the lists of a state file are shared (list-interner.ts).
    // Copied from plainAccount: an account read as columns has no fields of its own to spread.
    accounts: state.accounts.map((a) => (a.entitlements.some((e) => back.has(e)) ? { ...plainAccount(a), entitlements: a.entitlements.map(rename) } : a)),
    groupIds: (state.groupIds ?? []).map((g) => (back.has(g.entitlement) ? { entitlement: g.renamedTo!, id: g.id } : g)),
    ...(state.groups ? { groups: state.groups.map(regroup) } : {}),
    ...(state.groupNames ? { groupNames: state.groupNames.map(rename) } : {}),
  };
}
