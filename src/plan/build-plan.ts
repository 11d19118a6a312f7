import { DISCOVERY_SOURCE_TYPES } from "../model/source-types.js";
import { nhiSummary } from "../policy/nhi-inventory.js";
import { createHash } from "node:crypto";
import type { AppPolicyDoc } from "../model/documents.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { canonicalJson } from "../model/canonical-json.js";
import { cmp, compareFindings, type Finding } from "../model/finding.js";
import { identitiesById, type Identity } from "../model/identity.js";
import { computeMemberships, type GroupIndex, type Membership } from "../policy/memberships.js";
import { requiredReviewers } from "../policy/rules/custom-rules.js";
import { EntitlementNames, ignoresGroupCase } from "../model/entitlement-names.js";
import { evaluateRules } from "../policy/rules/evaluate.js";
import { StateAfterPlan, type AfterPlanView } from "../policy/rules/context.js";
import { holdingsOf, type TargetHoldings } from "../policy/rules/holdings.js";
import type { Located } from "../model/located.js";
import type { TargetState } from "../model/target-state.js";
import { configuredCapabilities, TARGET_CAPABILITIES, type TargetCapabilities, type TargetType } from "../model/target-types.js";
import { ACTION_ORDER, type Change } from "../model/change.js";
import type { AppDecision } from "./decision.js";
import { accountOwners, diffIndex, type DiffIndex } from "./diff-index.js";
import { diffTargets, type TargetDiff } from "./diff-target.js";
import type { Unaccounted } from "./unlinked-accounts.js";
import { unaccountedNotes } from "./unaccounted-names.js";
import { diffGroupGrants } from "./group-grants.js";
import { markReplacements } from "./replacements.js";
import type { TargetPart } from "./target-part.js";
import { switchedOffCredentials } from "./switched-off.js";
import { privilegedGroupsOf } from "./privileged-groups.js";
import { PLAN_FORMAT_VERSION, type Plan } from "./plan.js";
import { applyRefusals } from "./refusals.js";
import { missingGroupRefusals } from "./missing-groups.js";
import { customRoleNameRefusals } from "./custom-role-names.js";
import { renamedGroupFindings, underPolicyNames } from "./renamed-groups.js";
import { unlistedMembersFinding } from "./unlisted-members.js";
import { externalGroupFindings } from "./external-groups.js";
import { targetLimits } from "./safety.js";
import { breakGlassReasons } from "./break-glass.js";
import { scopedBlockedReasons } from "./blocked-scope.js";
import type { BlockedReason } from "../model/blocked-reason.js";
import { staleStateFinding, stateAge } from "./state-age.js";
import { stateBindingFindings } from "./state-binding.js";
import { stateFacts } from "./state-facts.js";
import { appliedSinceReadFinding } from "./applied-since-read.js";
import type { TargetContext } from "./target-context.js";
import type { DepartedAtBase } from "../resolve/base-logins.js";
import { append } from "../model/append.js";
import type { RememberedLogins } from "../model/remembered-logins.js";
import type { JournalOffboardings } from "../model/journal-offboarding.js";
import type { ReviewedOverride } from "../model/override-binding.js";
import { absenceUnknown, proveExportFix, UNPROVEN_EXPORT_RULE } from "../model/unknown-absence.js";
import { unknownWhereAttributes } from "../policy/where-attributes.js";
import { unmatchedWhereValues } from "../policy/where-values.js";
import { wholeTreeWhereValues } from "../policy/tree-root.js";
import { ruleAppProblems, ruleEntitlementFindings, ruleEntitlementProblems } from "../policy/rule-entitlements.js";
import { unusedExpiredMemberships } from "./expired-memberships.js";
import { stateIsCurrent } from "./state-current.js";
import { breakGlassOwnerGone } from "../policy/break-glass-owner.js";
import { loginSyntaxOf } from "../model/login-syntax.js";

