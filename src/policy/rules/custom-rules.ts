import type { RuleCondition, RuleDoc, RuleSetDoc } from "../../model/documents.js";
import type { Located } from "../../model/located.js";
import type { Finding } from "../../model/finding.js";
import type { Identity } from "../../model/identity.js";
import { parseDate, parseDuration } from "../../model/time.js";
import { attributeDate, readsDates, unreadableDates } from "./condition-dates.js";
import type { Change } from "../../model/change.js";
import { REVOCATIONS } from "../../model/change.js";
import { matchesSelector, matchesWhere } from "../selector.js";
import { unknownGroupWorlds } from "../groups-unknown.js";
import type { RuleContext } from "./rule.js";
import { EntitlementNames } from "../../model/entitlement-names.js";
import { append } from "../../model/append.js";

/** Tests of "holds this entitlement", made once per name a rule writes (EntitlementNames.holder). */
type Holders = (name: string) => (held: ReadonlySet<string>) => boolean;

/** Holders over the repository's spellings: a rule's name and what is held compare as the planner compares them. */
function holdersOf(names: EntitlementNames): Holders {
  const made = new Map<string, (held: ReadonlySet<string>) => boolean>();
  return (name) => {
    let test = made.get(name);
    if (!test) made.set(name, (test = names.holder(name)));
    return test;
  };
}

/**
 * Declarative rules from policies/rules/: `match` picks identities (kinds, attributes, entitlements
 * held after the plan); `require` must hold for each of them, `forbid` must not. Entitlements are
 * named "app:entitlement", so a separation-of-duties rule is `match: {entitlements: [A]}` with
 * `forbid: {entitlements: [B]}`.
 */
export function evaluateCustomRules(ruleSets: Located<RuleSetDoc>[], ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const holder = holdersOf(new EntitlementNames(ctx.repo));
  for (const set of ruleSets) {
    (set.value.rules ?? []).forEach((rule, i) => {
      const location = `${set.file}:${set.locate(["rules", i]).line}`;
      const dated = readsDates(rule);
      for (const identity of ctx.identities) {
        if (dated && matches(rule, identity, ctx, holder)) append(findings, unreadableDates(rule, identity, location));
        const violatedIn = (w: Identity): boolean => matches(rule, w, ctx, holder) && Boolean((rule.require && !holds(rule.require, w, ctx, holder)) || (rule.forbid && holds(rule.forbid, w, ctx, holder)));
        if (!violatedIn(identity) && !unknownWorlds(identity).some(violatedIn)) continue;
        findings.push({
          rule: rule.id,
          severity: rule.severity,
          identity: identity.id,
          message: rule.message,
          location,
          ...(rule.remediation ? { remediation: rule.remediation } : {}),
          ...(rule.controls ? { controls: rule.controls } : {}),
          ...(rule.help ? { help: rule.help } : {}),
        });
      }
    });
  }
  return findings;
}

/**
 * The identity in the other worlds its unknown group names allow (policy/groups-unknown.ts): a group
 * name two groups share, that no accepted snapshot settles, may or may not be theirs. A rule is
 * judged fail-closed: violated, or asking for its reviewers, if it is so in any world. Judged on the
 * identity as it is alone, a look-alike group made with a governed group's name would switch off
 * every rule that names it for the governed group's own members.
 */
function unknownWorlds(identity: Identity): readonly Identity[] {
  return identity.groupsUnknown === undefined ? [] : unknownGroupWorlds(identity);
}

function matches(rule: RuleDoc, identity: Identity, ctx: RuleContext, holder: Holders): boolean {
  const m = rule.match;
  if (!m) return true;
  if (!matchesSelector(identity, { ...(m.kinds ? { kinds: m.kinds } : {}), ...(m.where ? { where: m.where } : {}) })) return false;
  if (m.entitlements && !m.entitlements.some((e) => holder(e)(ctx.after.entitlements(identity.id)))) return false;
  return true;
}

/** Every key of a condition must be true (AND). */
function holds(c: RuleCondition, identity: Identity, ctx: RuleContext, holder: Holders): boolean {
  const held = ctx.after.entitlements(identity.id);
  if (c.where && !matchesWhere(identity, c.where)) return false;
  if (c.attributes && !c.attributes.every((a) => { const v = identity.attributes[a]; return v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0); })) return false;
  if (c.entitlements && !c.entitlements.some((e) => holder(e)(held))) return false;
  if (c.allEntitlements && !c.allEntitlements.every((e) => holder(e)(held))) return false;
  const date = (attr: string): number | undefined => attributeDate(identity, attr);
  for (const [attr, d] of Object.entries(c.maxAge ?? {})) {
    const t = date(attr);
    if (t === undefined || ctx.now - t > parseDuration(d)) return false;
  }
  for (const [attr, d] of Object.entries(c.before ?? {})) {
    const t = date(attr);
    if (t === undefined || t >= parseDate(d)) return false;
  }
  for (const [attr, d] of Object.entries(c.after ?? {})) {
    const t = date(attr);
    if (t === undefined || t <= parseDate(d)) return false;
  }
  return true;
}

/**
 * Required reviewers: a rule with `reviewers` names the teams whose approval a change needs. It
 * applies to every change that gives access (revocations need no approval) to an identity the
 * rule matches, for an entitlement it names (or any, when it names none). Names compare as the
 * planner compares them (`names`): a rule on erp:group:finance-approvers needs its reviewers for a
 * grant of the ERP's group under any spelling of it. A rule whose `match` selects the identity in
 * any world of its unknown group names (unknownWorlds) asks for its reviewers.
 */
export function requiredReviewers(ruleSets: Located<RuleSetDoc>[], change: Change, identity: Identity | undefined, appId: string, names: EntitlementNames): string[] {
  if (REVOCATIONS.has(change.action) || !identity) return [];
  const out = new Set<string>();
  for (const set of ruleSets) {
    for (const rule of set.value.rules ?? []) {
      if (!rule.reviewers?.length) continue;
      const m = rule.match;
      const selector = { ...(m?.kinds ? { kinds: m.kinds } : {}), ...(m?.where ? { where: m.where } : {}) };
      if (m && !matchesSelector(identity, selector) && !unknownWorlds(identity).some((w) => matchesSelector(w, selector))) continue;
      if (m?.entitlements && !(change.entitlement && m.entitlements.some((e) => names.same(e, `${appId}:${change.entitlement}`)))) continue;
      for (const r of rule.reviewers) out.add(r);
    }
  }
  return [...out].sort();
}
