// Changes a target refuses (TargetState.refuses, found by its live read) are taken out of the plan
// before safety limits and rules see it, and each refusal becomes a finding naming what was not
// planned: a plan never proposes what apply could only fail at.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { TargetRefusal, TargetState } from "../model/target-state.js";
import type { Change } from "../model/change.js";
import { startsWithNoCase as startsWith } from "../model/refused-revocation.js";


/** The refusal, among `refuses`, that covers the change `c` (its entitlement, its credential or its action). */
export function refusalOf(refuses: readonly TargetRefusal[], c: Change): TargetRefusal | undefined {
  return refuses.find(
    (r) =>
      (r.entitlement !== undefined && c.entitlement === r.entitlement) ||
      startsWith(c.entitlement, r.entitlementPrefix) ||
      (c.action === "revoke-credential" && startsWith(c.credential, r.credentialPrefix)) ||
      (r.actions?.includes(c.action) ?? false),
  );
}

/**
 * Splits `changes` into the plan and the refused. A grant or update to an identity whose account
 * cannot be created or enabled goes with it: there is no account to give it to.
 */
export function applyRefusals(changes: Change[], states: ReadonlyMap<string, TargetState>, policies: ReadonlyMap<string, AppPolicyDoc>): { changes: Change[]; findings: Finding[] } {
  const refusing = [...states].filter(([, s]) => (s.refuses?.length ?? 0) > 0);
  if (refusing.length === 0) return { changes, findings: [] };
  const dropped = new Map<TargetRefusal, Change[]>();
  const noAccount = new Map<string, TargetRefusal>(); // target + identity → the refusal of its account
  const kept: Change[] = [];
  for (const c of changes) {
    const refuses = states.get(c.target)?.refuses;
    const r = refuses ? refusalOf(refuses, c) : undefined;
    if (r) {
      (dropped.get(r) ?? dropped.set(r, []).get(r)!).push(c);
      if (c.action === "create-account" || c.action === "enable-account") noAccount.set(`${c.target}\u0000${c.identity}`, r);
    } else kept.push(c);
  }
  const planned = kept.filter((c) => {
    const r = (c.action === "grant" || c.action === "update-account") && noAccount.get(`${c.target}\u0000${c.identity}`);
    if (r) dropped.get(r)!.push(c);
    return !r;
  });
  const findings: Finding[] = [];
  for (const [target, state] of refusing) {
    const policy = policies.get(target);
    // A team's own grants (groupGrants) name entitlements too: one refused (a custom role the org
    // spells otherwise) or a repository they reach concerns the policy.
    const mapped = [...(policy?.entitlements ?? []).map((e) => e.entitlement), ...Object.values(policy?.groupGrants ?? {}).flat()];
    const named = new Set(mapped);
    for (const r of state.refuses!) {
      const list = dropped.get(r) ?? [];
      // A refused entitlement the policy does not map concerns nobody here; nor does a credential
      // prefix with nothing to revoke under it (an archived repository no key of which is revoked).
      if (list.length === 0 && r.entitlement !== undefined && !named.has(r.entitlement)) continue;
      if (list.length === 0 && r.entitlementPrefix !== undefined && !mapped.some((e) => startsWith(e, r.entitlementPrefix))) continue;
      if (list.length === 0 && r.entitlementPrefix === undefined && r.credentialPrefix !== undefined) continue;
      const what = list.slice(0, 5).map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}`);
      const suffix = list.length === 0 ? "; this plan has no such change" : `; not planned: ${what.join(", ")}${list.length > 5 ? `, … (${list.length} in all)` : ""}`;
      // An error says the policy is wrong (a custom role the org has in no case): so whatever this plan changes.
      findings.push({ ...r.finding, severity: list.length === 0 && r.finding.severity !== "error" ? "info" : r.finding.severity, message: `${r.finding.message}${suffix}` });
    }
  }
  return { changes: planned, findings };
}
