// A Google Workspace user an administrator suspended. Many Workspace organisations suspend a
// leaver's user until its data is moved and the user archived or deleted, though Google's help
// calls a suspension temporary (support.google.com/a/answer/33312) and offers archiving for former
// employees (support.google.com/a/answer/9048836, read as terminated): Workspace has no "on leave"
// state, so only the organisation can say which an administrator's suspension is. Before, such a
// user was always read as on leave, so under an app's onSuspended: keep (what import writes) a
// leaver kept every adopted app's access and the plan said nothing. Now it is read as
// options.disabledMeans says, as a disabled AD account is (model/directory-disabled.ts), and the
// record keeps Google's words for it in `accountDisabled`.
//
// Who suspended the user is the Admin SDK's suspensionReason: "the reason a user account is
// suspended either by the administrator or by Google at the time of suspension", returned only
// while suspended (developers.google.com/admin-sdk/directory/reference/rest/v1/users). ADMIN is an
// administrator's. Any other value is a hold Google put on the account (WEB_LOGIN_REQUIRED: it
// must sign in again), no decision of the organisation's about the person: it stays a suspension,
// as before, its reason quoted. A suspended user without a suspensionReason (an export whose
// fields= mask left it out) cannot be shown to be Google's hold, so it is read as the
// administrator's: the organisation's answer applies, and the words say the reason was missing.
import { ACCOUNT_DISABLED, type DisabledMeaning } from "../../model/directory-disabled.js";
import type { SourceRecord } from "../../model/source-record.js";

const ADMIN = "ADMIN";

/** Google's words for an administrator's suspension, in every text that rests on it ("disabled in google (…)"). */
export function adminSuspensionWords(reason: string | undefined): string | undefined {
  if (reason === undefined) return "suspended, no suspensionReason in the export";
  return reason === ADMIN ? "suspensionReason ADMIN: suspended by an administrator" : undefined;
}

/**
 * Reads a user an administrator suspended as `disabledMeans` says, unless its status rests on
 * something else: a deleted or archived user is terminated whatever `suspended` says.
 */
export function readAdminSuspension(record: SourceRecord, suspended: boolean, reason: string | undefined, disabledMeans: DisabledMeaning): void {
  if (!suspended || record.status !== "suspended") return;
  const words = adminSuspensionWords(reason);
  if (words === undefined) return;
  record.status = disabledMeans;
  (record.attributes ??= {})[ACCOUNT_DISABLED] = words;
}
