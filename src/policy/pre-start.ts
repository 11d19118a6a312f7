// A joiner who has not started yet. HR systems export people before their first day, and some
// export them as active: BambooHR keeps a future hire Active, and Okta's BambooHR integration holds
// them back itself with a "Pre-Start Interval", "the timeframe (in days) for a user to be considered
// active ahead of their hire date", in UTC unless told otherwise
// (https://help.okta.com/en-us/content/topics/provisioning/bamboohr/bamboohr-integrate.htm). Entra's
// employeeHireDate is "the date and time when the user was hired or will start work in a future
// hire" (https://learn.microsoft.com/en-us/graph/api/resources/user). A status says whether someone
// works here; only the hire date says whether they have begun. So each app gives access from the
// hire date, less its `accounts.preStart` lead time, and not before: until then the planner makes,
// enables and grants nothing for them there (plan/diff-target.ts), and says so (joiner-not-started).
import type { AppPolicyDoc } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { DAY, daysBefore, isDateOnly, isExportedDate, isoString, isZoneDay, parseDate, parseDuration } from "../model/time.js";


/** A person whose access in an app has not begun: their hire date, and when access there begins. */
export interface NotStarted {
  /** The identity's `hireDate`, as the sources (or an overlay) give it. */
  hireDate: string;
  /** When access in the app begins: the hire date less `accounts.preStart`; a date when both are whole days. */
  accessFrom: string;
}

/**
 * Whether a person has not started as far as this app is concerned: their hire date, less the
 * app's `accounts.preStart`, is after `now`. A date alone begins at midnight UTC, a zone's day
 * (scopesync.yaml `timeZone`) at its local midnight. Only people: an NHI has no hire date. The sources and the Person schema refuse
 * a hire date that is no date; should one come through all the same, it gives no start to wait for.
 *
 * Made once per app and plan, asked for each person in its scope: a million people in ten apps
 * are ten million questions, and nearly every hire date is long past. One whose calendar date is
 * two days or more before the earliest date that can still be to come (a zone offset moves an
 * instant by less than a day) is answered from its text, without parsing it.
 */
export function notStartedIn(policy: AppPolicyDoc, now: number): (identity: Identity) => NotStarted | undefined {
  const lead = parseDuration(policy.accounts.preStart);
  const surelyPast = surelyPastDay(now + lead);
  return (identity) => {
    if (identity.kind !== "person") return undefined;
    const hireDate = identity.attributes.hireDate;
    if (typeof hireDate !== "string") return undefined;
    if (startedBefore(hireDate, surelyPast)) return undefined;
    if (!isExportedDate(hireDate)) return undefined;
    // A lead of whole days before a zone's day is that many of its days, from a local midnight: an
    // instant less 48 hours would begin an hour off across a clock change.
    const day = isZoneDay(hireDate) && lead % DAY === 0 ? daysBefore(hireDate, lead / DAY) : undefined;
    const from = day !== undefined ? parseDate(day) : parseDate(hireDate) - lead;
    if (from <= now) return undefined;
    return { hireDate, accessFrom: day ?? (isDateOnly(hireDate) && lead % DAY === 0 ? isoString(from).slice(0, 10) : isoString(from)) };
  };
}

/**
 * The calendar day (YYYY-MM-DD) before which a hire date has surely come by `instant`, whatever the
 * zone it is written in: two days before the instant's UTC day.
 */
export function surelyPastDay(instant: number): string {
  return isoString(instant - 2 * DAY).slice(0, 10);
}

/** Whether a hire date's calendar day is before `day` (surelyPastDay), read from its text alone. */
export function startedBefore(hireDate: string, day: string): boolean {
  return CALENDAR_DATE.test(hireDate) && hireDate.slice(0, 10) < day;
}

/** Starts with a calendar date (YYYY-MM-DD), as every date isExportedDate accepts does. */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}/;
