import { DISCOVERY_SOURCE_TYPES } from "../model/source-types.js";
import { nhiInventory, nhiSummary } from "../policy/nhi-inventory.js";
import { createHash } from "node:crypto";
import type { AppPolicyDoc } from "../model/documents.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { canonicalJson } from "../model/canonical-json.js";
import { cmp, compareFindings, type Finding } from "../model/finding.js";
import type { Identity } from "../model/identity.js";
import { computeMemberships, type Membership } from "../policy/memberships.js";
import { requiredReviewers } from "../policy/rules/custom-rules.js";
import { evaluateRules } from "../policy/rules/evaluate.js";
import type { TargetState } from "../model/target-state.js";
import { TARGET_CAPABILITIES, type TargetCapabilities, type TargetType } from "../model/target-types.js";
import { ACTION_ORDER, type Change } from "../model/change.js";
import type { AppDecision } from "./decision.js";
import { accountOwners, diffIndex } from "./diff-index.js";
import { diffTargets, type Unaccounted } from "./diff-target.js";
import { diffGroupGrants } from "./group-grants.js";
import { markReplacements } from "./replacements.js";
import { PLAN_FORMAT_VERSION, type Plan } from "./plan.js";
import { applyRefusals } from "./refusals.js";
import { checkSafety } from "./safety.js";
import { staleStateFinding, stateAge } from "./state-age.js";
import type { TargetContext } from "./target-context.js";
import { append } from "../model/append.js";

export interface PlanInputs {
  repo: PolicyRepo;
  identities: Identity[];
  /** Identities resolved from the last accepted source snapshots (movers, joiners), if any. */
  prior?: Identity[];
  /** Findings from earlier stages: quality gates, correlation. */
  findings: Finding[];
  targets: ReadonlyMap<string, { state: TargetState; readFrom: string }>;
  sourcesRead: ReadonlySet<string>;
  /** Sources that failed a quality gate: what they no longer export is unknown, not gone. */
  sourcesFailingGates?: ReadonlySet<string>;
  now: number;
  /** Names whose decisions to keep for `explain` (identity ids, `account:<login>`, gone anchors). */
  explain?: ReadonlySet<string>;
}

/** The planner's decisions for the names `explain` asked about: one path with the plan. */
export interface Decisions {
  apps: AppDecision[];
  /** Group memberships of each traced identity, as the planner computed them. */
  memberships: Map<string, { current: Membership[]; expired: Membership[] }>;
}

/** Pure: desired state + current state → the plan. Nothing here can reach a network or a file. */
export function buildPlan(inputs: PlanInputs): Plan {
  return planWithDecisions(inputs).plan;
}

