// The quality gates a reviewed `gates.accept` waives in this plan (source-gate-accepted), for the
// head of every format, beside the safety overrides in use: both relax a safeguard, and a reviewer
// of any plan in the acceptance's window must see it without reading every finding. At most two
// per source (minRecords, maxChurn), so the list needs no budget of its own.
import type { Finding } from "../../model/finding.js";
import { GATE_ACCEPTED_RULE } from "../../model/override-binding.js";
import type { Plan } from "../plan.js";

/** The findings of gates an accept waives, in the plan's order. */
export function acceptedGates(plan: Pick<Plan, "findings">): Finding[] {
  return plan.findings.filter((f) => f.rule === GATE_ACCEPTED_RULE);
}
