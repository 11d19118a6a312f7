// Repository access: `repo:<name>:<role>` for direct collaborators, org members and outside
// collaborators alike (role: read, triage, write, maintain, admin, or a custom repository role's
// name: the role given on the repository itself, direct-collaborators.ts), and pending repository invitations, which count as
// access so a re-plan does not invite twice. An outside collaborator (direct access to a
// repository, no org membership) is an account with `attributes.outsideCollaborator = "true"`.
import { OUTSIDE_COLLABORATOR } from "../../model/non-member-accounts.js";
import { normaliseLogin } from "../../model/keys.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import { GITHUB_REPO as REPO } from "../../model/github-entitlements.js";
import type { ApplyOutcome } from "../connector.js";
import type { AccountBeingRead } from "../../model/target-state.js";
import type { GithubApi, GithubUser } from "./api.js";
import { directCollaborators } from "./direct-collaborators.js";
import { refusal } from "./errors.js";
import type { OrgCollaborators } from "./org-collaborators.js";
import type { CustomRepoRoles } from "./custom-repo-roles.js";
import { customRoleBase, replacedRoleKept, type RankedRole } from "../../model/custom-roles.js";

const PAGE = { per_page: 100 } as const;
/** The API's names for the built-in roles when granting (read is "pull", write is "push"). */
export const API_PERMISSION: Record<string, string> = { read: "pull", triage: "triage", write: "push", maintain: "maintain", admin: "admin" };

/** The repositories whose access scopesync reads and manages (options.repositories). */
export async function managedRepositories(api: GithubApi): Promise<string[]> {
  const { octokit, org, settings } = api;
  if (settings.repositories === "none") return [];
  if (settings.repositories !== "all") return settings.repositories;
  return (await api.call(`list the repositories of ${org}`, () => octokit.paginate(octokit.rest.repos.listForOrg, { org, type: "all", ...PAGE }))).map((r) => r.name);
}

/** `collaborators`: the read's (org-collaborators.ts), which answers repositories it has read already without asking again. */
export async function readRepositoryAccess(api: GithubApi, accounts: Map<string, AccountBeingRead>, repos: readonly string[], collaborators: OrgCollaborators): Promise<void> {
  const { octokit, org } = api;
  const accountOf = (login: string, id: number, pending: boolean): AccountBeingRead => {
    const key = normaliseLogin(login);
    let account = accounts.get(key);
    if (!account) {
      account = { id: String(id), login, active: true, attributes: { [OUTSIDE_COLLABORATOR]: "true", ...(pending ? { pending: "true" } : {}) }, entitlements: [] };
      accounts.set(key, account);
    } else if (!pending && account.attributes[OUTSIDE_COLLABORATOR]) {
      delete account.attributes.pending; // an accepted invitation elsewhere: a collaborator now
    }
    return account;
  };
  const sorted = [...repos].sort();
  // The direct grant only (direct-collaborators.ts): REST's role_name is the highest of every source.
  const direct = await collaborators.of(sorted);
  for (const repo of sorted) {
    for (const c of direct.get(repo)!) accountOf(c.login, c.id, false).entitlements.push(`repo:${repo}:${c.role}`);
    const invitations = await api.call(`list the invitations of ${org}/${repo}`, () => octokit.paginate(octokit.rest.repos.listInvitations, { owner: org, repo, ...PAGE }));
    for (const inv of invitations) if (inv.invitee) accountOf(inv.invitee.login, inv.invitee.id, true).entitlements.push(`repo:${repo}:${inv.permissions}`);
  }
}

/** The user's direct access to the repository now: a collaborator's role, or a pending invitation's. */
async function currentAccess(api: GithubApi, repo: string, user: GithubUser): Promise<{ role: string; invitation?: number } | undefined> {
  const { octokit, org } = api;
  const c = (await directCollaborators(api, repo, user.login)).find((x) => x.id === user.id);
  if (c) return { role: c.role };
  const invitations = await api.call(`list the invitations of ${org}/${repo}`, () => octokit.paginate(octokit.rest.repos.listInvitations, { owner: org, repo, ...PAGE }));
  const inv = invitations.find((i) => i.invitee?.id === user.id);
  return inv ? { role: inv.permissions, invitation: inv.id } : undefined;
}

/** The built-in roles from least to most access (as the planner ranks them); a custom role's rank is unknown (-1). */
const RANK = TARGET_CAPABILITIES.github.exclusiveRanks!;

