// An Entra ID user whose sign-in is blocked (Graph's accountEnabled: false, "true if the account is
// enabled; otherwise, false": learn.microsoft.com/graph/api/resources/user). Blocking sign-in is
// Microsoft 365's first step for a former employee ("Remove a former employee", step 1:
// learn.microsoft.com/microsoft-365/admin/add-users/remove-former-employee-step-1), the user being
// deleted later or kept for its mailbox; in a hybrid tenant, Entra Connect's default sync rule
// writes accountEnabled from AD's ACCOUNTDISABLE flag, so it is the same fact as a disabled AD
// account. Entra has no "on leave" state. Before, such a user was always read as on leave, so under
// an app's onSuspended: keep (what import writes) a leaver kept every adopted app's access and the
// plan said nothing. Now it is read as options.disabledMeans says, as a disabled AD account is
// (model/directory-disabled.ts), and the record keeps Entra's words for it in `accountDisabled`.
//
// Except before the start. Lifecycle Workflows keep a new hire's user blocked until the hire date,
// when the joiner workflow's "Enable User Account" task enables it (model/blocked-before-start.ts).
// A user blocked at an export taken before its employeeHireDate is that pre-hire: active, with a
// hire date to come, as an HR export gives a future hire (Okta's STAGED is active too:
// sources/okta/status.ts). The planner then decides by the dates at its clock, the later of the
// export and --now, as for any joiner: not started (joiner-not-started) until the hire date less
// the app's accounts.preStart, given access from then on. Before, with disabledMeans: terminated a
// pre-hire was a leaver, accounts.preStart never gave her an account and the plan said nothing.
//
// The hire date is compared with the export's time, not with --now: the export shows her blocked
// before her start, which is the pre-hire's block, and says nothing of her after it. Judged at
// --now, the 06:00 export of her first day (hire 08:00) planned at 09:00 would make her a leaver,
// and disable the account accounts.preStart gave her a week before. An export taken after her hire
// date that still shows her blocked is read as options.disabledMeans says, as anyone's is.
import { BLOCKED_BEFORE_START } from "../../model/blocked-before-start.js";
import { ACCOUNT_DISABLED, type DisabledMeaning } from "../../model/directory-disabled.js";
import type { SourceRecord } from "../../model/source-record.js";
import { dateMillis } from "../common/dates.js";
import { exportedBy } from "../common/judged-at.js";

/** Entra's words for a blocked user, in every text that rests on it: "disabled in entra (accountEnabled false: sign-in blocked)". */
export const SIGN_IN_BLOCKED = "accountEnabled false: sign-in blocked";

/** Entra's words for a pre-hire's block (model/blocked-before-start.ts). */
export const BLOCKED_UNTIL_HIRE = "accountEnabled false at the export, before employeeHireDate";

/**
 * Reads a blocked user as a pre-hire when its hire date is after the export, else as
 * `disabledMeans` says, unless its status rests on something else: a leave date that has passed
 * makes it terminated whatever accountEnabled says, and then the record says nothing of a disabled
 * account (as an expired AD account's does not).
 */
export function readSignInBlocked(record: SourceRecord, enabled: boolean, disabledMeans: DisabledMeaning, now: number | undefined): void {
  if (enabled || record.status === "terminated") return;
  // An export time after the plan's (export-time.ts) says nothing of the days the plan has not reached.
  if (record.hireDate !== undefined && dateMillis(record.hireDate) > exportedBy(record.exportedAt, now)) {
    record.status = "active";
    (record.attributes ??= {})[BLOCKED_BEFORE_START] = BLOCKED_UNTIL_HIRE;
    return;
  }
  record.status = disabledMeans;
  (record.attributes ??= {})[ACCOUNT_DISABLED] = SIGN_IN_BLOCKED;
}
