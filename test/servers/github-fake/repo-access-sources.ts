// Where a user's access to a repository comes from, as GitHub answers it. Two answers depend on it:
// - REST "List repository collaborators": "The `role_name` is the highest role assigned to the
//   collaborator after considering all sources of grants, including: repo, teams, organization,
//   and enterprise. There is presently not a way to differentiate between an organization level
//   grant and a repository level grant from this endpoint response." (the operation's description
//   in @octokit/openapi's api.github.com.json, docs.github.com/en/rest/collaborators/collaborators#list-repository-collaborators)
// - GraphQL RepositoryCollaboratorEdge.permissionSources: "A list of sources for the user's access
//   to the repository", each a PermissionSource { permission, roleName, source: Organization |
//   Repository | Team } (docs.github.com/en/graphql/reference/objects#permissionsource).
// The fake models the sources it knows: the direct grant, teams (a child team's members get its
// parent's access: "Child teams inherit the parent's access permissions"), org owners (admin on
// every repository) and custom organization roles with a base role. No enterprise, no base permission.
import type { FakeOrg, FakeRepo, RepoRole } from "./state.js";

export const RANK: readonly RepoRole[] = ["read", "triage", "write", "maintain", "admin"];

/** `custom`: a direct grant of a custom repository role, whose base role is `role`. */
export type AccessSource = { kind: "repository"; role: RepoRole; custom?: string } | { kind: "team"; team: string; role: RepoRole } | { kind: "organization"; role: RepoRole };

/** Every source of the user's access to the repository: the direct grant first, then teams by slug, then the organization. */
export function accessSources(org: FakeOrg, repo: FakeRepo, userId: number): AccessSource[] {
  const out: AccessSource[] = [];
  const direct = repo.collaborators.get(userId);
  const custom = repo.customRoles?.get(userId);
  if (direct) out.push({ kind: "repository", role: direct, ...(custom ? { custom } : {}) });
  for (const team of [...org.teams.values()].sort((a, b) => (a.slug < b.slug ? -1 : 1))) {
    const role = team.repos.get(repo.name);
    if (role && org.effectiveMembers(team.slug).has(userId)) out.push({ kind: "team", team: team.slug, role });
  }
  if (org.members.get(userId) === "admin") out.push({ kind: "organization", role: "admin" });
  for (const r of org.orgRoles.values()) {
    if (!r.baseRole) continue;
    const viaTeam = [...r.teams].some((slug) => org.effectiveMembers(slug).has(userId));
    if (r.users.has(userId) || viaTeam) out.push({ kind: "organization", role: r.baseRole });
  }
  return out;
}

/** The highest role of the sources (what `role_name` answers). */
export function highestRole(sources: readonly AccessSource[]): RepoRole {
  let best = 0;
  for (const s of sources) best = Math.max(best, RANK.indexOf(s.role));
  return RANK[best]!;
}
