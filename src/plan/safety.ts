import type { AppPolicyDoc, LimitSetting, ProjectConfig, SafetyLimits, SafetyOverride } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { isExpired } from "../model/time.js";
import type { TargetState } from "../model/target-state.js";
import type { Action, Change } from "../model/change.js";
import type { AppliedOverride } from "./plan.js";
import { append } from "../model/append.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { breakGlassReasons } from "./break-glass.js";
import type { Finding } from "../model/finding.js";
import { TARGET_CAPABILITIES, type TargetType } from "../model/target-types.js";
import { adminGuardReasons, adminsGuardsOf } from "./admins-guard.js";
import { setDigest, suggestedExpiry, type AppliedReviewed, type ReviewedOverride } from "../model/override-binding.js";
import type { Plan } from "./plan.js";

/**
 * `findings`: what the guards warn of without blocking (admins-guard-needs-grant). `counted`: each
 * safety limit over, by its blocked reason, with the identities whose changes it counted, sorted:
 * the reason holds their changes in every target (model/blocked-reason.ts, `limit`).
 */
export interface SafetyResult { blockedReasons: string[]; overrides: AppliedOverride[]; findings: Finding[]; counted: Record<string, string[]> }

type LimitName = "deletes" | "disables" | "removals" | "changes";

/**
 * What binds this target's overrides to what they were reviewed for (model/override-binding.ts).
 * `reviewed`: apply's re-plan, the overrides the reviewed plan used (none for the daily sync, which
 * applies an empty reviewed plan). `applied`: the reviewed plans the journal says were applied here.
 */
export interface OverrideBinding { reviewed?: readonly ReviewedOverride[]; applied?: readonly AppliedReviewed[] }

// Entra counts disables as deletions; so do we: both take an account away.
const COUNTED: Record<LimitName, ReadonlySet<Action> | "every"> = {
  deletes: new Set(["delete-account"]),
  disables: new Set(["disable-account", "delete-account"]),
  removals: new Set(["revoke", "revoke-credential"]),
  changes: "every",
};

/** Whether a limit counts a change of this action (also a journal line's). */
function counts(name: LimitName, action: Action): boolean {
  const set = COUNTED[name];
  return set === "every" || set.has(action);
}

/**
 * Safety limits of one target (count and percentage, percentages only above the floor) and its
 * lockout guards. Over a limit the plan is blocked; the way past is an override committed in
 * scopesync.yaml and recorded in the plan, never a hidden flag. `list` is the target's changes;
 * `adminsAt`, where the app policy writes `admins.entitlement` (file:line), for the guard's reasons.
 */
