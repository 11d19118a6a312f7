// The record a SARIF file carries when it leaves findings out (sarif-budget.ts): one result that
// code scanning shows like any other, and the run's invocation notification, each naming how many
// findings of each rule are not in the file and where every one of them is. Nothing is left out of
// code scanning without a word there.
import { createHash } from "node:crypto";
import type { Finding } from "../../model/finding.js";
import { PROJECT_HOME } from "../../model/project-home.js";
// On the floor: config refuses a custom rule of this id (model/reserved-rule-ids.ts).
import { SARIF_OMITTED_RULE as OMITTED_RULE } from "../../model/reserved-rule-ids.js";
import { SARIF_MAX_RESULTS } from "./sarif-budget.js";
import { count } from "./fit-table.js";

/** The rules a message names by count; the result's properties hold every one. */
const NAMED_RULES = 20;
const HELP = `${PROJECT_HOME}/blob/main/docs/setup.md#code-scanning-what-the-sarif-holds`;
const WHERE_ALL = "Every finding is in the plan JSON: `scopesync-plan.json` in the workflow run's artifacts, or `scopesync plan --format json`.";

/** What a SARIF file left out: findings per rule, most first, then by rule id. */
export interface SarifOmission {
  findings: number;
  kept: number;
  omitted: Array<[rule: string, findings: number]>;
}

/** `kept`: positions in `findings`. */
export function omission(findings: readonly Finding[], kept: ReadonlySet<number>): SarifOmission {
  const left = new Map<string, number>();
  findings.forEach((f, k) => {
    if (!kept.has(k)) left.set(f.rule, (left.get(f.rule) ?? 0) + 1);
  });
  const omitted = [...left].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { findings: findings.length, kept: kept.size, omitted };
}

/** One line for the log and the message: how many were left out, of which rules, and where they all are. */
export function omissionText(o: SarifOmission): string {
  const named = o.omitted.slice(0, NAMED_RULES).map(([rule, n]) => `${rule} ${count(n)}`);
  const rest = o.omitted.slice(NAMED_RULES);
  const more = rest.length > 0 ? `, and ${count(rest.length)} more rules (${count(rest.reduce((s, [, n]) => s + n, 0))})` : "";
  return `${count(o.findings - o.kept)} of ${count(o.findings)} findings are not in this SARIF: GitHub code scanning shows at most ${count(SARIF_MAX_RESULTS)} results of an upload and takes at most 10 MB, so scopesync keeps errors first, then findings about this pull request's changes, then about privileged changes, then shares the rest between rules. Left out: ${named.join(", ")}${more}. ${WHERE_ALL}`;
}

export const omittedRuleDescriptor = {
  id: OMITTED_RULE,
  name: "SarifResultsOmitted",
  shortDescription: { text: "Findings left out of this SARIF" },
  fullDescription: { text: "The plan has more findings than one code-scanning upload shows; this SARIF holds the most important and counts the rest per rule." },
  helpUri: HELP,
  help: { text: WHERE_ALL },
  defaultConfiguration: { level: "warning" },
  // No security-severity: this is about the upload, not a security problem.
  properties: { tags: ["scopesync"] },
};

/** The result that names what was left out, at scopesync.yaml, one alert across runs. */
export function omissionResult(o: SarifOmission, ruleIndex: number) {
  return {
    ruleId: OMITTED_RULE,
    ruleIndex,
    level: "warning",
    message: { text: omissionText(o) },
    locations: [{ physicalLocation: { artifactLocation: { uri: "scopesync.yaml" }, region: { startLine: 1 } } }],
    partialFingerprints: { "scopesyncFinding/v1": createHash("sha256").update(OMITTED_RULE).digest("hex") },
    properties: { findings: o.findings, kept: o.kept, omitted: Object.fromEntries(o.omitted) },
  };
}

/** The run's invocation, with the same words as a tool notification. */
export function omissionInvocation(o: SarifOmission) {
  return [{ executionSuccessful: true, toolExecutionNotifications: [{ level: "warning", message: { text: omissionText(o) } }] }];
}
