// A person between two employments: the earlier one ended (its termination date has passed) and
// the next one has not begun (a hire date after that termination, still to come). Fixed-term and
// seasonal workers, people who leave and are rehired: HR enters the rehire ahead, and its status
// then speaks for the employment to come. BambooHR's rehire sets the former employee's status to
// Active before the offer goes out
// (https://bamboohr.screenstepslive.com/m/53914/l/587305-rehire-an-employee), and HiBob gives a
// rehire "a new start date that occurs after their termination date"
// (https://help.hibob.com/employee-profiles/employee-statuses/rehiring): an export can say Active
// the whole time they work nowhere, the termination date passed and the hire date to come.
// The dates decide, as they do for a joiner who has not started (pre-start.ts): until the
// rehire's access begins in an app (its hire date less the app's `accounts.preStart`) the person
// is a leaver there (lifecycle.ts), offboarded per the app's onLeaveScope and delete grace
// period; from then on the rehire path enables the account again. The entra source gives the
// same dates: a passed employeeLeaveDateTime with a later employeeHireDate is a rehire, whose
// status is accountEnabled's, decided here like an HR export's (sources/entra/user-record.ts).
import { blockedBeforeStart } from "../model/blocked-before-start.js";
import type { AppPolicyDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { dayEnd, isExportedDate, isWholeDay, parseDate } from "../model/time.js";
import { notStartedIn, type NotStarted } from "./pre-start.js";


/** A person's earlier employment that has ended and the rehire still to come in one app. */
export interface RehireGap {
  /** The identity's `terminationDate`: the earlier employment's last day (or instant). */
  left: string;
  /** The rehire's hire date, and when access in the app begins again. */
  rehired: NotStarted;
}

/**
 * When a termination date has passed: a date is the last working day, which ends at the next
 * midnight (UTC for a bare date; in its offset for Workday's "2026-03-31-07:00"); a date-time is
 * the leaving's instant.
 */
export function terminationPassedAt(date: string): number {
  return dayEnd(date);
}

/**
 * The termination date, when it has not passed at `now` (its last day not over). Undefined without
 * one, or for one that is no date (nothing to say it is to come).
 */
export function terminationToCome(identity: Identity, now: number): string | undefined {
  const date = identity.attributes.terminationDate;
  return typeof date === "string" && isExportedDate(date) && terminationPassedAt(date) > now ? date : undefined;
}

/**
 * Whether a hire date is later than a termination date. Two days compare as calendar days (a hire
 * on the last working day is no rehire). A day against an instant: the hire is later unless it is
 * over before the leaving begins, for an instant cannot be placed inside a day that may be another
 * zone's: the end of a Los Angeles last day (2026-03-31T23:59:59-07:00) is 06:59Z on
 * 1 April, and a renewal from 1 April, a bare date, begins at 00:00Z. Two instants compare as such.
 */
function hiredAfter(hired: string, left: string): boolean {
  if (isWholeDay(hired) && isWholeDay(left)) return hired.slice(0, 10) > left.slice(0, 10);
  return dayEnd(hired) > parseDate(left);
}

/**
 * The termination date and a later hire date, when the identity has both: a rehire's (the export
 * keeps the earlier leaving's date). Undefined for anyone else, and for a date that is no date
 * (the sources and the Person schema refuse one; should one come through, it decides nothing).
 */
export function rehireDates(identity: Identity): { left: string; hired: string } | undefined {
  if (identity.kind !== "person") return undefined;
  const left = identity.attributes.terminationDate;
  if (typeof left !== "string") return undefined;
  const hired = identity.attributes.hireDate;
  if (typeof hired !== "string" || !isExportedDate(left) || !isExportedDate(hired)) return undefined;
  return hiredAfter(hired, left) ? { left, hired } : undefined;
}

/**
 * Whether, in this app, the person is between employments at `now`: their termination date has
 * passed, a later hire date is theirs, and access in the app from that hire (less its
 * `accounts.preStart`) has not begun. Undefined otherwise, which is nearly everyone: most people
 * have no termination date, and the check stops there.
 */
export function rehireGap(identity: Identity, policy: AppPolicyDoc, now: number): RehireGap | undefined {
  if (typeof identity.attributes.terminationDate !== "string") return undefined;
  const dates = rehireDates(identity);
  if (!dates || terminationPassedAt(dates.left) > now) return undefined;
  const rehired = notStartedIn(policy, now)(identity);
  return rehired ? { left: dates.left, rehired } : undefined;
}

/**
 * Whether the person is between employments at `now`, whichever app asks: their termination date
 * has passed and the later hire date has not come. The checks that ask whether a person is still
 * here for anyone else's sake ask this: an NHI's owner (lifecycle.ts ownerGone), a leaver keeping
 * access (leaver-access-remaining). An app's accounts.preStart gives the person's own accounts ahead
 * of the hire date; it does not make them an accountable owner before it.
 */
export function betweenEmployments(identity: Identity, now: number): { left: string; hired: string } | undefined {
  if (identity.kind !== "person" || typeof identity.attributes.terminationDate !== "string") return undefined;
  const dates = rehireDates(identity);
  return dates && terminationPassedAt(dates.left) <= now && parseDate(dates.hired) > now ? dates : undefined;
}

/** A terminated person's later hire date, when it is still to come (an export that says Terminated through the gap). */
export function rehireToCome(identity: Identity, now: number): string | undefined {
  if (identity.kind !== "person" || typeof identity.attributes.terminationDate !== "string") return undefined;
  const dates = rehireDates(identity);
  return dates && parseDate(dates.hired) > now ? dates.hired : undefined;
}

/** The reason of a leaver between employments: both dates, where they come from, and when access here comes back. */
export function gapReason(identity: Identity, gap: RehireGap, policy: AppPolicyDoc): string {
  const { terminationDate: left, hireDate: hired, status } = identity.provenance;
  const from = left?.source === hired?.source ? `terminationDate and hireDate in ${left?.source ?? "the sources"}` : `terminationDate in ${left?.source ?? "the sources"}, hireDate in ${hired?.source ?? "the sources"}`;
  // A rehire's user blocked until the rehire (model/blocked-before-start.ts) is read as active: say the block, not "active".
  const blocked = blockedBeforeStart(identity);
  const says = blocked ? `${blocked.source} has the user blocked until then (${blocked.said})` : `${status?.source ?? "the sources"} says ${identity.status}, for the employment to come`;
  return `left on ${gap.left}, rehired from ${gap.rehired.hireDate} (${from}; ${says}): between employments, a leaver in ${policy.id} until its access begins again on ${gap.rehired.accessFrom}`;
}
