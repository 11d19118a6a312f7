// Whether a journal line is part of someone's leaving, for the leavers report: the person it names
// may be back (a rehire, a contract renewed) or the login may have gone to someone new, and their
// March offboarding is still March's evidence. The journal keeps no lifecycle field, only the plan's
// reason (`why`), and the planner words every leaving the same few ways: "left the organisation
// on …" and "left on …, rehired from …" (policy/lifecycle.ts, policy/rehire-gap.ts), and `… is no
// longer in source "hr" …` for a person gone from every source (plan/deprovisioned-accounts.ts,
// plan/unlinked-accounts.ts, plan/account-marks.ts). A mover's revoke ("mover: …; no longer in the
// scope of …"), an expired grant or a leave ("suspended in hr") is no leaving, so an ordinary
// mover is never listed as a leaver. A disable or delete whose line has no `why` (written before
// apply recorded it) is taken as a leaving: for an audit, one listed too many beats one left out.
import type { JournalRecord } from "../model/journal-record.js";
import { REVOCATIONS } from "../model/change.js";

const LEAVING_WHY = /^left |\bis no longer in source "|^no longer in source "/;

export function isLeavingStep(r: Partial<JournalRecord>): boolean {
  if (!r.action || !REVOCATIONS.has(r.action)) return false;
  if (typeof r.why !== "string") return r.action === "disable-account" || r.action === "delete-account";
  return LEAVING_WHY.test(r.why);
}
