// `plan --base` with a target renamed in scopesync.yaml (targets/renamed-targets.ts): the base's
// changes under the old name are the same decisions under the new one, and the plan says what the
// rename changes (Terraform's `moved`: the object "has moved", nothing is destroyed or created).
import type { TargetRename } from "../model/base-target-change.js";
import { changeId, type Change } from "../model/change.js";
import type { Finding } from "../model/finding.js";

/**
 * The base's changes with each renamed target's under its new name, ids made as the new name's
 * (a change id hashes its target: model/change.ts): the same decision has the same id in both
 * plans, so it is not "this pull request's", and its revocations are not cancelled.
 */
export function underNewNames(changes: readonly Change[], renames: ReadonlyMap<string, TargetRename>): Change[] {
  if (renames.size === 0) return changes.slice();
  return changes.map((c) => {
    const r = renames.get(c.target);
    if (!r?.same) return c;
    return { ...c, target: r.to, id: changeId(r.to, c.action, c.identity, c.entitlement ?? c.credential ?? "") };
  });
}

/**
 * What each rename is, for the reviewer: info when it is declared (formerNames) and the system is
 * the same; a warning when the system is the same and the former name is not declared (once
 * merged, the journal's records under the old name would count for nothing); an error when a
 * declared former name read another system (its records would be taken for this target's).
 */
export function targetRenameFindings(renames: ReadonlyMap<string, TargetRename>, ref: string, locationOf: (target: string) => string): Finding[] {
  const out: Finding[] = [];
  for (const r of [...renames.values()].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0))) {
    const location = locationOf(r.to);
    const history = `the apply journal's records under ${r.from} (what earlier offboardings took, the logins accounts had, the e-mail invitations scopesync cancelled)`;
    if (r.same && r.declared) {
      out.push({ rule: "target-renamed", severity: "info", target: r.to, message: `this pull request renames target ${r.from} to ${r.to} (the same system: ${r.system}): nothing moves and nothing is cancelled; what ${ref} plans for ${r.from} is ${r.to}'s, and ${history} count for ${r.to} (formerNames)`, location });
    } else if (r.same) {
      // A warning, not a block: this plan is right as it stands; what the merge would lose is the journal's past, which one line keeps.
      out.push({
        rule: "target-renamed",
        severity: "warning",
        target: r.to,
        message: `target ${r.to} is ${ref}'s target ${r.from} renamed (the same system: ${r.system}), planned as a rename; but ${r.to} does not name ${r.from} in formerNames, so once merged ${history} would not count for ${r.to}`,
        remediation: `add formerNames: [${r.from}] under targets.${r.to} in scopesync.yaml (or keep the name ${r.from})`,
        location,
      });
    } else {
      out.push({
        rule: "target-renamed",
        severity: "error",
        target: r.to,
        message: `target ${r.to} names ${r.from} in formerNames, but ${ref}'s ${r.from} read another system or state (${r.formerSystem}; ${r.to}: ${r.system}): ${r.from} is removed, not renamed, and ${history} are not ${r.to}'s`,
        remediation: `delete ${r.from} from targets.${r.to}.formerNames, or point ${r.to} at the system ${r.from} read`,
        location,
      });
    }
  }
  return out;
}
