// A leaver's paths to the org's repositories that removing the membership does not touch (see
// model/access-paths.ts): outside-collaborator access and pending repository invitations. Each is
// removed and then read again, as membership-removal.ts does for the membership: before, a
// removal that only cancelled the org invitation of an outside collaborator, or only removed the
// outside collaborator and not their repository invitation, was journalled `applied` while the
// contractor kept (or could accept) write or admin on a repository.
import { accessPaths } from "../../model/access-paths.js";
import type { TargetState } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import type { GithubApi, GithubUser } from "./api.js";
import { orgRepositories, repoInvitations } from "./access-paths.js";
import { isOutsideCollaborator } from "./repo-access.js";

interface RepoInvitation { repo: string; id: number; role: string }

export class RepositoryPathRemoval {
  /**
   * The repositories each account had a pending invitation to, by account id, as the connector's
   * last read found them (`repoInvitation:<repo>`, access-paths.ts). Apply reads the org just
   * before it applies (the re-plan), so a removal lists only the repositories named here instead
   * of every repository of the org again: one leaver on an org of 2,000 repositories cost 2,000
   * more requests, the hour's rate limit of a personal token (rv89). An invitation sent to the
   * leaver after that read, to another repository, is not seen by this apply: the next plan reads
   * it (the account, no longer a member, has it as its path) and plans its removal again.
   */
  private invitedTo: Map<string, string[]> | undefined;
  /**
   * Without a read before (a connector that only applies), the org's pending repository
   * invitations by invitee id, listed once per apply run (one call per repository). Every
   * cancellation is read back from GitHub itself either way.
   */
  private invitations: Promise<Map<number, RepoInvitation[]>> | undefined;

  constructor(private readonly api: GithubApi) {}

  /** The connector's read (see invitedTo). */
  read(state: TargetState): void {
    this.invitedTo = new Map(
      state.accounts.flatMap((a) => {
        const repos = accessPaths(a).flatMap((p) => (p.kind === "repo-invitation" ? [p.repo] : []));
        return repos.length > 0 ? [[a.id, repos] as const] : [];
      }),
    );
    this.invitations = undefined;
  }

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
    const pending = await this.pendingOf(user);
    const cancelled: RepoInvitation[] = [];
    for (const inv of pending) {
      // 404: gone already (accepted, declined or cancelled since it was listed); the read-back says which.
      const done = await this.api.optional(`cancel the invitation of ${who} to ${org}/${inv.repo}`, () => octokit.rest.repos.deleteInvitation({ owner: org, repo: inv.repo, invitation_id: inv.id }));
      if (done !== undefined) cancelled.push(inv);
    }
    for (const repo of [...new Set(pending.map((i) => i.repo))]) {
      if ((await repoInvitations(this.api, repo)).some((i) => i.userId === user.id)) {
        throw new TargetError(this.api.settings.name, `${who} still has a pending invitation to ${org}/${repo} after GitHub accepted its cancellation`, { retryable: true, hint: `apply again; if it stays, cancel it in GitHub (${org}/${repo} → Settings → Collaborators and teams)` });
      }
    }
    this.invitedTo?.delete(String(user.id));
    (await this.invitations)?.delete(user.id);
    return cancelled;
  }

  /**
   * The user's pending repository invitations now: those of the repositories the read named for
   * them, listed again for the invitations' ids as they are now; without a read, the org's scan.
   */
  private async pendingOf(user: GithubUser): Promise<RepoInvitation[]> {
    if (!this.invitedTo) return (await this.scan()).get(user.id) ?? [];
    const out: RepoInvitation[] = [];
    for (const repo of this.invitedTo.get(String(user.id)) ?? []) {
      for (const inv of await repoInvitations(this.api, repo)) if (inv.userId === user.id) out.push({ repo, id: inv.id, role: inv.role });
    }
    return out;
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