export interface PlanInputs {
  repo: PolicyRepo;
  identities: Identity[];
  /** Identities resolved from the last accepted source snapshots (movers, joiners), if any. */
  prior?: Identity[];
  /** Findings from earlier stages: quality gates, correlation. */
  findings: Finding[];
  targets: ReadonlyMap<string, { state: TargetState; readFrom: string; remembered?: RememberedLogins }>;
  sourcesRead: ReadonlySet<string>;
  /** Sources that failed a quality gate: what they no longer export is unknown, not gone. */
  sourcesFailingGates?: ReadonlySet<string>;
  /** Sources whose export cannot be proven complete (source-unproven-export): what they do not export is unknown too. */
  sourcesUnproven?: ReadonlySet<string>;
  now: number;
  /** Names whose decisions to keep for `explain` (identity ids, `account:<login>`, gone anchors). */
  explain?: ReadonlySet<string>;
  /** With a base revision: NHIs its files defined with an app login and no file defines now (departedAtBase). */
  departedAtBase?: ReadonlyMap<string, ReadonlyMap<string, readonly DepartedAtBase[]>>;
  /** What the apply journal says earlier offboardings took (targets/journal-offboardings.ts): a return names what it does not give back. */
  offboardings?: JournalOffboardings;
  /** Apply's re-plan: the overrides the reviewed plan used, which bind this plan's (plan/safety.ts). */
  reviewedOverrides?: readonly ReviewedOverride[];
  /**
   * With a base revision: its RuleSets, whose `reviewers` a change needs as well as this change's
   * own. A pull request cannot take away its own gate, as CODEOWNERS is read from the base branch.
   */
  baseRuleSets?: PolicyRepo["ruleSets"];
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
  return finishPlanned(planTargets(inputs));
}

/** The plan from every target's part: the rules play the plan over what the targets hold. */
export function finishPlanned(planned: PlannedTargets): { plan: Plan; decisions: Decisions; blocks: BlockedReason[] } {
  const after = new StateAfterPlan(planned.wide.repo, planned.wide.identities, planned.holdings, planned.changes, planned.wide.memberships.positions);
  return { ...finishPlanBlocks(planned.wide, planned.parts, after), decisions: planned.decisions };
}

/** What the plan-wide steps need besides the targets' parts: the same in every shard of a plan. */
export interface PlanWide {
  repo: PolicyRepo;
  identities: Identity[];
  byId: ReadonlyMap<string, Identity>;
  memberships: GroupIndex;
  prior: ReadonlyMap<string, Identity> | undefined;
  /** Findings from earlier stages: quality gates, correlation. */
  findings: readonly Finding[];
  /** Sources that failed a quality gate, sorted (the rules must not call a person they lack gone). */
  sourcesFailingGates: readonly string[];
  /** Sources whose export cannot be proven complete, sorted: what they lack is unknown too (model/unknown-absence.ts). */
  sourcesUnproven: readonly string[];
  now: number;
}

export interface PlannedTargets {
  wide: PlanWide;
  parts: TargetPart[];
  decisions: Decisions;
  /** Every part's changes, in plan order; with the holdings, what the rules play the plan over. */
  changes: Change[];
  /** What each target's accounts hold, in target order: the rules' view of the states, which may be gone. */
  holdings: TargetHoldings[];
}

/** What planning any batch of targets shares: the plan-wide inputs and the index over every planned app. */
export interface PlanSetup {
  inputs: Omit<PlanInputs, "targets">;
  wide: PlanWide;
  index: DiffIndex;
}

/**
 * Each target's part of the plan, one per target in `inputs.targets`, in name order: its diff,
 * what its read and its policy say, its refusals, its safety limits. Nothing here looks at another
 * target, so `plan --target NAME` computes the same part as a whole plan does.
 */
export function planTargets(inputs: PlanInputs): PlannedTargets {
  const setup = planSetup(inputs, [...inputs.targets.keys()]);
  const planned = emptyPlanned(setup);
  addBatch(planned, planBatch(setup, inputs.targets));
  return planned;
}

