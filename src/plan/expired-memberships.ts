// An explicit group member whose `until` has passed is never granted the group; one who holds its
// access has it revoked ("grant to … expired on …"). One who holds nothing of it was silent: an
// entry added with a mistyped year (`until: "2025-12-31"` for 2026) passed validate and produced
// no change and no finding, so the reviewer approved what read as an elevation and nobody got it.
// Such an entry is said, at its line: a typo to fix, or an entry to delete.
import type { Change } from "../model/change.js";
import { cmp, type Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { GroupIndex } from "../policy/memberships.js";

/** One warning per expired explicit membership of a known identity that no change of the plan revokes anything for. */
export function unusedExpiredMemberships(memberships: GroupIndex, byId: ReadonlyMap<string, Identity>, changes: readonly Change[], now: number): Finding[] {
  if (memberships.expired.size === 0) return [];
  // The revokes an expired grant causes name its member entry as evidence (diff-target.ts revokeUnwanted).
  const revoked = new Set<string>();
  for (const c of changes) if (c.action === "revoke") for (const e of c.evidence) revoked.add(`${c.identity}\u0000${e}`);
  const out: Finding[] = [];
  for (const [id, list] of [...memberships.expired].sort(([a], [b]) => cmp(a, b))) {
    if (!byId.has(id)) continue;
    for (const m of list) {
      if (revoked.has(`${id}\u0000${m.at}`)) continue;
      out.push({
        rule: "membership-expired",
        severity: "warning",
        identity: id,
        message: `${id}'s membership of ${m.group} (${m.at}) ended on ${m.until} (until), before ${new Date(now).toISOString().slice(0, 10)}: it grants nothing, and this plan revokes nothing for it`,
        remediation: `if the date is a typo, correct until at ${m.at}; if the membership is over, delete the entry`,
        location: m.at,
      });
    }
  }
  return out;
}
