// status-authorities-disagree: two sources that are each a book of record for `status` (two HR
// systems after a merger, an employee's and a contractor's) say different things of one person.
// Only HR exports are books of record (model/employment-records.ts): where a directory made
// authoritative for status is one of those that disagree, precedence decides as before, and a
// directory that still shows an HR leaver active does not keep them (rv101 H2).
// Each speaks of its own employment: Acme's contract with Dana ended, Globex still employs her.
// Before, the first by precedence won and she was offboarded everywhere with an info
// attribute-conflict as the only signal (rv100 H1). A person one book of record still employs has
// not left: the status that keeps the most access governs (active, then suspended, then
// terminated), and the employment attributes (dates, title, department, manager, type) come from
// that record too, not from the one that ended. This runs opposite to Okta's status while a
// transition runs, where the lesser access counts: there one directory has already decided to shut
// the person out; here one book of record has not decided anything about the other's employment.
// A record whose employment has not begun (a hire date after its export) is no employment today
// and never governs (before-start.ts keeps today's attributes beside it). The disagreement is a
// warning naming both records until a reviewed `links` entry naming both says they are one person
// (it stays an info finding), or one record ends.
import type { Finding } from "../model/finding.js";
import { recordRef } from "../model/keys.js";
import type { SourceRecord } from "../model/source-record.js";
import { statusAccess } from "../model/status-access.js";
import { startsAfterExport } from "./before-start.js";

/** The attributes of one employment: taken from the governing record where it decides them. */
export const EMPLOYMENT_ATTRIBUTES: ReadonlySet<string> = new Set(["status", "terminationDate", "hireDate", "employmentType", "department", "title", "manager"]);
/** The employment's dates: the governing record's wherever its source decides the status, authoritative for them or not. */
export const EMPLOYMENT_DATES: ReadonlySet<string> = new Set(["terminationDate", "hireDate"]);

/** A book of record's record whose employment has begun (or has no hire date): one that speaks of today. */
function employedToday(r: SourceRecord, isBook: (source: string) => boolean): boolean {
  return isBook(r.source) && r.status !== undefined && !(r.status === "active" && startsAfterExport(r));
}

/**
 * The position in `ordered` (highest precedence first) of the record whose status governs, when it
 * is not the one precedence picks (the first record authoritative for status); undefined otherwise,
 * which is nearly everyone. `isBook` says which sources keep employment records: only among them
 * does the most access govern, and only where precedence picks one of them (a directory that
 * precedence puts first decides, as it always did).
 */
export function governingEmployment(ordered: readonly SourceRecord[], decidesStatus: (source: string) => boolean, isBook: (source: string) => boolean): number | undefined {
  const first = ordered.findIndex((r) => decidesStatus(r.source) && r.status !== undefined);
  if (first === -1 || !isBook(ordered[first]!.source)) return undefined;
  let best = -1;
  ordered.forEach((r, k) => {
    if (employedToday(r, isBook) && (best === -1 || statusAccess(r.status) > statusAccess(ordered[best]!.status))) best = k;
  });
  return best !== -1 && statusAccess(ordered[best]!.status) > statusAccess(ordered[first]!.status) ? best : undefined;
}

/** Provenance rule of the attributes the governing record gives: why they are its, for `identities` and `explain`. */
export function governingRule(ordered: readonly SourceRecord[], governing: number): string {
  const kept = ordered[governing]!;
  const others = ordered.filter((r, k) => k !== governing && r.status !== kept.status && r.status !== undefined).map((r) => `${r.source} says ${JSON.stringify(r.status)}`);
  return `authoritative: ${kept.source}; of the books of record for status, the employment that keeps the most access (${others.join(", ")})`;
}

/** Where a reviewed `links` entry names both records ("identities/links.yaml:4"), or undefined. */
export type LinkedBy = (a: string, b: string) => string | undefined;

/**
 * The finding for `other`, a record of another book of record for status whose status differs from
 * the kept one, or undefined when either is no book of record (a directory: status-sign-in-blocked
 * or attribute-conflict says it) or does not speak of an employment today.
 */
export function employmentsDisagree(kept: { record: SourceRecord; value: string }, other: SourceRecord, value: string, isBook: (source: string) => boolean, linkedBy: LinkedBy): Finding | undefined {
  if (!employedToday(other, isBook) || !employedToday(kept.record, isBook)) return undefined;
  const [a, b] = [recordRef(kept.record.source, kept.record.externalId), recordRef(other.source, other.externalId)];
  const pair = `${a}, ${b}`;
  const linked = linkedBy(a, b);
  // The kept status has the most access of today's employments: active or, at least, suspended.
  const why = kept.value === "active" ? "a person one book of record still employs has not left" : "on leave in one employment is not a leaving: suspended as each app's accounts.onSuspended says, never offboarded";
  return {
    rule: "status-authorities-disagree",
    severity: linked ? "info" : "warning",
    message: `status: ${kept.record.source} says ${JSON.stringify(kept.value)}, ${other.source} says ${JSON.stringify(value)}, and both are authoritative for status (two employments: ${a} and ${b}); kept ${JSON.stringify(kept.value)} from ${kept.record.source}, the status that keeps the most access, because ${why}${linked ? ` (one person by the reviewed links entry at ${linked})` : ""}`,
    remediation: linked
      ? `if the person has left ${kept.record.source} too, end the record there (status terminated) and the next plan offboards them`
      : `if the person has left ${kept.record.source} too, end the record there (status terminated) and the next plan offboards them; if ${a} and ${b} are two people, write separate: [{ records: [${pair}], reason: … }] in identities/links.yaml; if they are one person and the status kept is right, write links: [{ records: [${pair}], reason: … }] there, which makes this finding info`,
    location: `${other.source} ${other.position}`,
  };
}
