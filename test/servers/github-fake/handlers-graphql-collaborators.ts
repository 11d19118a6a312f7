// GraphQL repository.collaborators(affiliation: DIRECT) with each edge's permissionSources: the one
// answer that tells a collaborator's direct grant (source: the Repository) from access through a
// team or the organization (GitHub GraphQL reference, objects RepositoryCollaboratorEdge and
// PermissionSource: docs.github.com/en/graphql/reference/objects#permissionsource). The REST list
// answers only the highest role of all sources (repo-access-sources.ts). The same connection on
// each node of organization.repositories (the org-wide query, org-collaborators.ts), with GitHub's
// limit on a page: "Values of first and last must be within 1-100" ("Rate limits and node limits
// for the GraphQL API", Node limit), which GitHub refuses as an error, not a shorter page.
import type { HandlerResult } from "./handlers.js";
import { accessSources, highestRole, type AccessSource } from "./repo-access-sources.js";
import type { FakeOrg, FakeRepo, RepoRole } from "./state.js";

/** Is this the collaborators query the fake serves? */
export function isCollaboratorsQuery(query: string): boolean {
  return /repository\(owner: \$owner, name: \$repo\)/.test(query) && /collaborators\(affiliation: DIRECT/.test(query) && /permissionSources/.test(query);
}

/** RepositoryPermission (the edge's `permission`) names every built-in role. */
const REPOSITORY_PERMISSION: Record<RepoRole, string> = { read: "READ", triage: "TRIAGE", write: "WRITE", maintain: "MAINTAIN", admin: "ADMIN" };
/** DefaultRepositoryPermissionField (a source's `permission`) has only NONE, READ, WRITE, ADMIN: triage reads as READ, maintain as WRITE. */
const DEFAULT_PERMISSION: Record<RepoRole, string> = { read: "READ", triage: "READ", write: "WRITE", maintain: "WRITE", admin: "ADMIN" };

export function collaboratorsAnswer(org: FakeOrg, vars: Record<string, unknown>): HandlerResult {
  const repo = vars.owner === org.org ? org.repoNamed(String(vars.repo)) : undefined;
  if (!repo) return { status: 200, body: { data: { repository: null }, errors: [{ type: "NOT_FOUND", path: ["repository"], message: `Could not resolve to a Repository with the name '${String(vars.owner)}/${String(vars.repo)}'.` }] } };
  const login = typeof vars.login === "string" ? vars.login.toLowerCase() : undefined;
  return { status: 200, body: { data: { repository: { collaborators: collaboratorsPage(org, repo, 100, login, vars.after) } } } };
}

/** Is this the org-wide query (organization.repositories, each node's direct collaborators)? */
export function isOrgCollaboratorsQuery(query: string): boolean {
  return /organization\(login: \$org\)/.test(query) && /repositories\(first: \d+, after: \$after, orderBy: \{field: NAME, direction: ASC\}\)/.test(query) && /collaborators\(affiliation: DIRECT, first: \d+\)/.test(query) && /permissionSources/.test(query);
}

/** organization.repositories ordered by name, `first` a page, each node with its first page of direct collaborators. */
export function orgCollaboratorsAnswer(org: FakeOrg, query: string, vars: Record<string, unknown>, violations: string[]): HandlerResult {
  const repositories = Number(/repositories\(first: (\d+)/.exec(query)![1]);
  const collaborators = Number(/collaborators\(affiliation: DIRECT, first: (\d+)\)/.exec(query)![1]);
  for (const [connection, first] of [["repositories", repositories], ["collaborators", collaborators]] as const) {
    if (first < 1 || first > 100) {
      violations.push(`POST /graphql: first: ${first} on ${connection}, outside GitHub's 1-100`);
      return { status: 200, body: { errors: [{ type: "EXCESSIVE_PAGINATION", message: `Requesting ${first} records on the \`${connection}\` connection exceeds the \`first\` limit of 100 records.` }] } };
    }
  }
  if (vars.org !== org.org) return { status: 200, body: { data: { organization: null }, errors: [{ type: "NOT_FOUND", path: ["organization"], message: `Could not resolve to an Organization with the login of '${String(vars.org)}'.` }] } };
  const repos = [...org.repos.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { page, pageInfo } = pageOf(repos, repositories, vars.after);
  const nodes = page.map((repo) => ({ name: repo.name, collaborators: collaboratorsPage(org, repo, collaborators, undefined, undefined) }));
  return { status: 200, body: { data: { organization: { repositories: { pageInfo, nodes } } } } };
}

/** `size` items after `after` (the fake's cursors: "cursor:<offset>", base64) and the connection's pageInfo. */
function pageOf<T>(items: readonly T[], size: number, after: unknown): { page: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } {
  const start = typeof after === "string" ? Number(Buffer.from(after, "base64").toString("utf8").replace("cursor:", "")) : 0;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { page, pageInfo: { hasNextPage: end < items.length, endCursor: page.length ? Buffer.from(`cursor:${end}`).toString("base64") : null } };
}

/** A page of a repository's collaborators (only `login`, lower case, if given) with each one's permission sources. */
function collaboratorsPage(org: FakeOrg, repo: FakeRepo, size: number, login: string | undefined, after: unknown): Record<string, unknown> {
  const users = [...repo.collaborators.keys()].map((id) => org.userById(id)).filter((u) => login === undefined || u.login.toLowerCase() === login).sort((a, b) => a.id - b.id);
  const { page, pageInfo } = pageOf(users, size, after);
  const source = (s: AccessSource): Record<string, unknown> =>
    s.kind === "repository" ? { __typename: "Repository", nameWithOwner: `${org.org}/${repo.name}` } : s.kind === "team" ? { __typename: "Team", slug: s.team } : { __typename: "Organization", login: org.org };
  const edges = page.map((u) => {
    const sources = accessSources(org, repo, u.id);
    return {
      node: { login: u.login, databaseId: u.id },
      permission: REPOSITORY_PERMISSION[highestRole(sources)],
      // A custom role's source names it (roleName) and its base's coarse permission.
      permissionSources: sources.map((s) => ({ permission: DEFAULT_PERMISSION[s.role], roleName: (s.kind === "repository" ? s.custom : undefined) ?? s.role, source: source(s) })),
    };
  });
  return { pageInfo, edges };
}
