// A person the sources call terminated whose termination date has not come: the mirror of
// termination-date-passed. HR systems keep a leaver's access through their termination date:
// BambooHR ends a future-dated employment "at 11:59 p.m. company timezone, on the effective date"
// and the employee "will still have access" until then
// (https://bamboohr.screenstepslive.com/m/53914/l/587308-end-employment); Sage HR takes the
// termination date as "their last working day" and removes the employee the next day. An export
// that already says Terminated is a status someone set ahead of the date (a spreadsheet status, a
// report field computed when the termination was entered) or a deliberate early end (garden leave,
// a dismissal, where access must end at once). The plan follows the status, HR's word, so a
// leaver's offboarding is never late; this rule tells the reviewer the two disagree, so that a
// data-entry slip (they work two more weeks) is caught before the plan is applied.
import { statusWords } from "../../lifecycle.js";
import { terminationToCome } from "../../rehire-gap.js";
import type { BuiltinRule, RuleHit } from "../rule.js";

export const terminationDateToCome: BuiltinRule = {
  id: "termination-date-to-come",
  title: "A person the sources call terminated has reached their termination date",
  defaultSeverity: "warning",
  controls: ["NIST-SP800-53-PS-4", "NIST-SP800-53-AC-2(3)"],
  remediation: "if they work until the date (a termination entered ahead of it), set their status back to active in the source until then; if their access ends now (garden leave, a dismissal), nothing: the finding ends with the date",
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const identity of ctx.identities) {
      // A held person (a failed source lost their record) is held-status-differs' to tell.
      if (identity.kind !== "person" || identity.status !== "terminated" || identity.held) continue;
      const date = terminationToCome(identity, ctx.now);
      if (date === undefined) continue;
      const from = identity.provenance.terminationDate;
      const statusFrom = identity.provenance.status?.source ?? "the sources";
      hits.push({
        identity: identity.id,
        message: `${identity.id}'s termination date ${date}${from ? ` (${from.source})` : ""} is still to come, but they are terminated (${statusWords(identity, "terminated")}): the plan offboards them now, as the status says, before their last working day is over`,
        remediation: `if they work until ${date}, set their status back to active in ${statusFrom} until then (the next plan keeps their access); if their access ends now (garden leave, a dismissal), nothing: the finding ends with the date`,
        ...(from ? { location: `${from.source} ${from.at}` } : {}),
      });
    }
    return hits;
  },
};
