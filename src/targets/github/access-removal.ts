// A leaver's paths to the org's repositories that removing the membership does not touch (see
// model/access-paths.ts): outside-collaborator access and pending repository invitations. Each is
// removed and then read again, as membership-removal.ts does for the membership: before, a
// removal that only cancelled the org invitation of an outside collaborator, or only removed the
// outside collaborator and not their repository invitation, was journalled `applied` while the
// contractor kept (or could accept) write or admin on a repository.
import { TargetError } from "../target-error.js";
import type { GithubApi, GithubUser } from "./api.js";
import { orgRepositories, repoInvitations } from "./access-paths.js";
import { isOutsideCollaborator } from "./repo-access.js";

interface RepoInvitation { repo: string; id: number; role: string }

export class RepositoryPathRemoval {
  /**
   * The org's pending repository invitations by invitee id, listed once per apply run (one call
   * per repository: per removal, an org of thousands of repositories would spend GitHub's hourly
   * rate limit on a handful of leavers). Every cancellation is read back from GitHub itself.
   */
  private invitations: Promise<Map<number, RepoInvitation[]>> | undefined;

  constructor(private readonly api: GithubApi) {}

  /** Removes the user's outside-collaborator access and repository invitations; returns what was removed, in words (none: nothing was there). */
  async remove(user: GithubUser, who: string): Promise<string[]> {
    const removed: string[] = [];
    if (await this.removeOutsideCollaborator(user, who)) removed.push(`outside-collaborator access to every repository of ${this.api.org}`);
    for (const inv of await this.cancelInvitations(user, who)) removed.push(`the invitation to ${inv.repo} (${inv.role})`);
    return removed;
  }

  /** "Removing a user from this list will remove them from all the organization's repositories" (orgs/remove-outside-collaborator). */
  private async removeOutsideCollaborator(user: GithubUser, who: string): Promise<boolean> {
    const { octokit, org } = this.api;
    if (!(await isOutsideCollaborator(this.api, user))) return false;
    await this.api.call(`remove outside collaborator ${who} from ${org}`, () => octokit.rest.orgs.removeOutsideCollaborator({ org, username: user.login }));
    if (await isOutsideCollaborator(this.api, user)) {
      throw new TargetError(this.api.settings.name, `${who} is still an outside collaborator of ${org} after GitHub accepted their removal`, { retryable: true, hint: `apply again; if it stays, remove them in GitHub (organization settings → Outside collaborators) and find out what keeps them` });
    }
    return true;
  }

  /** DELETE /repos/{owner}/{repo}/invitations/{invitation_id} for each, then each repository's invitations are listed again. */
  private async cancelInvitations(user: GithubUser, who: string): Promise<RepoInvitation[]> {
    const { octokit, org } = this.api;
    const byUser = await this.scan();
    const pending = byUser.get(user.id) ?? [];
    const cancelled: RepoInvitation[] = [];
    for (const inv of pending) {
      // 404: gone already (accepted, declined or cancelled since the scan); the read-back says which.
      const done = await this.api.optional(`cancel the invitation of ${who} to ${org}/${inv.repo}`, () => octokit.rest.repos.deleteInvitation({ owner: org, repo: inv.repo, invitation_id: inv.id }));
      if (done !== undefined) cancelled.push(inv);
    }
    for (const repo of [...new Set(pending.map((i) => i.repo))]) {
      if ((await repoInvitations(this.api, repo)).some((i) => i.userId === user.id)) {
        throw new TargetError(this.api.settings.name, `${who} still has a pending invitation to ${org}/${repo} after GitHub accepted its cancellation`, { retryable: true, hint: `apply again; if it stays, cancel it in GitHub (${org}/${repo} → Settings → Collaborators and teams)` });
      }
    }
    byUser.delete(user.id);
    return cancelled;
  }

  private scan(): Promise<Map<number, RepoInvitation[]>> {
    this.invitations ??= (async () => {
      const byUser = new Map<number, RepoInvitation[]>();
      for (const repo of await orgRepositories(this.api)) {
        for (const inv of await repoInvitations(this.api, repo)) {
          const list = byUser.get(inv.userId) ?? [];
          list.push({ repo, id: inv.id, role: inv.role });
          byUser.set(inv.userId, list);
        }
      }
      return byUser;
    })();
    this.invitations.catch(() => (this.invitations = undefined));
    return this.invitations;
  }
}
