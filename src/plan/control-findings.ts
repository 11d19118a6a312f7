// `plan --base`: each change the pull request makes to the controls (config/control-changes.ts) is
// a `controls-changed` warning, so that the check run, the SARIF and every output name it, and the
// comment's head lists it under "This pull request changes the controls" (render/markdown.ts). An
// exception it adds or extends says what it sets aside in this plan: an error finding it hides no
// longer blocks, which is the point of a reviewer's look.
import type { ControlChange } from "../model/control-change.js";
import type { Finding, Severity } from "../model/finding.js";
import type { AppliedException } from "../policy/rules/exceptions.js";

/** The rule of these findings, by which the comment's head finds them. */
export const CONTROLS_CHANGED_RULE = "controls-changed";

/** The findings a waived rule's severity makes of an exception's: "1 error finding, which no longer blocks the plan". */
function setAside(change: ControlChange, applied: readonly AppliedException[], severityOf: (rule: string) => Severity | undefined): string {
  const { rule, identity } = change.exception!;
  const hidden = applied.filter((a) => a.rule === rule && a.identity === identity);
  if (hidden.length === 0) return "; it sets aside no finding in this plan";
  const severity = severityOf(rule) ?? "";
  const n = hidden.length;
  return `; it sets aside ${n} ${severity} finding${n === 1 ? "" : "s"}${severity === "error" ? ", which would block this plan without it" : ""}: ${hidden[0]!.message}${n > 1 ? `, and ${n - 1} more` : ""}`;
}

/** One warning per change of the controls, in the order found (scopesync.yaml's, then the RuleSets'). */
export function controlFindings(changes: readonly ControlChange[], applied: readonly AppliedException[], ref: string, severityOf: (rule: string) => Severity | undefined): Finding[] {
  return changes.map((c): Finding & { rule: typeof CONTROLS_CHANGED_RULE } => ({
    rule: "controls-changed",
    severity: "warning",
    ...(c.exception ? { identity: c.exception.identity } : {}),
    message: `${c.words}${c.exception ? setAside(c, applied, severityOf) : ""}`,
    remediation: `make sure this change of the controls (against ${ref}) is meant and approved by whoever owns the control: this plan, and every plan after the merge, is reviewed under them`,
    location: c.at,
  }));
}