/** The plan, and what the planner decided for the names in `inputs.explain`, from one run. */
export function planWithDecisions(inputs: PlanInputs): { plan: Plan; decisions: Decisions } {
  const { repo, identities, now } = inputs;
  const config = repo.config.value;
  const byId = new Map(identities.map((i) => [i.id, i]));
  const memberships = computeMemberships(repo.groups, identities, now);
  const prior = inputs.prior ? new Map(inputs.prior.map((i) => [i.id, i])) : undefined;

  const changes: Change[] = [];
  const findings: Finding[] = [...inputs.findings];
  const policies = new Map<string, AppPolicyDoc>();
  const planned = [...repo.apps].sort((a, b) => cmp(a.value.target, b.value.target)).filter((p) => inputs.targets.has(p.value.target));
  const index = diffIndex(identities, planned.map((p) => p.value), prior);
  const contexts: TargetContext[] = [];
  for (const policy of planned) {
    const read = inputs.targets.get(policy.value.target)!;
    policies.set(policy.value.target, policy.value);
    const runAs = config.targets[policy.value.target]?.runAs;
    const type = config.targets[policy.value.target]?.type as TargetType;
    contexts.push({ target: policy.value.target, policy, state: read.state, traits: linkTraits(TARGET_CAPABILITIES[type] ?? TARGET_CAPABILITIES.file, policy.value), identities, byId, memberships, prior, sourcesRead: inputs.sourcesRead, sourcesFailingGates: inputs.sourcesFailingGates ?? new Set(), ...(runAs ? { runAs } : {}), now, ...(inputs.explain ? { explain: inputs.explain } : {}) });
  }
  const decisions: Decisions = { apps: [], memberships: new Map() };
  for (const name of inputs.explain ?? []) {
    if (byId.has(name)) decisions.memberships.set(name, { current: memberships.current.get(name) ?? [], expired: memberships.expired.get(name) ?? [] });
  }
  const unaccounted: Unaccounted[] = [];
  const owners = new Map<TargetState, Int32Array>();
  diffTargets(contexts, index).forEach((diff, k) => {
    append(decisions.apps, diff.decisions);
    append(changes, diff.changes);
    append(findings, diff.findings);
    append(unaccounted, diff.unaccounted);
    owners.set(contexts[k]!.state, diff.accountOwners);
    // What a group holds itself (a team's repository access) is the group's, not any member's.
    const groups = diffGroupGrants(contexts[k]!.policy, contexts[k]!.state, contexts[k]!.traits);
    for (const c of groups.changes) changes.push(c);
    for (const f of groups.findings) findings.push(f);
  });
  if (unaccounted.length > 0) nameUnaccounted(findings, unaccounted);
  for (const name of [...inputs.targets.keys()].sort()) {
    // What the connector's read could not cover, or refuses to manage, is the plan's to say.
    for (const f of inputs.targets.get(name)!.state.findings ?? []) findings.push(f);
    if (!policies.has(name)) findings.push({ rule: "target-without-policy", severity: "info", message: `target "${name}" has no app policy; nothing is planned for it`, remediation: "add policies/apps/<app>.yaml with target: " + name, location: repo.config.file });
  }
  const states = new Map([...inputs.targets].map(([k, v]) => [k, v.state]));
  const refused = applyRefusals(changes, states, policies);
  for (const f of refused.findings) findings.push(f);
  if (refused.changes !== changes) {
    changes.length = 0;
    for (const c of refused.changes) changes.push(c);
  }
  markReplacements(changes, new Map(contexts.flatMap((ctx) => (ctx.traits.exclusiveEntitlements ? [[ctx.target, ctx.traits.exclusiveEntitlements] as const] : []))));
  changes.sort(compareChanges);
  const appIds = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
  for (const c of changes) {
    const reviewers = requiredReviewers(repo.ruleSets, c, byId.get(c.identity), appIds.get(c.target) ?? c.target);
    if (reviewers.length > 0) c.reviewers = reviewers;
  }
  const rules = evaluateRules({ repo, identities, byId, accountOwners: (state) => owners.get(state) ?? accountOwners(index, state), memberships, states, changes, ...(prior ? { prior } : {}), now });
  append(findings, rules.findings);

  for (const [name, read] of inputs.targets) {
    const stale = staleStateFinding(name, config.targets[name], stateAge(read.state.readAt, now), read.readFrom);
    if (stale) findings.push(stale);
  }
  const ignoreCase = new Map(contexts.map((c) => [c.target, c.traits.groupNamesIgnoreCase]));
  const safety = checkSafety(changes, states, config, policies, byId, now, (target) => ignoreCase.get(target) ?? false);
  findings.sort(compareFindings);
  const errors = findings.filter((f) => f.severity === "error");
  const blockedReasons = [...errors.map((f) => `${f.rule}${f.identity ? ` (${f.identity})` : ""}: ${f.message}`), ...safety.blockedReasons];
  const summary: Plan["summary"] = {};
  for (const c of changes) summary[c.action] = (summary[c.action] ?? 0) + 1;
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    fingerprint: fingerprint(changes),
    generatedAt: new Date(now).toISOString(),
    organisation: config.organisation,
    summary,
    changes,
    findings,
    blocked: blockedReasons.length > 0,
    blockedReasons,
    overrides: safety.overrides,
    exceptions: rules.exceptions,
    approvals: approvals(changes),
    targets: Object.fromEntries([...inputs.targets].sort(([a], [b]) => cmp(a, b)).map(([k, v]) => [k, { accounts: v.state.accounts.length, readFrom: v.readFrom, ...stateAge(v.state.readAt, now) }])),
  };
  // Where the systems that issue NHI credentials are read, the plan says how its NHIs stand.
  if (Object.values(config.sources).some((s) => DISCOVERY_SOURCE_TYPES.has(s.type))) plan.nhi = nhiSummary(nhiInventory(repo, identities, now));
  return { plan, decisions };
}

