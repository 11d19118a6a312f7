import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";

/**
 * A login the last accepted snapshot gave one person and the export now gives another: a new hire
 * who got a leaver's login, a directory that recycled it. Everything keyed by the login would pass
 * from one person to the other without a word: the accounts of apps that link by login (GitHub,
 * `accounts.linkBy: login`) with all they hold, the explicit group grants and overlays written for
 * the first person, while the first person is never offboarded. Each such login is an error (the
 * plan is blocked) until a person decides. The same person under a new anchor (a record of theirs
 * still merged into the identity) is not a reuse.
 */
export function loginReuse(identities: readonly Identity[], prior: readonly Identity[]): Finding[] {
  const before = new Map<string, Identity>();
  for (const p of prior) if (p.kind === "person") before.set(p.id, p);
  const findings: Finding[] = [];
  for (const identity of identities) {
    if (identity.kind !== "person") continue;
    const was = before.get(identity.id);
    if (!was || was.anchor === identity.anchor) continue;
    if (holdsRecord(identity, was.anchor) || was.records.some((r) => holdsRecord(identity, r))) continue;
    findings.push({
      rule: "login-reused",
      severity: "error",
      identity: identity.id,
      message: `the login "${identity.id}" was ${was.anchor}${name(was)} in the last accepted snapshot and is now ${identity.anchor}${name(identity)}: a different person; what the login holds would pass to them: accounts in apps that link by login (where ${was.anchor} would then not be offboarded), group grants naming the login, its overlay`,
      remediation: `give ${identity.anchor} another login in the source; if it is the same person under a new record (a rehire under a new worker id), link the records in identities/links.yaml (links: [{ records: [${identity.anchor}, ${was.anchor}], reason: … }]): the accounts marked ${was.anchor} are then theirs`,
      ...(identity.provenance.userName ? { location: identity.provenance.userName.at } : {}),
    });
  }
  return findings;
}

/** Is `ref` ("source:externalId") the identity's anchor, a record merged into it, or an earlier anchor of theirs? Then it is the same person. */
export function holdsRecord(identity: Identity, ref: string): boolean {
  return identity.anchor === ref || identity.records.includes(ref) || identity.aliases.includes(ref) || (identity.formerAnchors?.includes(ref) ?? false);
}

function name(identity: Identity): string {
  return typeof identity.attributes.displayName === "string" ? ` (${identity.attributes.displayName})` : "";
}
