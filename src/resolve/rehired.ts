// A person whose source gave them a new record: a rehire under a new worker id (many HR systems
// issue one), a record migrated to a new key. Their accounts in the apps are marked with the old
// anchor. Without this, the plan offboarded that account as a leaver's and made the person a new
// one with the same login, which every app that keeps logins unique refuses: the rehire got no
// account, and the old one stayed disabled. Known, the old anchor is the person's earlier anchor
// (Identity.formerAnchors): the account is theirs, enabled again and re-marked with today's anchor.
// Two things make it known: a reviewed `links` entry naming the gone record beside the new one, and
// the last accepted snapshot, when another record of theirs (an Okta or Entra account) still merges
// with the new one under the same login and name, and is in use: not the leaver's own directory
// account, switched off and without the new worker id, which a recycled address (first.last, given
// to the next person of that name) merges with a stranger (leaver-records.ts).
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { sourceOfRef } from "../model/keys.js";
import { samePerson, sharedRecord } from "./login-reuse.js";

/** Adds an earlier anchor to the identity's `formerAnchors`, kept sorted and unique. */
function addFormerAnchor(identity: Identity, anchor: string): void {
  const list = identity.formerAnchors ?? [];
  if (list.includes(anchor)) return;
  identity.formerAnchors = [...list, anchor].sort();
}

/** The gone records a reviewed `links` entry names beside this person's (Cluster.earlier). */
export function linkEarlierRecords(identity: Identity, earlier: ReadonlyArray<{ ref: string; at: string }>, findings: Finding[]): void {
  for (const { ref, at } of earlier) {
    addFormerAnchor(identity, ref);
    findings.push(anchorChanged(identity, ref, `${at} links it with ${identity.anchor}, and no source exports it any more`, `remove ${ref} from that links entry`, at));
  }
}

/**
 * People the last accepted snapshot had under another anchor of the same source, with the same
 * login, when another of their records still merges with the new one and the name is theirs (the
 * same person, as login-reuse.ts decides) and no source exports the old anchor any more. Without
 * both, nothing says the new record is the same person: a recycled login (and a recycled address,
 * which merges the leaver's own directory record with the new hire) is login-reused, which the
 * reviewer settles with a `links` entry.
 */
export function markRehires(identities: ReadonlyMap<string, Identity>, prior: readonly Identity[], findings: Finding[]): void {
  const candidates: Array<{ was: Identity; now: Identity; shared: string }> = [];
  for (const was of prior) {
    if (was.kind !== "person") continue;
    // Nearly everyone has the same anchor as before: one lookup each.
    const now = identities.get(was.id);
    if (!now || now.kind !== "person" || now.anchor === was.anchor || sourceOfRef(now.anchor) !== sourceOfRef(was.anchor)) continue;
    if (now.records.includes(was.anchor) || now.formerAnchors?.includes(was.anchor) || !samePerson(now, was)) continue;
    const shared = sharedRecord(now, was)!;
    candidates.push({ was, now, shared });
  }
  if (candidates.length === 0) return;
  // A record some identity still holds is that identity's (an HR export that keeps the leaver's row
  // beside the rehire's): its accounts are not the new record's to take.
  const held = new Set<string>();
  for (const identity of identities.values()) {
    held.add(identity.anchor);
    for (const r of identity.records) held.add(r);
  }
  for (const { was, now, shared } of candidates) {
    if (held.has(was.anchor)) continue;
    addFormerAnchor(now, was.anchor);
    const fix = `add separate: [{ records: [${now.anchor}, ${shared}], reason: … }] to identities/links.yaml if ${shared} is not theirs either`;
    findings.push(anchorChanged(now, was.anchor, `in the last accepted snapshot it was merged with ${shared}, which merges with ${now.anchor} now, under the same login`, fix, now.provenance.userName ? `${now.provenance.userName.source} ${now.provenance.userName.at}` : undefined));
  }
}

function anchorChanged(identity: Identity, earlier: string, why: string, fix: string, location: string | undefined): Finding {
  return {
    rule: "anchor-changed",
    severity: "info",
    identity: identity.id,
    message: `${identity.id} is ${identity.anchor} and was ${earlier}: ${why}. The same person under a new record (a rehire under a new worker id): an account a target marked ${earlier} is theirs, and is enabled if they are active and re-marked ${identity.anchor}`,
    remediation: `nothing, if ${identity.anchor} and ${earlier} are one person; if they are two, give ${identity.anchor} another login in ${sourceOfRef(identity.anchor)}, and ${fix}`,
    ...(location !== undefined ? { location } : {}),
  };
}
