// A rule's `app:entitlement` that names nothing matches nobody: a separation-of-duties rule whose
// `forbid` says `erp:group:payment` for the mapped `group:payments`, or `ERP:` for the policy `erp`,
// never fires, and validate and the plan were silent (rv93 C). Each name a rule writes in
// `match.entitlements` or a condition's `entitlements` / `allEntitlements` is looked up as the rules
// compare it (policy/rules/context.ts): the app id is an app policy's id, or the name of a target
// no policy governs; the entitlement is one the policy writes (a mapping, a group's grants, the
// admins guard), or one the target's state holds (an account's, a group's). One that is not is a
// problem at its line: an error when a name that exists is a likely spelling of it
// (model/suggest.ts likelyTypo, as where-attribute-unknown judges keys), else a warning, with the
// nearest name. Without the target's state only the policy's names are known: a near spelling of
// one is then a warning, and any other name is left for the plan, which reads the state.
import type { AppPolicyDoc, RuleSetDoc } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import type { TargetState } from "../model/target-state.js";
import { entitlementKey, ignoresGroupCase } from "../model/entitlement-names.js";
import { closest, likelyTypo } from "../model/suggest.js";
import type { WhereKeyProblem } from "./where-attributes.js";

/** One `app:entitlement` a rule writes, and where. */
interface RuleName {
  set: Located<RuleSetDoc>;
  rule: string;
  /** `match.entitlements`, `forbid.allEntitlements`, …: what the message calls the list. */
  list: string;
  path: readonly PathSegment[];
  name: string;
}

/** Every name the rules write, in file and rule order. */
function ruleNames(repo: PolicyRepo): RuleName[] {
  const out: RuleName[] = [];
  for (const set of repo.ruleSets) {
    set.value.rules?.forEach((rule, i) => {
      const lists: Array<[string, readonly string[] | undefined]> = [
        ["match.entitlements", rule.match?.entitlements],
        ["require.entitlements", rule.require?.entitlements],
        ["require.allEntitlements", rule.require?.allEntitlements],
        ["forbid.entitlements", rule.forbid?.entitlements],
        ["forbid.allEntitlements", rule.forbid?.allEntitlements],
      ];
      for (const [list, names] of lists) names?.forEach((name, k) => out.push({ set, rule: rule.id, list, path: ["rules", i, ...list.split("."), k], name }));
    });
  }
  return out;
}

/** The app ids rules can name: each policy's id, and each target no policy governs, by the target it is. */
function appTargets(repo: PolicyRepo): Map<string, string> {
  const out = new Map<string, string>();
  const governed = new Set(repo.apps.map((a) => a.value.target));
  for (const a of repo.apps) out.set(a.value.id, a.value.target);
  for (const target of Object.keys(repo.config.value.targets)) if (!governed.has(target)) out.set(target, target);
  return out;
}

/** The targets whose apps the rules name: the only states a look at the names needs. */
export function ruleTargets(repo: PolicyRepo): string[] {
  const apps = appTargets(repo);
  const out = new Set<string>();
  for (const n of ruleNames(repo)) {
    const target = apps.get(n.name.slice(0, Math.max(0, n.name.indexOf(":"))));
    if (target !== undefined) out.add(target);
  }
  return [...out].sort();
}

/** `meant`: the name to suggest, asked after what is wrong. */
function problem(n: RuleName, severity: Finding["severity"], why: string, meant: string | undefined, hint: string): WhereKeyProblem {
  const at = n.set.locate(n.path);
  const ask = meant === undefined ? "" : severity === "error" ? `; did you mean "${meant}"?` : ` (did you mean "${meant}"?)`;
  return { severity, file: n.set.file, line: at.line, col: at.col, message: `rule ${n.rule}'s ${n.list} names "${n.name}": ${why}, so it matches nobody and the rule never fires on it${ask}`, hint };
}

/**
 * Names whose app id no policy or target has (one without `app:` too): from the repository alone,
 * so validate and the plan (once, plan-wide) say the same.
 */
