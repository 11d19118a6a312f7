// validate's word on an app policy's `admins` guard whose entitlement the policy itself does not
// map (rv64 #2): `group:crm-admins` where the policy maps `group:CRM Admins`. The guard counts the
// target's accounts that hold its entitlement; named in a spelling the target does not have, it
// counts nobody and guards nothing, and plan blocks that target's changes (plan/admins-guard-names.ts).
// validate cannot read the target, so it warns, before a plan is blocked: a guard on an entitlement
// no policy maps (GitHub owners managed by hand, `role:admin`) may still be right.
import type { Diagnostic } from "./diagnostic.js";
import type { AppPolicyDoc } from "../model/documents.js";
import { entitlementKey, ignoresGroupCase } from "../model/entitlement-names.js";
import type { Located } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { closest } from "../model/suggest.js";

/** A warning for each app policy whose `admins.entitlement` is none of the entitlements it maps, compared as its target compares names. */
export function unmappedAdminsWarnings(repo: Pick<PolicyRepo, "apps" | "config">): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const app of repo.apps) {
    const warning = unmapped(app, ignoresGroupCase(repo.config.value, app.value.target));
    if (warning) out.push(warning);
  }
  return out;
}

function unmapped(app: Located<AppPolicyDoc>, ignoreCase: boolean): Diagnostic | undefined {
  const guard = app.value.admins;
  if (!guard) return undefined;
  const mapped = [...new Set((app.value.entitlements ?? []).map((e) => e.entitlement))].sort();
  const key = (e: string) => entitlementKey(e, ignoreCase);
  if (mapped.some((e) => key(e) === key(guard.entitlement))) return undefined;
  const target = app.value.target;
  const nearest = closest(guard.entitlement, mapped);
  return {
    file: app.file,
    ...app.locate(["admins", "entitlement"]),
    message: `admins.entitlement ${guard.entitlement} is not an entitlement this policy maps${ignoreCase ? " (group names compared without case, as target \"" + target + "\" compares them)" : ""}: the guard counts only the accounts of target "${target}" that hold it, and where the target has no such entitlement it counts 0 admins, protects none, and plan blocks the target's changes`,
    hint: nearest
      ? `did you mean "${nearest}"? write the entitlement as the policy's entitlements: map it`
      : `write the entitlement as the target names it${mapped.length > 0 ? ` (this policy maps ${mapped.join(", ")})` : ""}; if the target has it and no group maps it here, leave it`,
  };
}
