// JSON bodies as api.github.com shapes them. Every one is validated against the subset on the way
// out, so a field missing here shows up as a violation, not as a silently wrong fake.
import type { FakeDeployKey, FakeEmailInvitation, FakeInvitation, FakeOrg, FakeOrgRole, FakePatGrant, FakeRepo, FakeRepoInvitation, FakeTeam, FakeUser, OrgRole, RepoRole, TeamRole } from "./state.js";

const RANK: RepoRole[] = ["read", "triage", "write", "maintain", "admin"];

const STAMP = "2026-01-05T09:00:00Z";

export class Shapes {
  constructor(private readonly base: string, private readonly org: FakeOrg) {}

  simpleUser(u: FakeUser): Record<string, unknown> {
    // An App's bot login has brackets ("scopesync[bot]"): escaped in URLs, as GitHub does.
    const path = encodeURIComponent(u.login);
    const api = `${this.base}/users/${path}`;
    return {
      login: u.login, id: u.id, node_id: `U_${u.id}`, avatar_url: `${this.base}/avatars/u/${u.id}`, gravatar_id: "",
      url: api, html_url: `${this.base}/${path}`, followers_url: `${api}/followers`, following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`, starred_url: `${api}/starred{/owner}{/repo}`, subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`, repos_url: `${api}/repos`, events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`, type: u.login.endsWith("[bot]") ? "Bot" : "User", site_admin: false, user_view_type: "public",
    };
  }

  /** `GET /user` and `GET /users/{u}`: the public view (the private one also matches public-user, and the description's oneOf rejects a body matching both). */
  publicUser(u: FakeUser): Record<string, unknown> {
    return {
      ...this.simpleUser(u), name: u.name, company: null, blog: "", location: null, email: u.email, hireable: null, bio: null,
      public_repos: 0, public_gists: 0, followers: 0, following: 0, created_at: STAMP, updated_at: STAMP,
    };
  }

  orgSimple(): Record<string, unknown> {
    const api = `${this.base}/orgs/${this.org.org}`;
    return {
      login: this.org.org, id: this.org.orgId, node_id: `O_${this.org.orgId}`, url: api, repos_url: `${api}/repos`, events_url: `${api}/events`,
      hooks_url: `${api}/hooks`, issues_url: `${api}/issues`, members_url: `${api}/members{/member}`, public_members_url: `${api}/public_members{/member}`,
      avatar_url: `${this.base}/avatars/o/${this.org.orgId}`, description: null,
    };
  }

  orgRole(r: FakeOrgRole): Record<string, unknown> {
    const organization = { ...this.simpleUser({ id: this.org.orgId, login: this.org.org, name: null, email: null }), type: "Organization" };
    // base_role: "The system role from which this role inherits permissions" (the description's
    // organization-role schema: read, triage, write, maintain, admin or null).
    return { id: r.id, name: r.name, description: null, base_role: r.baseRole ?? null, source: "Organization", permissions: ["read_audit_logs"], organization, created_at: STAMP, updated_at: STAMP };
  }

  /**
   * A custom repository role, as the organization-custom-repository-role schema has it (GitHub
   * Enterprise Cloud's description): `base_role` "The system role from which this role inherits
   * permissions" (read, triage, write or maintain), `permissions` "A list of additional permissions".
   */
  customRepoRole(name: string, base: string, id: number): Record<string, unknown> {
    const organization = { ...this.simpleUser({ id: this.org.orgId, login: this.org.org, name: null, email: null }), type: "Organization" };
    return { id, name, description: null, base_role: base, permissions: ["delete_alerts_code_scanning"], organization, created_at: STAMP, updated_at: STAMP };
  }

  orgMembership(u: FakeUser, state: "active" | "pending", role: OrgRole): Record<string, unknown> {
    return {
      url: `${this.base}/orgs/${this.org.org}/memberships/${u.login}`, state, role, organization_url: `${this.base}/orgs/${this.org.org}`,
      organization: this.orgSimple(), user: this.simpleUser(u), ...(state === "active" ? { permissions: { can_create_repository: true }, ...this.membershipSources(u) } : {}),
    };
  }

  /**
   * Whether the membership is direct and which enterprise teams give it indirectly, as the
   * org-membership schema has them (its example: `"direct_membership": true,
   * "enterprise_teams_providing_indirect_membership": ["ent:justice-league", …]`).
   */
  private membershipSources(u: FakeUser): Record<string, unknown> {
    return { direct_membership: !this.org.indirectOnly.has(u.id), enterprise_teams_providing_indirect_membership: this.org.enterpriseTeamsOf(u.id) };
  }

  /** An org invitation; one sent to an e-mail address has `"login": null` (list-pending-invitations' description). */
  invitation(inv: FakeInvitation | FakeEmailInvitation): Record<string, unknown> {
    const byEmail = "email" in inv;
    return {
      id: inv.id, login: byEmail ? null : this.org.userById(inv.userId).login, email: byEmail ? inv.email : null, role: inv.role === "admin" ? "admin" : "direct_member", created_at: inv.createdAt, failed_at: inv.failedAt ?? null,
      failed_reason: inv.failedReason ?? null, inviter: this.simpleUser(this.org.userById(inv.inviterId)), team_count: inv.teams.size, node_id: `OI_${inv.id}`,
      invitation_teams_url: `${this.base}/organizations/${this.org.orgId}/invitations/${inv.id}/teams`, invitation_source: "member",
    };
  }

  /** team-simple: what a team's `parent` holds. */
  teamSimple(t: FakeTeam): Record<string, unknown> {
    const api = `${this.base}/orgs/${this.org.org}/teams/${t.slug}`;
    return {
      id: t.id, node_id: `T_${t.id}`, url: api, html_url: `${this.base}/orgs/${this.org.org}/teams/${t.slug}`, name: t.name, slug: t.slug,
      description: null, privacy: "closed", notification_setting: "notifications_enabled", permission: "pull", members_url: `${api}/members{/member}`,
      repositories_url: `${api}/repos`, type: "organization",
    };
  }

  team(t: FakeTeam): Record<string, unknown> {
    const parent = t.parent ? this.org.teams.get(t.parent) : undefined;
    return { ...this.teamSimple(t), parent: parent ? this.teamSimple(parent) : null, organization_id: this.org.orgId };
  }

  /** team-full: what PATCH /orgs/{org}/teams/{team_slug} (renaming a team) answers. */
  teamFull(t: FakeTeam): Record<string, unknown> {
    return { ...this.team(t), members_count: t.members.size, repos_count: t.repos.size, created_at: STAMP, updated_at: STAMP, organization: this.orgFull() };
  }

  /** organization-full: what GET /orgs/{org} answers (its required fields; the owner-only ones GitHub leaves out for others are left out). */
  orgFull(): Record<string, unknown> {
    return {
      ...this.orgSimple(), name: this.org.org,
      has_organization_projects: true, has_repository_projects: true, public_repos: 0, public_gists: 0, followers: 0, following: 0,
      html_url: `${this.base}/${this.org.org}`, type: "Organization", created_at: STAMP, updated_at: STAMP, archived_at: null,
    };
  }

  /**
   * An enterprise team as GET /orgs/{org}/teams lists it since GitHub's 2026-02-23 "Enterprise team
   * support in organization APIs": the team schema's `type` is `enterprise` (not `organization`),
   * its slug "ent:<name>", its `enterprise_id` set; enterprise teams have no parent ("Nested teams"
   * are among what they "do not support", *Teams in an enterprise*).
   */
  enterpriseTeam(slug: string, id: number): Record<string, unknown> {
    const api = `${this.base}/orgs/${this.org.org}/teams/${slug}`;
    return {
      id, node_id: `ET_${id}`, url: api, html_url: `${this.base}/enterprises/acme/teams/${slug.slice("ent:".length)}`, name: slug.slice("ent:".length), slug,
      description: null, permission: "pull", members_url: `${api}/members{/member}`, repositories_url: `${api}/repos`, type: "enterprise", parent: null, enterprise_id: 42,
    };
  }

  teamMembership(t: FakeTeam, u: FakeUser, role: TeamRole, state: "active" | "pending"): Record<string, unknown> {
    return { url: `${this.base}/orgs/${this.org.org}/teams/${t.slug}/memberships/${u.login}`, role, state };
  }

  repo(r: FakeRepo): Record<string, unknown> {
    const api = `${this.base}/repos/${this.org.org}/${r.name}`;
    const owner = { ...this.simpleUser({ id: this.org.orgId, login: this.org.org, name: null, email: null }), type: "Organization" };
    const urls = Object.fromEntries(
      ["archive", "assignees", "blobs", "branches", "collaborators", "comments", "commits", "compare", "contents", "contributors", "deployments", "downloads", "events", "forks", "git_commits", "git_refs", "git_tags", "hooks", "issue_comment", "issue_events", "issues", "keys", "labels", "languages", "merges", "milestones", "notifications", "pulls", "releases", "stargazers", "statuses", "subscribers", "subscription", "tags", "teams", "trees"].map((k) => [`${k}_url`, `${api}/${k}`]),
    );
    return { id: r.id, node_id: `R_${r.id}`, name: r.name, full_name: `${this.org.org}/${r.name}`, owner, private: true, html_url: `${this.base}/${this.org.org}/${r.name}`, description: null, fork: false, url: api, ...urls, archived: r.archived === true };
  }

  /** A collaborator as GET /repos/{o}/{r}/collaborators lists them: `role` is the highest from any source (repo-access-sources.ts), with the permissions it implies. */
  collaborator(u: FakeUser, role: RepoRole): Record<string, unknown> {
    const at = RANK.indexOf(role);
    const permissions = { pull: at >= 0, triage: at >= 1, push: at >= 2, maintain: at >= 3, admin: at >= 4 };
    return { ...this.simpleUser(u), permissions, role_name: role };
  }

  /**
   * A repository as GET /orgs/{o}/teams/{t}/repos lists it: the team's role on it and the
   * permissions it implies. `custom`: a custom repository role the team holds, whose base is
   * `role`: its name is the role_name, the permissions its base's.
   */
  teamRepo(r: FakeRepo, role: RepoRole, custom?: string): Record<string, unknown> {
    const at = RANK.indexOf(role);
    const permissions = { pull: at >= 0, triage: at >= 1, push: at >= 2, maintain: at >= 3, admin: at >= 4 };
    return { ...this.repo(r), permissions, role_name: custom ?? role };
  }

  repoInvitation(repo: FakeRepo, inv: FakeRepoInvitation): Record<string, unknown> {
    return {
      id: inv.id, node_id: `RI_${inv.id}`, repository: this.repo(repo), invitee: this.simpleUser(this.org.userById(inv.userId)), inviter: this.simpleUser(this.org.self),
      permissions: inv.role, created_at: inv.createdAt, url: `${this.base}/user/repository_invitations/${inv.id}`, html_url: `${this.base}/${this.org.org}/${repo.name}/invitations`,
    };
  }

  deployKey(repo: FakeRepo, k: FakeDeployKey): Record<string, unknown> {
    return {
      id: k.id, key: k.key, url: `${this.base}/repos/${this.org.org}/${repo.name}/keys/${k.id}`, title: k.title, verified: true,
      created_at: k.createdAt, read_only: k.readOnly, added_by: k.addedBy, last_used: null, enabled: true,
    };
  }

  patGrant(g: FakePatGrant): Record<string, unknown> {
    return {
      id: g.id, owner: this.simpleUser(this.org.userById(g.ownerId)), repository_selection: "all",
      repositories_url: `${this.base}/organizations/${this.org.orgId}/personal-access-tokens/${g.id}/repositories`,
      permissions: { organization: {}, repository: { contents: "read" }, other: {} }, access_granted_at: g.grantedAt,
      token_id: g.tokenId, token_name: g.tokenName, token_expired: false, token_expires_at: null, token_last_used_at: null,
    };
  }
}
