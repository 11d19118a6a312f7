// A role change on a target where an identity holds one entitlement per key (GitHub: one role per
// repository) is planned as the revoke of the old role and the grant of the new one, both reviewed
// as usual. The revoke is marked `replacedBy` the grant so that the connector changes the role in
// place: GitHub keeps an outside collaborator's access (or invitation) and only its permission
// changes, rather than removing them and sending a new invitation.
//
// The key is compared as the target compares names (`ignoreCase`, entitlementKey): GitHub's
// `repo:Infra:write` held and `repo:infra:admin` granted are two roles on one repository.
import type { Change } from "../model/change.js";
import { entitlementKey } from "../model/entitlement-names.js";

export function markReplacements(changes: Change[], exclusive: ReadonlyMap<string, RegExp>, ignoreCase = false): void {
  const keyOf = (c: Change): string | undefined => {
    const re = exclusive.get(c.target);
    const m = re && c.entitlement ? re.exec(c.entitlement) : null;
    return m?.[1] !== undefined ? `${c.target}\u0000${c.identity}\u0000${entitlementKey(m[1], ignoreCase)}` : undefined;
  };
  const grants = new Map<string, string>();
  for (const c of changes) {
    if (c.action !== "grant") continue;
    const key = keyOf(c);
    if (key !== undefined) grants.set(key, c.entitlement!);
  }
  if (grants.size === 0) return;
  for (const c of changes) {
    if (c.action !== "revoke") continue;
    const key = keyOf(c);
    const by = key === undefined ? undefined : grants.get(key);
    if (by !== undefined) c.replacedBy = by;
  }
}
