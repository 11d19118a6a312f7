// A person whose termination date has passed while the source still calls them active (or on
// leave). HR systems set the date ahead and the status on the day; an export whose status lags
// the date (a job that did not run, a record edited by hand) keeps a leaver's access with nothing
// to show for it. The plan follows the status, the source authoritative for it decides; this rule
// is what tells the reviewer the two disagree. (Entra's employeeLeaveDateTime is itself the
// leaving: the entra source makes a person whose date has passed by the plan's clock terminated,
// unless a later employeeHireDate makes it a rehire's, docs/formats.md.) A person with a later hire date is a rehire, not
// a status that lags: until that hire's access begins the plan itself offboards them as between
// employments (policy/rehire-gap.ts), and from then on they work here again.
import { parseDate } from "../../../model/time.js";
import { rehireDates, terminationPassedAt } from "../../rehire-gap.js";
import type { BuiltinRule, RuleHit } from "../rule.js";

// The sources whose termination date is the leaving itself, which the system enforces (or records)
// at that time with no status to follow: Active Directory's accountExpires
// (sources/common/directory/account-status.ts) and Entra's employeeLeaveDateTime
// (sources/entra/user-record.ts). Those sources read it as terminated once it has passed by the
// plan's clock, so a person it still leaves active has their status from another source (or the
// source was not read again: plan --from-snapshots). "Correct their status in the source" would
// ask for a status neither has.
const DATED_LEAVINGS: Readonly<Record<string, { passed: (id: string, date: string, source: string) => string; what: string; fix: string }>> = {
  ldap: { passed: expiredAccount, what: "expiry", fix: "extend or clear accountExpires" },
  ldif: { passed: expiredAccount, what: "expiry", fix: "extend or clear accountExpires" },
  entra: {
    passed: (id, date, source) => `${id}'s employeeLeaveDateTime in ${source}, ${date}, has passed (the date and time the user left the organization)`,
    what: "date",
    fix: "correct or clear employeeLeaveDateTime",
  },
};

function expiredAccount(id: string, date: string, directory: string): string {
  return `${id}'s account in ${directory} expired at ${date} (accountExpires: the directory refuses its logons from then on)`;
}

function datedLeaving(kind: (typeof DATED_LEAVINGS)[string], id: string, date: string, source: string, statusFrom: string, status: string): { message: string; remediation: string } {
  const passed = kind.passed(id, date, source);
  if (statusFrom === source) {
    return {
      message: `${passed}, but the records planned on were read from ${source} before then: the plan does not offboard them`,
      remediation: `read ${source} again (a plan that reads it, not --from-snapshots, offboards them); if the ${kind.what} is wrong, ${kind.fix} in ${source}`,
    };
  }
  return {
    message: `${passed}, but ${statusFrom}, which decides their status, still says ${status}: the plan does not offboard them`,
    remediation: `if they left, correct their status in ${statusFrom} (the next plan offboards them); if they stay, ${kind.fix} in ${source}`,
  };
}

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
      const location = from ? { location: `${from.source} ${from.at}` } : {};
      const dated = from ? DATED_LEAVINGS[ctx.repo.config.value.sources[from.source]?.type ?? ""] : undefined;
      if (from && dated) {
        hits.push({ identity: identity.id, ...datedLeaving(dated, identity.id, date, from.source, statusFrom, identity.status), ...location });
        continue;
      }
      hits.push({
        identity: identity.id,
        message: `${identity.id}'s termination date ${date}${from ? ` (${from.source})` : ""} has passed, but ${statusFrom} still says ${identity.status}: the plan does not offboard them`,
        ...location,
      });
    }
    return hits;
  },
};
