// apply(change): one change, idempotently. Every change first reads what GitHub holds now, so a
// re-run after a crash answers `unchanged` instead of inviting twice or failing on a 404.
import { normaliseLogin } from "../../model/keys.js";
import type { Change } from "../../model/change.js";
import type { ApplyOutcome } from "../connector.js";
import type { GithubApi, GithubUser } from "./api.js";
import { parseCredential } from "./credential-id.js";
import { refusal } from "./errors.js";

const ADMIN = "role:admin";
const TEAM = /^team:([A-Za-z0-9._-]+)$/;

export class GithubApplier {
  /** Changes that can lower the owner count run one at a time, so two cannot both pass the guard. */
  private adminLock: Promise<unknown> = Promise.resolve();

  constructor(private readonly api: GithubApi) {}

  async apply(change: Change): Promise<ApplyOutcome> {
    switch (change.action) {
      case "revoke-credential":
        return this.revokeCredential(change);
      case "update-account":
        // An org cannot rename a GitHub user or edit their profile: the login is the user's own.
        return { status: "unchanged", ...(change.account ? { account: change.account } : {}) };
      case "create-account":
      case "enable-account":
        return this.invite(change);
      case "disable-account":
      case "delete-account":
        return this.serialised(() => this.remove(change));
      case "grant":
      case "revoke":
        return change.entitlement === ADMIN && change.action === "revoke" ? this.serialised(() => this.entitlement(change)) : this.entitlement(change);
    }
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.adminLock.then(fn, fn);
    this.adminLock = run.catch(() => undefined);
    return run;
  }

  private get name(): string {
    return this.api.settings.name;
  }

  private who(change: Change): string {
    return `"${change.login ?? change.account ?? change.identity}"`;
  }

  /** The GitHub user a change is about: by the linked account id (logins can be renamed), else by login. */
  private async user(change: Change): Promise<GithubUser | undefined> {
    if (change.account) return this.api.userById(change.account);
    if (change.login) return this.api.userByLogin(change.login);
    throw refusal(this.name, `${change.action} for ${change.identity} names neither an account id nor a login`, "re-plan: every github change carries the account's login");
  }

  private async requireUser(change: Change): Promise<GithubUser> {
    const user = await this.user(change);
    if (!user) throw refusal(this.name, `no GitHub user ${this.who(change)}`, `check the identity's GitHub login (accounts.login in the app policy) and re-plan`);
    return user;
  }

  private async guardSelf(user: GithubUser, doing: string): Promise<void> {
    const me = await this.api.me();
    if (me.id === user.id) {
      throw refusal(this.name, `refusing to ${doing} "${user.login}": it is the user scopesync's own token belongs to, and that would lock scopesync out of ${this.api.org}`, "set targets.<name>.runAs to this login so plans never propose it, or use another token");
    }
  }

  private async guardAdmins(user: GithubUser, doing: string): Promise<void> {
    const admins = await this.api.adminLogins();
    if (!admins.some((a) => normaliseLogin(a) === normaliseLogin(user.login))) return;
    const left = admins.length - 1;
    if (left < this.api.settings.minAdmins) {
      throw refusal(this.name, `refusing to ${doing} "${user.login}": ${this.api.org} would keep ${left} owner(s), fewer than the minimum of ${this.api.settings.minAdmins}`, "grant role:admin to another member first, or lower targets.<name>.options.minAdmins in a reviewed change");
    }
  }

  private async invite(change: Change): Promise<ApplyOutcome> {
    const user = await this.requireUser(change);
    const account = String(user.id);
    // Active or pending (invited, not yet accepted): a membership either way, never re-invited.
    if (await this.api.membership(user.login)) return { status: "unchanged", account };
    await this.api.call(`invite ${this.who(change)} to ${this.api.org}`, () => this.api.octokit.rest.orgs.createInvitation({ org: this.api.org, invitee_id: user.id, role: "direct_member" }));
    return { status: "applied", account };
  }

