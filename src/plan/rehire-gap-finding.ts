// The finding a person between employments gets in an app whose scope has them (rehire-not-started):
// the lifecycle makes them a leaver until the rehire's access begins (policy/rehire-gap.ts), and
// the reviewer is told both dates and the day access comes back. Without it, a rehire whose
// account is already disabled would be in the plan nowhere, and the reviewer would learn of the
// return only when the account is enabled again.
import type { AppPolicyDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import type { TargetAccount } from "../model/target-state.js";
import type { RehireGap } from "../policy/rehire-gap.js";
import type { PreStartAt } from "./pre-start-at.js";

export function rehireNotStarted(identity: Identity, gap: RehireGap, app: AppPolicyDoc, policyAt: string, lead: PreStartAt, current: TargetAccount | undefined): Finding {
  const { terminationDate: left, hireDate: hired } = identity.provenance;
  const at = (p: typeof left) => (p ? ` from ${p.source} ${p.at}` : "");
  const preStart = app.accounts.preStart;
  const when = preStart === "0" ? "on the hire date" : `${preStart} before it (accounts.preStart)`;
  const meanwhile = !current ? "no account is made for them there" : current.active ? `their account "${current.login}" is offboarded: what it holds is revoked and the account disabled` : `their disabled account "${current.login}" stays disabled`;
  const fixDate = (p: typeof left) => (p && p.source !== "file" ? ` in ${p.source}` : "");
  return {
    rule: "rehire-not-started",
    severity: "info",
    identity: identity.id,
    message: `${identity.id} left on ${gap.left} (terminationDate${at(left)}) and is rehired from ${gap.rehired.hireDate} (hireDate${at(hired)}): between employments. Access in ${app.id} begins again on ${gap.rehired.accessFrom}, ${when} (${lead.at}); until then they are a leaver there and ${meanwhile}`,
    remediation: `nothing, if they left on ${gap.left} and start again on ${gap.rehired.hireDate}: the first plan on or after ${gap.rehired.accessFrom} enables the account and gives the access. If they never left, clear the termination date${fixDate(left)}; if the rehire has begun, correct the hire date${fixDate(hired)}; ${lead.fix}`,
    location: left ? `${left.source} ${left.at}` : policyAt,
  };
}
