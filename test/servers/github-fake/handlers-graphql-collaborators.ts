// GraphQL repository.collaborators(affiliation: DIRECT) with each edge's permissionSources: the one
// answer that tells a collaborator's direct grant (source: the Repository) from access through a
// team or the organization (GitHub GraphQL reference, objects RepositoryCollaboratorEdge and
// PermissionSource: docs.github.com/en/graphql/reference/objects#permissionsource). The REST list
// answers only the highest role of all sources (repo-access-sources.ts).
import type { HandlerResult } from "./handlers.js";
import { accessSources, highestRole, type AccessSource } from "./repo-access-sources.js";
import type { FakeOrg, RepoRole } from "./state.js";

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
  const users = [...repo.collaborators.keys()].map((id) => org.userById(id)).filter((u) => login === undefined || u.login.toLowerCase() === login).sort((a, b) => a.id - b.id);
  const start = typeof vars.after === "string" ? Number(Buffer.from(vars.after, "base64").toString("utf8").replace("cursor:", "")) : 0;
  const page = users.slice(start, start + 100);
  const end = start + page.length;
  const source = (s: AccessSource): Record<string, unknown> =>
    s.kind === "repository" ? { __typename: "Repository", nameWithOwner: `${org.org}/${repo.name}` } : s.kind === "team" ? { __typename: "Team", slug: s.team } : { __typename: "Organization", login: org.org };
  const edges = page.map((u) => {
    const sources = accessSources(org, repo, u.id);
    return {
      node: { login: u.login, databaseId: u.id },
      permission: REPOSITORY_PERMISSION[highestRole(sources)],
      permissionSources: sources.map((s) => ({ permission: DEFAULT_PERMISSION[s.role], roleName: s.role, source: source(s) })),
    };
  });
  return { status: 200, body: { data: { repository: { collaborators: { pageInfo: { hasNextPage: end < users.length, endCursor: page.length ? Buffer.from(`cursor:${end}`).toString("base64") : null }, edges } } } } };
}
