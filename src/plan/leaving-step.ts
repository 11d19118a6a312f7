// Whether a journal line is part of someone's leaving, for the leavers report: the person it names
// may be back (a rehire, a contract renewed) or the login may have gone to someone new, and their
// March offboarding is still March's evidence. A line apply writes now says so in a field,
// `lifecycle: "leaver"` (model/leaving-cause.ts). Lines an older scopesync wrote have only the
// plan's reason (`why`), read as the planner worded every leaving: "left the organisation on …"
// and "left on …, rehired from …" (policy/lifecycle.ts, policy/rehire-gap.ts), "status
// terminated in hr; termination date … still to come" for one terminated on their last day or
// ahead of it (the wording rv107 H1 found left out: such a leaver who came back was missing from
// the report), and `… is no longer in source "hr" …` for a person gone from every source
// (plan/deprovisioned-accounts.ts, plan/unlinked-accounts.ts, plan/account-marks.ts). A mover's
// revoke ("mover: …; no longer in the scope of …"), an expired grant or a leave ("suspended in
// hr") is no leaving, so an ordinary mover is never listed as a leaver. A disable or delete whose
// line has no `why` (written before apply recorded it) is taken as a leaving: for an audit, one
// listed too many beats one left out.
import type { JournalRecord } from "../model/journal-record.js";
import { REVOCATIONS } from "../model/change.js";

const LEAVING_WHY = /^left |\bis no longer in source "|^no longer in source "|; termination date [^;]* still to come\b/;

export function isLeavingStep(r: Partial<JournalRecord>): boolean {
  if (!r.action || !REVOCATIONS.has(r.action)) return false;
  if (r.lifecycle === "leaver") return true;
  if (typeof r.why !== "string") return r.action === "disable-account" || r.action === "delete-account";
  return LEAVING_WHY.test(r.why);
}
