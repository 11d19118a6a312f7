// A break-glass NHI (an emergency account that belongs to no person, `breakGlass: true` in its
// file) whose accountable owner has left. Any other NHI is quarantined then (lifecycle.ts); this one
// is not, for it is the way back in when nobody else can sign in, and an emergency account of last
// resort "must never be automatically removed or disabled" (DISA STIG, emergency administration
// account). But nobody answers for the organisation's most privileged account any more, and the
// one who left may know its sealed credentials. So every plan says so until a person is named
// owner, who is to check or rotate its credentials. A warning, not an error: an error blocks the
// whole plan, and with it every leaver's offboarding (the departing owner's own first) in every
// target, while the emergency account itself needs no change (the break-glass guard keeps any
// change to it out of the plan anyway).
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { ownerGone, ownerUnknown } from "./lifecycle.js";

/**
 * One warning per break-glass NHI whose owner is no active person, located at its `owner:`
 * line. An owner unknown rather than gone (a source failed its gates) is left to the gate findings,
 * which block the plan already.
 */
export function breakGlassOwnerGone(repo: Pick<PolicyRepo, "nhis">, byId: ReadonlyMap<string, Identity>, now: number, missingUnknown: boolean): Finding[] {
  const out: Finding[] = [];
  for (const doc of repo.nhis) {
    if (doc.value.breakGlass !== true) continue;
    const identity = byId.get(doc.value.id);
    if (!identity?.breakGlass) continue;
    const gone = ownerGone(identity, byId, now);
    if (gone === undefined || ownerUnknown(identity, byId, missingUnknown, now)) continue;
    const at = doc.locate(["owner"]);
    out.push({
      rule: "break-glass-owner-gone",
      severity: "warning",
      identity: identity.id,
      message: `${identity.id} is a break-glass account and has lost its owner: ${gone}; it is not quarantined (an emergency account is never switched off automatically), and whoever left may still know its credentials`,
      remediation: `name an active person as owner in ${doc.file}:${at.line} and have them rotate the account's credentials; to retire the account instead, remove breakGlass from the file in a reviewed pull request`,
      location: `${doc.file}:${at.line}`,
    });
  }
  return out;
}