/**
 * What a revoke that another role replaces (`replacedBy`, a role change) does: a lower built-in
 * role is set in place (taking access away, as a revoke may even unreviewed); a higher one is left
 * to the grant, which changes it in place; with a custom role, whose rank is unknown, the access
 * is removed as by any revoke.
 */
export function replacement(role: string, replacedBy: string | undefined): { lower: string } | "grant-replaces" | undefined {
  const to = replacedBy ? REPO.exec(replacedBy)?.[2] : undefined;
  if (to === undefined) return undefined;
  const from = RANK.indexOf(role);
  const next = RANK.indexOf(to);
  if (from < 0 || next < 0) return undefined;
  return next < from ? { lower: to } : "grant-replaces";
}

/**
 * Whether a grant of `to` would lower `from`, the role held now: both built-in, `to` ranked lower.
 * GitHub's PUT replaces the role, so such a grant takes access away that no reviewed revoke
 * lowered (a reviewed role change lowers through its revoke first: replacement()). The plan
 * grants no lower role over a higher one held (plan/held-higher-roles.ts); apply refuses it as a
 * backstop, for a role raised by hand since the plan or a plan made before that rule.
 */
export function lowersRole(from: string | undefined, to: string): boolean {
  if (from === undefined) return false;
  const next = RANK.indexOf(to.toLowerCase());
  return next >= 0 && RANK.indexOf(from.toLowerCase()) > next;
}

/**
 * Whether a grant of `to` would replace `from`, the role held now, where either is a custom
 * repository role: GitHub's PUT replaces it. A built-in grant over a custom role takes what the
 * custom role adds to its base role; a custom grant over any other role (rv98 M1: `maintain` given
 * by hand) gives the custom role's base, which may be lower. The plan grants neither over a role
 * it does not manage unless the org's list names the bases and the grant outranks the role held
 * (plan/held-higher-roles.ts; apply asks keepsCustomRole() the same); a role it manages is revoked
 * first, as a reviewed role change, so this grant finds no access left.
 */
export function replacesCustomRole(from: string | undefined, to: string): boolean {
  if (from === undefined || from.toLowerCase() === to.toLowerCase()) return false;
  return !RANK.includes(from.toLowerCase()) || !RANK.includes(to.toLowerCase());
}

/**
 * Whether a grant of `to` that replacesCustomRole() must still not replace `from`: always where a
 * custom role's base is not known (the org's list unread or not naming it), else by the plan's
 * own rule (model/custom-roles.ts), so that apply makes the grant a plan made over a custom role
 * whose base it outranks, and refuses the rest.
 */
export async function keepsCustomRole(roles: CustomRepoRoles | undefined, from: string, to: string): Promise<boolean> {
  const list = roles ? await roles.read() : undefined;
  const ranked = (role: string): RankedRole | undefined => {
    const rank = RANK.indexOf(role.toLowerCase());
    if (rank >= 0) return { rank, custom: false };
    const base = customRoleBase(list, role);
    return base === undefined || !RANK.includes(base) ? undefined : { rank: RANK.indexOf(base), custom: true };
  };
  const held = ranked(from);
  const wanted = ranked(to);
  return held === undefined || wanted === undefined || replacedRoleKept(held, wanted);
}

/** The error for a grant replacesCustomRole() refuses: `holder` is who holds the role; `team`, a team's slug where a team does. */
export function customReplacementRefused(api: GithubApi, holder: string, repo: string, from: string, to: string, team?: string): Error {
  const what = RANK.includes(from.toLowerCase())
    ? `${holder} holds ${from} on ${api.org}/${repo} now; GitHub replaces the role, so the grant of the custom role ${to}, whose base role may give less than ${from}, would replace it, and is not applied`
    : `${holder} holds the custom role ${from} on ${api.org}/${repo} now; GitHub replaces the role, so the grant of ${to} would take away what ${from} gives beyond its base role, and is not applied`;
  // A team holds exactly its groupGrants: the next plan revokes a role given it since as a reviewed change.
  const fix = team
    ? `to keep ${from}, put repo:${repo}:${from} in team:${team}'s groupGrants in the app policy instead of ${to}. To replace it, plan again: the plan revokes it as a reviewed role change`
    : `to keep ${from}, nothing needs doing. To replace it, take ${from} away in GitHub or map repo:${repo}:${from} in the app policy so that the plan revokes it as a reviewed role change; plan again either way`;
  return refusal(api.settings.name, what, fix);
}

