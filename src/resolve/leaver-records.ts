// Which records merged into a person say nothing about who that person was before. Organisations
// recycle e-mail addresses and logins (first.last, first-initial-last), and a leaver's directory
// account is kept for retention: disabled, but still exported with the address now given to a new
// hire. Correlation merges it with the new hire, so "holds another record of the earlier person"
// (plus their name, which the same conventions share) would make a stranger the leaver rehired:
// the leaver's accounts enabled for them, the leaver's own GitHub account invited back. A record
// its source still has as in use (active), or one carrying the new record's own employee id, is a
// system's word that it is the new record's person; a record switched off, with another worker's
// id or none, is the leaver's until a reviewed `links` entry says otherwise.
import type { SourceRecord } from "../model/source-record.js";
import { recordRef } from "../model/keys.js";

/**
 * The records of one merged person (anchor first or anywhere) that are a leaver's to all
 * appearances: not active in their source while the anchor record is, and without the anchor
 * record's employee id. Sorted; undefined when there are none (nearly always).
 */
export function leaverRecords(members: readonly SourceRecord[], anchor: string): string[] | undefined {
  if (members.length < 2) return undefined;
  const own = members.find((r) => recordRef(r.source, r.externalId) === anchor);
  // A person who is not active themselves is handed nothing by a record that agrees with them.
  if (!own || own.status !== "active") return undefined;
  const ownId = own.employeeId?.trim();
  let out: string[] | undefined;
  for (const r of members) {
    if (r === own || r.status === "active") continue;
    if (ownId && r.employeeId?.trim() === ownId) continue;
    (out ??= []).push(recordRef(r.source, r.externalId));
  }
  return out?.sort();
}