export function ruleAppProblems(repo: PolicyRepo): WhereKeyProblem[] {
  const apps = appTargets(repo);
  const policyOf = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
  const out: WhereKeyProblem[] = [];
  for (const n of ruleNames(repo)) {
    const at = n.name.indexOf(":");
    if (at <= 0) {
      out.push(problem(n, "error", "it is not app:entitlement", undefined, `write the app's policy id, a colon and the entitlement, as "${[...apps.keys()][0] ?? "app"}:group:<name>"`));
      continue;
    }
    const app = n.name.slice(0, at);
    if (apps.has(app)) continue;
    // A target its policy names otherwise is named by the policy's id, as the rules see it.
    const meant = policyOf.get(app) ?? likelyTypo(app, apps.keys());
    if (meant !== undefined) {
      out.push(problem(n, "error", `no app policy or target has the id "${app}"`, `${meant}${n.name.slice(at)}`, `write ${meant}: rules name an app by its policy's id (policies/apps/), case and all`));
      continue;
    }
    const near = closest(app, apps.keys());
    out.push(problem(n, "warning", `no app policy or target has the id "${app}"`, near === undefined ? undefined : `${near}${n.name.slice(at)}`, `name the app by its policy's id (policies/apps/): ${[...apps.keys()].sort().join(", ")}`));
  }
  return out;
}

/**
 * Names of `target`'s app whose entitlement its policy does not write and (when `state` is given)
 * the target does not hold. Per target, so a plan shard of the target says what one process does.
 */
export function ruleEntitlementProblems(repo: PolicyRepo, target: string, state: TargetState | undefined): WhereKeyProblem[] {
  const apps = appTargets(repo);
  const policy = repo.apps.find((a) => a.value.target === target)?.value;
  const ignoreCase = ignoresGroupCase(repo.config.value, target);
  const key = (e: string): string => entitlementKey(e, ignoreCase);
  let known: Map<string, string> | undefined;
  const out: WhereKeyProblem[] = [];
  for (const n of ruleNames(repo)) {
    const at = n.name.indexOf(":");
    if (at <= 0 || apps.get(n.name.slice(0, at)) !== target) continue;
    const entitlement = n.name.slice(at + 1);
    // Worked out at the first name to look up: a state may hold a million accounts.
    known ??= knownNames(policy, state, key);
    if (known.has(key(entitlement))) continue;
    const app = n.name.slice(0, at);
    const where = `${policy ? `app policy ${app} writes no "${entitlement}"` : `no app policy governs target ${target}`}${state ? ` and no account or group of target ${target} holds it` : ""}`;
    const typo = likelyTypo(entitlement, known.values());
    if (typo !== undefined) {
      out.push(problem(n, state ? "error" : "warning", where, `${app}:${typo}`, `write ${app}:${typo}${typo.toLowerCase() === entitlement.toLowerCase() ? ` (target ${target} compares names with case)` : ""}`));
      continue;
    }
    // Without the state, a name the policy does not write may well be one the target holds: the plan says.
    if (!state) continue;
    const near = closest(entitlement, known.values());
    out.push(problem(n, "warning", where, near === undefined ? undefined : `${app}:${near}`, `check the name against policies/apps/ and what target ${target} holds (its state); a name no one holds yet may be meant, as one the app gains next month`));
  }
  return out;
}

/** key → the name as written: what the policy writes, and what the state holds. */
function knownNames(policy: AppPolicyDoc | undefined, state: TargetState | undefined, key: (e: string) => string): Map<string, string> {
  const known = new Map<string, string>();
  const add = (e: string): void => {
    if (!known.has(key(e))) known.set(key(e), e);
  };
  for (const m of policy?.entitlements ?? []) add(m.entitlement);
  for (const [group, grants] of Object.entries(policy?.groupGrants ?? {})) {
    add(group);
    for (const g of grants) add(g);
  }
  if (policy?.admins) add(policy.admins.entitlement);
  if (!state) return known;
  // Accounts read from a state file share one frozen list per distinct holding: each list once.
  const seen = new Set<readonly string[]>();
  for (const account of state.accounts) {
    if (seen.has(account.entitlements)) continue;
    seen.add(account.entitlements);
    for (const e of account.entitlements) add(e);
  }
  for (const g of state.groups ?? []) {
    add(g.entitlement);
    for (const h of g.holds) add(h);
  }
  for (const e of state.groupNames ?? []) add(e);
  for (const g of state.groupIds ?? []) add(g.entitlement);
  for (const g of state.externalGroups ?? []) add(g.entitlement);
  return known;
}

/** Problems as the plan's `rule-entitlement-unknown` findings, at the name's line. */
export function ruleEntitlementFindings(problems: readonly WhereKeyProblem[]): Finding[] {
  return problems.map((p) => ({ rule: "rule-entitlement-unknown", severity: p.severity, message: p.message, remediation: p.hint, location: `${p.file}:${p.line}` }));
}
