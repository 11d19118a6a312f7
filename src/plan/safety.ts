import type { AppPolicyDoc, LimitSetting, ProjectConfig, SafetyLimits } from "../model/documents.js";
import type { Identity } from "../model/identity.js";
import { normaliseLogin } from "../model/keys.js";
import { isExpired } from "../model/time.js";
import type { TargetState } from "../model/target-state.js";
import type { Change } from "../model/change.js";
import type { AppliedOverride } from "./plan.js";
import { append } from "../model/append.js";
import type { PolicyRepo } from "../model/policy-repo.js";
import { breakGlassReasons } from "./break-glass.js";
import { DEFAULT_MIN_ADMINS, GITHUB_OWNER_ROLE } from "../model/github-owners.js";

export interface SafetyResult { blockedReasons: string[]; overrides: AppliedOverride[] }

type LimitName = "deletes" | "disables" | "removals" | "changes";

const COUNTED: Record<LimitName, (c: Change) => boolean> = {
  deletes: (c) => c.action === "delete-account",
  // Entra counts disables as deletions; so do we: both take an account away.
  disables: (c) => c.action === "disable-account" || c.action === "delete-account",
  removals: (c) => c.action === "revoke" || c.action === "revoke-credential",
  changes: () => true,
};

/**
 * Safety limits of one target (count and percentage, percentages only above the floor) and its
 * lockout guards. Over a limit the plan is blocked; the way past is an override committed in
 * scopesync.yaml and recorded in the plan, never a hidden flag. `list` is the target's changes.
 */
export function targetLimits(target: string, list: readonly Change[], state: TargetState | undefined, config: ProjectConfig, policy: AppPolicyDoc | undefined, now: number, groupNamesIgnoreCase = false): SafetyResult {
  const blockedReasons: string[] = [];
  const overrides: AppliedOverride[] = [];
  if (list.length === 0) return { blockedReasons, overrides };
  const limits: SafetyLimits = { ...config.safety?.default, ...config.safety?.targets?.[target] };
  const accounts = state?.accounts.length ?? 0;
  const assignments = state?.accounts.reduce((n, a) => n + a.entitlements.length, 0) ?? 0;
  for (const name of ["deletes", "disables", "removals", "changes"] as const) {
    const limit = limits[name];
    if (!limit) continue;
    const n = list.filter(COUNTED[name]).length;
    // What the target holds: accounts for account actions, assignments for removals, both for all.
    const base = name === "removals" ? assignments : name === "changes" ? accounts + assignments : accounts;
    const over = exceeds(n, base, limit, limits.floor ?? 10);
    if (!over) continue;
    const override = (config.safety?.overrides ?? []).find((o) => o.target === target && o.limit === name && o.allow >= n && !(o.expiresAt && isExpired(o.expiresAt, now)));
    if (override) {
      overrides.push({ target, limit: name, allow: override.allow, reason: override.reason });
      continue;
    }
    blockedReasons.push(`${target}: ${n} ${name} exceed the safety limit (${over}); if this is intended, commit safety.overrides: [{ target: ${target}, limit: ${name}, allow: ${n}, reason: "…" }] in scopesync.yaml`);
  }
  const runAs = config.targets[target]?.runAs;
  if (runAs) {
    const me = normaliseLogin(runAs);
    const hits = list.filter((c) => c.login !== undefined && normaliseLogin(c.login) === me && (c.action === "disable-account" || c.action === "delete-account" || c.action === "revoke" || c.action === "revoke-credential"));
    for (const hit of hits) blockedReasons.push(`${target}: the plan would ${hit.action}${hit.entitlement ? ` ${hit.entitlement}` : ""} for ${runAs}, the account scopesync itself runs as (targets.${target}.runAs); that would lock scopesync out`);
  }
  // The policy's guard, and beside it the connector's owner rule where the policy's does not
  // already ask for as many owners (its entitlement may be a team, which keeps no one an owner).
  const owners = connectorOwnerGuard(config, target);
  const covered = owners !== undefined && policy?.admins?.entitlement === owners.entitlement && policy.admins.minimum >= owners.minimum;
  for (const admins of [policy?.admins, covered ? undefined : owners]) {
    if (admins && state) append(blockedReasons, adminGuard(target, list, state, admins, groupNamesIgnoreCase));
  }
  return { blockedReasons, overrides };
}

