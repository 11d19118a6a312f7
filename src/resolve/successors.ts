// A leaver whose HR row is gone (many HR exports drop leavers rather than mark them) still has
// records elsewhere: their directory account, disabled but kept for retention, with its groups
// (AD keeps memberOf on a disabled account). When one of those records now correlates with a new
// record of the same HR source, it is either the leaver rehired under a new worker id, or a new
// hire given the leaver's recycled e-mail address. Before, every such case was taken for a rehire:
// the new hire was merged with the leaver's record without a word and got what it gives (a
// payment-approver group through a `where: { groups: … }` birthright). The leaver's record and
// what it gives pass to another person only on evidence: the same person as login-reuse.ts
// decides (their earlier anchor through a reviewed `links` entry, or a record in use that is
// theirs, under their name), or a reviewed `links` entry naming the record. Otherwise the new
// record's person is not planned and the plan is blocked (split-record-moved) until a person
// decides in identities/links.yaml.
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { sourceOfRef } from "../model/keys.js";
import { samePerson } from "./login-reuse.js";

/**
 * `successor` holds records of `leaver` (a person of the last accepted snapshot whose anchor no
 * source exports any more) and is anchored by another record of the leaver's anchoring source.
 * Unless it is shown to be the leaver, it is held: not planned (Identity.disputed), with an error.
 */
export function holdUnprovenSuccessor(successor: Identity, leaver: Identity, linked: ReadonlySet<string>, findings: Finding[]): void {
  // A terminated record gets nothing through the leaver's records, and its accounts are offboarded.
  if (successor.status === "terminated" || successor.disputed) return;
  if (samePerson(successor, leaver)) return;
  const theirs = leaver.records.filter((r) => r !== leaver.anchor && successor.records.includes(r));
  if (theirs.length === 0 || theirs.every((r) => linked.has(r))) return;
  successor.disputed = true;
  findings.push(moved(successor, leaver, theirs));
}

function moved(successor: Identity, leaver: Identity, theirs: readonly string[]): Finding {
  const source = sourceOfRef(leaver.anchor);
  const one = theirs.length === 1;
  const switchedOff = theirs.filter((r) => successor.leaverRecords?.includes(r));
  const why = switchedOff.length > 0 ? ` (switched off in ${[...new Set(switchedOff.map(sourceOfRef))].sort().join(", ")}, without ${successor.anchor}'s employee id: a leaver's)` : "";
  const first = theirs[0]!;
  const at = successor.provenance.userName;
  return {
    rule: "split-record-moved",
    severity: "error",
    identity: successor.id,
    message: `${successor.id} (${successor.anchor}) is not planned: ${theirs.join(", ")} ${one ? "was" : "were"} part of ${leaver.id} (${leaver.anchor}${nameOf(leaver)}) in the last accepted snapshot, ${leaver.anchor} is no longer in "${source}", and ${one ? "it now correlates" : "they now correlate"} with ${successor.anchor}${nameOf(successor)}, another ${source} record not known to be the same person${why}: what ${one ? "it gives" : "they give"} (groups, an account marked with ${one ? "it" : "them"}) would pass from the leaver to them. A recycled e-mail address does this as well as a rehire`,
    remediation: `if ${successor.anchor} is ${leaver.anchor} rehired, link them in identities/links.yaml (links: [{ records: [${successor.anchor}, ${leaver.anchor}], reason: … }]); if ${first} is ${successor.anchor}'s now, links: [{ records: [${successor.anchor}, ${first}], reason: … }]; if it is still the leaver's (a recycled address), add separate: [{ records: [${successor.anchor}, ${first}], reason: … }] and remove the address from it in ${sourceOfRef(first)}`,
    ...(at ? { location: `${at.source} ${at.at}` } : {}),
  };
}

function nameOf(identity: Identity): string {
  return typeof identity.attributes.displayName === "string" ? `, ${identity.attributes.displayName}` : "";
}