/** The plan-wide inputs and the diff index for the apps of `targets` (every batch to come). */
export function planSetup(inputs: Omit<PlanInputs, "targets">, targets: readonly string[]): PlanSetup {
  const wide = planWide(inputs.repo, inputs.identities, inputs.prior, inputs.findings, [...(inputs.sourcesFailingGates ?? [])].sort(), inputs.now, [...(inputs.sourcesUnproven ?? [])].sort());
  const names = new Set(targets);
  const apps = [...inputs.repo.apps].sort((a, b) => cmp(a.value.target, b.value.target)).filter((p) => names.has(p.value.target));
  return { inputs, wide, index: diffIndex(inputs.identities, apps.map((p) => p.value), inputs.now, wide.prior, inputs.repo.people) };
}

/** No target planned yet: batches are added in target order (addBatch). */
export function emptyPlanned(setup: PlanSetup): PlannedTargets {
  const decisions: Decisions = { apps: [], memberships: new Map() };
  const { byId, memberships } = setup.wide;
  for (const name of setup.inputs.explain ?? []) {
    if (byId.has(name)) decisions.memberships.set(name, { current: memberships.current.get(name) ?? [], expired: memberships.expired.get(name) ?? [] });
  }
  return { wide: setup.wide, parts: [], decisions, changes: [], holdings: [] };
}

/** One batch's parts, changes, holdings and decisions, added after those of earlier (lower-named) batches. */
export function addBatch(planned: PlannedTargets, batch: PlannedBatch): void {
  for (const p of batch.parts) planned.parts.push(p);
  for (const c of batch.changes) planned.changes.push(c);
  for (const h of batch.holdings) planned.holdings.push(h);
  append(planned.decisions.apps, batch.decisions);
}

export interface PlannedBatch {
  parts: TargetPart[];
  changes: Change[];
  holdings: TargetHoldings[];
  decisions: AppDecision[];
}

/**
 * The parts of the targets in `batch` (all targets, or a few at a time when they do not fit in
 * memory together). The states are not kept: once planned, a batch's states may be let go.
 */