/**
 * Refuses a grant of `to` over `from`, the role `holder` (a user, or team `team`) holds on the
 * repository now, that would lower it (lowersRole()) or replace a custom role the plan's rule keeps
 * (keepsCustomRole()): the one check a person's grant and a team's (team-repos.ts) both make.
 */
export async function refuseReplacing(api: GithubApi, roles: CustomRepoRoles | undefined, holder: string, repo: string, from: string | undefined, to: string, team?: string): Promise<void> {
  if (from === undefined) return;
  if (lowersRole(from, to)) throw loweringRefused(api, holder, repo, from, to, team);
  if (replacesCustomRole(from, to) && (await keepsCustomRole(roles, from, to))) throw customReplacementRefused(api, holder, repo, from, to, team);
}

/** The error for a grant lowersRole() refuses: `holder` is who holds the role (a user, a team); `team`, a team's slug where a team does. */
export function loweringRefused(api: GithubApi, holder: string, repo: string, from: string, to: string, team?: string): Error {
  // A team holds exactly its groupGrants: it keeps a role through them, and the next plan revokes one they do not give.
  const fix = team
    ? `To keep ${from}, put repo:${repo}:${from} in team:${team}'s groupGrants in the app policy instead of ${to}. To lower it, plan again: the plan revokes it as a reviewed role change`
    : `To lower it, take ${from} away in GitHub or map repo:${repo}:${from} in the app policy so that the plan revokes it as a reviewed role change; plan again either way`;
  return refusal(api.settings.name, `${holder} holds ${from} on ${api.org}/${repo} now, higher than the ${to} this grant gives; GitHub replaces the role, so the grant would lower it and is not applied`, `nothing is lost: ${from} already gives at least ${to} access. ${fix}`);
}

/**
 * grant: sets the role: GitHub adds a member at once and invites anyone else (GitHub Enterprise
 * Server adds them at once), changes an existing collaborator's role in place, and a pending
 * invitation's role is changed with PATCH (no new invitation); a role is never lowered by a grant
 * (lowersRole()). revoke: removes the direct access or cancels the invitation, only while it is
 * still the role being revoked; a revoke `replacedBy` another role (a role change) changes the role
 * in place instead (see replacement()).
 */
export async function applyRepoAccess(api: GithubApi, user: GithubUser, repo: string, role: string, grant: boolean, who: string, replacedBy?: string, customRoles?: CustomRepoRoles): Promise<ApplyOutcome> {
  const account = String(user.id);
  const { octokit, org } = api;
  const current = await currentAccess(api, repo, user);
  const setRole = async (to: string): Promise<void> => {
    const id = current?.invitation;
    if (id !== undefined && RANK.includes(to)) {
      await api.call(`change the invitation of ${who} to ${org}/${repo} to ${to}`, () => octokit.rest.repos.updateInvitation({ owner: org, repo, invitation_id: id, permissions: to as "read" }));
      return;
    }
    await api.call(`give ${who} ${to} access to ${org}/${repo}`, () => octokit.rest.repos.addCollaborator({ owner: org, repo, username: user.login, permission: API_PERMISSION[to] ?? to }));
  };
  if (grant) {
    if (current?.role === role) return { status: "unchanged", account };
    await refuseReplacing(api, customRoles, who, repo, current?.role, role);
    await setRole(role);
    return { status: "applied", account };
  }
  if (current?.role !== role) return { status: "unchanged", account };
  const replaced = replacement(role, replacedBy);
  if (replaced === "grant-replaces") return { status: "unchanged", account };
  if (replaced) {
    await setRole(replaced.lower);
    return { status: "applied", account };
  }
  if (current.invitation !== undefined) {
    const id = current.invitation;
    const done = await api.optional(`cancel the invitation of ${who} to ${org}/${repo}`, () => octokit.rest.repos.deleteInvitation({ owner: org, repo, invitation_id: id }));
    return { status: done === undefined ? "unchanged" : "applied", account };
  }
  await api.call(`remove ${who} from ${org}/${repo}`, () => octokit.rest.repos.removeCollaborator({ owner: org, repo, username: user.login }));
  return { status: "applied", account };
}

/** Is the user an outside collaborator of the org (direct access to a repository, not a member)? */
export async function isOutsideCollaborator(api: GithubApi, user: GithubUser): Promise<boolean> {
  const { octokit, org } = api;
  const outside = await api.call(`list the outside collaborators of ${org}`, () => octokit.paginate(octokit.rest.orgs.listOutsideCollaborators, { org, ...PAGE }));
  return outside.some((u) => u.id === user.id);
}
