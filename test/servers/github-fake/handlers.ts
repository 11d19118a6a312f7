// One handler per operation of the subset. They change the FakeOrg the way GitHub documents it.
import { ACTIONS_HANDLERS } from "./handlers-actions.js";
import { PULL_HANDLERS } from "./handlers-pulls.js";
import { accessSources, highestRole } from "./repo-access-sources.js";
import { grantedRole, isRefusal } from "./repo-permission.js";
import type { Shapes } from "./shapes.js";
import { teamSlug, type FakeOrg, type FakeRepo, type OrgRole, type RepoRole, type TeamRole } from "./state.js";

export interface HandlerInput {
  org: FakeOrg;
  shapes: Shapes;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown> | undefined;
  /** Absolute URL of the request, for Link headers. */
  url: URL;
}
export interface HandlerResult { status: number; body?: unknown; headers?: Record<string, string> }
type Handler = (input: HandlerInput) => HandlerResult;

const notFound = (what: string): HandlerResult => ({ status: 404, body: { message: `Not Found (${what})`, documentation_url: "https://docs.github.com/rest", status: "404" } });
const unprocessable = (message: string): HandlerResult => ({ status: 422, body: { message, documentation_url: "https://docs.github.com/rest", status: "422" } });
/**
 * The org-level team routes GitHub's description answers for an enterprise team with "422:
 * Unprocessable entity if you attempt to modify an enterprise team at the organization level"
 * (documented without a body): its pending invitations, external groups and team-sync mappings.
 */
const enterpriseTeamUnsupported = (input: HandlerInput): HandlerResult | undefined => (input.org.enterpriseTeamInfo.has(input.params.team_slug!) ? { status: 422 } : undefined);

