// One handler per operation of the subset. They change the FakeOrg the way GitHub documents it.
import { ACTIONS_HANDLERS } from "./handlers-actions.js";
import { PULL_HANDLERS } from "./handlers-pulls.js";
import type { Shapes } from "./shapes.js";
import type { FakeOrg, OrgRole, TeamRole } from "./state.js";

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

const byId = <T extends { id: number }>(a: T, b: T): number => a.id - b.id;

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
    if (org.members.has(u.id)) {
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
    if (!u || org.removeMembership(u.id) === "none") return notFound(`membership ${params.username}`);
    return { status: 204 };
  },

  "orgs/list-pending-invitations": (input) => paginate([...input.org.invitations.values()].sort(byId).map((i) => input.shapes.invitation(i)), input),

  "orgs/create-invitation": ({ org, shapes, body }) => {
    const inviteeId = body?.invitee_id as number | undefined;
    if (inviteeId === undefined) return unprocessable("the fake invites by invitee_id only (email invitations are not modelled)");
    let login: string;
    try {
      login = org.userById(inviteeId).login;
    } catch {
      return unprocessable(`Invitee ${inviteeId} does not exist`);
    }
    const u = org.user(login)!;
    if (org.members.has(u.id)) return unprocessable("Invitee is already a part of this organization");
    if (org.invitationFor(u.id)) return unprocessable("Invitee has already been invited");
    const role: OrgRole = body?.role === "admin" ? "admin" : "member";
    const inv = org.invite(login, role);
    return { status: 201, body: shapes.invitation(inv) };
  },

  "teams/list": (input) => paginate([...input.org.teams.values()].sort(byId).map((t) => input.shapes.team(t)), input),

  "teams/list-members-in-org": (input) => {
    const { org, shapes, params, query } = input;
    const team = org.teams.get(params.team_slug!);
    if (!team) return notFound(`team ${params.team_slug}`);
    const role = (query.role as string | undefined) ?? "all";
    const users = [...team.members].filter(([, r]) => role === "all" || r === role).map(([id]) => org.userById(id)).sort(byId);
    return paginate(users.map((u) => shapes.simpleUser(u)), input);
  },

  "teams/list-pending-invitations-in-org": (input) => {
    const team = input.org.teams.get(input.params.team_slug!);
    if (!team) return notFound(`team ${input.params.team_slug}`);
    return paginate([...input.org.invitations.values()].filter((i) => i.teams.has(team.slug)).sort(byId).map((i) => input.shapes.invitation(i)), input);
  },

  "teams/get-membership-for-user-in-org": ({ org, shapes, params }) => {
    const team = org.teams.get(params.team_slug!);
    const u = org.user(params.username!);
    if (!team || !u) return notFound(`team membership ${params.team_slug}/${params.username}`);
    const role = team.members.get(u.id);
    if (role) return { status: 200, body: shapes.teamMembership(team, u, role, "active") };
    const pending = org.invitationFor(u.id)?.teams.get(team.slug);
    return pending ? { status: 200, body: shapes.teamMembership(team, u, pending, "pending") } : notFound(`team membership ${params.team_slug}/${params.username}`);
  },

  // Documented: a non-member of the org is invited to it, and the team membership stays pending.
  "teams/add-or-update-membership-for-user-in-org": ({ org, shapes, params, body }) => {
    const team = org.teams.get(params.team_slug!);
    const u = org.user(params.username!);
    if (!team || !u) return notFound(`team ${params.team_slug} or user ${params.username}`);
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
    if (!repo || !repo.deployKeys.delete(Number(params.key_id))) return notFound(`deploy key ${params.key_id}`);
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
