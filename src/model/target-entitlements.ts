// The entitlements the app policies of one target map, sorted: what a plan compares for that
// target (plan/entitlement-table.ts manages no other), and the groups whose own grants they set
// (`groupGrants`: a GitHub team's repository access), which the plan manages as much. A connector
// that cannot list memberships and must ask about each one (scim with options.groupMembers: filter)
// asks about these only; a read that follows renamed groups by id (targets/renamed-groups.ts)
// follows these, so a team managed only through groupGrants is followed like a mapped one.
import type { PolicyRepo } from "./policy-repo.js";

export function targetEntitlements(repo: Pick<PolicyRepo, "apps">, target: string): string[] {
  const out = new Set<string>();
  for (const app of repo.apps) {
    if (app.value.target !== target) continue;
    for (const e of app.value.entitlements ?? []) out.add(e.entitlement);
    for (const group of Object.keys(app.value.groupGrants ?? {})) out.add(group);
  }
  return [...out].sort();
}
