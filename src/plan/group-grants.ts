// Grants a group of the app holds itself (a GitHub team's repository access), desired in the app
// policy's `groupGrants` and diffed against the groups the target's read reported. A change here is
// about the group, not a person: its `identity` is the group's entitlement ("team:platform"), which
// no identity id can be (identity ids have no ':'), like `account:<login>` for unmanaged accounts.
// Names are compared as the target compares them (entitlementKey): GitHub's `repo:Infra:write`
// read from the org is the policy's `repo:infra:write`, not a revoke of one and a grant of the other.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Located } from "../model/located.js";
import type { TargetState } from "../model/target-state.js";
import type { TargetCapabilities } from "../model/target-types.js";
import { changeId, type Action, type Change } from "../model/change.js";
import { entitlementKey } from "../model/entitlement-names.js";

export function diffGroupGrants(policy: Located<AppPolicyDoc>, state: TargetState, traits: TargetCapabilities): { changes: Change[]; findings: Finding[] } {
  const app = policy.value;
  const wanted = app.groupGrants ?? {};
  const changes: Change[] = [];
  const findings: Finding[] = [];
  const names = Object.keys(wanted).sort();
  if (names.length === 0) return { changes, findings };
  const policyAt = `${policy.file}:${policy.line}`;
  const unplanned = (message: string, remediation: string): void => {
    findings.push({ rule: "group-grants-unplanned", severity: "warning", message: `target "${app.target}": ${message}`, remediation, location: policyAt });
  };
  if (!state.groups) {
    unplanned(`${app.id} sets groupGrants for ${names.join(", ")}, but the target's read did not cover what groups hold; none of them is planned`, `GitHub: list the repositories in targets.${app.target}.options.repositories (or true for all); a state file written before groups were read needs \`scopesync state pull\``);
    return { changes, findings };
  }
  const key = (e: string): string => entitlementKey(e, traits.groupNamesIgnoreCase);
  const held = new Map(state.groups.map((g) => [key(g.entitlement), g.holds]));
  const privileged = (e: string): boolean => traits.privilegedEntitlements?.test(e) ?? false;
  const add = (action: Action, group: string, entitlement: string, where: string, reason: string): void => {
    changes.push({ id: changeId(app.target, action, group, entitlement), target: app.target, action, identity: group, entitlement, privileged: privileged(entitlement), origin: "drift", reason, evidence: [where] });
  };
  for (const group of names) {
    const has = held.get(key(group));
    if (!has) {
      unplanned(`group ${group} in ${app.id}'s groupGrants does not exist in the target; scopesync does not create groups, so its grants are not planned`, `create the group (GitHub: the team) in the app, or fix its name in groupGrants`);
      continue;
    }
    const at = policy.locate(["groupGrants", group]);
    const where = `${policy.file}:${at.line}`;
    const want = new Map((wanted[group] ?? []).map((e) => [key(e), e] as const));
    const holds = new Set(has.map(key));
    for (const e of [...has].sort()) if (!want.has(key(e))) add("revoke", group, e, where, `${group} holds ${e}, which ${where} (groupGrants) does not give it`);
    for (const [k, e] of [...want].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!holds.has(k)) add("grant", group, e, where, `${where} (groupGrants) gives ${group} ${e}`);
  }
  return { changes, findings };
}
