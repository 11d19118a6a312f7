// `plan --base`: a pull request that adds one mapping (`- group: staging-deployers / entitlement:
// role:admin`) made a CI service account an org owner, and the grant's reason read only "explicit
// member of staging-deployers": a membership the pull request did not touch. The grant is the
// pull request's because of the mapping, and its reason now says so first, at the mapping's line,
// as a scope edit's create-account does (policy-scope-reasons.ts).
import type { AppPolicyDoc } from "../model/documents.js";
import type { Change } from "../model/change.js";
import type { Located } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { entitlementKey, ignoresGroupCase } from "../model/entitlement-names.js";
import { mappingPosition } from "./entitlement-table.js";

/**
 * The changes with each `pr` grant whose mapping (cited in its evidence, diff-target.ts grant) the
 * base's policy for the target lacks reworded: "mapped to ENTITLEMENT by this pull request at
 * FILE:LINE; <the planner's reason>". Others are returned as they are.
 */
export function withPolicyMappingReasons(changes: Change[], base: PolicyRepo, here: PolicyRepo): Change[] {
  if (!changes.some((c) => c.origin === "pr" && c.action === "grant")) return changes;
  const appOf = (repo: PolicyRepo, target: string) => repo.apps.find((a) => a.value.target === target);
  return changes.map((c) => {
    if (c.origin !== "pr" || c.action !== "grant" || c.entitlement === undefined) return c;
    const now = appOf(here, c.target);
    if (!now) return c;
    const ignoreCase = ignoresGroupCase(here.config.value, c.target);
    const added = newMappings(now, appOf(base, c.target)?.value, c, ignoreCase);
    if (added.length === 0) return c;
    return { ...c, reason: `mapped to ${c.entitlement} by this pull request at ${added.join(", ")}; ${c.reason}` };
  });
}

/** The `file:line`s, among the grant's evidence, of mappings of `now` to its entitlement that `before` does not have (all of them where the app policy is new). */
function newMappings(now: Located<AppPolicyDoc>, before: AppPolicyDoc | undefined, c: Change, ignoreCase: boolean): string[] {
  const key = entitlementKey(c.entitlement!, ignoreCase);
  const cited = new Set(c.evidence);
  const out: string[] = [];
  (now.value.entitlements ?? []).forEach((m, i) => {
    const at = mappingPosition(now, i);
    if (!cited.has(at) || entitlementKey(m.entitlement, ignoreCase) !== key) return;
    const old = (before?.entitlements ?? []).some((b) => b.group === m.group && entitlementKey(b.entitlement, ignoreCase) === key);
    if (!old) out.push(at);
  });
  return out;
}
