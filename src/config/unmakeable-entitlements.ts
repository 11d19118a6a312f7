// Entitlements no apply can make, refused when the repository loads. A target with a closed grammar
// of entitlements (TargetCapabilities.entitlements: GitHub's) refuses any other name at apply as
// unknown; named in a policy it was planned, reviewed and approved first, and only then refused
// (a fixer's finding: `role:member`, `team:platform:maintainer`). Checked where a policy names one:
// its `entitlements`, its `groupGrants` keys (the groups whose grants it sets) and the rules that
// name "app:entitlement" (a rule about a name no account can hold never matches anyone).
import type { Diagnostic } from "./diagnostic.js";
import { githubEntitlementProblem, type EntitlementProblem } from "./github-entitlement-hints.js";
import type { AppPolicyDoc, RuleCondition, RuleSetDoc } from "../model/documents.js";
import type { Located, PathSegment } from "../model/located.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { TARGET_CAPABILITIES, type TargetCapabilities, type TargetType } from "../model/target-types.js";

/** An enterprise team (`team:ent:<name>`) is refused on its own, as never changed (references.ts, checkEnterpriseTeams). */
const ENTERPRISE_TEAM = "team:ent:";

export function unmakeableEntitlements(repo: Pick<PolicyRepo, "apps" | "config" | "ruleSets">): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byApp = new Map<string, { target: string; type: TargetType; caps: TargetCapabilities }>();
  for (const a of repo.apps) {
    const type = repo.config.value.targets[a.value.target]?.type;
    if (!type || !(type in TARGET_CAPABILITIES)) continue;
    const caps = TARGET_CAPABILITIES[type as TargetType];
    if (!caps.entitlements) continue;
    byApp.set(a.value.id, { target: a.value.target, type: type as TargetType, caps });
    checkApp(out, a, type as TargetType, caps);
  }
  for (const r of repo.ruleSets) checkRules(out, r, byApp);
  return out;
}

function checkApp(out: Diagnostic[], a: Located<AppPolicyDoc>, type: TargetType, caps: TargetCapabilities): void {
  const target = a.value.target;
  (a.value.entitlements ?? []).forEach((e, i) => {
    const name = e.entitlement;
    if (name.startsWith(ENTERPRISE_TEAM) || caps.entitlements!.test(name)) return;
    const p = problem(type, name);
    out.push({ file: a.file, ...a.locate(["entitlements", i, "entitlement"]), message: `"${name}" is not an entitlement target "${target}" (${type}) can grant: ${p.why}; apply would refuse it as unknown, so it is never planned for review`, hint: p.fix });
  });
  for (const group of Object.keys(a.value.groupGrants ?? {})) {
    if (!caps.grantGroups || group.startsWith(ENTERPRISE_TEAM) || caps.grantGroups.test(group)) continue;
    const p = caps.entitlements!.test(group) ? { why: "it names no group", fix: `groupGrants is keyed by a team (team:<slug>): move these grants under the team whose members should get them` } : problem(type, group);
    out.push({ file: a.file, ...a.locateKey(["groupGrants", group]), message: `groupGrants names "${group}", which is not a group of target "${target}" (${type}) whose grants scopesync sets: ${p.why}`, hint: p.fix });
  }
}

const CONDITION_LISTS = ["entitlements", "allEntitlements"] as const;

/** Each "app:entitlement" a rule names, where the app policy's target has a closed grammar. */
function checkRules(out: Diagnostic[], r: Located<RuleSetDoc>, byApp: ReadonlyMap<string, { target: string; type: TargetType; caps: TargetCapabilities }>): void {
  (r.value.rules ?? []).forEach((rule, i) => {
    const lists: Array<[PathSegment[], readonly string[] | undefined]> = [[["rules", i, "match", "entitlements"], rule.match?.entitlements]];
    for (const part of ["require", "forbid"] as const) {
      const condition: RuleCondition | undefined = rule[part];
      for (const key of CONDITION_LISTS) lists.push([["rules", i, part, key], condition?.[key]]);
    }
    for (const [path, names] of lists) {
      (names ?? []).forEach((qualified, j) => {
        const at = qualified.indexOf(":");
        const app = at > 0 ? byApp.get(qualified.slice(0, at)) : undefined;
        const name = qualified.slice(at + 1);
        if (!app || name.startsWith(ENTERPRISE_TEAM) || app.caps.entitlements!.test(name)) return;
        const p = problem(app.type, name);
        out.push({ file: r.file, ...r.locate([...path, j]), message: `rule "${rule.id}" names "${qualified}", but "${name}" is not an entitlement target "${app.target}" (${app.type}) can grant: ${p.why}; no account holds it, so the rule would never match`, hint: p.fix });
      });
    }
  });
}

function problem(type: TargetType, name: string): EntitlementProblem {
  return type === "github" ? githubEntitlementProblem(name) : { why: "its connector grants no entitlement of that form", fix: "write it as the target's readme lists its entitlements" };
}
