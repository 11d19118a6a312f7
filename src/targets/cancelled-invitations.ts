// The e-mail invitations scopesync itself cancelled, as its apply journal records them: a leaver's
// invitation is cancelled by the change that offboards it (disable-account, delete-account, or a
// revoke of its role or team: targets/github/email-invitations.ts), and a cancellation GitHub
// accepted (204) is journalled `done` with outcome `applied` on the account `invitation:<id>`. A
// cancelled invitation was never accepted: GitHub cancels only a pending one (an accepted one is
// no longer there to cancel, 404, journalled `unchanged`). Yet it leaves the pending list as an
// accepted one does, and GitHub does not document listing it among the failed invitations (the
// failed_reason values are expiry, no seats, trade controls, already accepted, invalid:
// https://github.com/github/docs/issues/4423), so without this a member who joined that week and
// fitted it (or whose SAML NameID was the address) was recorded as its invitee
// (targets/accepted-invitations.ts): offboarded with the leaver, or linked to her by import.
import { invitationIdOf } from "../model/invited-email.js";
import type { JournalRecord } from "../model/journal-record.js";
import { journalDoneLines } from "./journal-done-lines.js";

/** Changes that cancel an e-mail invitation when their account is one (github apply.ts: remove(), entitlement()). */
const CANCELLING = new Set<JournalRecord["action"]>(["disable-account", "delete-account", "revoke"]);

/**
 * The account ids (`invitation:<id>`) of a target's e-mail invitations that the journal at
 * `journalPath` records scopesync cancelling under `names` (its name, then its former names:
 * renamed-targets.ts journalNames). No journal: none. A line that is no record (cut off
 * by a kill, edited by hand) is passed over here: every apply names it by file and line
 * (apply/journal.ts), and what it might have said only keeps an invitation counted as before.
 */
export function cancelledInvitations(journalPath: string, names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const { record: r } of journalDoneLines(journalPath, "invitation:")) {
    if (typeof r.target !== "string" || !names.includes(r.target) || r.outcome !== "applied" || !r.action || !CANCELLING.has(r.action)) continue;
    if (typeof r.account === "string" && invitationIdOf(r.account) !== undefined) out.add(r.account);
  }
  return out;
}