export function planBatch(setup: PlanSetup, given: PlanInputs["targets"]): PlannedBatch {
  const { inputs, wide, index } = setup;
  const { repo, identities, now } = inputs;
  const config = repo.config.value;
  // A group the app renamed, held in a state file under the name the policy mapped before it was
  // told the new one, is read under the name the policy gives it now (plan/renamed-groups.ts).
  const batch = new Map([...given].map(([name, read]) => {
    const app = read.state.groupIds?.some((g) => g.renamedTo !== undefined) ? repo.apps.find((a) => a.value.target === name) : undefined;
    return [name, app ? { ...read, state: underPolicyNames(read.state, app.value, ignoresGroupCase(config, name)) } : read] as const;
  }));
  const { byId, memberships, prior } = wide;

  const policies = new Map<string, Located<AppPolicyDoc>>();
  const planned = [...repo.apps].sort((a, b) => cmp(a.value.target, b.value.target)).filter((p) => batch.has(p.value.target));
  const contexts: TargetContext[] = [];
  const separate = separateRecords(repo);
  for (const policy of planned) {
    const read = batch.get(policy.value.target)!;
    policies.set(policy.value.target, policy);
    const runAs = config.targets[policy.value.target]?.runAs;
    const type = config.targets[policy.value.target]?.type as TargetType;
    const declared = TARGET_CAPABILITIES[type] ? configuredCapabilities(type, config.targets[policy.value.target]?.options) : TARGET_CAPABILITIES.file;
    const loginSyntax = loginSyntaxOf(type, config.targets[policy.value.target]?.options);
    contexts.push({ target: policy.value.target, policy, state: read.state, traits: linkTraits(declared, policy.value), ...(loginSyntax ? { loginSyntax } : {}), identities, byId, memberships, prior, sourcesRead: inputs.sourcesRead, sourcesFailingGates: inputs.sourcesFailingGates ?? new Set(), sourcesUnproven: inputs.sourcesUnproven ?? new Set(), sources: config.sources, ...(separate.size > 0 ? { separate } : {}), ...(runAs ? { runAs } : {}), now, ...(inputs.explain ? { explain: inputs.explain } : {}), ...(inputs.departedAtBase ? { departedAtBase: inputs.departedAtBase } : {}), ...(read.remembered ? { remembered: read.remembered } : {}), ...(inputs.offboardings ? { offboardings: inputs.offboardings } : {}), ...(stateIsCurrent(type, read.readFrom) ? { stateIsCurrent: true as const } : {}) });
  }
  const decisions: AppDecision[] = [];
  const owners = new Map<string, Int32Array>();
  const diffs = new Map<string, TargetDiff>();
  diffTargets(contexts, index).forEach((diff, k) => {
    append(decisions, diff.decisions);
    owners.set(contexts[k]!.target, diff.accountOwners);
    diffs.set(contexts[k]!.target, diff);
  });
  const appIds = new Map(repo.apps.map((a) => [a.value.target, a.value.id]));
  const names = new EntitlementNames(repo);
  const parts: TargetPart[] = [];
  const changes: Change[] = [];
  const holdings: TargetHoldings[] = [];
  const reviewerSets = inputs.baseRuleSets ? [...repo.ruleSets, ...inputs.baseRuleSets] : repo.ruleSets;
  for (const name of [...batch.keys()].sort(cmp)) {
    const read = batch.get(name)!;
    const diff = diffs.get(name);
    const policy = policies.get(name);
    const context = contexts.find((c) => c.target === name);
    const findings: Finding[] = [];
    const planned: Change[] = [];
    // Not push(...list): spreading a list of more than ~100k items overflows the call stack.
    for (const c of diff?.changes ?? []) planned.push(c);
    for (const f of diff?.findings ?? []) findings.push(f);
    if (context) {
      // What a group holds itself (a team's repository access) is the group's, not any member's.
      const groups = diffGroupGrants(context.policy, context.state, context.traits);
      for (const c of groups.changes) planned.push(c);
      for (const f of groups.findings) findings.push(f);
    }
    // What the connector's read could not cover, or refuses to manage, is the plan's to say.
    for (const f of read.state.findings ?? []) findings.push(f);
    // A rule's name of this target's app that its policy does not write and its state does not hold matches nobody.
    for (const f of ruleEntitlementFindings(ruleEntitlementProblems(repo, name, read.state))) findings.push(f);
    if (!policy) findings.push({ rule: "target-without-policy", severity: "info", message: `target "${name}" has no app policy; nothing is planned for it`, remediation: "add policies/apps/<app>.yaml with target: " + name, location: `${repo.config.file}:${repo.config.locate(["targets", name]).line}` });
    // A mapped group the target does not have (a renamed GitHub team) is refused like the target's own refusals.
    // A mapped group the app renamed, followed by its id: the reviewer is told to write its new name.
    if (policy) for (const f of renamedGroupFindings(policy.value, read.state, `${policy.file}:${policy.line}`, context?.traits.groupNamesIgnoreCase ?? false)) findings.push(f);
    const entitlementAt = (i: number): string => {
      const { line, col } = policy!.locate(["entitlements", i, "entitlement"]);
      return `${policy!.file}:${line}:${col}`;
    };
    const grantAt = (group: string, i: number): string => {
      const { line, col } = policy!.locate(["groupGrants", group, i]);
      return `${policy!.file}:${line}:${col}`;
    };
    // A custom repository role the org spells otherwise (or lacks), mapped or in groupGrants, is refused the same way (custom-role-names.ts).
    const missing = policy ? [...missingGroupRefusals(policy.value, read.state, `${policy.file}:${policy.line}`, context?.traits.groupNamesIgnoreCase ?? false, entitlementAt), ...customRoleNameRefusals(policy.value, read.state, `${policy.file}:${policy.line}`, entitlementAt, grantAt)] : [];
    const state = missing.length > 0 ? { ...read.state, refuses: [...(read.state.refuses ?? []), ...missing] } : read.state;
    const refused = applyRefusals(planned, new Map([[name, state]]), policy ? new Map([[name, policy.value]]) : new Map());
    for (const f of refused.findings) findings.push(f);
    const list = refused.changes;
    if (context?.traits.exclusiveEntitlements) markReplacements(list, new Map([[name, context.traits.exclusiveEntitlements]]), context.traits.groupNamesIgnoreCase);
    list.sort(compareChanges);
    for (const c of list) {
      const reviewers = requiredReviewers(reviewerSets, c, byId.get(c.identity), appIds.get(c.target) ?? c.target, names);
      if (reviewers.length > 0) c.reviewers = reviewers;
      changes.push(c);
    }
    // Every group read empty while existing accounts are granted groups: an app that lists no members?
    const unlisted = unlistedMembersFinding(name, read.state, list, `${repo.config.file}:${repo.config.locate(["targets", name]).line}`);
    if (unlisted) findings.push(unlisted);
    // An account removed here that a group someone else manages keeps in the target (a GitHub enterprise team).
    for (const f of externalGroupFindings(name, read.state, list)) findings.push(f);
    const stale = staleStateFinding(name, config.targets[name], stateAge(read.state.readAt, now), read.readFrom);
    if (stale) findings.push(stale);
    // A state file read from another endpoint, or pulled for another target, blocks (state-binding.ts).
    for (const f of stateBindingFindings(name, config.targets[name], read.state, read.readFrom, `${repo.config.file}:${repo.config.locate(["targets", name]).line}`)) findings.push(f);
    // A state file read before an apply lists what it did again: said, with the journal's count.
    const applied = config.targets[name]?.type === "file" ? undefined : appliedSinceReadFinding({ target: name, changes: list, readFrom: read.readFrom, ...(read.state.readAt ? { readAt: read.state.readAt } : {}), done: inputs.offboardings?.done?.get(name), journal: inputs.offboardings?.from ?? "", location: `${repo.config.file}:${repo.config.locate(["targets", name]).line}` });
    if (applied) findings.push(applied);
    // What the guards warn of without blocking (admins-guard-needs-grant) is the target's finding.
    const adminsAt = policy?.value.admins ? `${policy.file}:${policy.locate(["admins", "entitlement"]).line}` : undefined;
    const binding = { ...(inputs.reviewedOverrides ? { reviewed: inputs.reviewedOverrides } : {}), ...(inputs.offboardings?.reviewedRuns?.has(name) ? { applied: inputs.offboardings.reviewedRuns.get(name)! } : {}) };
    const limits = targetLimits(name, list, read.state, config, policy?.value, now, context?.traits.groupNamesIgnoreCase ?? false, adminsAt, binding);
    for (const f of limits.findings) findings.push(f);
    const privilegedGroups = diff && diff.privilegedGroups.size > 0 ? { privilegedGroups: Object.fromEntries(diff.privilegedGroups) } : {};
    // What an aws-iam target switched off already: a credential report older than that may still list it active.
    const off = config.targets[name]?.type === "aws-iam" ? switchedOffCredentials(read.state, inputs.offboardings?.byTarget.get(name)) : undefined;
    const switchedOff = off ? { switchedOff: off } : {};
    parts.push({ target: name, changes: list, findings, unaccounted: diff?.unaccounted ?? [], limits: { blockedReasons: limits.blockedReasons, overrides: limits.overrides, ...(Object.keys(limits.counted).length > 0 ? { counted: limits.counted } : {}) }, ...privilegedGroups, ...switchedOff, state: stateFacts(read.state, read.readFrom, config.targets[name], list, now) });
    // The rules' state after the plan drops what this target's removals take (a GitHub member's teams).
    holdings.push(holdingsOf(name, read.state, owners.get(name) ?? accountOwners(index, read.state), { changes: list, traits: context?.traits ?? TARGET_CAPABILITIES[config.targets[name]?.type as TargetType] }));
  }
  return { parts, changes, holdings, decisions };
}