/**
 * A source that failed its gates decides nothing about who left: the accounts anchored in it whose
 * records it no longer exports are left alone, and its gate findings say which they are, so the
 * reviewer sees who would have been offboarded had the export been trusted. At most ten are named.
 */
function nameUnaccounted(findings: Finding[], unaccounted: readonly Unaccounted[]): void {
  const bySource = new Map<string, string[]>();
  for (const u of unaccounted) {
    const list = bySource.get(u.source) ?? bySource.set(u.source, []).get(u.source)!;
    const text = `${u.anchor}${u.name !== u.anchor ? ` (${u.name})` : ""}`;
    if (!list.includes(text)) list.push(text);
  }
  for (const [source, list] of bySource) {
    list.sort();
    const shown = list.length > 10 ? `${list.slice(0, 10).join(", ")} and ${list.length - 10} more` : list.join(", ");
    const note = `; it could not account for ${list.length} record(s) that accounts are linked to: ${shown}. They are unknown, not gone: no leaver change is planned from their absence`;
    for (let k = 0; k < findings.length; k++) {
      const f = findings[k]!;
      if (f.rule.startsWith("source-gate-") && f.message.startsWith(`source "${source}": `)) findings[k] = { ...f, message: f.message + note };
    }
  }
}

/** `accounts.linkBy: login`: the app keeps an externalId, but not ours; accounts link by login as on GitHub. */
function linkTraits(traits: TargetCapabilities, policy: AppPolicyDoc): TargetCapabilities {
  return policy.accounts.linkBy === "login" ? { ...traits, storesExternalId: false } : traits;
}

/** Targets, then identities, then the action order (ACTION_ORDER), then the entitlement or credential. */
export function compareChanges(a: Change, b: Change): number {
  return cmp(a.target, b.target) || cmp(a.identity, b.identity) || ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || cmp(a.entitlement ?? a.credential ?? "", b.entitlement ?? b.credential ?? "");
}

/**
 * sha256 of the canonical changes: what the reviewer saw is what apply may do. The hash takes the
 * list's JSON a change at a time, the same bytes as canonicalJson(changes, 0) ("[", the changes
 * joined by ",", "]"), without the one string of all of them: 13 MB at 100k people.
 */
export function fingerprint(changes: readonly Change[]): string {
  const hash = createHash("sha256").update("[");
  for (let i = 0; i < changes.length; i++) {
    if (i > 0) hash.update(",");
    // As in JSON.stringify of the list, an element JSON cannot hold is written as null.
    hash.update(canonicalJson(changes[i], 0) ?? "null");
  }
  return `sha256:${hash.update("]").digest("hex")}`;
}

/** Which teams must approve, and for how many changes: the PR comment lists these. */
function approvals(changes: Change[]): Plan["approvals"] {
  const byTeam = new Map<string, number>();
  for (const c of changes) for (const r of c.reviewers ?? []) byTeam.set(r, (byTeam.get(r) ?? 0) + 1);
  return [...byTeam].sort(([a], [b]) => cmp(a, b)).map(([reviewer, count]) => ({ reviewer, changes: count }));
}