export function targetLimits(target: string, list: readonly Change[], state: TargetState | undefined, config: ProjectConfig, policy: AppPolicyDoc | undefined, now: number, groupNamesIgnoreCase = false, adminsAt?: string, binding: OverrideBinding = {}): SafetyResult {
  const blockedReasons: string[] = [];
  const overrides: AppliedOverride[] = [];
  const findings: Finding[] = [];
  const counted: Record<string, string[]> = {};
  if (list.length === 0) return { blockedReasons, overrides, findings, counted };
  const limits: SafetyLimits = { ...config.safety?.default, ...config.safety?.targets?.[target] };
  const accounts = state?.accounts.length ?? 0;
  const assignments = state?.accounts.reduce((n, a) => n + a.entitlements.length, 0) ?? 0;
  for (const name of ["deletes", "disables", "removals", "changes"] as const) {
    const limit = limits[name];
    if (!limit) continue;
    const hits = list.filter((c) => counts(name, c.action));
    const n = hits.length;
    // What the target holds: accounts for account actions, assignments for removals, both for all.
    const base = name === "removals" ? assignments : name === "changes" ? accounts + assignments : accounts;
    const over = exceeds(n, base, limit, limits.floor ?? 10);
    if (!over) continue;
    // So many at once is what a broken export or policy looks like, and its other targets may be
    // too small to trip a limit of their own: the identities counted keep their access everywhere.
    const identities = [...new Set(hits.map((c) => c.identity))].sort();
    const digest = setDigest(identities);
    const candidates = (config.safety?.overrides ?? []).map((o, i) => ({ o, i })).filter(({ o }) => o.target === target && o.limit === name && o.allow >= n && !(o.expiresAt && isExpired(o.expiresAt, now)));
    const unbound: string[] = [];
    const override = candidates.find(({ o, i }) => {
      const why = unboundBecause(o, name, identities, digest, binding, { base, limit, floor: limits.floor ?? 10 });
      if (why) unbound.push(`safety.overrides[${i}] (allow ${o.allow}) does not count: ${why}`);
      return why === undefined;
    })?.o;
    if (override) {
      overrides.push({ target, limit: name, allow: override.allow, reason: override.reason, identities: digest, ...(override.expiresAt ? { expiresAt: override.expiresAt } : {}) });
      continue;
    }
    const suggested = `{ target: ${target}, limit: ${name}, allow: ${n}, identities: "${digest}", reason: "…", expiresAt: "${suggestedExpiry(now)}" }`;
    const reason = `${target}: ${n} ${name} exceed the safety limit (${over}); held back: every change of ${target}, and in every target the revocations of the ${identities.length === 1 ? "identity" : `${identities.length} identities`} they are for; ${unbound.map((u) => `${u}; `).join("")}if this is intended, commit safety.overrides: [${suggested}] in scopesync.yaml`;
    blockedReasons.push(reason);
    counted[reason] = identities;
  }
  const runAs = config.targets[target]?.runAs;
  if (runAs) {
    const me = normaliseLogin(runAs);
    const hits = list.filter((c) => c.login !== undefined && normaliseLogin(c.login) === me && (c.action === "disable-account" || c.action === "delete-account" || c.action === "revoke" || c.action === "revoke-credential"));
    for (const hit of hits) blockedReasons.push(`${target}: the plan would ${hit.action}${hit.entitlement ? ` ${hit.entitlement}` : ""} for ${runAs}, the account scopesync itself runs as (targets.${target}.runAs); that would lock scopesync out`);
  }
  // The lockout guards on the target's admins (plan/admins-guard.ts, shared with apply).
  const traits = { groupNamesIgnoreCase, invitesAccounts: invitesAccounts(config, target) };
  if (state) {
    for (const guard of adminsGuardsOf(target, config, policy)) {
      const guarded = adminGuardReasons(target, list, state, guard, traits, adminsAt);
      append(blockedReasons, guarded.blockedReasons);
      append(findings, guarded.findings);
    }
  }
  return { blockedReasons, overrides, findings, counted };
}

/**
 * Every target's limits and guards, then break-glass: what a one-process plan's finishPlan
 * assembles from the targets' parts, in one call (for tests and single uses).
 */
export function checkSafety(
  changes: Change[],
  states: ReadonlyMap<string, TargetState>,
  config: ProjectConfig,
  policies: ReadonlyMap<string, AppPolicyDoc>,
  identities: ReadonlyMap<string, Identity>,
  now: number,
  groupNamesIgnoreCase: (target: string) => boolean = () => false,
  repo: Pick<PolicyRepo, "people" | "apps"> = { people: [], apps: [] },
): SafetyResult {
  const byTarget = new Map<string, Change[]>();
  for (const c of changes) (byTarget.get(c.target) ?? byTarget.set(c.target, []).get(c.target)!).push(c);
  const parts = [...byTarget].sort(([a], [b]) => (a < b ? -1 : 1)).map(([target, list]) => targetLimits(target, list, states.get(target), config, policies.get(target), now, groupNamesIgnoreCase(target)));
  const counted: Record<string, string[]> = {};
  for (const p of parts) for (const [reason, ids] of Object.entries(p.counted)) counted[reason] = ids;
  return { blockedReasons: [...new Set([...parts.flatMap((p) => p.blockedReasons), ...breakGlassReasons(changes, identities, repo).map((r) => r.text)])], overrides: parts.flatMap((p) => p.overrides), findings: parts.flatMap((p) => p.findings), counted };
}

