// Entra ID has no "service account" flag: service users, shared mailboxes and room accounts are
// ordinary users. Organisations mark them by convention (employeeType, a UPN prefix, a
// department); options.serviceAccounts names that convention, and the default covers the
// common ones. Such a user becomes a `service-account` record, not a person: it is not
// offboarded as a leaver, and person-only scopes leave it out.
import { SourceError } from "../../model/errors.js";
import type { JsonEntry } from "../common/json-entry.js";
import { isObject } from "../common/json.js";
import type { SourceContext } from "../source.js";

/** One rule: the (dotted) user property, and the values (case-insensitive) or a pattern that mark a service account. */
interface Rule {
  attribute: string;
  equals?: ReadonlySet<string>;
  matches?: RegExp;
}

export const DEFAULT_SERVICE_RULES: ReadonlyArray<{ attribute: string; equals: string[] }> = [
  { attribute: "employeeType", equals: ["service", "service account", "serviceaccount", "shared mailbox", "shared", "room", "resource", "system"] },
];

export function serviceAccountRule(context: SourceContext): (user: JsonEntry) => boolean {
  const configured = context.config.options?.["serviceAccounts"];
  const rules = configured === undefined ? DEFAULT_SERVICE_RULES.map(toRule) : parseRules(context, configured);
  return (user) =>
    rules.some((rule) => {
      const value = user.get(rule.attribute);
      const values = Array.isArray(value) ? value : [value];
      return values.some((item) => {
        if (typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") return false;
        const text = String(item).trim();
        return (rule.equals?.has(text.toLowerCase()) ?? false) || (rule.matches?.test(text) ?? false);
      });
    });
}

function toRule(rule: { attribute: string; equals: string[] }): Rule {
  return { attribute: rule.attribute, equals: new Set(rule.equals.map((v) => v.toLowerCase())) };
}

function parseRules(context: SourceContext, value: unknown): Rule[] {
  const fail = (what: string) =>
    new SourceError(
      context.name,
      `options.serviceAccounts ${what}`,
      `Write a list of rules, e.g. [{ attribute: employeeType, equals: [Service] }, { attribute: userPrincipalName, matches: "^svc-" }]; [] marks no one.`,
    );
  if (!Array.isArray(value)) throw fail("must be a list of rules");
  return value.map((item, index) => {
    if (!isObject(item) || typeof item["attribute"] !== "string" || item["attribute"].trim() === "") throw fail(`[${index}] needs an attribute`);
    const rule: Rule = { attribute: item["attribute"].trim() };
    for (const key of Object.keys(item)) if (!["attribute", "equals", "matches"].includes(key)) throw fail(`[${index}].${key} is not a known setting (attribute, equals, matches)`);
    if (item["equals"] !== undefined) {
      const list = item["equals"];
      if (!Array.isArray(list) || list.some((v) => typeof v !== "string")) throw fail(`[${index}].equals must be a list of strings`);
      rule.equals = new Set((list as string[]).map((v) => v.trim().toLowerCase()));
    }
    if (item["matches"] !== undefined) {
      if (typeof item["matches"] !== "string") throw fail(`[${index}].matches must be a regular expression`);
      try {
        rule.matches = new RegExp(item["matches"], "i");
      } catch {
        throw fail(`[${index}].matches is not a valid regular expression`);
      }
    }
    if (!rule.equals && !rule.matches) throw fail(`[${index}] needs equals or matches`);
    return rule;
  });
}
