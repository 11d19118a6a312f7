// The plan-wide view of which memberships are privileged (model/privileged-groups.ts), put together
// from each target's part (TargetPart.privilegedGroups): the same whether the plan was made in one
// process or merged from shards, since each shard carries its target's part.
import type { PolicyRepo } from "../model/policy-repo.js";
import type { PrivilegedGrant, PrivilegedGroups } from "../model/privileged-groups.js";
import type { TargetPart } from "./target-part.js";

export function privilegedGroupsOf(repo: PolicyRepo, parts: readonly TargetPart[]): PrivilegedGroups {
  const apps = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
  const out = new Map<string, PrivilegedGrant[]>();
  for (const part of parts) {
    const app = apps.get(part.target) ?? part.target;
    for (const [group, entitlements] of Object.entries(part.privilegedGroups ?? {})) {
      const list = out.get(group) ?? out.set(group, []).get(group)!;
      for (const entitlement of entitlements) list.push({ app, entitlement });
    }
  }
  return out;
}
