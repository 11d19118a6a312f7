// An identity id (a person's login, an NHI's name) that reads like another identity's, or mixes
// the letters of scripts that look alike, is one a reviewer takes for someone else: "🔐 grant
// аlex.doe group:admins", with a Cyrillic "а", reads as a grant to the alex.doe they know. The ids
// are kept apart, as they are different strings; the finding says what the plan cannot show.
// What is caught, and what not: model/look-alike-logins.ts and docs/rules.md, identity-id-look-alike.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { codePoints, loginSkeleton, mixedScripts } from "../model/look-alike-logins.js";

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * One warning for each identity id that is not plain ASCII and either reads like the id of another
 * identity (equal skeletons) or mixes scripts. ASCII ids are never looked at alone: an ASCII id is
 * its own skeleton, so a look-alike pair always has a non-ASCII id, and the finding is about it.
 */
export function lookAlikeIdFindings(identities: ReadonlyMap<string, Identity>): Finding[] {
  const unusual = [...identities.keys()].filter((id) => NON_ASCII.test(id)).sort();
  if (unusual.length === 0) return [];
  // Skeleton → the ids that have it: every ASCII id is its own, the others are worked out.
  const bySkeleton = new Map<string, string[]>();
  for (const id of unusual) {
    const skeleton = loginSkeleton(id);
    const list = bySkeleton.get(skeleton) ?? (identities.has(skeleton) && skeleton !== id ? [skeleton] : []);
    list.push(id);
    bySkeleton.set(skeleton, list);
  }
  const findings: Finding[] = [];
  for (const id of unusual) {
    const others = bySkeleton.get(loginSkeleton(id))!.filter((other) => other !== id).sort();
    const scripts = mixedScripts(id);
    if (others.length === 0 && scripts.length === 0) continue;
    const identity = identities.get(id)!;
    const reads = others.length > 0 ? `reads like ${others.map((o) => `"${o}", the id of ${describe(identities.get(o)!)}`).join("; ")}` : "";
    const mixes = scripts.length > 0 ? `mixes ${scripts.join(" and ")} letters` : "";
    const finding: Finding = {
      rule: "identity-id-look-alike",
      severity: "warning",
      identity: id,
      message: `the id "${id}" of ${describe(identity)} (written ${codePoints(id)}) ${[reads, mixes].filter(Boolean).join(", and ")}: a reviewer reading this plan cannot tell it from ${others.length > 0 ? "the other" : "a Latin login"}, and every change for it looks like a change for someone else`,
      remediation: "check with the source's owners that this is a different person or account and not a forged or mistyped login; if the login is wrong, correct it in the source",
    };
    const at = identity.provenance.userName;
    if (at) finding.location = at.source === "file" ? at.at : `${at.source} ${at.at}`;
    findings.push(finding);
  }
  return findings;
}

function describe(identity: Identity): string {
  return `the ${identity.kind} ${identity.anchor}`;
}
