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
import { ACCOUNT_DISABLED, type DisabledMeaning } from "../../model/directory-disabled.js";
import type { SourceRecord } from "../../model/source-record.js";

/** Entra's words for a blocked user, in every text that rests on it: "disabled in entra (accountEnabled false: sign-in blocked)". */
export const SIGN_IN_BLOCKED = "accountEnabled false: sign-in blocked";

/**
 * Reads a blocked user as `disabledMeans` says, unless its status rests on something else: a leave
 * date that has passed makes it terminated whatever accountEnabled says, and then the record says
 * nothing of a disabled account (as an expired AD account's does not).
 */
export function readSignInBlocked(record: SourceRecord, enabled: boolean, disabledMeans: DisabledMeaning): void {
  if (enabled || record.status === "terminated") return;
  record.status = disabledMeans;
  (record.attributes ??= {})[ACCOUNT_DISABLED] = SIGN_IN_BLOCKED;
}
