import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { canonicalJson } from "../../model/canonical-json.js";
import type { Finding, Severity } from "../../model/finding.js";
import { PROJECT_HOME } from "../../model/project-home.js";
import { BUILTIN_RULES, PLANNER_FINDINGS } from "../../policy/rules/builtin/index.js";
import { helpLink, type BuiltinRule } from "../../policy/rules/rule.js";
import type { Plan } from "../plan.js";
import { plainText } from "./escape.js";

// SARIF 2.1.0 for GitHub code scanning: one result per finding, at the YAML line it is about,
// with a stable ruleId and a security-severity GitHub maps to critical/high/medium/low.

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0" };
const BUILTIN = new Map<string, BuiltinRule>(BUILTIN_RULES.map((r) => [r.id, r]));

export function renderSarif(plan: Plan): string {
  const ruleIds = [...new Set(plan.findings.map((f) => f.rule))].sort();
  const rules = ruleIds.map((id) => ruleDescriptor(id, plan.findings.find((f) => f.rule === id)!));
  const results = plan.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIds.indexOf(f.rule),
    level: LEVEL[f.severity],
    // Names, reasons and fixes can come from sources, targets and the pull request's own rules:
    // shown as the PR comment shows them (plainText), each part on its own so "Fix:" keeps its line.
    message: { text: `${f.identity ? `${plainText(f.identity)}: ` : ""}${plainText(f.message)}${f.remediation ? `\nFix: ${plainText(f.remediation)}` : ""}` },
    locations: [location(f.location)],
    // Stable across runs and unrelated edits, so code scanning tracks one alert per problem.
    partialFingerprints: { "scopesyncFinding/v1": createHash("sha256").update(`${f.rule}\u0000${f.identity ?? ""}\u0000${f.message}`).digest("hex") },
    ...(f.identity ? { properties: { identity: plainText(f.identity) } } : {}),
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "scopesync", version: version(), informationUri: PROJECT_HOME, rules } },
        automationDetails: { id: `scopesync/${plan.organisation}/` },
        // How old each target's state was: the findings are only as current as that.
        properties: { targets: Object.fromEntries(Object.entries(plan.targets).map(([t, v]) => [t, { readFrom: v.readFrom, ...(v.readAt ? { readAt: v.readAt, ageSeconds: v.ageSeconds } : {}) }])) },
        results,
      },
    ],
  };
  return `${canonicalJson(log)}\n`;
}

function ruleDescriptor(id: string, example: Finding) {
  const builtin = BUILTIN.get(id);
  const title = builtin?.title ?? id.replace(/-/g, " ");
  // The severity in force (a rule set may have re-graded a built-in), not the built-in default.
  const severity = example.severity;
  const helpUri = example.help ?? (builtin || PLANNER_FINDINGS.has(id) ? helpLink(id) : undefined);
  const controls = builtin?.controls ?? example.controls ?? [];
  return {
    id,
    name: id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    // A rule set's own rules (titles, remediations) are text from the repository, maybe from the PR.
    shortDescription: { text: plainText(title) },
    fullDescription: { text: plainText(builtin ? `${title}. ${builtin.remediation}` : example.remediation ?? title) },
    ...(helpUri ? { helpUri } : {}),
    help: { text: plainText(builtin?.remediation ?? example.remediation ?? title) },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { "security-severity": SECURITY_SEVERITY[severity], tags: ["security", "access-governance", ...controls] },
  };
}

/**
 * "identities/x.yaml:14" → that file and line; a source record ("hr examples/hr.csv row 4 (line 5)")
 * → the export file and line; a record of a JSON export ("exports/entra/page-2.json entry 1"), whose
 * entries have no line of their own → that file, line 1; anything else → scopesync.yaml, where the
 * sources are configured.
 */
function location(where: string | undefined) {
  const file = where ? /^([^\s:]+\.(?:ya?ml|json|csv|ldif)):(\d+)/.exec(where) : null;
  const record = where && !file ? /(?:^|\s)([^\s:]+\.(?:csv|ldif|json))\b.*\(line (\d+)\)/.exec(where) : null;
  const m = file ?? record;
  const named = where && !m ? /(?:^|\s)([^\s:]+\.(?:csv|ldif|json))(?:\s|$)/.exec(where) : null;
  const uri = m ? m[1]! : named ? named[1]! : "scopesync.yaml";
  const line = m ? Number(m[2]) : 1;
  return { physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } };
}

function version(): string {
  return (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
}
