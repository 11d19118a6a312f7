// A person whose termination date has passed while the source still calls them active (or on
// leave). HR systems set the date ahead and the status on the day; an export whose status lags
// the date (a job that did not run, a record edited by hand) keeps a leaver's access with nothing
// to show for it. The plan follows the status, the source authoritative for it decides; this rule
// is what tells the reviewer the two disagree. (Entra's employeeLeaveDateTime is itself the
// leaving: the entra source makes a person whose date has passed terminated, unless a later
// employeeHireDate makes it a rehire's, docs/formats.md.) A person with a later hire date is a rehire, not
// a status that lags: until that hire's access begins the plan itself offboards them as between
// employments (policy/rehire-gap.ts), and from then on they work here again.
import { parseDate } from "../../../model/time.js";
import { rehireDates, terminationPassedAt } from "../../rehire-gap.js";
import type { BuiltinRule, RuleHit } from "../rule.js";

export const terminationDatePassed: BuiltinRule = {
  id: "termination-date-passed",
  title: "A person past their termination date is not still active",
  defaultSeverity: "warning",
  controls: ["NIST-SP800-53-PS-4", "NIST-SP800-53-AC-2(3)"],
  remediation: "if they left, correct their status in the source (the next plan offboards them); if the date is wrong, correct the date",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      // A held person (a failed source lost their record) is held-status-differs' to tell.
      if (identity.kind !== "person" || identity.status === "terminated" || identity.held) continue;
      const date = identity.attributes.terminationDate;
      if (typeof date !== "string" || Number.isNaN(parseDate(date)) || terminationPassedAt(date) > ctx.now) continue;
      // Hired again after it (a rehire's export keeps the earlier leaving's date): offboarded by
      // the plan until the rehire begins, active again after; either way nothing disagrees.
      if (rehireDates(identity)) continue;
      const from = identity.provenance.terminationDate;
      const statusFrom = identity.provenance.status?.source ?? "the sources";
      hits.push({
        identity: identity.id,
        message: `${identity.id}'s termination date ${date}${from ? ` (${from.source})` : ""} has passed, but ${statusFrom} still says ${identity.status}: the plan does not offboard them`,
        ...(from ? { location: `${from.source} ${from.at}` } : {}),
      });
    }
    return hits;
  },
};
