// What a pull request changes in the RuleSets' controls (rv78 finding 3): a built-in rule turned
// off or down (`builtins:`), a custom rule added, removed or changed, its required reviewers
// dropped, an exception added, extended or withdrawn. Compared across every RuleSet file at once,
// as the rules run: a rule or setting that moves between files is no change.
import { canonicalJson } from "../model/canonical-json.js";
import type { ControlChange } from "../model/control-change.js";
import type { ExceptionDoc, RuleDoc, RuleSetDoc } from "../model/documents.js";
import type { Located, PathSegment } from "../model/located.js";
import { builtinSettings } from "../model/rule-catalog.js";
import { parseDate } from "../model/time.js";
import { keyedChanges } from "./source-config-changes.js";

type Sets = ReadonlyArray<Located<RuleSetDoc>>;

/** The changes of the built-in rules' settings, then of the custom rules, then of the exceptions. */
export function ruleSetChanges(base: Sets, pr: Sets): ControlChange[] {
  return [...builtinChanges(base, pr), ...customRuleChanges(base, pr), ...exceptionChanges(base, pr)];
}

/** file:line of the last RuleSet of `sets` where `has` finds the path (the one whose value counts), else undefined. */
function whereWritten(sets: Sets, has: (set: RuleSetDoc) => PathSegment[] | undefined): string | undefined {
  for (let k = sets.length - 1; k >= 0; k--) {
    const path = has(sets[k]!.value);
    if (path) return `${sets[k]!.file}:${sets[k]!.locate(path).line}`;
  }
  return undefined;
}

/** Where the pull request writes it, else where the base did (a removal). */
function located(base: Sets, pr: Sets, has: (set: RuleSetDoc) => PathSegment[] | undefined): string {
  return whereWritten(pr, has) ?? whereWritten(base, has) ?? pr[0]?.file ?? base[0]?.file ?? "policies/rules/";
}

function builtinChanges(base: Sets, pr: Sets): ControlChange[] {
  const out: ControlChange[] = [];
  const before = Object.fromEntries(builtinSettings(base));
  const after = Object.fromEntries(builtinSettings(pr));
  for (const rule of keyedChanges(before, after)) {
    // A rule turned off: that is the change; its other settings no longer matter.
    const off = rule.after?.enabled === false && rule.before?.enabled !== false;
    for (const c of keyedChanges<unknown>(rule.before ?? {}, rule.after ?? {})) {
      if (off && c.key !== "enabled") continue;
      const at = located(base, pr, (set) => (set.builtins?.[rule.key] && Object.hasOwn(set.builtins[rule.key]!, c.key) ? ["builtins", rule.key, c.key] : undefined));
      const words =
        c.key === "enabled" ? `rule ${rule.key} ${c.after === false ? "disabled" : "enabled again"}` : c.key === "severity" ? `rule ${rule.key} severity: ${c.before ?? "its default"} → ${c.after ?? "its default"}` : `rule ${rule.key} ${c.key}: ${c.before ?? "its default"} → ${c.after ?? "its default"}`;
      out.push({ words, at });
    }
  }
  return out;
}

/** Every custom rule by id, the last one of an id winning as validate refuses duplicates. */
function customRules(sets: Sets): Record<string, RuleDoc> {
  return Object.fromEntries(sets.flatMap((s) => (s.value.rules ?? []).map((r) => [r.id, r])));
}

