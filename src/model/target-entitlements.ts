// The entitlements the app policies of one target map, sorted: what a plan compares for that
// target (plan/entitlement-table.ts manages no other). A connector that cannot list memberships and
// must ask about each one (scim with options.groupMembers: filter) asks about these only.
import type { PolicyRepo } from "./policy-repo.js";

export function targetEntitlements(repo: Pick<PolicyRepo, "apps">, target: string): string[] {
  const out = new Set<string>();
  for (const app of repo.apps) {
    if (app.value.target !== target) continue;
    for (const e of app.value.entitlements ?? []) out.add(e.entitlement);
  }
  return [...out].sort();
}
