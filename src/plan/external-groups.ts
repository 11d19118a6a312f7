// An account this plan removes that stays in the target through a group someone else manages
// (TargetState.externalGroups: a GitHub enterprise team assigned to the org). GitHub's "Remove
// organization membership for a user" answers 204 and removes only the direct membership: "Their
// indirect membership via an enterprise team remains until the user is removed from the enterprise
// team" (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user).
// apply finds that out after the fact and fails the change (src/targets/github/membership-removal.ts);
// the read now lists each enterprise team's members, so the plan says it first: the reviewer sees
// that this offboarding is not complete until whoever manages the group takes the person out of it.
// A warning, not a refusal: the removal still takes the direct membership, its teams and role.
import type { Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";
import { removalsOf } from "../model/account-removals.js";
import type { TargetState } from "../model/target-state.js";

export function externalGroupFindings(target: string, state: TargetState, changes: readonly Change[]): Finding[] {
  const keeping = (state.externalGroups ?? []).filter((g) => g.keepsAccount);
  if (keeping.length === 0) return [];
  const findings: Finding[] = [];
  for (const { change: c, position } of removalsOf(state, changes)) {
    const account = state.accounts[position]!;
    const through = keeping.filter((g) => account.entitlements.includes(g.entitlement));
    if (through.length === 0) continue;
    const names = through.map((g) => g.entitlement).join(", ");
    findings.push({
      rule: "account-kept-by-external-group",
      severity: "warning",
      identity: c.identity,
      target,
      message: `${c.identity}'s account "${account.login}" in target "${target}" stays there after this plan's ${c.action}: ${through.length > 1 ? "the groups" : "the group"} ${names}, managed by ${through.map((g) => g.managedBy).join("; ")}, keep${through.length > 1 ? "" : "s"} them in, and scopesync cannot take them out of ${through.length > 1 ? "these" : "it"}; the ${c.action} removes only what the target lets it (apply fails the change while they stay)`,
      remediation: through.map((g) => g.remediation).join("; ") + ", then apply or plan again",
      controls: ["NIST-SP800-53-AC-2"],
    });
  }
  return findings;
}
