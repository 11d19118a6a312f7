// apply(change): one change, idempotently. Every change first reads what GitHub holds now, so a
// re-run after a crash answers `unchanged` instead of inviting twice or failing on a 404.
import { normaliseLogin } from "../../model/keys.js";
import { GITHUB_OWNER_ROLE } from "../../model/github-owners.js";
import { NO_LOGIN_OWNER, type Change } from "../../model/change.js";
import { invitationIdOf } from "../../model/invited-email.js";
import type { ApplyOutcome } from "../connector.js";
import type { TargetState } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import type { GithubApi, GithubUser } from "./api.js";
import { parseCredential } from "./credential-id.js";
import { refusal } from "./errors.js";
import { idpTeamRefusal } from "./idp.js";
import { NestedTeams } from "./nested-teams.js";
import { OrgRoles } from "./org-roles.js";
import { cancelEmailInvitation } from "./email-invitations.js";
import { removeMembership } from "./membership-removal.js";
import { applyRepoAccess, isOutsideCollaborator } from "./repo-access.js";
import { CustomRepoRoles } from "./custom-repo-roles.js";
import { GITHUB_ORG_ROLE as ORG_ROLE, GITHUB_REPO as REPO, GITHUB_TEAM as TEAM } from "../../model/github-entitlements.js";
import { RepositoryPathRemoval } from "./access-removal.js";
import { append } from "../../model/append.js";
import { applyTeamRepoAccess } from "./team-repos.js";
import type { RenamedTeams } from "./renamed-teams.js";

const ADMIN = GITHUB_OWNER_ROLE;

/**
 * GitHub's daily invitation limit (50 per 24 h, 500 for an org older than a month or on a paid
 * plan: set-membership's description) answers 422 "Over invitation rate limit". Retrying within
 * the run cannot help: the change fails with that said, and the next run's plan invites the rest.
 */
function invitationLimit(e: unknown, target: string, org: string, who: string): TargetError | undefined {
  if (!(e instanceof TargetError) || e.details.status !== 422 || !/invitation rate limit/i.test(e.message)) return undefined;
  return refusal(target, `cannot invite ${who} to ${org} today: GitHub's limit on invitations per 24 hours is reached (50, or 500 for an org older than a month or on a paid plan); the invitation stays in the plan for a later run`, "re-run apply tomorrow (the scheduled sync does): invitations are spread over runs, never lost");
}

export class GithubApplier {
  /** Changes that can lower the owner count run one at a time, so two cannot both pass the guard. */
  private adminLock: Promise<unknown> = Promise.resolve();

  private readonly nested: NestedTeams;
  private readonly orgRoles: OrgRoles;
  /** The org's custom repository roles, asked only when a grant would replace a role where either is custom. */
  private readonly customRoles: CustomRepoRoles;
  private readonly paths: RepositoryPathRemoval;

  /** `renamed`: the teams the read followed by their ids (renamed-teams.ts), whose writes go to the slug they have now. */
  constructor(
    private readonly api: GithubApi,
    private readonly renamed?: RenamedTeams,
  ) {
    this.nested = new NestedTeams(api);
    this.orgRoles = new OrgRoles(api);
    this.customRoles = new CustomRepoRoles(api);
    this.paths = new RepositoryPathRemoval(api);
  }

