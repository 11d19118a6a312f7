// Every path to the org's repositories that is not a membership, read for every repository of the
// org whatever `options.repositories` says (model/access-paths.ts says why each is its own path):
// - pending repository invitations (`repoInvitation:<repo>` = role). GitHub lists them only per
//   repository, GET /repos/{owner}/{repo}/invitations ("list all currently open repository
//   invitations", Administration: read; https://docs.github.com/en/rest/collaborators/invitations):
//   read only for options.repositories before, a terminated contractor's invitation was in no plan
//   and was accepted after the offboarding. An invitee the read knows nothing else of is an
//   account of its own: an outside collaborator `pending` while only invited.
// - each outside collaborator's direct role on each repository (`collaborator:<repo>` = role), the
//   Repository source of GraphQL's permissionSources as direct-collaborators.ts reads it, 50
//   repositories a query (org-collaborators.ts): the plan
//   names what a removal takes, also for an outside collaborator who is invited to the org (whose
//   removal only cancelled the invitation before, leaving the repository access).
// Failing to read any of it fails the read (a 403 names the missing permission): a leaver's path
// left unread must never look like no path.
import { COLLABORATOR_ATTRIBUTE, REPO_INVITATION_ATTRIBUTE } from "../../model/access-paths.js";
import { OUTSIDE_COLLABORATOR } from "../../model/non-member-accounts.js";
import { normaliseLogin } from "../../model/keys.js";
import type { AccountBeingRead } from "../../model/target-state.js";
import type { GithubApi } from "./api.js";
import { OrgCollaborators } from "./org-collaborators.js";

const PAGE = { per_page: 100 } as const;

/** A repository of the org as its list gives it: `archived` ones take no change of access (archived.ts). */
export interface OrgRepository { name: string; archived: boolean }

/** Every repository of the org, sorted by name. */
export async function orgRepositoryList(api: GithubApi): Promise<OrgRepository[]> {
  const { octokit, org } = api;
  const repos = await api.call(`list the repositories of ${org}`, () => octokit.paginate(octokit.rest.repos.listForOrg, { org, type: "all", ...PAGE }));
  return repos.map((r) => ({ name: r.name, archived: r.archived === true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The names of every repository of the org, sorted. */
export async function orgRepositories(api: GithubApi): Promise<string[]> {
  return (await orgRepositoryList(api)).map((r) => r.name);
}

/** A repository's pending invitations (only those to a GitHub user: an invitee is always one). */
export async function repoInvitations(api: GithubApi, repo: string): Promise<Array<{ id: number; userId: number; login: string; role: string }>> {
  const { octokit, org } = api;
  const list = await api.call(`list the invitations of ${org}/${repo}`, () => octokit.paginate(octokit.rest.repos.listInvitations, { owner: org, repo, ...PAGE }));
  return list.flatMap((inv) => (inv.invitee ? [{ id: inv.id, userId: inv.invitee.id, login: inv.invitee.login, role: inv.permissions }] : []));
}

/**
 * Records every account's paths to repositories (see above); `outside`: the ids GET
 * /orgs/{org}/outside_collaborators listed. Returns the org's repositories it read, archived ones
 * marked (an archived repository's access is still access, read-only: archived.ts), and their
 * direct collaborators for the rest of the read (repo-access.ts asks them again at no cost).
 */
export async function readAccessPaths(api: GithubApi, accounts: Map<string, AccountBeingRead>, outside: ReadonlySet<string>): Promise<{ repos: OrgRepository[]; collaborators: OrgCollaborators }> {
  const repos = await orgRepositoryList(api);
  const collaborators = new OrgCollaborators(api, repos.map((r) => r.name));
  const direct = outside.size > 0 ? await collaborators.of(repos.map((r) => r.name)) : new Map<string, never[]>();
  for (const { name: repo } of repos) {
    for (const c of direct.get(repo) ?? []) {
      const account = accounts.get(normaliseLogin(c.login));
      if (account && outside.has(String(c.id))) account.attributes[`${COLLABORATOR_ATTRIBUTE}${repo}`] = c.role;
    }
    for (const inv of await repoInvitations(api, repo)) {
      const key = normaliseLogin(inv.login);
      let account = accounts.get(key);
      if (!account) {
        account = { id: String(inv.userId), login: inv.login, active: true, attributes: { [OUTSIDE_COLLABORATOR]: "true", pending: "true" }, entitlements: [] };
        accounts.set(key, account);
      }
      account.attributes[`${REPO_INVITATION_ATTRIBUTE}${repo}`] = inv.role;
    }
  }
  return { repos, collaborators };
}