/** Record → the records that reviewed `separate` decisions keep apart from it. */
function separateRecords(repo: PolicyRepo): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const doc of repo.links) {
    for (const decision of doc.value.separate ?? []) {
      for (const a of decision.records) for (const b of decision.records) if (a !== b) (out.get(a) ?? out.set(a, new Set()).get(a)!).add(b);
    }
  }
  return out;
}

/** The plan-wide inputs: from the identities alone, so every shard and the merge compute the same. */
export function planWide(repo: PolicyRepo, identities: Identity[], prior: Identity[] | undefined, findings: readonly Finding[], sourcesFailingGates: readonly string[], now: number, sourcesUnproven: readonly string[] = []): PlanWide {
  return { repo, identities, byId: identitiesById(identities), memberships: computeMemberships(repo.groups, identities, now), prior: prior ? identitiesById(prior) : undefined, findings, sourcesFailingGates, sourcesUnproven, now };
}

/**
 * The plan-wide steps over the targets' parts: the gate findings that name what the targets could
 * not account for, the rules (over what every identity holds once the plan is applied: `after`),
 * break-glass guards, the findings' order, blocked, summary and approvals. A one-process plan and
 * `plan merge` of its shards both end here, with the same parts: the same plan, byte for byte.
 */
export function finishPlan(wide: PlanWide, parts: readonly TargetPart[], after: AfterPlanView): Plan {
  return finishPlanBlocks(wide, parts, after).plan;
}

