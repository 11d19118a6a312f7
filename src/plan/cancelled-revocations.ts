// `plan --base`: changes this pull request makes are marked origin `pr`, but a revocation the base
// would make and this pull request no longer does is not a change of its plan at all, so nothing
// showed it: a status mapping that reads leavers as active, a membership that keeps what drift
// would revoke. The plan names them, per target, so that the reviewer sees the access it keeps.
import { REVOCATIONS, type Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import type { BaseTargetChange } from "../model/base-target-change.js";

/** Revocations named in a finding, at most: the rest are counted. */
const NAMED = 10;

/**
 * One warning per target where the base makes a revocation (by change id) that these changes do
 * not. `changed`: the base's targets this pull request removed or points elsewhere; there the
 * warning says so, since after the merge nothing plans those revocations at all.
 */
export function cancelledRevocations(changes: readonly Change[], baseChanges: readonly Change[], ref: string, changed: ReadonlyMap<string, BaseTargetChange> = new Map()): Finding[] {
  const made = new Set(changes.map((c) => c.id));
  const byTarget = new Map<string, Change[]>();
  for (const c of baseChanges) {
    if (!REVOCATIONS.has(c.action) || made.has(c.id)) continue;
    const list = byTarget.get(c.target) ?? [];
    list.push(c);
    byTarget.set(c.target, list);
  }
  return [...byTarget].sort(([a], [b]) => (a < b ? -1 : 1)).map(([target, list]) => {
    const named = list.slice(0, NAMED).map((c) => `${c.action} ${c.identity}${c.entitlement ? ` ${c.entitlement}` : ""}${c.credential ? ` credential ${c.credential}` : ""} (${c.reason})`);
    const more = list.length > NAMED ? `, and ${list.length - NAMED} more` : "";
    const change = changed.get(target);
    const why = change === "removed" ? ` (it removes target ${target} from scopesync.yaml: once merged, nothing plans them)` : change === "re-pointed" ? ` (it points target ${target} at another state or system: ${ref}'s were planned over the state ${ref}'s entry reads)` : "";
    return {
      rule: "pr-cancels-revocations",
      severity: "warning",
      target,
      message: `this pull request cancels ${list.length} revocation${list.length === 1 ? "" : "s"} that ${ref}'s desired state makes on ${target}${why}: ${named.join("; ")}${more}`,
      remediation: change ? `apply ${ref}'s plan for ${target} before this pull request merges (or revoke this access by hand there), unless the access is meant to stay` : "check that the pull request means to keep this access (a source's status mapping or columns, a membership, an exception); its YAML diff shows what it changes",
    };
  });
}
