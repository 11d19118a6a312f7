// What membership of a group gives through the group: a GitHub team's repository access is its
// members' access ("Organization owners and team maintainers can give teams admin, read, or write
// access to organization repositories", and "Child teams inherit the parent's access permissions":
// github/docs content/organizations/organizing-members-into-teams/about-teams.md, "Nested teams").
// Adding someone to a team that holds admin on a repository grants them that admin, so the
// planner marks the membership as privileged as the admin itself (entitlement-table.ts). The same
// holds for an organization role assigned to a team ("All-repository admin" given to a team is
// admin on every repository for each of its members): TargetGroup.roles, as the read records them.
import type { AppPolicyDoc } from "../model/documents.js";
import type { TargetGroup } from "../model/target-state.js";

/** Group entitlement ("team:platform") → what its members get through it, sorted. */
export type Conferred = ReadonlyMap<string, readonly string[]>;

/**
 * For each group the policy's `groupGrants` or the target's read name: what the policy gives it,
 * and what the target says it holds now (until the plan's revoke is applied, a new member gets
 * that too) and the roles the target assigns to it; then the same of each ancestor (TargetGroup.parent), which a child team inherits.
 * Either side alone could hide privilege, so it is the union.
 */
export function conferredBy(app: AppPolicyDoc, groups: readonly TargetGroup[] | undefined): Conferred {
  const own = new Map<string, Set<string>>();
  const parentOf = new Map<string, string>();
  const add = (group: string, list: readonly string[]): void => {
    let set = own.get(group);
    if (!set) own.set(group, (set = new Set()));
    for (const e of list) set.add(e);
  };
  for (const [group, list] of Object.entries(app.groupGrants ?? {})) add(group, list);
  for (const g of groups ?? []) {
    add(g.entitlement, g.holds);
    add(g.entitlement, g.roles ?? []);
    if (g.parent) parentOf.set(g.entitlement, g.parent);
  }
  const out = new Map<string, string[]>();
  for (const group of [...new Set([...own.keys(), ...parentOf.keys()])]) {
    const all = new Set<string>();
    // Up the parents; a cycle (a state file edited by hand) stops at the first team seen twice.
    const seen = new Set<string>();
    for (let g: string | undefined = group; g !== undefined && !seen.has(g); g = parentOf.get(g)) {
      seen.add(g);
      for (const e of own.get(g) ?? []) all.add(e);
    }
    if (all.size > 0) out.set(group, [...all].sort());
  }
  return out;
}
