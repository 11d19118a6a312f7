// A team's own repository access: `repo:<name>:<role>` held by the team (the policy's
// `groupGrants: { team:<slug>: [...] }`), read with GET /orgs/{org}/teams/{slug}/repos and changed
// with PUT/DELETE /orgs/{org}/teams/{slug}/repos/{org}/{repo}. Its members get that access through
// the team: it is never read as their own `repo:` entitlement (collaborators are listed with
// affiliation=direct), just as a child team's membership is not the parent's.
import type { Change } from "../../model/change.js";
import type { TargetGroup } from "../../model/target-state.js";
import type { ApplyOutcome } from "../connector.js";
import type { GithubApi } from "./api.js";
import { refusal } from "./errors.js";
import { API_PERMISSION, refuseReplacing, replacement } from "./repo-access.js";
import type { CustomRepoRoles } from "./custom-repo-roles.js";
import { GITHUB_REPO as REPO } from "../../model/github-entitlements.js";

const PAGE = { per_page: 100 } as const;

/** Every team's access to the repositories scopesync reads (options.repositories). */
export async function readTeamRepositories(api: GithubApi, teams: ReadonlyArray<{ slug: string; parent?: { slug: string } | null }>, managed: readonly string[]): Promise<TargetGroup[]> {
  const names = new Map(managed.map((r) => [r.toLowerCase(), r]));
  const groups: TargetGroup[] = [];
  // A child team's members get its parent's access too: the parent is kept so the planner counts it (plan/conferred.ts).
  const parents = new Map(teams.flatMap((t) => (t.parent ? [[t.slug, t.parent.slug] as const] : [])));
  for (const slug of teams.map((t) => t.slug).sort()) {
    const repos = await teamRepos(api, slug);
    const holds = repos.flatMap((r) => {
      const name = names.get(r.name.toLowerCase());
      return name ? [`repo:${name}:${r.role}`] : [];
    });
    const parent = parents.get(slug);
    groups.push({ entitlement: `team:${slug}`, holds: holds.sort(), ...(parent ? { parent: `team:${parent}` } : {}) });
  }
  return groups;
}

async function teamRepos(api: GithubApi, slug: string): Promise<Array<{ name: string; role: string }>> {
  const { octokit, org } = api;
  const list = await api.call(`list the repositories of team "${slug}"`, () => octokit.paginate(octokit.rest.teams.listReposInOrg, { org, team_slug: slug, ...PAGE }));
  // Only the org's own repositories: a team can also hold forks elsewhere, which are not ours.
  return list.filter((r) => r.owner.login.toLowerCase() === org.toLowerCase()).map((r) => ({ name: r.name, role: r.role_name ?? roleOf(r.permissions) }));
}

/** Older servers give no role_name: the highest permission the team has. */
function roleOf(p: { admin?: boolean; maintain?: boolean; push?: boolean; triage?: boolean; pull?: boolean } | undefined): string {
  return p?.admin ? "admin" : p?.maintain ? "maintain" : p?.push ? "write" : p?.triage ? "triage" : "read";
}

/**
 * grant: PUT sets the team's role on the repository (added, or raised in place; never lowered, and
 * a custom role held is replaced only as the plan's rule allows: repo-access.ts refuseReplacing(),
 * as for a person, by the base roles of `customRoles`); revoke: DELETE,
 * only while the team still holds the role being revoked, so a re-run or a role changed since the
 * plan is `unchanged`; a revoke `replacedBy` another role changes the role in place instead.
 */
export async function applyTeamRepoAccess(api: GithubApi, change: Change, slug: string, customRoles?: CustomRepoRoles): Promise<ApplyOutcome> {
  const entitlement = change.entitlement ?? "";
  const m = REPO.exec(entitlement);
  if (!m) throw refusal(api.settings.name, `unknown entitlement "${entitlement}" for team "${slug}"`, 'a team holds "repo:<name>:<read|triage|write|maintain|admin>" (groupGrants in the app policy); fix the entitlement');
  const repo = m[1]!;
  const role = m[2]!;
  const { octokit, org } = api;
  const current = (await teamRepos(api, slug)).find((r) => r.name.toLowerCase() === repo.toLowerCase())?.role;
  const setRole = (to: string): Promise<unknown> =>
    api.call(`give team "${slug}" ${to} access to ${org}/${repo}`, () => octokit.rest.teams.addOrUpdateRepoPermissionsInOrg({ org, team_slug: slug, owner: org, repo, permission: API_PERMISSION[to] ?? to }));
  if (change.action === "grant") {
    if (current === role) return { status: "unchanged" };
    await refuseReplacing(api, customRoles, `team "${slug}"`, repo, current, role, slug);
    await setRole(role);
    return { status: "applied" };
  }
  if (current !== role) return { status: "unchanged" };
  // A role change (replacedBy): lowered in place here, or raised in place by the grant.
  const replaced = replacement(role, change.replacedBy);
  if (replaced === "grant-replaces") return { status: "unchanged" };
  if (replaced) {
    await setRole(replaced.lower);
    return { status: "applied" };
  }
  const done = await api.optional(`remove team "${slug}" from ${org}/${repo}`, () => octokit.rest.teams.removeRepoInOrg({ org, team_slug: slug, owner: org, repo }));
  return { status: done === undefined ? "unchanged" : "applied" };
}