  /** disable and delete alike: GitHub has no disabled member, so leaving means removal (which also cancels an invitation). */
  private async remove(change: Change): Promise<ApplyOutcome> {
    const user = await this.user(change);
    if (!user) return { status: "unchanged", ...(change.account ? { account: change.account } : {}) };
    const account = String(user.id);
    const membership = await this.api.membership(user.login);
    if (!membership) return { status: "unchanged", account };
    await this.guardSelf(user, "remove");
    if (membership.state === "active") await this.guardAdmins(user, "remove");
    const removed = await this.api.optional(`remove ${this.who(change)} from ${this.api.org}`, () => this.api.octokit.rest.orgs.removeMembershipForUser({ org: this.api.org, username: user.login }));
    return { status: removed === undefined ? "unchanged" : "applied", account };
  }

  private async entitlement(change: Change): Promise<ApplyOutcome> {
    const entitlement = change.entitlement ?? "";
    const team = TEAM.exec(entitlement)?.[1];
    if (entitlement !== ADMIN && !team) {
      throw refusal(this.name, `unknown entitlement "${entitlement}" for ${this.who(change)}`, 'github knows "role:admin" and "team:<slug>"; fix the entitlement in the app policy');
    }
    const grant = change.action === "grant";
    const user = grant ? await this.requireUser(change) : await this.user(change);
    if (!user) return { status: "unchanged", ...(change.account ? { account: change.account } : {}) };
    const account = String(user.id);
    const membership = await this.api.membership(user.login);
    if (!membership) {
      if (!grant) return { status: "unchanged", account };
      // Granting would make GitHub invite them: membership is create-account's decision, not a grant's.
      throw refusal(this.name, `cannot grant ${entitlement} to ${this.who(change)}: not a member of ${this.api.org} or invited to it`, "apply the create-account change first (plans order it before grants)");
    }
    return team ? this.team(change, user, team, grant) : this.admin(change, user, membership, grant);
  }

  private async admin(change: Change, user: GithubUser, membership: { state: string; role: string }, grant: boolean): Promise<ApplyOutcome> {
    const account = String(user.id);
    if ((membership.role === "admin") === grant) return { status: "unchanged", account };
    if (!grant) {
      await this.guardSelf(user, "demote");
      if (membership.state === "active") await this.guardAdmins(user, "demote");
    }
    const role = grant ? "admin" : "member";
    await this.api.call(`set the ${this.api.org} role of ${this.who(change)} to ${role}`, () => this.api.octokit.rest.orgs.setMembershipForUser({ org: this.api.org, username: user.login, role }));
    return { status: "applied", account };
  }

  private async team(change: Change, user: GithubUser, slug: string, grant: boolean): Promise<ApplyOutcome> {
    const account = String(user.id);
    const current = await this.api.teamMembership(slug, user.login);
    // Already in the team (as member or maintainer, active or pending): a grant keeps the role it has.
    if (Boolean(current) === grant) return { status: "unchanged", account };
    const { octokit, org } = this.api;
    if (grant) {
      await this.api.call(`add ${this.who(change)} to team "${slug}"`, () => octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org, team_slug: slug, username: user.login, role: "member" }));
      return { status: "applied", account };
    }
    const removed = await this.api.optional(`remove ${this.who(change)} from team "${slug}"`, () => octokit.rest.teams.removeMembershipForUserInOrg({ org, team_slug: slug, username: user.login }));
    return { status: removed === undefined ? "unchanged" : "applied", account };
  }

  private async revokeCredential(change: Change): Promise<ApplyOutcome> {
    const id = change.credential ?? "";
    const cred = parseCredential(id);
    if (!cred) throw refusal(this.name, `unknown credential id "${id}"`, 'github credential ids look like "deploy-key:<repo>:<id>" or "pat-grant:<id>" (as read() writes them); re-plan');
    const { octokit, org } = this.api;
    const done =
      cred.kind === "deploy-key"
        ? await this.api.optional(`delete deploy key ${cred.keyId} of ${org}/${cred.repo}`, () => octokit.rest.repos.deleteDeployKey({ owner: org, repo: cred.repo, key_id: cred.keyId }))
        : await this.api.optional(`revoke fine-grained token grant ${cred.grantId} in ${org}`, () => octokit.rest.orgs.updatePatAccess({ org, pat_id: cred.grantId, action: "revoke" }));
    // 404: already deleted or revoked (a re-run), which is what was asked.
    return { status: done === undefined ? "unchanged" : "applied", ...(change.account ? { account: change.account } : {}) };
  }
}
