// What the fake GitHub org holds, and the helpers tests use to seed and inspect it.
// Semantics follow GitHub's docs: an invitation is a pending membership; removing a membership
// cancels an invitation; a team membership for someone only invited is pending until they accept.

export type OrgRole = "admin" | "member";
export type TeamRole = "member" | "maintainer";

export interface FakeUser { id: number; login: string; name: string | null; email: string | null }
export interface FakeInvitation { id: number; userId: number; role: OrgRole; teams: Map<string, TeamRole>; createdAt: string; inviterId: number; failedAt?: string; failedReason?: string }
/**
 * An invitation sent to an e-mail address (POST /orgs/{org}/invitations with `email`): nobody's
 * GitHub account yet, so GitHub lists it with `"login": null` ("If the invitee is not a GitHub
 * member, the login field in the return hash will be null", list-pending-invitations). Whoever
 * holds the mailbox can make an account and accept it, with its role and teams.
 */
export type FakeEmailInvitation = Omit<FakeInvitation, "userId"> & { email: string };
export interface FakeTeam {
  id: number;
  slug: string;
  name: string;
  members: Map<number, TeamRole>;
  /** The parent team's slug (nested teams). */
  parent?: string;
  /** IdP groups that own the team's membership (team sync, or an EMU org's external groups). */
  idpGroups?: string[];
  /** The team's own access to the org's repositories, by repository name: its members get it through the team. */
  repos: Map<string, RepoRole>;
  /** By repository name, the custom repository role the team holds there; its base role is the `repos` entry. */
  customRoles?: Map<string, string>;
}
/** A member as a team's member list shows them: members of child teams are listed too, marked inherited. */
export interface EffectiveMember { role: TeamRole; inherited: boolean }
export interface FakeDeployKey { id: number; title: string; key: string; readOnly: boolean; addedBy: string | null; createdAt: string }
/** A repository role as GitHub's API names it in collaborator lists and invitations. */
export type RepoRole = "read" | "triage" | "write" | "maintain" | "admin";
export interface FakeRepoInvitation { id: number; userId: number; role: RepoRole; createdAt: string }
/** `archived`: read-only, as GitHub's repository object says (`archived: true`); its access takes no change (handlers.ts). */
/**
 * `customRoles`: by user id, the custom repository role a direct collaborator holds; its base role
 * (GitHub's `base_role`, read to maintain) is their `collaborators` entry. A PUT of a built-in
 * permission replaces it, as on GitHub.
 */
export interface FakeRepo { id: number; name: string; deployKeys: Map<number, FakeDeployKey>; collaborators: Map<number, RepoRole>; customRoles?: Map<number, string>; invitations: Map<number, FakeRepoInvitation>; archived?: boolean }
/** A custom organization role, held directly by users or by teams (whose members then hold it indirectly). */
/** `baseRole`: the repository role a custom organization role gives on every repository (GitHub's `base_role`). */
export interface FakeOrgRole { id: number; name: string; users: Set<number>; teams: Set<string>; baseRole?: "read" | "triage" | "write" | "maintain" | "admin" }
export interface FakePatGrant { id: number; ownerId: number; tokenId: number; tokenName: string; grantedAt: string }

import { createHash } from "node:crypto";
import { FakePullRequests } from "./pulls-state.js";

const CREATED = "2026-01-05T09:00:00Z";

/**
 * A team's slug from its name, as GitHub makes it: "To create the slug, GitHub replaces special
 * characters in the name string, changes all words to lowercase, and replaces spaces with a -
 * separator" (REST API, *Get a team by name*): "My TEam Näme" is my-team-name.
 */
