// An outside collaborator's direct role on each repository of the org that options.repositories
// does not cover, as `attributes["repoRole:<repo>"]` (where it covers one, the role is a `repo:`
// entitlement: repo-access.ts). An outside collaborator is "a person who isn't explicitly a member
// of your organization, but who has Read, Write, or Admin permissions to one or more repositories"
// (GitHub docs, "Adding outside collaborators to repositories in your organization"), and
// "Removing a user from this list will remove them from all the organization's repositories"
// (REST, "Remove outside collaborator from an organization"): what their offboarding takes is
// exactly these roles. Unread, a mistaken offboarding took a vendor's maintain on firmware and
// nothing named it, and the return could not say what it does not give back (rv62 #3).
// Read only when the org has outside collaborators: one request per repository not covered.
import { OUTSIDE_COLLABORATOR } from "../../model/non-member-accounts.js";
import type { AccountBeingRead } from "../../model/target-state.js";
import type { GithubApi } from "./api.js";
import { directCollaborators } from "./direct-collaborators.js";

const PAGE = { per_page: 100 } as const;

/** The attribute that holds an outside collaborator's role on `repo` (plan/lost-for-good.ts reads it). */
export const repoRoleAttribute = (repo: string): string => `repoRole:${repo}`;

/** Sets each outside collaborator's `repoRole:<repo>` for the org's repositories options.repositories does not cover. */
export async function readOutsideRepoRoles(api: GithubApi, accounts: ReadonlyMap<string, AccountBeingRead>): Promise<void> {
  const { octokit, org, settings } = api;
  if (settings.repositories === "all") return;
  const byId = new Map<string, AccountBeingRead>();
  for (const a of accounts.values()) if (a.attributes[OUTSIDE_COLLABORATOR] === "true") byId.set(a.id, a);
  if (byId.size === 0) return;
  const covered = new Set(settings.repositories === "none" ? [] : settings.repositories);
  const listed = await api.call(`list the repositories of ${org}`, () => octokit.paginate(octokit.rest.repos.listForOrg, { org, type: "all", ...PAGE }));
  const repos = listed.map((r) => r.name).filter((name) => !covered.has(name)).sort();
  // The direct grant, as for a covered repository (direct-collaborators.ts): an outside collaborator holds no other.
  for (const repo of repos) {
    for (const c of await directCollaborators(api, repo)) {
      const account = byId.get(String(c.id));
      if (account) account.attributes[repoRoleAttribute(repo)] = c.role;
    }
  }
}
