// The dates a custom rule's maxAge, before and after compare: identity attributes, read with the
// one strict parser (model/time.ts parseDate). Date.parse would read "2026-09-03T20:00:00" in the
// runner's local time and "10/11/2026" month first, so a blocking rule would pass in CI (UTC) and
// fail on a laptop in Auckland on the same repository and --now.
import type { Finding } from "../../model/finding.js";
import type { Identity } from "../../model/identity.js";
import type { RuleCondition, RuleDoc } from "../../model/documents.js";
import { parseDate } from "../../model/time.js";

/** An attribute as a date: undefined when it is missing or not a date (YYYY-MM-DD, or RFC 3339 with a zone). */
export function attributeDate(identity: Identity, attribute: string): number | undefined {
  const v = identity.attributes[attribute];
  const at = typeof v === "string" ? parseDate(v) : Number.NaN;
  return Number.isNaN(at) ? undefined : at;
}

/**
 * The rule's date attributes that the identity has but that are not dates. docs/rules.md keeps
 * such a condition false (a require fails, a forbid does not fire); this finding says why, so a
 * forbid that cannot fire is not silent and a failed require names the value to rewrite.
 */
export function unreadableDates(rule: RuleDoc, identity: Identity, location: string): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [part, c] of [["require", rule.require], ["forbid", rule.forbid]] as const) {
    for (const attribute of dateAttributes(c)) {
      const v = identity.attributes[attribute];
      if (v === undefined || v === null || v === "" || seen.has(attribute) || attributeDate(identity, attribute) !== undefined) continue;
      seen.add(attribute);
      const outcome = part === "require" ? "its require fails" : "its forbid does not fire";
      findings.push({
        rule: "rule-date-unreadable",
        severity: "warning",
        identity: identity.id,
        message: `${identity.id}'s ${attribute} ${JSON.stringify(v)} is not a date, so rule ${rule.id} cannot compare it and ${outcome}`,
        remediation: `write ${attribute} as YYYY-MM-DD or an RFC 3339 date-time with a zone (2026-09-03T20:00:00Z): a date-time without one names a different instant in each time zone, and 10/11/2026 a different day in each country`,
        location,
      });
    }
  }
  return findings;
}

/** Whether the rule compares any attribute as a date. */
export function readsDates(rule: RuleDoc): boolean {
  return dateAttributes(rule.require).length > 0 || dateAttributes(rule.forbid).length > 0;
}

function dateAttributes(c: RuleCondition | undefined): string[] {
  if (!c) return [];
  return [...new Set([...Object.keys(c.maxAge ?? {}), ...Object.keys(c.before ?? {}), ...Object.keys(c.after ?? {})])];
}
