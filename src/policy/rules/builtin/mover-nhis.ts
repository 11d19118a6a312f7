// privilege-after-move for the NHIs a mover owns. An agent or service account acting for a person
// was put in its privileged group for that person's work: the explicit membership was justified by
// the owner's old role just as the owner's own was. Looking only at the mover's memberships, the
// plan took the owner's privileged team away and said nothing of the agent that kept its own
// (rv63 #5; OWASP NHI Top 10 2025, NHI1 Improper Offboarding: NHIs of people who "change roles").
// Birthright memberships are left out, as for people: a rule on the NHI's own attributes granted
// them, not its owner's role.
import type { RuleContext, RuleHit } from "../rule.js";

/**
 * One hit per explicit privileged membership of an NHI whose `owner` is among `movers` (person id
 * → what moved, in words). `privileged` names the group as privileged, or is undefined when its
 * membership is not (the same test the mover's own memberships get).
 */
export function ownedByMovers(ctx: RuleContext, movers: ReadonlyMap<string, string>, privileged: (group: string) => string | undefined): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const nhi of ctx.identities) {
    if (nhi.kind === "person" || nhi.owner === undefined) continue;
    const moved = movers.get(nhi.owner);
    if (moved === undefined) continue;
    for (const m of ctx.memberships.current.get(nhi.id) ?? []) {
      if (m.via !== "explicit") continue;
      const what = privileged(m.group);
      if (!what) continue;
      hits.push({
        identity: nhi.id,
        message: `${nhi.id} is owned by ${nhi.owner}, who moved (${moved}), and is still an explicit member of ${what}`,
        location: m.at,
        remediation: `remove ${nhi.id} from ${m.group}, or re-approve its membership in a PR that states why ${nhi.owner}'s new role still needs it (or name an owner whose role does)`,
      });
    }
  }
  return hits;
}