export function teamSlug(name: string): string {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

export class FakeOrg {
  /**
   * The org's numeric id (GET /orgs/{org}). A test changes it to stand for an org deleted and its
   * login taken by a new one: GitHub gives the new org a new id.
   */
  orgId: number;
  private nextId = 100_000;
  /** Every GitHub user the fake knows, by lower-case login (GitHub logins are case-insensitive). */
  readonly users = new Map<string, FakeUser>();
  readonly members = new Map<number, OrgRole>();
  readonly invitations = new Map<number, FakeInvitation>();
  /** Pending invitations by e-mail address (no GitHub user yet), by invitation id. */
  readonly emailInvitations = new Map<number, FakeEmailInvitation>();
  /** Invitations that failed (expired, or the invitee could not accept), e-mail ones included: no longer pending. */
  readonly failedInvitations = new Map<number, FakeInvitation | FakeEmailInvitation>();
  /**
   * Invitations an owner may still create today: GitHub allows 50 per 24 hours (500 for an org
   * older than a month or on a paid plan), per set-membership's description. Unlimited by default.
   */
  invitationsLeft = Infinity;
  /**
   * Not GitHub's documented behaviour: DELETE …/invitations/{id} answers 204 and the invitation
   * stays (a write that did not take, as a replica behind would show it), to prove that apply
   * reads a cancellation back instead of trusting the 204.
   */
  keepsCancelledRepoInvitations = false;
  readonly teams = new Map<string, FakeTeam>();
  readonly repos = new Map<string, FakeRepo>();
  readonly patGrants = new Map<number, FakePatGrant>();
  readonly orgRoles = new Map<number, FakeOrgRole>();
  /**
   * The custom repository roles the org has defined, by name → base role (GitHub's `base_role`,
   * read to maintain): the names a grant's `permission` may give (repo-permission.ts).
   */
  readonly customRepoRoles = new Map<string, Exclude<RepoRole, "admin">>();
  /**
   * GitHub Enterprise Cloud: enterprise teams assigned to this org (slug "ent:<name>") and their
   * members, who are org members through them ("indirect membership via an enterprise team").
   */
  readonly enterpriseTeams = new Map<string, Set<number>>();
  /**
   * Each enterprise team's id and what org owners gave it here: "Be added to organizations, where
   * organization administrators can grant the team additional access and permissions" (GitHub's
   * *Teams in an enterprise*). GET /orgs/{org}/teams lists them with `type: "enterprise"`.
   */
  readonly enterpriseTeamInfo = new Map<string, { id: number; repos: Map<string, RepoRole> }>();
  /** Users the IdP soft-deprovisioned (suspended, renamed), by id → the login they had. */
  private readonly deprovisioned = new Map<number, string>();
  /** Members who are members only through an enterprise team (no direct membership). */
  readonly indirectOnly = new Set<number>();
  /** Pull requests, comments and check runs of the org's repositories (the PR workflow's side). */
  readonly prs = new FakePullRequests(() => this.id());
  self: FakeUser;

  /** GitHub Enterprise Server: no invitations; an owner adds a member directly. */
  readonly ghes: boolean;
  /** Enterprise Managed Users: no invitations; users exist only once the IdP provisioned them. */
  readonly emu: boolean;
  /**
   * GHES only. false (default): PUT /orgs/{org}/memberships/{username} adds the user at once
   * (state active), as GHES's "Adding people to your organization" describes and the operation's
   * 200 example shows. true: the state is `pending` until the user accepts, as the operation's
   * description words it (shared with github.com); the fake then keeps an invitation no GHES
   * endpoint lists.
   */
  ghesAddsPending = false;

  constructor(readonly org: string, selfLogin: string, options: { selfIsMember?: boolean; ghes?: boolean; emu?: boolean; orgId?: number } = {}) {
    this.orgId = options.orgId ?? 9_000_001;
    this.self = this.addUser(selfLogin);
    if (options.selfIsMember ?? true) this.members.set(this.self.id, "admin");
    this.ghes = options.ghes ?? false;
    this.emu = options.emu ?? false;
  }

  id(): number {
    return this.nextId++;
  }

  addUser(login: string, id?: number): FakeUser {
    const existing = this.users.get(login.toLowerCase());
    if (existing) return existing;
    const user: FakeUser = { id: id ?? this.id(), login, name: null, email: null };
    this.users.set(login.toLowerCase(), user);
    return user;
  }

  /**
   * The user changes their username, as GitHub lets them at any time ("Changing your GitHub
   * username"): the same account (numeric id, memberships, teams) under the new login, and the old
   * login is free: GET /users/{old} answers 404 until someone claims it (addUser), and "your old
   * username becomes available for anyone else to claim".
   */
  renameUser(from: string, to: string): FakeUser {
    const user = this.user(from);
    if (!user) throw new Error(`github-fake: no user ${from}`);
    if (this.user(to)) throw new Error(`github-fake: the username ${to} is taken`);
    this.users.delete(from.toLowerCase());
    user.login = to;
    this.users.set(to.toLowerCase(), user);
    return user;
  }

  /**
   * Enterprise Managed Users (and GitHub Enterprise Server with SCIM): the IdP soft-deprovisions
   * the user (Okta "Deactivate", or unassigning the app: "Okta only sends soft-deprovisioning
   * calls"). GitHub's "Deprovisioning and reinstating users with SCIM"
   * (https://docs.github.com/en/enterprise-cloud@latest/admin/managing-iam/provisioning-user-accounts-with-scim/deprovisioning-and-reinstating-users):
   * "The user is suspended", "The user's username is obfuscated to a hash of the original
   * username, followed by _SHORTCODE", and "If organization membership is managed directly, the
   * user will remain as a 'suspended member' of the organization, without access, until removed
   * manually". So: the same account (id, membership, role, teams) under the hashed login, listed
   * as a member as before. GitHub does not say which hash; 32 hexadecimal digits, as seen.
   * Returns the hashed login.
   */
  deprovisionManagedUser(login: string): string {
    const user = this.user(login);
    if (!user) throw new Error(`github-fake: no user ${login}`);
    const at = login.lastIndexOf("_");
    if (at < 0) throw new Error(`github-fake: ${login} is not a managed user's login (<handle>_<shortcode>)`);
    const hashed = `${createHash("sha256").update(login.toLowerCase()).digest("hex").slice(0, 32)}_${login.slice(at + 1)}`;
    this.renameUser(login, hashed);
    this.deprovisioned.set(user.id, login);
    return hashed;
  }

  /**
   * The IdP reprovisions a soft-deprovisioned user (Okta "Reactivate the account or reassign the
   * user to the application"): "The user is unsuspended and regains access … The user's username
   * and email address are restored", and a membership no one removed comes back with its role and
   * teams (the same page).
   */
  reprovisionManagedUser(hashed: string): FakeUser {
    const user = this.user(hashed);
    const login = user ? this.deprovisioned.get(user.id) : undefined;
    if (!user || login === undefined) throw new Error(`github-fake: ${hashed} is not a deprovisioned user`);
    this.deprovisioned.delete(user.id);
    return this.renameUser(hashed, login);
  }

  /** The user is suspended by the IdP's deprovisioning (no access, whatever the org still lists). */
  isSuspended(userId: number): boolean {
    return this.deprovisioned.has(userId);
  }

  user(login: string): FakeUser | undefined {
    return this.users.get(login.toLowerCase());
  }

  userById(id: number): FakeUser {
    for (const u of this.users.values()) if (u.id === id) return u;
    throw new Error(`github-fake: no user ${id}`);
  }

  addMember(login: string, role: OrgRole = "member"): FakeUser {
    const user = this.addUser(login);
    this.members.set(user.id, role);
    this.indirectOnly.delete(user.id);
    return user;
  }

  /**
   * The user joins an enterprise team assigned to this org: an org member through it. Someone who
   * was not a member has only that indirect membership (role member).
   */
  addEnterpriseTeamMember(team: string, login: string): FakeUser {
    const user = this.addUser(login);
    this.addEnterpriseTeam(team).add(user.id);
    if (!this.members.has(user.id)) {
      this.members.set(user.id, "member");
      this.indirectOnly.add(user.id);
    }
    return user;
  }

  /**
   * The enterprise assigns an enterprise team to this org. "GitHub generates the enterprise team's
   * slug from the team name and adds the ent: prefix" (REST docs, *Enterprise teams*); GitHub
   * Enterprise Server has no enterprise teams.
   */
  addEnterpriseTeam(team: string): Set<number> {
    if (!team.startsWith("ent:")) throw new Error(`github-fake: an enterprise team's slug starts with "ent:" (${team})`);
    if (this.ghes) throw new Error("github-fake: GitHub Enterprise Server has no enterprise teams");
    if (!this.enterpriseTeamInfo.has(team)) this.enterpriseTeamInfo.set(team, { id: this.id(), repos: new Map() });
    const members = this.enterpriseTeams.get(team) ?? new Set<number>();
    this.enterpriseTeams.set(team, members);
    return members;
  }

  /** An org owner gives the enterprise team this role on one of the org's repositories. */
  addEnterpriseTeamRepo(team: string, repoName: string, role: RepoRole): void {
    this.addEnterpriseTeam(team);
    this.addRepo(repoName);
    this.enterpriseTeamInfo.get(team)!.repos.set(repoName, role);
  }

  /** The slugs of the enterprise teams that make the user an org member, sorted. */
  enterpriseTeamsOf(userId: number): string[] {
    return [...this.enterpriseTeams].filter(([, ids]) => ids.has(userId)).map(([slug]) => slug).sort();
  }

  /** An enterprise owner takes the user out of an enterprise team: with no direct membership left, they leave the org. */
  removeEnterpriseTeamMember(team: string, login: string): void {
    const user = this.user(login);
    if (!user) return;
    this.enterpriseTeams.get(team)?.delete(user.id);
    if (this.indirectOnly.has(user.id) && this.enterpriseTeamsOf(user.id).length === 0) {
      this.indirectOnly.delete(user.id);
      this.removeMembership(user.id);
    }
  }

  /** An owner invites an e-mail address (no GitHub account behind it yet), with a role and teams. */
  inviteByEmail(email: string, role: OrgRole = "member", teams: string[] = []): FakeEmailInvitation {
    const inv: FakeEmailInvitation = { id: this.id(), email, role, teams: new Map(teams.map((t) => [t, "member" as TeamRole])), createdAt: CREATED, inviterId: this.self.id };
    this.emailInvitations.set(inv.id, inv);
    return inv;
  }

  invitationFor(userId: number): FakeInvitation | undefined {
    for (const i of this.invitations.values()) if (i.userId === userId) return i;
    return undefined;
  }

  invite(login: string, role: OrgRole = "member"): FakeInvitation {
    const user = this.addUser(login);
    const existing = this.invitationFor(user.id);
    if (existing) return existing;
    const inv: FakeInvitation = { id: this.id(), userId: user.id, role, teams: new Map(), createdAt: CREATED, inviterId: this.self.id };
    this.invitations.set(inv.id, inv);
    return inv;
  }

  /** The invitation fails (GitHub expires invitations after 7 days): it is no longer pending. */
  failInvitation(login: string, reason = "Invitation expired. User did not accept this invite for 7 days"): void {
    const user = this.user(login);
    const inv = user && this.invitationFor(user.id);
    if (!inv) throw new Error(`github-fake: ${login} has no pending invitation`);
    this.invitations.delete(inv.id);
    this.failedInvitations.set(inv.id, { ...inv, failedAt: "2026-01-12T09:00:00Z", failedReason: reason });
  }

  /**
   * Nobody accepts the e-mail invitation to `email` within seven days, so it expires as GitHub's do:
   * "If an invitee does not accept the invitation within seven days, the pending invitation expires
   * automatically" (https://docs.github.com/en/organizations/managing-membership-in-your-organization/inviting-users-to-join-your-organization).
   * It leaves the pending list and is listed by GET /orgs/{org}/failed_invitations, "failed_at and
   * failed_reason" set (https://docs.github.com/en/rest/orgs/members#list-failed-organization-invitations),
   * `login` still null and `email` the address.
   */
  expireEmailInvitation(email: string, failedAt = "2026-12-09T08:00:00Z"): void {
    const inv = [...this.emailInvitations.values()].find((i) => i.email.toLowerCase() === email.toLowerCase());
    if (!inv) throw new Error(`github-fake: no pending invitation to ${email}`);
    this.emailInvitations.delete(inv.id);
    this.failedInvitations.set(inv.id, { ...inv, failedAt, failedReason: "Invitation expired. User did not accept this invite for 7 days" });
  }

  /** The invitee accepts: what no API call of an org owner can do, so tests do it here. */
  acceptInvitation(login: string): void {
    const user = this.user(login);
    const inv = user && this.invitationFor(user.id);
    if (!user || !inv) throw new Error(`github-fake: ${login} has no pending invitation`);
    this.invitations.delete(inv.id);
    this.members.set(user.id, inv.role);
    for (const [slug, role] of inv.teams) this.teams.get(slug)?.members.set(user.id, role);
  }

  /**
   * Whoever holds the mailbox accepts an e-mail invitation under a GitHub account of their own
   * (`login`, made or chosen at acceptance), as GitHub does: the invitation leaves the pending list,
   * and the user becomes a member with its role and teams ("the invitee will be added to the
   * teams", create-an-organization-invitation). Nothing on the member says which address it was
   * sent to. Returns the new member.
   */
  acceptEmailInvitation(email: string, login: string): FakeUser {
    const inv = [...this.emailInvitations.values()].find((i) => i.email.toLowerCase() === email.toLowerCase());
    if (!inv) throw new Error(`github-fake: no pending invitation to ${email}`);
    if (this.user(login) && this.members.has(this.user(login)!.id)) throw new Error(`github-fake: ${login} is a member already`);
    this.emailInvitations.delete(inv.id);
    const user = this.addUser(login);
    this.members.set(user.id, inv.role);
    for (const [slug, role] of inv.teams) this.addTeam(slug).members.set(user.id, role);
    return user;
  }

  /** A direct collaborator (member or outside collaborator) with this role on the repository. */
  addCollaborator(repoName: string, login: string, role: RepoRole): void {
    this.addRepo(repoName).collaborators.set(this.addUser(login).id, role);
  }

  /** A custom repository role the org defines (Organization settings → Repository roles), granted by name. */
  addCustomRepoRole(name: string, base: Exclude<RepoRole, "admin">): void {
    this.customRepoRoles.set(name, base);
  }

  /** A direct collaborator holding a custom repository role (`name`) whose base role is `base`, given by hand. */
  addCustomRoleCollaborator(repoName: string, login: string, name: string, base: Exclude<RepoRole, "admin">): void {
    if (!this.customRepoRoles.has(name)) this.addCustomRepoRole(name, base);
    const repo = this.addRepo(repoName);
    const id = this.addUser(login).id;
    repo.collaborators.set(id, base);
    (repo.customRoles ??= new Map()).set(id, name);
  }

  /**
   * A pending invitation to the repository, as "Add a repository collaborator" makes for someone who
   * is not an org member (201 with the invitation; the invitee "must accept or decline" it,
   * https://docs.github.com/en/rest/collaborators/collaborators#add-a-repository-collaborator).
   */
  inviteToRepo(repoName: string, login: string, role: RepoRole): FakeRepoInvitation {
    const inv: FakeRepoInvitation = { id: this.id(), userId: this.addUser(login).id, role, createdAt: CREATED };
    this.addRepo(repoName).invitations.set(inv.id, inv);
    return inv;
  }

  /**
   * The invitee accepts their repository invitation (PATCH /user/repository_invitations/{id}, the
   * invitee's own call, https://docs.github.com/en/rest/collaborators/invitations#accept-a-repository-invitation):
   * what no org owner's call can do, so tests do it here. A collaborator with the invitation's role.
   */
  acceptRepoInvitation(repoName: string, login: string): void {
    const repo = this.repos.get(repoName);
    const user = this.user(login);
    const inv = repo && user ? [...repo.invitations.values()].find((i) => i.userId === user.id) : undefined;
    if (!repo || !user || !inv) throw new Error(`github-fake: ${login} has no pending invitation to ${repoName}`);
    repo.invitations.delete(inv.id);
    repo.collaborators.set(user.id, inv.role);
  }

  /** Users with direct access to some repository who are not org members (GitHub's outside collaborators). */
  outsideCollaborators(): number[] {
    const ids = new Set<number>();
    for (const r of this.repos.values()) for (const id of r.collaborators.keys()) if (!this.members.has(id)) ids.add(id);
    return [...ids].sort((a, b) => a - b);
  }

  removeMembership(userId: number): "removed" | "cancelled" | "none" {
    if (this.members.has(userId) && this.enterpriseTeamsOf(userId).length > 0) {
      // remove-membership-for-user: "If a user has both direct membership in the organization as
      // well as indirect membership via an enterprise team, only their direct membership will be
      // removed. Their indirect membership via an enterprise team remains until the user is
      // removed from the enterprise team." What the direct membership gave (teams, the owner
      // role, direct repository access) goes, as on a removal: GitHub does not document it
      // otherwise. With no direct membership there is nothing to remove.
      if (this.indirectOnly.has(userId)) return "none";
      this.indirectOnly.add(userId);
      this.members.set(userId, "member");
      for (const t of this.teams.values()) t.members.delete(userId);
      for (const r of this.repos.values()) r.collaborators.delete(userId);
      return "removed";
    }
    if (this.members.delete(userId)) {
      for (const t of this.teams.values()) t.members.delete(userId);
      // Leaving the org drops the person's direct access to its repositories too.
      for (const r of this.repos.values()) r.collaborators.delete(userId);
      return "removed";
    }
    const inv = this.invitationFor(userId);
    if (inv) {
      this.invitations.delete(inv.id);
      return "cancelled";
    }
    return "none";
  }

  addTeam(slug: string, name = slug, parent?: string): FakeTeam {
    const team: FakeTeam = this.teams.get(slug) ?? { id: this.id(), slug, name, members: new Map(), repos: new Map() };
    if (parent) {
      if (!this.teams.has(parent)) throw new Error(`github-fake: no parent team ${parent}`);
      team.parent = parent;
    }
    this.teams.set(slug, team);
    return team;
  }

  /**
   * An org owner or team maintainer renames the team (PATCH /orgs/{org}/teams/{team_slug} with a
   * new `name`): "GitHub generates the team's slug from the team name" (REST API *Teams*), so the
   * slug follows the name while the team keeps its id, members, child teams and repository access;
   * the old slug names nothing afterwards (anyone may make a new team under it). Everything that
   * holds the team by slug here (child teams, invitations, organization roles) follows it.
   */
  renameTeam(slug: string, name: string): FakeTeam {
    const team = this.teams.get(slug);
    if (!team) throw new Error(`github-fake: no team ${slug}`);
    const to = teamSlug(name);
    if (to !== slug && this.teams.has(to)) throw new Error(`github-fake: team slug ${to} is taken`);
    this.teams.delete(slug);
    team.name = name;
    team.slug = to;
    this.teams.set(to, team);
    for (const child of this.teams.values()) if (child.parent === slug) child.parent = to;
    for (const inv of [...this.invitations.values(), ...this.emailInvitations.values()]) {
      const role = inv.teams.get(slug);
      if (role === undefined) continue;
      inv.teams.delete(slug);
      inv.teams.set(to, role);
    }
    for (const role of this.orgRoles.values()) if (role.teams.delete(slug)) role.teams.add(to);
    return team;
  }

  childTeams(slug: string): FakeTeam[] {
    return [...this.teams.values()].filter((t) => t.parent === slug);
  }

  /**
   * A team's members as GitHub lists them: "Team members will include the members of child
   * teams", each with its role and an `inherited` flag (teams/list-members-in-org's description).
   */
  effectiveMembers(slug: string): Map<number, EffectiveMember> {
    const team = this.teams.get(slug);
    const out = new Map<number, EffectiveMember>();
    if (!team) return out;
    for (const [id, role] of team.members) out.set(id, { role, inherited: false });
    for (const child of this.childTeams(slug)) {
      for (const [id, m] of this.effectiveMembers(child.slug)) if (!out.has(id)) out.set(id, { role: m.role, inherited: true });
    }
    return out;
  }

  addTeamMember(slug: string, login: string, role: TeamRole = "member"): void {
    const user = this.user(login);
    if (!user || !this.members.has(user.id)) throw new Error(`github-fake: ${login} is not an org member`);
    this.addTeam(slug).members.set(user.id, role);
  }

  /** The team gets this role on the repository (members get it through the team, not as collaborators). */
  addTeamRepo(slug: string, repoName: string, role: RepoRole): void {
    this.addRepo(repoName);
    this.addTeam(slug).repos.set(repoName, role);
  }

  /** The repository a request names, in any case: GitHub's repository names are "not case sensitive" (REST API, `{repo}`). */
  repoNamed(name: string): FakeRepo | undefined {
    return this.repos.get(name) ?? [...this.repos.values()].find((r) => r.name.toLowerCase() === name.toLowerCase());
  }

  addRepo(name: string): FakeRepo {
    const repo: FakeRepo = this.repos.get(name) ?? { id: this.id(), name, deployKeys: new Map(), collaborators: new Map(), invitations: new Map() };
    this.repos.set(name, repo);
    return repo;
  }

  /** `readOnly` false: a key that can push ("Allow write access"), as a release pipeline's is. */
  addDeployKey(repoName: string, title: string, addedBy: string | null = null, readOnly = true): FakeDeployKey {
    const key: FakeDeployKey = { id: this.id(), title, key: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${title.replace(/\W/g, "")}`, readOnly, addedBy, createdAt: CREATED };
    this.addRepo(repoName).deployKeys.set(key.id, key);
    return key;
  }

  addPatGrant(ownerLogin: string, tokenName: string): FakePatGrant {
    const owner = this.addUser(ownerLogin);
    const grant: FakePatGrant = { id: this.id(), ownerId: owner.id, tokenId: this.id(), tokenName, grantedAt: CREATED };
    this.patGrants.set(grant.id, grant);
    return grant;
  }

  addOrgRole(name: string, baseRole?: FakeOrgRole["baseRole"]): FakeOrgRole {
    const existing = [...this.orgRoles.values()].find((r) => r.name === name);
    if (existing) return existing;
    const role: FakeOrgRole = { id: this.id(), name, users: new Set(), teams: new Set(), ...(baseRole ? { baseRole } : {}) };
    this.orgRoles.set(role.id, role);
    return role;
  }

  /** The user is the org's only owner (GitHub refuses to demote or remove them: handlers.ts, lastOwner). */
  isLastOwner(userId: number): boolean {
    return this.members.get(userId) === "admin" && this.adminCount() === 1;
  }

  adminCount(): number {
    return [...this.members.values()].filter((r) => r === "admin").length;
  }
}