  /** The connector's read, which a leaver's removal starts from for their repository invitations (access-removal.ts). */
  read(state: TargetState): void {
    this.paths.read(state);
  }

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
      case "revoke": {
        // A team's own grant (groupGrants): the change is about the team, not a person; its identity
        // is the team's entitlement (no identity id has a ':').
        const team = TEAM.exec(change.identity)?.[1];
        if (team) return applyTeamRepoAccess(this.api, change, await this.slugOf(team), this.customRoles);
        return change.entitlement === ADMIN && change.action === "revoke" ? this.serialised(() => this.entitlement(change)) : this.entitlement(change);
      }
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
    if (invitationIdOf(change.account) !== undefined) {
      // An invitation sent to an e-mail address has no user yet: GitHub can only cancel it (remove()).
      throw refusal(
        this.name,
        `cannot ${change.action}${change.entitlement ? ` ${change.entitlement}` : ""} for ${this.who(change)}: it is an invitation to an e-mail address, not yet accepted, and GitHub changes no role or team of such an invitation (it can only cancel it)`,
        "cancel the invitation (organization settings → People → Invitations) and let scopesync invite the person by their GitHub login, or plan again once it is accepted",
      );
    }
    if (change.account) return this.api.userById(change.account);
    if (change.login) return this.api.userByLogin(change.login);
    throw refusal(this.name, `${change.action} for ${change.identity} names neither an account id nor a login`, "re-plan: every github change carries the account's login");
  }

  private async requireUser(change: Change): Promise<GithubUser> {
    const user = await this.user(change);
    if (!user) throw refusal(this.name, `no GitHub user ${this.who(change)}${change.loginOwner && change.loginOwner !== NO_LOGIN_OWNER && !change.account ? ` (the reviewed plan saw user ${change.loginOwner} under it: renamed since, and the old login not taken)` : ""}`, `check the identity's GitHub login (accounts.login in the app policy) and re-plan`);
    this.sameUserAsReviewed(change, user);
    return user;
  }

  /**
   * A change by login (no linked account yet) whose plan recorded whom the login named
   * (Change.loginOwner, plan --live) is refused when it names another user now: GitHub frees a
   * login its owner renamed away from, and anyone may register it. Inviting or granting by the
   * login would give the access to that stranger.
   */
  private sameUserAsReviewed(change: Change, user: GithubUser): void {
    if (change.account !== undefined || change.loginOwner === undefined || String(user.id) === change.loginOwner) return;
    if (change.loginOwner === NO_LOGIN_OWNER) {
      throw refusal(
        this.name,
        `the GitHub login ${this.who(change)} is user ${user.id} now, but no GitHub user had it when the plan was reviewed: whose account it is was never reviewed, so nobody was invited or granted anything`,
        `plan again for review (the new plan shows user ${user.id} under the login): if that is the person's own new account, approve it; if not, give the identity the person's login`,
      );
    }
    throw refusal(
      this.name,
      `the GitHub login ${this.who(change)} is user ${user.id} now, not user ${change.loginOwner} as when the plan was reviewed: the login changed hands (its owner renamed their account, and someone else took the name); nobody was invited or granted anything`,
      `find the person's GitHub account (user ${change.loginOwner} keeps its id under its new login: GET /user/${change.loginOwner}), give the identity that login (accounts.login / its overlay), and plan again for review`,
    );
  }

  /** The token's own user and runAs are never removed or demoted (an App's bot is never a member). */
  private async guardSelf(user: GithubUser, doing: string): Promise<void> {
    const guarded = await this.api.guarded();
    if (!guarded.some((g) => g.id === user.id)) return;
    const whose = normaliseLogin(user.login) === normaliseLogin(this.api.settings.runAs ?? "") ? `the account scopesync runs as (targets.${this.name}.runAs)` : "the user scopesync's own token belongs to";
    throw refusal(this.name, `refusing to ${doing} "${user.login}": it is ${whose}, and that would lock scopesync out of ${this.api.org}`, "keep this login out of the plan (targets.<name>.runAs), or use another token");
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
    const { octokit, org } = this.api;
    if (this.api.settings.enterpriseManagedUsers) {
      throw refusal(this.name, `cannot add ${this.who(change)} to ${org}: it belongs to an Enterprise Managed Users enterprise, whose accounts the identity provider provisions (GitHub has no invitations there)`, "provision the person through the identity provider's GitHub SCIM app, then re-plan");
    }
    if ((await this.api.token()).enterprise) {
      // GitHub Enterprise Server has no invitations API: an owner adds the member directly, and the
      // answer's state is `active` (readme.md: if a server answers `pending`, the membership shows
      // once accepted, and until then a re-run finds it pending and answers `unchanged`).
      await this.api.call(`add ${this.who(change)} to ${org}`, () => octokit.rest.orgs.setMembershipForUser({ org, username: user.login, role: "member" }));
    } else {
      await this.api.call(`invite ${this.who(change)} to ${org}`, () => octokit.rest.orgs.createInvitation({ org, invitee_id: user.id, role: "direct_member" })).catch((e: unknown) => {
        throw invitationLimit(e, this.name, org, this.who(change)) ?? e;
      });
    }
    return { status: "applied", account };
  }

  /**
   * disable and delete alike: GitHub has no disabled member, so leaving means removal (which also
   * cancels an invitation), confirmed by reading the membership again (membership-removal.ts):
   * GitHub answers 204 and keeps a member an enterprise team makes one. Whatever the membership,
   * the paths to repositories it does not cover go too, each read again (access-removal.ts): an
   * outside collaborator invited to the org kept the repository once the invitation was
   * cancelled, and a repository invitation outlived every removal. `removed` names each path taken
   * where there was more than the membership.
   */
  private async remove(change: Change): Promise<ApplyOutcome> {
    const invitation = invitationIdOf(change.account);
    if (invitation !== undefined) return cancelEmailInvitation(this.api, invitation, change.account!, this.who(change));
    const user = await this.user(change);
    if (!user) return { status: "unchanged", ...(change.account ? { account: change.account } : {}) };
    const account = String(user.id);
    const removed: string[] = [];
    const membership = await this.api.membership(user.login);
    if (membership) {
      await this.guardSelf(user, "remove");
      if (membership.state === "active") await this.guardAdmins(user, "remove");
      const outcome = await removeMembership(this.api, user, membership, this.who(change));
      if (outcome.status === "applied") removed.push(membership.state === "pending" ? `the invitation to ${this.api.org}` : `membership of ${this.api.org}`);
    }
    const paths = await this.paths.remove(user, this.who(change));
    // Named only where the removal took more than the membership: a member's removal reads as before.
    if (paths.length === 0) return { status: removed.length > 0 ? "applied" : "unchanged", account };
    return { status: "applied", account, removed: append(removed, paths) };
  }

  private async entitlement(change: Change): Promise<ApplyOutcome> {
    const entitlement = change.entitlement ?? "";
    const team = TEAM.exec(entitlement)?.[1];
    const repo = REPO.exec(entitlement);
    const orgRole = ORG_ROLE.exec(entitlement)?.[1];
    if (entitlement !== ADMIN && !team && !repo && !orgRole) {
      throw refusal(this.name, `unknown entitlement "${entitlement}" for ${this.who(change)}`, 'github knows "role:admin", "team:<slug>", "repo:<name>:<read|triage|write|maintain|admin>" and "org-role:<name>"; fix the entitlement in the app policy');
    }
    const grant = change.action === "grant";
    // An invitation sent to an e-mail address: GitHub changes none of its role or teams, only
    // cancels it. A revoke cancels it (taking away at least what was revoked: a leaver's revokes
    // come with the invitation's cancellation anyway); a grant is refused by user().
    const invitation = invitationIdOf(change.account);
    if (invitation !== undefined && !grant) return cancelEmailInvitation(this.api, invitation, change.account!, this.who(change));
    const user = grant ? await this.requireUser(change) : await this.user(change);
    if (!user) return { status: "unchanged", ...(change.account ? { account: change.account } : {}) };
    // Repository access needs no org membership: GitHub invites a non-member to the repository.
    if (repo) return applyRepoAccess(this.api, user, repo[1]!, repo[2]!, grant, this.who(change), change.replacedBy, this.customRoles);
    const account = String(user.id);
    const membership = await this.api.membership(user.login);
    if (!membership) {
      if (!grant) return { status: "unchanged", account };
      // Granting would make GitHub invite them: membership is create-account's decision, not a grant's.
      // An outside collaborator has an account (the read lists them): the planner puts the
      // create-account (the invitation) first; a plan without it (made before that) is refused here.
      if (await isOutsideCollaborator(this.api, user)) {
        throw refusal(this.name, `cannot grant ${entitlement} to ${this.who(change)}: an outside collaborator of ${this.api.org}, not a member or invited to it`, `invite them to ${this.api.org} in GitHub (organization settings → People → Invite member) and plan again, or give them only repo: access in the app policy`);
      }
      throw refusal(this.name, `cannot grant ${entitlement} to ${this.who(change)}: not a member of ${this.api.org} or invited to it`, "apply the create-account change first (plans order it before grants)");
    }
    if (orgRole) return this.orgRoles.apply(user, orgRole, grant, this.who(change));
    return team ? this.team(change, user, await this.slugOf(team), grant) : this.admin(change, user, membership, grant);
  }

  /** The slug GitHub knows the change's team by now: the entitlement's, or a renamed team's current one. */
  private slugOf(slug: string): Promise<string> {
    return this.renamed ? this.renamed.slugOf(slug) : Promise.resolve(slug);
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
    // A promotion of an active member is confirmed by reading the membership again: apply starts a
    // demotion or removal of another owner only once the promotion is through (apply/runner.ts),
    // and that one's count (GET /orgs/{org}/members?role=admin) must find the new owner.
    if (grant && membership.state === "active") {
      const after = await this.api.membership(user.login);
      if (after?.state !== "active" || after.role !== "admin") {
        throw new TargetError(this.name, `${this.who(change)} is not shown as an owner of ${this.api.org} after GitHub accepted the promotion (membership: ${after ? `${after.state}, ${after.role}` : "none"})`, { retryable: true, hint: "apply again; if it stays, check the member's role in GitHub (organization settings → People)" });
      }
    }
    return { status: "applied", account };
  }

  private async team(change: Change, user: GithubUser, slug: string, grant: boolean): Promise<ApplyOutcome> {
    const account = String(user.id);
    // Directly in the team (as member or maintainer, active or pending): a grant keeps the role it
    // has. Held only through a child team is not the entitlement: a grant adds the direct
    // membership, and a revoke has nothing to remove (read() does not report it either).
    const direct = await this.nested.isDirect(slug, user.login);
    if (direct === grant) return { status: "unchanged", account };
    const { octokit, org } = this.api;
    // GitHub refuses both for a team an IdP owns: said so (idp.ts), not as a missing permission.
    const idpOwned = (e: unknown): never => {
      throw idpTeamRefusal(this.api, e, slug, this.who(change)) ?? e;
    };
    if (grant) {
      await this.api.call(`add ${this.who(change)} to team "${slug}"`, () => octokit.rest.teams.addOrUpdateMembershipForUserInOrg({ org, team_slug: slug, username: user.login, role: "member" }).catch(idpOwned));
      return { status: "applied", account };
    }
    const removed = await this.api.optional(`remove ${this.who(change)} from team "${slug}"`, () => octokit.rest.teams.removeMembershipForUserInOrg({ org, team_slug: slug, username: user.login }).catch(idpOwned));
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
