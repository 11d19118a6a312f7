// An app policy's admins guard whose entitlement names nothing the target has (rv64 #2). The guard
// counts the active accounts holding its entitlement and blocks a plan that lowers the count below
// the minimum; a target already below is not blocked by a plan that does not lower it further. So a
// guard written `group:crm-admins` where the app's group is "CRM Admins" counted 0 before and 0
// after: a plan removing the app's last two admins passed with exit 0, and nothing said the guard
// was not armed. A lockout guard has no override and a reviewer relies on it; one that cannot
// count is a configuration error, so the plan of that target is blocked (fail closed) until the
// policy names the entitlement as the target does, as Terraform stops on a reference to nothing.
// Names compare as the target compares them (model/entitlement-names.ts: SCIM group names ignore
// case, RFC 7643 §8.7.1), so `group:crm admins` is the app's "CRM Admins"; a hyphen is no space.
import type { AdminsGuard } from "../model/admins-guard.js";
import type { Change } from "../model/change.js";
import { entitlementKey } from "../model/entitlement-names.js";
import { closest } from "../model/suggest.js";
import type { TargetState } from "../model/target-state.js";

/** How many of the target's entitlements of the same kind a reason lists when none is close. */
const LISTED = 5;

/**
 * The blocked reason of a policy's guard whose entitlement the target does not have: no account
 * holds it (active or not, invited or not), no group the read lists is named so, and these
 * changes grant it to nobody. Undefined when the target has it. `at`: where the policy writes it.
 */
export function unknownGuardReason(target: string, guard: AdminsGuard, state: TargetState, changes: readonly Change[], ignoreCase: boolean, at: string | undefined): string | undefined {
  const key = (e: string) => entitlementKey(e, ignoreCase);
  const wanted = key(guard.entitlement);
  if (changes.some((c) => c.action === "grant" && c.entitlement !== undefined && key(c.entitlement) === wanted)) return undefined;
  const names = entitlementsOf(state);
  for (const name of names) if (key(name) === wanted) return undefined;
  const sorted = [...names].sort();
  const nearest = closest(guard.entitlement, sorted);
  const kind = guard.entitlement.slice(0, guard.entitlement.indexOf(":") + 1);
  const sameKind = kind ? sorted.filter((n) => n.startsWith(kind)) : [];
  const listed = sameKind.length === 0 ? "" : `; its ${kind} entitlements: ${sameKind.slice(0, LISTED).join(", ")}${sameKind.length > LISTED ? `, … (${sameKind.length})` : ""}`;
  const where = at ? ` (${at})` : "";
  const how = nearest ? `the nearest entitlement it has is ${nearest}: write admins.entitlement as the target names it` : `write admins.entitlement as the target names it${listed}, or grant it to the app's admins in the same plan`;
  return `${target}: the admins guard${where} counts holders of ${guard.entitlement}, which target "${target}" does not have: no account holds it, no group it lists is named so, and this plan grants it to nobody, so the guard counts 0 admins and protects none; ${how}`;
}

/** Every entitlement the state shows: held by any account, or naming a group its read listed. */
function entitlementsOf(state: TargetState): Set<string> {
  const out = new Set<string>();
  for (const a of state.accounts) for (const e of a.entitlements) out.add(e);
  for (const g of state.groups ?? []) out.add(g.entitlement);
  for (const g of state.groupIds ?? []) out.add(g.renamedTo ?? g.entitlement);
  for (const n of state.groupNames ?? []) out.add(n);
  for (const p of state.privileged ?? []) out.add(p);
  return out;
}