function customRuleChanges(base: Sets, pr: Sets): ControlChange[] {
  const out: ControlChange[] = [];
  for (const c of keyedChanges(customRules(base), customRules(pr))) {
    const at = (key?: keyof RuleDoc): string => located(base, pr, (set) => {
      const i = (set.rules ?? []).findIndex((r) => r.id === c.key);
      return i < 0 ? undefined : ["rules", i, ...(key && set.rules![i]![key] !== undefined ? [key] : [])];
    });
    const reviewers = (r: RuleDoc | undefined): string => (r?.reviewers?.length ? r.reviewers.join(", ") : "none");
    if (c.change === "added") out.push({ words: `custom rule ${c.key} added (${c.after!.severity}${c.after!.reviewers?.length ? `, reviewers ${reviewers(c.after)}` : ""})`, at: at() });
    else if (c.change === "removed") out.push({ words: `custom rule ${c.key} removed (it was ${c.before!.severity}${c.before!.reviewers?.length ? `, with reviewers ${reviewers(c.before)}` : ""})`, at: at() });
    else {
      const { before, after } = c as { before: RuleDoc; after: RuleDoc };
      if (before.severity !== after.severity) out.push({ words: `rule ${c.key} severity: ${before.severity} → ${after.severity}`, at: at("severity") });
      const dropped = (before.reviewers ?? []).filter((r) => !(after.reviewers ?? []).includes(r));
      const added = (after.reviewers ?? []).filter((r) => !(before.reviewers ?? []).includes(r));
      if (dropped.length > 0) out.push({ words: `reviewers of ${c.key} removed: ${dropped.join(", ")}`, at: at("reviewers") });
      if (added.length > 0) out.push({ words: `reviewers of ${c.key} added: ${added.join(", ")}`, at: at("reviewers") });
      const others = (Object.keys({ ...before, ...after }) as Array<keyof RuleDoc>).filter((k) => k !== "severity" && k !== "reviewers" && canonicalJson(before[k] ?? null, 0) !== canonicalJson(after[k] ?? null, 0)).sort();
      if (others.length > 0) out.push({ words: `custom rule ${c.key} changed: ${others.join(", ")}`, at: at(others[0]) });
    }
  }
  return out;
}

/**
 * Exceptions by rule and identity: the one that runs longest is the one in force. Several for one
 * pair are one waiver to a reviewer: a new ticket that runs longer extends it.
 */
function exceptionsByWaiver(sets: Sets): Record<string, ExceptionDoc> {
  const out: Record<string, ExceptionDoc> = {};
  for (const set of sets) {
    for (const e of set.value.exceptions ?? []) {
      const key = `${e.rule} ${e.identity}`;
      if (!Object.hasOwn(out, key) || parseDate(out[key]!.expiresAt) < parseDate(e.expiresAt)) out[key] = e;
    }
  }
  return out;
}

function exceptionChanges(base: Sets, pr: Sets): ControlChange[] {
  const out: ControlChange[] = [];
  for (const c of keyedChanges(exceptionsByWaiver(base), exceptionsByWaiver(pr))) {
    const e = (c.after ?? c.before)!;
    const at = whereWritten(c.change === "removed" ? base : pr, (set) => {
      const i = (set.exceptions ?? []).indexOf(e);
      return i < 0 ? undefined : ["exceptions", i];
    })!;
    const who = `rule ${e.rule} waived for ${e.identity}, approved by ${e.approver}`;
    if (c.change === "added") out.push({ words: `new exception ${e.ticket}: ${who}, until ${e.expiresAt}`, at, exception: { rule: e.rule, identity: e.identity } });
    else if (c.change === "removed") out.push({ words: `exception ${e.ticket} removed: rule ${e.rule} no longer waived for ${e.identity}`, at });
    else {
      const was = c.before!;
      const extended = parseDate(was.expiresAt) < parseDate(e.expiresAt);
      const changed = [was.approver !== e.approver ? `approver ${was.approver} → ${e.approver}` : "", was.ticket !== e.ticket ? `ticket ${was.ticket} → ${e.ticket}` : "", was.expiresAt !== e.expiresAt ? `until ${was.expiresAt} → ${e.expiresAt}` : "", was.reason !== e.reason ? "reason changed" : ""].filter(Boolean).join(", ");
      out.push({ words: `exception ${e.ticket} ${extended ? "extended" : "changed"}: ${who}; ${changed}`, at, ...(extended || was.approver !== e.approver ? { exception: { rule: e.rule, identity: e.identity } } : {}) });
    }
  }
  return out;
}
