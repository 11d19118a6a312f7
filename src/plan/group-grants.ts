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
import { CUSTOM_RANKED, exclusiveKey, highestRole, roleNamed, roleOrder, type Exclusivity } from "./exclusive-roles.js";
import { refusedRoleKeys } from "./custom-role-names.js";
import { noOrderWhy } from "./role-order-words.js";

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
    // A custom role ranks as its base where the read listed them (exclusive-roles.ts), as in a person's contest.
    const { list, frozen, outranked } = oneRolePerKey(policy, group, wanted[group] ?? [], { ...traits, ...(state.customRoles ? { customRoles: state.customRoles } : {}) }, findings);
    const want = new Map(list.map((e) => [key(e), e] as const));
    const holds = new Set(has.map(key));
    // A custom role the org does not have as spelt is refused (custom-role-names.ts): the group's
    // other role of its repository, which the grant would have replaced, is not revoked for it.
    const refused = refusedRoleKeys(list, state.customRoles, traits);
    const free = (e: string): boolean => !frozen.has(exclusiveKey(e, traits) ?? "");
    const revocable = (e: string): boolean => free(e) && !refused.has(exclusiveKey(e, traits) ?? "");
    for (const e of [...has].sort()) if (!want.has(key(e)) && revocable(e)) add("revoke", group, e, where, outranked.has(key(e)) ? `${group} holds ${e}, which ${where} (groupGrants) gives it with ${outranked.get(key(e))}, the higher role of one it can hold` : `${group} holds ${e}, which ${where} (groupGrants) does not give it`);
    for (const [k, e] of [...want].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) if (!holds.has(k) && free(e)) add("grant", group, e, where, `${where} (groupGrants) gives ${group} ${e}`);
  }
  return { changes, findings };
}

/**
 * A group's list with one role per exclusive key (exclusive-roles.ts: a GitHub team holds one role
 * per repository, and a second PUT replaces the first): of two, the higher is kept and the other
 * said (role-conflict-resolved; a custom role ranks as its base where the read listed them);
 * roles without order are an error (role-conflict), and their key is `frozen`: nothing granted or
 * revoked on it until the policy says which.
 */
function oneRolePerKey(policy: Located<AppPolicyDoc>, group: string, list: readonly string[], traits: TargetCapabilities & Exclusivity, findings: Finding[]): { list: string[]; frozen: Set<string>; outranked: Map<string, string> } {
  const frozen = new Set<string>();
  const byKey = new Map<string, number[]>();
  list.forEach((e, i) => {
    const k = exclusiveKey(e, traits);
    if (k !== undefined) (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(i);
  });
  const dropped = new Set<number>();
  // By entitlementKey of a role dropped: the role kept instead.
  const outranked = new Map<string, string>();
  const app = policy.value;
  const at = (i: number): string => `${policy.file}:${policy.locate(["groupGrants", group, i]).line}`;
  for (const [k, positions] of byKey) {
    if (positions.length < 2) continue;
    const best = highestRole(positions.map((i) => list[i]!), traits);
    const named = positions.map((i) => `${roleNamed(list[i]!, traits)} (${at(i)})`).join(" and ");
    if (best === undefined) {
      frozen.add(k);
      findings.push({ rule: "role-conflict", severity: "error", target: app.target, message: `groupGrants gives ${group} two roles of ${k} in ${app.id}: ${named}; target "${app.target}" holds one role per group there, and these have no order (${noOrderWhy(positions.map((i) => list[i]!), traits)}), so neither is granted or taken away`, remediation: `keep one role of ${k} in ${group}'s groupGrants`, location: at(positions[0]!) });
      continue;
    }
    const kept = positions[best]!;
    for (const i of positions) {
      if (i === kept) continue;
      dropped.add(i);
      outranked.set(entitlementKey(list[i]!, traits.groupNamesIgnoreCase), list[kept]!);
    }
    const lost = positions.filter((i) => i !== kept);
    findings.push({ rule: "role-conflict-resolved", severity: "warning", target: app.target, message: `groupGrants gives ${group} two roles of ${k} in ${app.id}: ${named}; target "${app.target}" holds one role per group there, so ${group} gets the higher, ${list[kept]}, and ${lost.map((i) => list[i]).join(", ")} is not granted (held, it is revoked as a role change in place)${positions.some((i) => roleOrder(list[i]!, traits)?.custom) ? CUSTOM_RANKED : ""}`, remediation: `keep only ${list[kept]} of ${k} in ${group}'s groupGrants`, location: at(lost[0]!) });
  }
  return { list: list.filter((_, i) => !dropped.has(i)), frozen, outranked };
}