/**
 * Why an override that fits the count does not let this plan through, or undefined when it does.
 * One that names its identities counts for exactly those (apply: for the reviewed plan's, or fewer
 * of them); one that names none counts, as before, until a reviewed plan over this limit was
 * applied here (the journal), and in apply only for what the reviewed plan used it for, and only
 * while no other reviewed plan over this limit was applied with it.
 */
function unboundBecause(o: SafetyOverride, name: LimitName, identities: readonly string[], digest: string, binding: OverrideBinding, at: { base: number; limit: LimitSetting; floor: number }): string | undefined {
  if (o.identities === digest) return undefined;
  if (binding.reviewed) {
    const used = binding.reviewed.find((r) => r.target === o.target && r.limit === name && (o.identities === undefined || r.identities === o.identities));
    // One naming no identities may have been reviewed into two plans before either was applied (the
    // PR's plan could not see the journal): once the journal shows another reviewed plan over this
    // limit applied with it, it is spent for this one too (rv79). A resumed run of this plan is not another.
    const spent = used && o.identities === undefined ? usedUp(name, binding.applied, at, used.fingerprint) : undefined;
    if (spent) return spent;
    if (used && identities.every((id) => used.counted.has(id))) return undefined;
    const others = used ? identities.filter((id) => !used.counted.has(id)) : identities;
    return used
      ? `the reviewed plan used it for ${used.counted.size} identities, and ${others.length} of these are not among them (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", …" : ""})`
      : "the reviewed plan did not use it; an override lets through only the plan it was reviewed for";
  }
  if (o.identities !== undefined) return `it names other identities (${o.identities.slice(0, 19)}…) than the ${identities.length} counted now (${digest.slice(0, 19)}…): it was reviewed for another plan`;
  return usedUp(name, binding.applied, at);
}

/** Why an override naming no identities is used up: a reviewed plan over this limit (other than `except`) applied here, as the journal shows. */
function usedUp(name: LimitName, applied: OverrideBinding["applied"], at: { base: number; limit: LimitSetting; floor: number }, except?: string): string | undefined {
  const plan = (applied ?? []).find((p) => p.fingerprint !== except && exceeds(Object.entries(p.actions).reduce((sum, [a, k]) => sum + (counts(name, a as Action) ? k ?? 0 : 0), 0), at.base, at.limit, at.floor) !== undefined);
  return plan ? `it names no identities, and apply already carried out ${except ? "another " : "a "}reviewed plan over this limit with it (${plan.line}): it is used up` : undefined;
}

/** The overrides a reviewed plan used, each with the identities its limit counted there: what apply's re-plan is held to. */
export function reviewedOverrides(plan: Pick<Plan, "overrides" | "changes" | "fingerprint">): ReviewedOverride[] {
  return plan.overrides.map((o) => {
    const limit = o.limit as LimitName;
    const counted = new Set(plan.changes.filter((c) => c.target === o.target && Object.hasOwn(COUNTED, limit) && counts(limit, c.action)).map((c) => c.identity));
    return { target: o.target, limit: o.limit, ...(o.identities ? { identities: o.identities } : {}), counted, fingerprint: plan.fingerprint };
  });
}

function exceeds(n: number, base: number, limit: LimitSetting, floor: number): string | undefined {
  if (limit.count !== undefined && n > limit.count) return `${n} > ${limit.count}`;
  if (limit.percent !== undefined && base >= floor && base > 0 && (n / base) * 100 > limit.percent) {
    return `${((n / base) * 100).toFixed(1)}% of ${base} > ${limit.percent}%`;
  }
  return undefined;
}

/** Whether the target's new accounts are invitations (TargetCapabilities.invitesAccounts: github). */
export function invitesAccounts(config: ProjectConfig, target: string): boolean {
  const type = config.targets[target]?.type as TargetType | undefined;
  return (type !== undefined && TARGET_CAPABILITIES[type]?.invitesAccounts) === true;
}
