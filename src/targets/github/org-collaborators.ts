// The direct collaborators of many repositories per GraphQL query. One repository.collaborators
// query per repository (direct-collaborators.ts) was 2,000 queries per live read of an org with
// 2,000 repositories (rv89); organization.repositories pages the org's repositories, and each
// node's collaborators(affiliation: DIRECT) is the same connection the per-repository query reads,
// with the same permissionSources (direct-collaborators.ts says why REST cannot tell a direct grant).
//
// Within GitHub's limits ("Rate limits and node limits for the GraphQL API",
// docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api): `first` is
// at most 100 on every connection; a call requests at most 500,000 nodes, and this one requests
// 50 repositories + 50 × 100 collaborators = 5,050; its primary-limit cost is the requests its
// connections need, divided by 100 and rounded, (1 + 50) / 100 → 1 point, as the per-repository
// query costs. A query without a mutation is 1 secondary-limit point (client.ts paces it as a GET).
// 50 repositories a page, not 100: GitHub computes every edge's permission sources and ends a
// request it takes more than 10 seconds to process ("Rate limits for the REST API" and the GraphQL
// page above, "Timeouts"); at 1 point either way, half a page keeps a page of busy repositories
// further from that, for twice the (few) requests. A timeout fails the read, retried by the runner.
import { TargetError } from "../target-error.js";
import type { GithubApi } from "./api.js";
import { directCollaborators, directOnPage, noCollaborators, type CollaboratorsPage, type DirectCollaborator } from "./direct-collaborators.js";

/** Repositories per query (see above). */
export const REPOSITORIES_PER_QUERY = 50;

const QUERY = `query($org: String!, $after: String) {
  organization(login: $org) {
    repositories(first: ${REPOSITORIES_PER_QUERY}, after: $after, orderBy: {field: NAME, direction: ASC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        name
        collaborators(affiliation: DIRECT, first: 100) {
          pageInfo { hasNextPage endCursor }
          edges { node { login databaseId } permissionSources { permission roleName source { __typename } } }
        }
      }
    }
  }
}`;

interface Page {
  organization: {
    repositories: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{ name: string; collaborators: CollaboratorsPage | null }>;
    } | null;
  } | null;
}

/**
 * The direct collaborators of the org's repositories for one read (a new one per read: nothing is
 * kept past it). `orgRepos`: the repositories the read listed (REST, GET /orgs/{org}/repos); each
 * is answered from the org-wide query, and one that query did not list by its own query, so that
 * a repository the two lists disagree on is read, never taken for one without collaborators.
 */
export class OrgCollaborators {
  private all: Promise<Map<string, DirectCollaborator[]>> | undefined;

  constructor(
    private readonly api: GithubApi,
    private readonly orgRepos: readonly string[],
  ) {}

  /** The direct collaborators of each of `repos`, by repository, in the order GitHub lists them. */
  async of(repos: readonly string[]): Promise<Map<string, DirectCollaborator[]>> {
    // Fewer repositories than the org-wide query's pages (a short options.repositories list on a
    // large org): one query each costs less, unless the org-wide one was read already.
    const fewer = this.all === undefined && repos.length <= Math.ceil(this.orgRepos.length / REPOSITORIES_PER_QUERY);
    const known = fewer ? new Map<string, DirectCollaborator[]>() : await (this.all ??= this.readAll());
    const out = new Map<string, DirectCollaborator[]>();
    for (const repo of repos) out.set(repo, known.get(repo) ?? (await directCollaborators(this.api, repo)));
    return out;
  }

  private async readAll(): Promise<Map<string, DirectCollaborator[]>> {
    const { api } = this;
    const { org } = api;
    const byRepo = new Map<string, DirectCollaborator[]>();
    let after: string | null = null;
    for (;;) {
      const cursor = after;
      const page: Page = await api.call(`list the direct collaborators of ${org}'s repositories (GraphQL)`, () => api.octokit.graphql<Page>(QUERY, { org, after: cursor }));
      const repositories = page.organization?.repositories;
      if (!repositories) throw new TargetError(api.settings.name, `GitHub answered no repositories for ${org} (GraphQL organization.repositories)`, { hint: `check that the token can read ${org}'s repositories (repository Metadata: read and organization Members: read)` });
      for (const node of repositories.nodes) {
        const list = node.collaborators;
        if (!list) throw noCollaborators(api, node.name);
        const first = directOnPage(api, node.name, list);
        // More than a page of collaborators: the rest by the repository's own query, from this page's end.
        byRepo.set(node.name, list.pageInfo.hasNextPage ? first.concat(await directCollaborators(api, node.name, undefined, list.pageInfo.endCursor)) : first);
      }
      if (!repositories.pageInfo.hasNextPage) return byRepo;
      after = repositories.pageInfo.endCursor;
    }
  }
}
