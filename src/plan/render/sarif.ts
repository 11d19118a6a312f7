import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { canonicalJson } from "../../model/canonical-json.js";
import type { Finding, Severity } from "../../model/finding.js";
import { PROJECT_HOME } from "../../model/project-home.js";
import { BUILTIN_RULES } from "../../policy/rules/builtin/index.js";
import { PLANNER_FINDINGS } from "../../model/planner-findings.js";
import { SARIF_OMITTED_RULE as OMITTED_RULE } from "../../model/reserved-rule-ids.js";
import { helpLink, type BuiltinRule } from "../../policy/rules/rule.js";
import type { Plan } from "../plan.js";
import { plainText } from "./escape.js";
import { loginForReview } from "../../model/look-alike-logins.js";
import { fillByPriority, SARIF_MAX_BYTES, SARIF_MAX_RESULTS, SARIF_MAX_TAGS } from "./sarif-budget.js";
import { omission, omissionInvocation, omissionResult, omittedRuleDescriptor, type SarifOmission } from "./sarif-omitted.js";
import { sarifTiers } from "./sarif-priority.js";

// SARIF 2.1.0 for GitHub code scanning: one result per finding, at the YAML line it is about,
// with a stable ruleId and a security-severity GitHub maps to critical/high/medium/low. A plan
// with more findings than one upload shows keeps the most important and says what it left out.

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0" };
const BUILTIN = new Map<string, BuiltinRule>(BUILTIN_RULES.map((r) => [r.id, r]));

/** A SARIF file, and what it left out when the plan's findings do not all fit one upload. */
export interface SarifFile {
  text: string;
  omission?: SarifOmission;
}

export function renderSarif(plan: Plan): string {
  return sarifFile(plan).text;
}

/**
 * Every finding when they fit one code-scanning upload (sarif-budget.ts), byte for byte as
 * before; else the findings that fit, by priority (sarif-priority.ts), and the record of the
 * rest (sarif-omitted.ts).
 */
export function sarifFile(plan: Plan): SarifFile {
  const examples = firstOfEachRule(plan.findings);
  if (plan.findings.length <= SARIF_MAX_RESULTS) {
    const text = sarifText(plan, plan.findings, examples);
    if (Buffer.byteLength(text) <= SARIF_MAX_BYTES) return { text };
  }
  // Room is counted before the cut is known, so the record of what is left out is reserved at
  // its largest: every rule left out, the longest named, each count as large as all findings.
  const rules = [...examples.keys()];
  const largest: SarifOmission = { findings: plan.findings.length, kept: plan.findings.length, omitted: [...rules].sort((a, b) => b.length - a.length).map((r) => [r, plan.findings.length]) };
  const fixed = Buffer.byteLength(sarifText(plan, [], examples, largest));
  const widestIndex = rules.length + 1;
  const kept = fillByPriority(plan.findings, sarifTiers(plan), { results: SARIF_MAX_RESULTS - 1, bytes: SARIF_MAX_BYTES - fixed }, {
    result: (f) => elementBytes(sarifResult(f, widestIndex), RESULT_INDENT),
    rule: (id) => elementBytes(ruleDescriptor(id, examples.get(id)!), RULE_INDENT),
  });
  const omitted = omission(plan.findings, kept);
  const text = sarifText(plan, plan.findings.filter((_, k) => kept.has(k)), examples, omitted);
  // The reservation above is an upper bound; past it is a bug here, not a plan to upload.
  if (Buffer.byteLength(text) > SARIF_MAX_BYTES) throw new Error(`SARIF of ${Buffer.byteLength(text)} bytes exceeds its bound of ${SARIF_MAX_BYTES}`);
  return { text, omission: omitted };
}

/** Results sit at indent 8 of the file (log, runs, run, results), rule descriptors at 12. */
const RESULT_INDENT = 8;
const RULE_INDENT = 12;

/** The bytes an element adds to an indented list of the file: its lines, indented, and ",\n". */
function elementBytes(value: unknown, indent: number): number {
  const text = canonicalJson(value);
  let lines = 1;
  for (let k = text.indexOf("\n"); k !== -1; k = text.indexOf("\n", k + 1)) lines++;
  return Buffer.byteLength(text) + indent * lines + 2;
}

function sarifText(plan: Plan, findings: readonly Finding[], examples: ReadonlyMap<string, Finding>, omitted?: SarifOmission): string {
  const ruleIds = [...new Set(findings.map((f) => f.rule)), ...(omitted ? [OMITTED_RULE] : [])].sort();
  const rules = ruleIds.map((id) => (id === OMITTED_RULE && omitted ? omittedRuleDescriptor : ruleDescriptor(id, examples.get(id)!)));
  const index = new Map(ruleIds.map((id, k) => [id, k]));
  const results: unknown[] = findings.map((f) => sarifResult(f, index.get(f.rule)!));
  if (omitted) results.push(omissionResult(omitted, index.get(OMITTED_RULE)!));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "scopesync", version: version(), informationUri: PROJECT_HOME, rules } },
        automationDetails: { id: `scopesync/${plan.organisation}/` },
        ...(omitted ? { invocations: omissionInvocation(omitted) } : {}),
        // How old each target's state was: the findings are only as current as that.
        properties: { targets: Object.fromEntries(Object.entries(plan.targets).map(([t, v]) => [t, { readFrom: v.readFrom, ...(v.readAt ? { readAt: v.readAt, ageSeconds: v.ageSeconds } : {}) }])) },
        results,
      },
    ],
  };
  return `${canonicalJson(log)}\n`;
}

function sarifResult(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    // Names, reasons and fixes can come from sources, targets and the pull request's own rules:
    // shown as the PR comment shows them (plainText), each part on its own so "Fix:" keeps its line.
    // An identity that reads as an ASCII one is written with its code points, as the plan writes it (loginForReview).
    message: { text: `${f.identity ? `${plainText(loginForReview(f.identity))}: ` : ""}${plainText(f.message)}${f.remediation ? `\nFix: ${plainText(f.remediation)}` : ""}` },
    locations: [location(f.location)],
    // Stable across runs and unrelated edits, so code scanning tracks one alert per problem.
    partialFingerprints: { "scopesyncFinding/v1": createHash("sha256").update(`${f.rule}\u0000${f.identity ?? ""}\u0000${f.message}`).digest("hex") },
    ...(f.identity ? { properties: { identity: plainText(loginForReview(f.identity)) } } : {}),
  };
}

/** Each rule's first finding in plan order: its descriptor's example. */
function firstOfEachRule(findings: readonly Finding[]): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const f of findings) if (!out.has(f.rule)) out.set(f.rule, f);
  return out;
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
    properties: { "security-severity": SECURITY_SEVERITY[severity], ...ruleTags(controls) },
  };
}

/**
 * The rule's tags: code scanning shows 10 of a rule's tags (and rejects more than 20), and SARIF
 * wants them unique. Controls past the tenth tag are kept in `controls`, so none is lost.
 */
function ruleTags(controls: readonly string[]): { tags: string[]; controls?: string[] } {
  const tags = [...new Set(["security", "access-governance", ...controls])];
  return tags.length <= SARIF_MAX_TAGS ? { tags } : { tags: tags.slice(0, SARIF_MAX_TAGS), controls: [...controls] };
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