/**
 * The github connector refuses any change that leaves the org fewer owners than its `minAdmins`
 * (default 1), whatever the policy says. A plan it would carry out only in part (the team revokes
 * done, the last owner's demotion and removal refused) is blocked here instead, before review.
 */
function connectorOwnerGuard(config: ProjectConfig, target: string): { entitlement: string; minimum: number; why: string } | undefined {
  const entry = config.targets[target];
  if (entry?.type !== "github") return undefined;
  const set = (entry.options as { minAdmins?: unknown } | undefined)?.minAdmins;
  const minimum = typeof set === "number" ? set : DEFAULT_MIN_ADMINS;
  return { entitlement: GITHUB_OWNER_ROLE, minimum, why: ` (targets.${target}.options.minAdmins${typeof set === "number" ? "" : `, default ${DEFAULT_MIN_ADMINS}`}: apply refuses to leave fewer org owners)` };
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
  return { blockedReasons: [...new Set([...parts.flatMap((p) => p.blockedReasons), ...breakGlassReasons(changes, identities, repo)])], overrides: parts.flatMap((p) => p.overrides) };
}

function exceeds(n: number, base: number, limit: LimitSetting, floor: number): string | undefined {
  if (limit.count !== undefined && n > limit.count) return `${n} > ${limit.count}`;
  if (limit.percent !== undefined && base >= floor && base > 0 && (n / base) * 100 > limit.percent) {
    return `${((n / base) * 100).toFixed(1)}% of ${base} > ${limit.percent}%`;
  }
  return undefined;
}

/**
 * Whether an entitlement is the admins one, compared as the planner and drift compare names: a
 * target whose group names ignore case (SCIM displayName) holds `group:Admins` for `group:admins`.
 */
function isAdminsEntitlement(admins: string, ignoreCase: boolean): (entitlement: string | undefined) => boolean {
  if (!ignoreCase || !admins.startsWith("group:")) return (e) => e === admins;
  const folded = admins.toLowerCase();
  return (e) => e !== undefined && e.startsWith("group:") && e.toLowerCase() === folded;
}

/** Counts the admins the target keeps after the plan; fewer than the minimum blocks. */
function adminGuard(target: string, changes: readonly Change[], state: TargetState, admins: { entitlement: string; minimum: number; why?: string }, ignoreCase: boolean): string[] {
  const isAdmins = isAdminsEntitlement(admins.entitlement, ignoreCase);
  // A pending invitation (github: attributes.pending) holds nothing until it is accepted.
  const holders = new Set(state.accounts.filter((a) => a.active && a.attributes.pending !== "true" && a.entitlements.some(isAdmins)).map((a) => a.login.toLowerCase()));
  const before = holders.size;
  for (const c of changes) {
    const login = c.login?.toLowerCase();
    if (!login) continue;
    if ((c.action === "revoke" && isAdmins(c.entitlement)) || c.action === "disable-account" || c.action === "delete-account") holders.delete(login);
  }
  for (const c of changes) if (c.action === "grant" && isAdmins(c.entitlement) && c.login) holders.add(c.login.toLowerCase());
  if (holders.size >= admins.minimum || holders.size >= before) return [];
  return [`${target}: after this plan ${holders.size} account(s) would hold ${admins.entitlement} (now ${before}); the minimum is ${admins.minimum}${admins.why ?? ""}; grant ${admins.entitlement} to another person in the same plan first`];
}
