// A repository's direct collaborators and the role each was given on the repository itself.
// Not REST: "List repository collaborators" answers `role_name` as "the highest role assigned to the
// collaborator after considering all sources of grants, including: repo, teams, organization, and
// enterprise. There is presently not a way to differentiate between an organization level grant and
// a repository level grant from this endpoint response" (its description,
// docs.github.com/en/rest/collaborators/collaborators#list-repository-collaborators), and
// GET …/collaborators/{username}/permission answers the same highest role. Read as the direct
// grant, a direct write under a team's admin read as admin: a mover's direct write was never
// revoked, and a direct grant in place was granted again by every plan.
// GraphQL's RepositoryCollaboratorEdge.permissionSources lists each source of the access
// (PermissionSource { permission, roleName, source: Organization | Repository | Team },
// docs.github.com/en/graphql/reference/objects#permissionsource): the Repository source is the
// direct grant. A collaborator with no Repository source holds nothing directly.
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import { TargetError } from "../target-error.js";
import type { GithubApi } from "./api.js";

/** One repository's direct collaborators, a page at a time (only `$login`, when not null). */
export const COLLABORATORS_QUERY = `query($owner: String!, $repo: String!, $login: String, $after: String) {
  repository(owner: $owner, name: $repo) {
    collaborators(affiliation: DIRECT, login: $login, first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { node { login databaseId } permissionSources { permission roleName source { __typename } } }
    }
  }
}`;

/** A page of repository.collaborators as the queries here ask for it (org-collaborators.ts too). */
export interface CollaboratorsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ node: { login: string; databaseId: number | null }; permissionSources: Array<{ permission: string; roleName?: string | null; source: { __typename: string } }> | null }>;
}

interface Page {
  repository: { collaborators: CollaboratorsPage | null } | null;
}

export interface DirectCollaborator { login: string; id: number; role: string }

const BUILT_IN = TARGET_CAPABILITIES.github.exclusiveRanks!;
/** DefaultRepositoryPermissionField, where a source names no role: NONE is no access. */
const BY_PERMISSION: Record<string, string> = { READ: "read", WRITE: "write", ADMIN: "admin" };

/**
 * The role of a Repository source: its `roleName` (a built-in role in lower case, or a custom
 * repository role's name as written), else its coarse `permission` (READ, WRITE, ADMIN).
 */
function roleOf(source: { permission: string; roleName?: string | null }): string | undefined {
  const name = source.roleName?.trim();
  if (name) return BUILT_IN.find((r) => r === name.toLowerCase()) ?? name;
  return BY_PERMISSION[source.permission];
}

/** GitHub answered `collaborators: null` for the repository (gone, or not readable by the token). */
export function noCollaborators(api: GithubApi, repo: string): TargetError {
  const { org } = api;
  return new TargetError(api.settings.name, `GitHub answered no collaborators for ${org}/${repo} (GraphQL repository.collaborators)`, { hint: `check that ${org}/${repo} exists and that the token can read its collaborators (repository Metadata: read and organization Members: read)` });
}

/** The direct collaborators of one page of `repo`'s collaborators, in the order GitHub lists them. */
export function directOnPage(api: GithubApi, repo: string, list: CollaboratorsPage): DirectCollaborator[] {
  const { org } = api;
  const out: DirectCollaborator[] = [];
  for (const e of list.edges) {
    const direct = (e.permissionSources ?? []).find((s) => s.source.__typename === "Repository");
    const role = direct ? roleOf(direct) : undefined;
    // No Repository source: the access is a team's or the organization's, none of it direct.
    if (role === undefined) continue;
    if (e.node.databaseId === null) throw new TargetError(api.settings.name, `GitHub answered no user id for ${e.node.login}, a direct collaborator of ${org}/${repo}`, { hint: "re-run the plan; if it persists, the account cannot be linked to its user id" });
    out.push({ login: e.node.login, id: e.node.databaseId, role });
  }
  return out;
}

/**
 * Direct collaborators of the repository (only `login`, if given) with their direct role, in the
 * order GitHub lists them; `after`: from the page after that cursor (the rest of a list whose
 * first page org-collaborators.ts read).
 */
export async function directCollaborators(api: GithubApi, repo: string, login?: string, after: string | null = null): Promise<DirectCollaborator[]> {
  const { org } = api;
  const out: DirectCollaborator[] = [];
  for (;;) {
    const cursor = after;
    const page: Page = await api.call(`list the direct collaborators of ${org}/${repo} (GraphQL)`, () => api.octokit.graphql<Page>(COLLABORATORS_QUERY, { owner: org, repo, login: login ?? null, after: cursor }));
    const list = page.repository?.collaborators;
    if (!list) throw noCollaborators(api, repo);
    for (const c of directOnPage(api, repo, list)) out.push(c);
    if (!list.pageInfo.hasNextPage) return out;
    after = list.pageInfo.endCursor;
  }
}