/** finishPlan, with each blocked reason's scope beside the plan (model/blocked-reason.ts): what apply holds back by it. */
export function finishPlanBlocks(wide: PlanWide, parts: readonly TargetPart[], after: AfterPlanView): { plan: Plan; blocks: BlockedReason[] } {
  const { repo, identities, now } = wide;
  const config = repo.config.value;
  const changes: Change[] = [];
  const findings: Finding[] = [...wide.findings];
  const unaccounted: Unaccounted[] = [];
  for (const part of parts) {
    for (const c of part.changes) changes.push(c);
    // A target's findings say which target found them (the PR comment counts them per target);
    // set here, where a one-process plan and a merge of shards both pass, so the two stay equal.
    for (const f of part.findings) {
      f.target ??= part.target;
      findings.push(f);
    }
    for (const u of part.unaccounted) unaccounted.push(u);
  }
  if (unaccounted.length > 0) nameUnaccounted(findings, unaccounted, wide.sourcesFailingGates);
  nameHeld(findings, identities, repo, wide);
  for (const f of unknownWhereAttributes(repo, identities)) findings.push(f);
  // A rule's app id no policy or target has: from the repository alone (its entitlements are each target's part's to check).
  for (const f of ruleEntitlementFindings(ruleAppProblems(repo))) findings.push(f);
  // Whom a source that failed its gates (or cannot be proven complete) lost is unknown: a value only they hold is not unmatched.
  if (wide.sourcesFailingGates.length + wide.sourcesUnproven.length === 0) for (const f of unmatchedWhereValues(repo, identities)) findings.push(f);
  // From the repository alone: a tree's root (orgUnitPath: /) selects everyone, whatever the sources hold.
  for (const f of wholeTreeWhereValues(repo)) findings.push(f);
  for (const f of unusedExpiredMemberships(wide.memberships, wide.byId, changes, now)) findings.push(f);
  for (const f of breakGlassOwnerGone(repo, wide.byId, now, wide.sourcesFailingGates.length + wide.sourcesUnproven.length > 0)) findings.push(f);
  const rules = evaluateRules({ repo, identities, byId: wide.byId, memberships: wide.memberships, changes, after, targets: new Map(parts.map((p) => [p.target, p.state])), switchedOff: new Map(parts.filter((p) => p.switchedOff).map((p) => [p.target, p.switchedOff!])), privilegedGroups: privilegedGroupsOf(repo, parts), ...(wide.prior ? { prior: wide.prior } : {}), sourcesFailingGates: wide.sourcesFailingGates, sourcesUnproven: wide.sourcesUnproven, now });
  for (const f of rules.findings) findings.push(f);
  findings.sort(compareFindings);
  // Each reason with what it holds back (blocked-scope.ts); the plan JSON keeps the texts.
  const errors = findings.filter((f) => f.severity === "error");
  const { blocks, texts: blockedReasons } = scopedBlockedReasons(errors, parts, breakGlassReasons(changes, wide.byId, repo), { repo, byId: wide.byId, prior: wide.prior, changes, now });
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
    overrides: parts.flatMap((p) => p.limits.overrides),
    exceptions: rules.exceptions,
    approvals: approvals(changes),
    targets: Object.fromEntries(parts.map((p) => [p.target, p.state])),
  };
  // Where the systems that issue NHI credentials are read, the plan says how its NHIs stand.
  if (Object.values(config.sources).some((s) => DISCOVERY_SOURCE_TYPES.has(s.type))) plan.nhi = nhiSummary(repo, identities, now, wide.byId, wide.sourcesFailingGates.length + wide.sourcesUnproven.length > 0);
  return { plan, blocks };
}

