// The admins guard (docs/formats.md, "Admins guard"): how many active accounts hold a target's
// admins entitlement after a list of changes. One count for the plan (plan/safety.ts, over every
// change planned) and for apply (apply/admins-hold.ts, over what one run really applies), so that
// a plan the guard lets through is never carried out in a way that leaves the target without its
// admins. What holds nothing yet:
// - a pending invitation, and a grant to one: GitHub lists an invited user's membership as
//   `state: pending` ("The pending state indicates the user has not yet accepted an invitation",
//   OrgMembership in github/rest-api-description), and `GET /orgs/{org}/members?role=admin`
//   (https://docs.github.com/en/rest/orgs/members#list-organization-members), which the connector
//   counts before it demotes or removes an owner, does not list them;
// - on a target whose new accounts are invitations (`invitesAccounts`: GitHub), a grant to an
//   account the same changes create or enable: apply invites them, and they hold nothing until
//   they accept (which may take the invitation's 7 days, or never come).
import type { AdminsGuard, AdminsNow } from "../model/admins-guard.js";
import type { Change } from "../model/change.js";
import type { AppPolicyDoc, ProjectConfig } from "../model/documents.js";
import type { Finding } from "../model/finding.js";
import { DEFAULT_MIN_ADMINS, GITHUB_OWNER_ROLE } from "../model/github-owners.js";
import type { TargetState } from "../model/target-state.js";
import { unknownGuardReason } from "./admins-guard-names.js";

/** What of a target's kind the count depends on (its TargetCapabilities). */
export interface AdminsTraits {
  groupNamesIgnoreCase: boolean;
  invitesAccounts: boolean;
}

/**
 * The guards of one target: the policy's `admins`, and beside it the github connector's owner rule
 * where the policy's does not already ask for as many owners (its entitlement may be a team, which
 * keeps no one an owner).
 */
export function adminsGuardsOf(target: string, config: ProjectConfig, policy: AppPolicyDoc | undefined): AdminsGuard[] {
  const owners = connectorOwnerGuard(config, target);
  const own: AdminsGuard | undefined = policy?.admins ? { entitlement: policy.admins.entitlement, minimum: policy.admins.minimum, setBy: `admins.minimum in the app policy of target "${target}"`, fromPolicy: true } : undefined;
  const covered = owners !== undefined && own?.entitlement === owners.entitlement && own.minimum >= owners.minimum;
  return [own, covered ? undefined : owners].filter((g): g is AdminsGuard => g !== undefined);
}

/**
 * The github connector refuses any change that leaves the org fewer owners than its `minAdmins`
 * (default 1), whatever the policy says. A plan it would carry out only in part (the team revokes
 * done, the last owner's demotion and removal refused) is blocked instead, before review.
 */
function connectorOwnerGuard(config: ProjectConfig, target: string): AdminsGuard | undefined {
  const entry = config.targets[target];
  if (entry?.type !== "github") return undefined;
  const set = (entry.options as { minAdmins?: unknown } | undefined)?.minAdmins;
  const minimum = typeof set === "number" ? set : DEFAULT_MIN_ADMINS;
  return { entitlement: GITHUB_OWNER_ROLE, minimum, why: ` (targets.${target}.options.minAdmins${typeof set === "number" ? "" : `, default ${DEFAULT_MIN_ADMINS}`}: apply refuses to leave fewer org owners)`, setBy: `targets.${target}.options.minAdmins` };
}

/**
 * Whether an entitlement is the admins one, compared as the planner and drift compare names: a
 * target whose group names ignore case (SCIM displayName) holds `group:Admins` for `group:admins`.
 */
export function isAdminsEntitlement(admins: string, ignoreCase: boolean): (entitlement: string | undefined) => boolean {
  if (!ignoreCase || !admins.startsWith("group:")) return (e) => e === admins;
  const folded = admins.toLowerCase();
  return (e) => e !== undefined && e.startsWith("group:") && e.toLowerCase() === folded;
}

/** Who holds the guard's entitlement in the state, and who is only invited. */
export function adminsNow(state: TargetState, guard: AdminsGuard, ignoreCase: boolean): AdminsNow {
  const isAdmins = isAdminsEntitlement(guard.entitlement, ignoreCase);
  const holders = new Set<string>();
  const pending = new Set<string>();
  for (const a of state.accounts) {
    if (a.attributes.pending === "true") pending.add(a.login.toLowerCase());
    else if (a.active && a.entitlements.some(isAdmins)) holders.add(a.login.toLowerCase());
  }
  return { holders, pending };
}

/** The count after a list of changes, and the changes it turned on. */
export interface AdminsCount {
  before: number;
  after: number;
  /** The changes that take an admin away: a revoke of the entitlement, a disable or delete of a holder. */
  lowering: Change[];
  /** Grants of the entitlement counted as admins. */
  granted: Change[];
  /** Grants of the entitlement not counted: to an invitation, pending or made by these changes. */
  invited: Array<{ change: Change; pending: boolean }>;
}