/** GitHub's pagination: per_page (default 30, max 100) and page, with a Link header. */
export function pageOf<T>(items: T[], input: HandlerInput): { items: T[]; headers?: Record<string, string> } {
  const perPage = Math.min(Number(input.query.per_page ?? 30), 100);
  const page = Math.max(Number(input.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string): string => {
    const u = new URL(input.url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(p));
    return `<${u.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"), link(page - 1, "prev"));
  return { items: items.slice((page - 1) * perPage, page * perPage), ...(links.length ? { headers: { link: links.join(", ") } } : {}) };
}

function paginate(items: unknown[], input: HandlerInput): HandlerResult {
  const { items: body, headers } = pageOf(items, input);
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

/**
 * GitHub keeps an organization owned: "If you're the only member with owner privileges, give
 * another organization member the owner role" before leaving it
 * (https://docs.github.com/en/organizations/managing-organization-settings/transferring-organization-ownership),
 * and an owner cannot change their own role either ("You can't change your own role",
 * https://docs.github.com/en/organizations/managing-peoples-access-to-your-organization-with-roles/maintaining-ownership-continuity-for-your-organization).
 * The REST description documents 422 ("Validation failed") for PUT /orgs/{org}/memberships/{username}
 * and 403 ("Forbidden") for its DELETE; the wording is the fake's (GitHub does not publish it).
 */
function lastOwner(status: 403 | 422, doing: "demote" | "remove"): HandlerResult {
  const message = `You cannot ${doing} the last owner of the organization: an organization must have at least one owner`;
  return status === 422
    ? { status, body: { message: "Validation Failed", errors: [{ resource: "OrganizationMembership", code: "custom", field: "role", message }], documentation_url: "https://docs.github.com/rest/orgs/members#set-organization-membership-for-a-user", status: "422" } }
    : { status, body: { message, documentation_url: "https://docs.github.com/rest/orgs/members#remove-organization-membership-for-a-user", status: "403" } };
}

const byId = <T extends { id: number }>(a: T, b: T): number => a.id - b.id;

function orgRepo(input: HandlerInput): FakeRepo | undefined {
  return input.params.owner === input.org.org ? input.org.repos.get(input.params.repo!) : undefined;
}

/**
 * A write to an archived repository: "Once a repository is archived, you cannot add or remove
 * collaborators or teams", its permissions "become read-only" (docs.github.com, *Archiving
 * repositories*). GitHub answers its writes 403 "Repository was archived so is read-only." (the
 * answer cli/cli#7176 and hub4j/github-api#473 quote; the REST description documents the 403, not
 * its text).
 */
const archivedRepo = (repo: FakeRepo | undefined): HandlerResult | undefined =>
  repo?.archived ? { status: 403, body: { message: "Repository was archived so is read-only.", documentation_url: "https://docs.github.com/rest", status: "403" } } : undefined;

/**
 * A membership write on a team an IdP owns: "When you have team synchronization set up for a team
 * with your organization's identity provider (IdP), you will see an error if you attempt to use the
 * API for making changes to the team's membership" (the team membership endpoints; their 403 is
 * "Forbidden if team synchronization is set up"). An EMU org's text is the one
 * integrations/terraform-provider-github#2079 quotes; team sync's is the fake's own.
 */
function idpOwnedTeam(org: FakeOrg, team: { slug: string; idpGroups?: string[] }): HandlerResult | undefined {
  if (!team.idpGroups?.length) return undefined;
  const message = org.emu ? "You cannot create or update members for an external group backed team since they are managed by the identity provider" : `Team "${team.slug}" is synchronized with an identity provider group: its membership is managed by the identity provider`;
  return { status: 403, body: { message, documentation_url: "https://docs.github.com/rest/teams/members", status: "403" } };
}

export const HANDLERS: Record<string, Handler> = {
  "users/get-authenticated": ({ org, shapes }) => ({ status: 200, body: shapes.publicUser(org.self) }),

  "users/get-by-username": ({ org, shapes, params }) => {
    const u = org.user(params.username!);
    return u ? { status: 200, body: shapes.publicUser(u) } : notFound(`user ${params.username}`);
  },

  "users/get-by-id": ({ org, shapes, params }) => {
    const u = [...org.users.values()].find((x) => String(x.id) === params.account_id);
    return u ? { status: 200, body: shapes.publicUser(u) } : notFound(`user ${params.account_id}`);
  },

  // The org's numeric id, which the connector binds a state to; any token may ask ("does not require any permissions").
  "orgs/get": ({ org, shapes, params }) => (params.org!.toLowerCase() === org.org.toLowerCase() ? { status: 200, body: shapes.orgFull() } : notFound(`organization ${params.org}`)),

  "orgs/list-members": (input) => {
    const { org, shapes, query } = input;
    const role = (query.role as string | undefined) ?? "all";
    const users = [...org.members].filter(([, r]) => role === "all" || r === role).map(([id]) => org.userById(id)).sort(byId);
    return paginate(users.map((u) => shapes.simpleUser(u)), input);
  },

  "orgs/get-membership-for-user": ({ org, shapes, params }) => {
    const u = org.user(params.username!);
    if (!u) return notFound(`user ${params.username}`);
    const role = org.members.get(u.id);
    if (role) return { status: 200, body: shapes.orgMembership(u, "active", role) };
    const inv = org.invitationFor(u.id);
    return inv ? { status: 200, body: shapes.orgMembership(u, "pending", inv.role) } : notFound(`membership ${params.username}`);
  },

  // Documented: sets the role of a member, or invites a non-member (state pending).
  "orgs/set-membership-for-user": ({ org, shapes, params, body }) => {
    const u = org.user(params.username!);
    if (!u) return notFound(`user ${params.username}`);
    const role = ((body?.role as OrgRole | undefined) ?? "member") as OrgRole;
    if (role !== "admin" && org.isLastOwner(u.id)) return lastOwner(422, "demote");
    if (org.members.has(u.id) || (org.ghes && !org.ghesAddsPending)) {
      // GHES has no invitations (its description has no /orgs/{org}/invitations): an owner adds the member.
      org.members.set(u.id, role);
      return { status: 200, body: shapes.orgMembership(u, "active", role) };
    }
    const inv = org.invite(u.login, role);
    inv.role = role;
    return { status: 200, body: shapes.orgMembership(u, "pending", role) };
  },

  // Documented: removes an active member, or cancels a pending invitation.
  "orgs/remove-membership-for-user": ({ org, params }) => {
    const u = org.user(params.username!);
    if (u && org.isLastOwner(u.id)) return lastOwner(403, "remove");
    if (!u || org.removeMembership(u.id) === "none") return notFound(`membership ${params.username}`);
    return { status: 204 };
  },

  "orgs/list-failed-invitations": (input) => paginate([...input.org.failedInvitations.values()].sort(byId).map((i) => input.shapes.invitation(i)), input),

  // Invitations to a user and to an e-mail address alike, by id.
  "orgs/list-pending-invitations": (input) => paginate([...input.org.invitations.values(), ...input.org.emailInvitations.values()].sort(byId).map((i) => input.shapes.invitation(i)), input),

  // Documented: cancels a pending invitation by its id (204), whoever or whichever address it is for.
  "orgs/cancel-invitation": ({ org, params }) => {
    const id = Number(params.invitation_id);
    if (!org.invitations.delete(id) && !org.emailInvitations.delete(id)) return notFound(`invitation ${params.invitation_id}`);
    return { status: 204 };
  },

  "orgs/create-invitation": ({ org, shapes, body }) => {
    // The fake's wording: Enterprise Managed Users orgs have no invitations (the IdP provisions through SCIM).
    if (org.emu) return unprocessable("Invitations are not available for organizations with Enterprise Managed Users.");
    const inviteeId = body?.invitee_id as number | undefined;
    const email = body?.email as string | undefined;
    if (inviteeId === undefined && email !== undefined) {
      // "email: Required unless you provide invitee_id. Email address of the person you are
      // inviting, which can be an existing GitHub user." An address no GitHub user has is an
      // e-mail invitation (login null). The fake does not look up users by address.
      const teams = ((body?.team_ids as number[] | undefined) ?? []).map((id) => [...org.teams.values()].find((t) => t.id === id)?.slug).filter((t): t is string => t !== undefined);
      return { status: 201, body: shapes.invitation(org.inviteByEmail(email, body?.role === "admin" ? "admin" : "member", teams)) };
    }
    if (inviteeId === undefined) return unprocessable("invitee_id or email is required");
    let login: string;
    try {
      login = org.userById(inviteeId).login;
    } catch {
      return unprocessable(`Invitee ${inviteeId} does not exist`);
    }
    const u = org.user(login)!;
    if (org.members.has(u.id)) return unprocessable("Invitee is already a part of this organization");
    if (org.invitationFor(u.id)) return unprocessable("Invitee has already been invited");
    if (org.invitationsLeft <= 0) {
      return { status: 422, body: { message: "Validation Failed", errors: [{ resource: "OrganizationInvitation", code: "custom", field: "data", message: "Over invitation rate limit" }], documentation_url: "https://docs.github.com/rest/orgs/members#create-an-organization-invitation", status: "422" } };
    }
    org.invitationsLeft--;
    const role: OrgRole = body?.role === "admin" ? "admin" : "member";
    const inv = org.invite(login, role);
    return { status: 201, body: shapes.invitation(inv) };
  },

  // Since GitHub's 2026-02-23 "Enterprise team support in organization APIs", the enterprise teams
  // assigned to the org are listed with its own teams: `team_type` all (the default) | enterprise |
  // organization. GitHub Enterprise Server's description has no `team_type` (nor enterprise teams).
  "teams/list": (input) => {
    const { org, shapes, query } = input;
    const type = (query.team_type as string | undefined) ?? "all";
    const own = type === "enterprise" ? [] : [...org.teams.values()].map((t) => ({ id: t.id, body: shapes.team(t) }));
    const ent = type === "organization" ? [] : [...org.enterpriseTeamInfo].map(([slug, e]) => ({ id: e.id, body: shapes.enterpriseTeam(slug, e.id) }));
    return paginate([...own, ...ent].sort(byId).map((t) => t.body), input);
  },

  // Documented: members of child teams are listed too, each with `role` and `inherited`.
  "teams/list-members-in-org": (input) => {
    const { org, shapes, params, query } = input;
    const ent = org.enterpriseTeams.get(params.team_slug!);
    if (ent && org.enterpriseTeamInfo.has(params.team_slug!)) {
      // An enterprise team has no maintainers and no child teams ("Team maintainers", "Nested teams": not supported).
      const users = query.role === "maintainer" ? [] : [...ent].map((id) => org.userById(id)).sort(byId);
      return paginate(users.map((u) => ({ ...shapes.simpleUser(u), role: "member", inherited: false })), input);
    }
    const team = org.teams.get(params.team_slug!);
    if (!team) return notFound(`team ${params.team_slug}`);
    const role = (query.role as string | undefined) ?? "all";
    const members = [...org.effectiveMembers(team.slug)].filter(([, m]) => role === "all" || m.role === role).map(([id, m]) => ({ u: org.userById(id), m })).sort((a, b) => a.u.id - b.u.id);
    return paginate(members.map(({ u, m }) => ({ ...shapes.simpleUser(u), role: m.role, inherited: m.inherited })), input);
  },

  // GitHub Enterprise Cloud: the IdP groups available to the org (team sync), a page token paging them
  // ("page": "Page token"); the fake's IdP has the groups its teams are connected to. "These
  // endpoints cannot be used with Enterprise Managed Users": an EMU org's answer is the fake's.
  "teams/list-idp-groups-for-org": (input) => {
    const { org } = input;
    const available = org.emu ? [] : [...new Set([...org.teams.values()].flatMap((t) => t.idpGroups ?? []))].sort();
    const { items, headers } = pageOf(available, input);
    return { status: 200, body: { groups: items.map((g) => ({ group_id: `group-${g}`, group_name: g, group_description: `IdP group ${g}` })) }, ...(headers ? { headers } : {}) };
  },

  // GitHub Enterprise Cloud: the IdP groups a team is synchronized with (team sync) or linked to (EMU).
  "teams/list-idp-groups-in-org": (input) => {
    const { org, params } = input;
    const refused = enterpriseTeamUnsupported(input);
    if (refused) return refused;
    const team = org.teams.get(params.team_slug!);
    if (!team) return notFound(`team ${params.team_slug}`);
    const groups = org.emu ? [] : (team.idpGroups ?? []);
    return { status: 200, body: { groups: groups.map((g, i) => ({ group_id: `${team.id}-${i}`, group_name: g, group_description: `IdP group ${g}` })) } };
  },

  "teams/list-linked-external-idp-groups-to-team-for-org": (input) => {
    const { org, params } = input;
    const refused = enterpriseTeamUnsupported(input);
    if (refused) return refused;
    const team = org.teams.get(params.team_slug!);
    if (!team) return notFound(`team ${params.team_slug}`);
    const groups = org.emu ? (team.idpGroups ?? []) : [];
    return { status: 200, body: { groups: groups.map((g, i) => ({ group_id: team.id * 10 + i, group_name: g, updated_at: "2026-01-05T09:00:00Z" })) } };
  },

  // An owner renames a team (the connector never does): the slug follows the new name and the old
  // one names nothing (state.ts, renameTeam); a name whose slug another team has is refused.
  "teams/update-in-org": ({ org, shapes, params, body }) => {
    const team = org.teams.get(params.team_slug!);
    if (!team) return notFound(`team ${params.team_slug}`);
    const name = body?.name as string | undefined;
    if (name !== undefined && name !== team.name) {
      const to = teamSlug(name);
      if (to === "" || (to !== team.slug && org.teams.has(to))) return unprocessable(`Validation failed: Name must be unique for this org (slug ${to})`);
      org.renameTeam(team.slug, name);
    }
    return { status: 200, body: shapes.teamFull(team) };
  },

  "teams/list-child-in-org": (input) => {
    const team = input.org.teams.get(input.params.team_slug!);
    if (!team) return notFound(`team ${input.params.team_slug}`);
    return paginate(input.org.childTeams(team.slug).sort(byId).map((t) => input.shapes.team(t)), input);
  },

  "teams/list-pending-invitations-in-org": (input) => {
    const refused = enterpriseTeamUnsupported(input);
    if (refused) return refused;
    const team = input.org.teams.get(input.params.team_slug!);
    if (!team) return notFound(`team ${input.params.team_slug}`);
    return paginate([...input.org.invitations.values(), ...input.org.emailInvitations.values()].filter((i) => i.teams.has(team.slug)).sort(byId).map((i) => input.shapes.invitation(i)), input);
  },

  "teams/get-membership-for-user-in-org": ({ org, shapes, params }) => {
    const team = org.teams.get(params.team_slug!);
    const u = org.user(params.username!);
    if (!team || !u) return notFound(`team membership ${params.team_slug}/${params.username}`);
    // Documented: "Team members will include the members of child teams" here too.
    const role = org.effectiveMembers(team.slug).get(u.id)?.role;
    if (role) return { status: 200, body: shapes.teamMembership(team, u, role, "active") };
    const pending = org.invitationFor(u.id)?.teams.get(team.slug);
    return pending ? { status: 200, body: shapes.teamMembership(team, u, pending, "pending") } : notFound(`team membership ${params.team_slug}/${params.username}`);
  },

  // Documented: a non-member of the org is invited to it, and the team membership stays pending.
  "teams/add-or-update-membership-for-user-in-org": ({ org, shapes, params, body }) => {
    const team = org.teams.get(params.team_slug!);
    const u = org.user(params.username!);
    if (!team || !u) return notFound(`team ${params.team_slug} or user ${params.username}`);
    const idp = idpOwnedTeam(org, team);
    if (idp) return idp;
    const role = ((body?.role as TeamRole | undefined) ?? "member") as TeamRole;
    if (org.members.has(u.id)) {
      team.members.set(u.id, role);
      return { status: 200, body: shapes.teamMembership(team, u, role, "active") };
    }
    org.invite(u.login, "member").teams.set(team.slug, role);
    return { status: 200, body: shapes.teamMembership(team, u, role, "pending") };
  },

  "teams/remove-membership-for-user-in-org": ({ org, params }) => {
    const team = org.teams.get(params.team_slug!);
    const u = org.user(params.username!);
    if (!team || !u) return notFound(`team ${params.team_slug} or user ${params.username}`);
    const idp = idpOwnedTeam(org, team);
    if (idp) return idp;
    // Only a direct membership can be removed; one held through a child team is the child's (the
    // fake's 404 here is its own choice: GitHub does not document that case).
    const removed = team.members.delete(u.id) || (org.invitationFor(u.id)?.teams.delete(team.slug) ?? false);
    return removed ? { status: 204 } : notFound(`team membership ${params.team_slug}/${params.username}`);
  },

  "repos/list-for-org": (input) => paginate([...input.org.repos.values()].sort(byId).map((r) => input.shapes.repo(r)), input),

  "repos/list-deploy-keys": (input) => {
    const repo = input.params.owner === input.org.org ? input.org.repos.get(input.params.repo!) : undefined;
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    return paginate([...repo.deployKeys.values()].sort(byId).map((k) => input.shapes.deployKey(repo, k)), input);
  },

  "repos/delete-deploy-key": ({ org, params }) => {
    const repo = params.owner === org.org ? org.repos.get(params.repo!) : undefined;
    if (!repo || !repo.deployKeys.has(Number(params.key_id))) return notFound(`deploy key ${params.key_id}`);
    const archived = archivedRepo(repo);
    if (archived) return archived;
    repo.deployKeys.delete(Number(params.key_id));
    return { status: 204 };
  },

  // Repository access. The API's permission names (pull, push) are the roles read and write.
  // A direct collaborator's role_name is the highest role from any source (a team, the org), not
  // the direct grant: repo-access-sources.ts quotes the description.
  "repos/list-collaborators": (input) => {
    const repo = orgRepo(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    const affiliation = (input.query.affiliation as string | undefined) ?? "all";
    if (affiliation !== "direct") return unprocessable("the fake lists direct collaborators only (affiliation=direct)");
    const users = [...repo.collaborators.keys()].map((id) => input.org.userById(id)).sort((a, b) => a.id - b.id);
    return paginate(users.map((u) => input.shapes.collaborator(u, highestRole(accessSources(input.org, repo, u.id)))), input);
  },

  // Documented: an org member is added at once (204); anyone else gets an invitation (201); an
  // existing collaborator's permission is changed in place (204).
  "repos/add-collaborator": (input) => {
    const { org, params, body, shapes } = input;
    const repo = orgRepo(input);
    const u = org.user(params.username!);
    if (!repo || !u) return notFound(`repo ${params.repo} or user ${params.username}`);
    const archived = archivedRepo(repo);
    if (archived) return archived;
    const granted = grantedRole(org, params.repo!, body?.permission, "push", "https://docs.github.com/rest/collaborators/collaborators#add-a-repository-collaborator");
    if (isRefusal(granted)) return granted;
    const { role, custom } = granted;
    // GitHub Enterprise Server's description answers 204 only (no invitation): the user is added at once.
    if (org.members.has(u.id) || repo.collaborators.has(u.id) || org.ghes) {
      repo.collaborators.set(u.id, role);
      // The role given replaces the one held, custom or built-in: one role per user per repository.
      if (custom) (repo.customRoles ??= new Map()).set(u.id, custom);
      else repo.customRoles?.delete(u.id);
      return { status: 204 };
    }
    // An invitation's `permissions` is a built-in role only (the repository-invitation schema's enum).
    if (custom) return unprocessable(`the fake does not model an invitation with the custom role ${custom}`);
    const pending = [...repo.invitations.values()].find((i) => i.userId === u.id);
    const inv = pending ?? { id: org.id(), userId: u.id, role, createdAt: "2026-01-05T09:00:00Z" };
    inv.role = role;
    repo.invitations.set(inv.id, inv);
    return { status: 201, body: shapes.repoInvitation(repo, inv) };
  },

  "repos/remove-collaborator": (input) => {
    const repo = orgRepo(input);
    const u = input.org.user(input.params.username!);
    if (!repo || !u) return notFound(`repo ${input.params.repo} or user ${input.params.username}`);
    const archived = archivedRepo(repo);
    if (archived) return archived;
    repo.collaborators.delete(u.id);
    repo.customRoles?.delete(u.id);
    return { status: 204 };
  },

  "repos/list-invitations": (input) => {
    const repo = orgRepo(input);
    if (!repo) return notFound(`repo ${input.params.owner}/${input.params.repo}`);
    return paginate([...repo.invitations.values()].sort(byId).map((i) => input.shapes.repoInvitation(repo, i)), input);
  },

  // Documented: changes the permissions of a pending repository invitation (200, the invitation).
  "repos/update-invitation": (input) => {
    const repo = orgRepo(input);
    const inv = repo?.invitations.get(Number(input.params.invitation_id));
    if (!repo || !inv) return notFound(`invitation ${input.params.invitation_id}`);
    const archived = archivedRepo(repo);
    if (archived) return archived;
    const role = input.body?.permissions as RepoRole | undefined;
    if (role) inv.role = role;
    return { status: 200, body: input.shapes.repoInvitation(repo, inv) };
  },

  "repos/delete-invitation": (input) => {
    const repo = orgRepo(input);
    const id = Number(input.params.invitation_id);
    if (!repo || !repo.invitations.has(id)) return notFound(`invitation ${input.params.invitation_id}`);
    const archived = archivedRepo(repo);
    if (archived) return archived;
    if (!input.org.keepsCancelledRepoInvitations) repo.invitations.delete(id);
    return { status: 204 };
  },

  // A team's own repository access; a member holds it through the team, never as a direct collaborator.
  "teams/list-repos-in-org": (input) => {
    const team = input.org.teams.get(input.params.team_slug!) ?? input.org.enterpriseTeamInfo.get(input.params.team_slug!);
    if (!team) return notFound(`team ${input.params.team_slug}`);
    const custom = input.org.teams.get(input.params.team_slug!)?.customRoles; // an enterprise team holds no custom role here
    const repos = [...team.repos].map(([name, role]) => ({ r: input.org.repos.get(name)!, role })).sort((a, b) => a.r.id - b.r.id);
    return paginate(repos.map(({ r, role }) => input.shapes.teamRepo(r, role, custom?.get(r.name))), input);
  },

  // Documented: adds the repository to the team, or updates the team's permission on it (204 either way).
  "teams/add-or-update-repo-permissions-in-org": (input) => {
    const { org, params, body } = input;
    const team = org.teams.get(params.team_slug!);
    if (!team) return notFound(`team ${params.team_slug}`);
    // "You will get a 422 Unprocessable Entity status if you attempt to add a repository to a team that is not owned by the organization."
    if (params.owner !== org.org) return unprocessable("The repository must be owned by the organization");
    if (!org.repos.has(params.repo!)) return notFound(`repo ${params.owner}/${params.repo}`);
    const archived = archivedRepo(org.repos.get(params.repo!));
    if (archived) return archived;
    // No permission named: "the team's `permission` attribute will be used"; the fake's teams have none, so push.
    const granted = grantedRole(org, params.repo!, body?.permission, "push", "https://docs.github.com/rest/teams/teams#add-or-update-team-repository-permissions");
    if (isRefusal(granted)) return granted;
    team.repos.set(params.repo!, granted.role);
    if (granted.custom) (team.customRoles ??= new Map()).set(params.repo!, granted.custom);
    else team.customRoles?.delete(params.repo!);
    return { status: 204 };
  },

  "teams/remove-repo-in-org": (input) => {
    const team = input.org.teams.get(input.params.team_slug!);
    if (!team || input.params.owner !== input.org.org || !input.org.repos.has(input.params.repo!)) return notFound(`team ${input.params.team_slug} or repo ${input.params.owner}/${input.params.repo}`);
    const archived = archivedRepo(input.org.repos.get(input.params.repo!));
    if (archived) return archived;
    team.repos.delete(input.params.repo!);
    team.customRoles?.delete(input.params.repo!);
    return { status: 204 };
  },

  "orgs/list-outside-collaborators": (input) => paginate(input.org.outsideCollaborators().map((id) => input.shapes.simpleUser(input.org.userById(id))), input),

  // Documented: removes the user from all of the org's repositories (422 for an org member).
  "orgs/remove-outside-collaborator": ({ org, params }) => {
    const u = org.user(params.username!);
    if (u && org.members.has(u.id)) return unprocessable("You cannot specify an organization member to remove as an outside collaborator.");
    if (u) for (const r of org.repos.values()) r.collaborators.delete(u.id);
    return { status: 204 };
  },

  // GitHub Enterprise Cloud's and Server's (the subsets cut from their descriptions have it): every
  // custom role in one answer, no pages. api.github.com's has no such route: server.ts answers it.
  "orgs/list-custom-repo-roles": ({ org, shapes }) => {
    const roles = [...org.customRepoRoles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, base], i) => shapes.customRepoRole(name, base, 8030 + i));
    return { status: 200, body: { total_count: roles.length, custom_roles: roles } };
  },

  "orgs/list-org-roles": ({ org, shapes }) => {
    const roles = [...org.orgRoles.values()].sort(byId).map((r) => shapes.orgRole(r));
    return { status: 200, body: { total_count: roles.length, roles } };
  },

  // Documented: each user with `assignment` direct, indirect (through a team) or mixed, and the
  // teams it is inherited from.
  "orgs/list-org-role-users": (input) => {
    const { org, shapes, params } = input;
    const role = org.orgRoles.get(Number(params.role_id));
    if (!role) return notFound(`organization role ${params.role_id}`);
    const via = new Map<number, string[]>();
    for (const slug of role.teams) for (const id of org.effectiveMembers(slug).keys()) via.set(id, [...(via.get(id) ?? []), slug]);
    const ids = [...new Set([...role.users, ...via.keys()])].sort((a, b) => a - b);
    return paginate(ids.map((id) => {
      const teams = via.get(id) ?? [];
      const assignment = role.users.has(id) ? (teams.length ? "mixed" : "direct") : "indirect";
      return { ...shapes.simpleUser(org.userById(id)), assignment, inherited_from: teams.map((slug) => shapes.teamSimple(org.teams.get(slug)!)) };
    }), input);
  },

  // Documented: each team with `assignment` direct, indirect (through its parent team) or mixed.
  "orgs/list-org-role-teams": (input) => {
    const { org, shapes, params } = input;
    const role = org.orgRoles.get(Number(params.role_id));
    if (!role) return notFound(`organization role ${params.role_id}`);
    const inherits = (slug: string): boolean => {
      for (let p = org.teams.get(slug)?.parent; p !== undefined; p = org.teams.get(p)?.parent) if (role.teams.has(p)) return true;
      return false;
    };
    const teams = [...org.teams.values()].filter((t) => role.teams.has(t.slug) || inherits(t.slug)).sort(byId);
    return paginate(teams.map((t) => {
      const assignment = role.teams.has(t.slug) ? (inherits(t.slug) ? "mixed" : "direct") : "indirect";
      return { ...shapes.team(t), permissions: { pull: true, triage: false, push: false, maintain: false, admin: false }, assignment };
    }), input);
  },

  "orgs/assign-user-to-org-role": ({ org, params }) => {
    const role = org.orgRoles.get(Number(params.role_id));
    const u = org.user(params.username!);
    if (!role || !u) return notFound(`organization role ${params.role_id} or user ${params.username}`);
    if (!org.members.has(u.id)) return unprocessable("The user is not a member of the organization.");
    role.users.add(u.id);
    return { status: 204 };
  },

  "orgs/revoke-org-role-user": ({ org, params }) => {
    const role = org.orgRoles.get(Number(params.role_id));
    const u = org.user(params.username!);
    if (role && u) role.users.delete(u.id);
    return { status: 204 };
  },

  "orgs/list-pat-grants": (input) => paginate([...input.org.patGrants.values()].sort(byId).map((g) => input.shapes.patGrant(g)), input),

  "orgs/update-pat-access": ({ org, params, body }) => {
    if (body?.action !== "revoke") return unprocessable(`unsupported action ${String(body?.action)}`);
    if (!org.patGrants.delete(Number(params.pat_id))) return notFound(`personal access token grant ${params.pat_id}`);
    return { status: 204 };
  },

  ...PULL_HANDLERS,
  ...ACTIONS_HANDLERS,
};