/**
 * A source that failed its gates, or whose export cannot be proven complete, decides nothing about
 * who left: the accounts anchored in it whose records it no longer exports are left alone, and its
 * gate findings (or its source-unproven-export finding) say which they are, so the reviewer sees
 * who would have been offboarded had the export been trusted: at most ten, before the why, so that
 * a renderer that cuts the message still shows them (unaccounted-names.ts).
 */
function nameUnaccounted(findings: Finding[], unaccounted: readonly Unaccounted[], failing: readonly string[]): void {
  for (const [source, note] of unaccountedNotes(unaccounted)) {
    const prefix = `source "${source}": `;
    for (let k = 0; k < findings.length; k++) {
      const f = findings[k]!;
      const names = failing.includes(source) ? f.rule.startsWith("source-gate-") : f.rule === UNPROVEN_EXPORT_RULE;
      if (names && f.message.startsWith(prefix)) findings[k] = { ...f, message: `${prefix}${note.lead}${f.message.slice(prefix.length)}${note.tail}` };
    }
  }
}

/** At most ten names, then how many more: what a gate's findings name of what it affects. */
function firstTen(names: readonly string[]): string {
  return names.length > 10 ? `${names.slice(0, 10).join(", ")} and ${names.length - 10} more` : names.join(", ");
}

/**
 * The people a source that failed its gates (or cannot be proven complete) no longer exports but
 * another source does are held (resolve/held.ts): one finding per such source names them, at most
 * ten, beside its gate finding (or its source-unproven-export finding).
 */
function nameHeld(findings: Finding[], identities: readonly Identity[], repo: PolicyRepo, wide: Pick<PlanWide, "sourcesFailingGates" | "sourcesUnproven">): void {
  const bySource = new Map<string, string[]>();
  for (const i of identities) for (const source of i.held ?? []) (bySource.get(source) ?? bySource.set(source, []).get(source)!).push(i.id);
  for (const [source, ids] of [...bySource].sort(([a], [b]) => cmp(a, b))) {
    const shown = firstTen(ids);
    const { why, until, unproven } = absenceUnknown(source, wide.sourcesUnproven, wide.sourcesFailingGates);
    findings.push({
      rule: "source-person-held",
      severity: "warning",
      message: `source "${source}" ${why} and no longer exports ${ids.length} person(s) that another source still does: ${shown}; they are held, with no change planned for them, ${until}`,
      remediation: unproven
        ? `${proveExportFix(source)}; then the plan follows the other sources for them`
        : `fix the export of ${source}; if it is right, accept it (gates.accept in a reviewed pull request) and the plan follows the other sources for them`,
      location: `${repo.config.file}:${repo.config.locate(["sources", source]).line}`,
    });
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