/** Counts the admins the target keeps after `changes` (those of one target). */
export function countAdmins(now: AdminsNow, changes: readonly Change[], guard: AdminsGuard, traits: AdminsTraits): AdminsCount {
  const isAdmins = isAdminsEntitlement(guard.entitlement, traits.groupNamesIgnoreCase);
  const holders = new Set(now.holders);
  const lowering: Change[] = [];
  // On a target whose accounts start as invitations, one these changes create or enable is invited.
  const invitedHere = new Set<string>();
  for (const c of changes) {
    const login = c.login?.toLowerCase();
    if (!login) continue;
    if (now.holders.has(login) && ((c.action === "revoke" && isAdmins(c.entitlement)) || c.action === "disable-account" || c.action === "delete-account")) {
      holders.delete(login);
      lowering.push(c);
    }
    if (traits.invitesAccounts && (c.action === "create-account" || c.action === "enable-account")) invitedHere.add(login);
  }
  const granted: Change[] = [];
  const invited: AdminsCount["invited"] = [];
  for (const c of changes) {
    const login = c.login?.toLowerCase();
    if (c.action !== "grant" || !isAdmins(c.entitlement) || !login) continue;
    if (now.pending.has(login) || invitedHere.has(login)) invited.push({ change: c, pending: now.pending.has(login) });
    else {
      holders.add(login);
      granted.push(c);
    }
  }
  return { before: now.holders.size, after: holders.size, lowering, granted, invited };
}

/** Below the minimum, and lower than now: a target already below it is not blocked by a plan that does not lower it further. */
export function belowMinimum(count: Pick<AdminsCount, "before" | "after">, guard: AdminsGuard): boolean {
  return count.after < guard.minimum && count.after < count.before;
}

/** Logins of changes, for messages: "ben.tor", "dee-n and eve-k". */
export function whom(changes: readonly Change[]): string {
  const names = [...new Set(changes.map((c) => c.login ?? c.identity))];
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * The plan's guard over one target's changes: a blocked reason when the plan would leave it below
 * the minimum, and a warning when it stays at the minimum only through a grant in the same plan
 * (apply takes the admin away only together with that grant: apply/admins-hold.ts). A policy's
 * guard that names an entitlement the target does not have blocks too: it could never fire
 * (admins-guard-names.ts). `at`: where the policy writes the guard's entitlement.
 */
export function adminGuardReasons(target: string, changes: readonly Change[], state: TargetState, guard: AdminsGuard, traits: AdminsTraits, at?: string): { blockedReasons: string[]; findings: Finding[] } {
  const now = adminsNow(state, guard, traits.groupNamesIgnoreCase);
  // Only a guard that counts nobody can name nothing; the look at every entitlement is made only then.
  const unknown = guard.fromPolicy && now.holders.size === 0 ? unknownGuardReason(target, guard, state, changes, traits.groupNamesIgnoreCase, at) : undefined;
  if (unknown) return { blockedReasons: [unknown], findings: [] };
  const count = countAdmins(now, changes, guard, traits);
  if (belowMinimum(count, guard)) return { blockedReasons: [blockedReason(target, guard, count)], findings: [] };
  const withoutGrants = countAdmins(now, changes.filter((c) => !count.granted.includes(c)), guard, traits);
  if (count.granted.length === 0 || !belowMinimum(withoutGrants, guard)) return { blockedReasons: [], findings: [] };
  return { blockedReasons: [], findings: [needsGrantFinding(target, guard, withoutGrants, count.granted)] };
}

function blockedReason(target: string, guard: AdminsGuard, count: AdminsCount): string {
  const head = `${target}: after this plan ${count.after} account(s) would hold ${guard.entitlement} (now ${count.before}); the minimum is ${guard.minimum}${guard.why ?? ""}`;
  if (count.invited.length === 0) return `${head}; grant ${guard.entitlement} to another person in the same plan first`;
  const madeHere = count.invited.filter((i) => !i.pending).map((i) => i.change);
  const pending = count.invited.filter((i) => i.pending).map((i) => i.change);
  const notCounted = [
    ...(madeHere.length > 0 ? [`${whom(madeHere)}, whom this plan only invites`] : []),
    ...(pending.length > 0 ? [`${whom(pending)}, invited and not yet accepted`] : []),
  ].join("; ");
  // What satisfies the guard: an admin who holds it at once, or the invitation accepted first.
  const accepted = pending.length > 0 && madeHere.length === 0 ? "plan again once the invitation is accepted" : `lower ${guard.setBy} in a reviewed change until the invitation is accepted`;
  return `${head}; not counted: ${notCounted} (an invitation not yet accepted holds nothing); grant ${guard.entitlement} to an active member in the same plan, or ${accepted}`;
}

function needsGrantFinding(target: string, guard: AdminsGuard, withoutGrants: AdminsCount, granted: readonly Change[]): Finding {
  const leaving = whom(withoutGrants.lowering);
  return {
    rule: "admins-guard-needs-grant",
    severity: "warning",
    target,
    message: `${target}: ${guard.entitlement} keeps its minimum of ${guard.minimum} only through this plan's grant to ${whom(granted)}; without it, what this plan takes from ${leaving} would leave ${withoutGrants.after} (now ${withoutGrants.before}). apply takes it away only together with that grant: a run that holds the grant back (not reviewed yet, as in the daily sync's revocations) holds ${leaving}'s revocation back too, and fails`,
    remediation: `have this plan reviewed and applied, so that the grant goes out with the revocation; until then ${leaving} keeps ${guard.entitlement}`,
  };
}
