// read(): the org as scopesync sees it. Every list is paginated; any failure throws (a partial
// read must never look like "these people left").
import { normaliseLogin } from "../../model/keys.js";
import type { TargetAccount, TargetCredential, TargetState } from "../../model/target-state.js";
import type { GithubApi } from "./api.js";
import { deployKeyCredential, patGrantCredential } from "./credential-id.js";

const PAGE = { per_page: 100 } as const;

export async function readOrg(api: GithubApi, readAt: string): Promise<TargetState> {
  const { octokit, org } = api;
  const accounts = new Map<string, TargetAccount>(); // by normalised login

  const members = await api.call(`list the members of ${org}`, () => octokit.paginate(octokit.rest.orgs.listMembers, { org, role: "all", ...PAGE }));
  const admins = new Set((await api.adminLogins()).map(normaliseLogin));
  for (const m of members) {
    const entitlements = admins.has(normaliseLogin(m.login)) ? ["role:admin"] : [];
    accounts.set(normaliseLogin(m.login), { id: String(m.id), login: m.login, active: true, attributes: {}, entitlements });
  }

  // A pending invitation is a membership that was granted and not yet accepted: it counts, so a
  // re-plan does not invite again. The invitation carries the login but not the user's id.
  const invitations = await api.call(`list the pending invitations of ${org}`, () => octokit.paginate(octokit.rest.orgs.listPendingInvitations, { org, ...PAGE }));
  for (const inv of invitations) {
    if (!inv.login || accounts.has(normaliseLogin(inv.login))) continue; // email-only invitations cannot be linked
    const user = await api.userByLogin(inv.login);
    if (!user) continue; // the invitee's account is gone; GitHub drops the invitation too
    const entitlements = inv.role === "admin" ? ["role:admin"] : [];
    accounts.set(normaliseLogin(inv.login), { id: String(user.id), login: user.login, active: true, attributes: { pending: "true" }, entitlements });
  }

  const teams = await api.call(`list the teams of ${org}`, () => octokit.paginate(octokit.rest.teams.list, { org, ...PAGE }));
  for (const team of teams) {
    const slug = team.slug;
    const what = `list the members of team "${slug}"`;
    const all = await api.call(what, () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, role: "all", ...PAGE }));
    const maintainers = new Set((await api.call(what, () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, role: "maintainer", ...PAGE }))).map((u) => normaliseLogin(u.login)));
    const pending = await api.call(`list the pending invitations of team "${slug}"`, () => octokit.paginate(octokit.rest.teams.listPendingInvitationsInOrg, { org, team_slug: slug, ...PAGE }));
    for (const login of [...all.map((u) => u.login), ...pending.flatMap((i) => (i.login ? [i.login] : []))]) {
      const account = accounts.get(normaliseLogin(login));
      if (!account) continue; // a team member outside the org (e.g. an enterprise-managed one): not ours to see here
      account.entitlements.push(`team:${slug}`);
      // Maintainer is a role inside the team, not a separate entitlement: see readme.md.
      if (maintainers.has(normaliseLogin(login))) account.attributes[`teamRole:${slug}`] = "maintainer";
    }
  }

  const byLogin = (login: string | null | undefined): string => (login ? accounts.get(normaliseLogin(login))?.id ?? "" : "");
  const credentials: TargetCredential[] = [];
  if (api.settings.deployKeys !== "none") {
    const repos =
      api.settings.deployKeys === "all"
        ? (await api.call(`list the repositories of ${org}`, () => octokit.paginate(octokit.rest.repos.listForOrg, { org, type: "all", ...PAGE }))).map((r) => r.name)
        : api.settings.deployKeys;
    for (const repo of repos) {
      const keys = await api.call(`list the deploy keys of ${org}/${repo}`, () => octokit.paginate(octokit.rest.repos.listDeployKeys, { owner: org, repo, ...PAGE }));
      // A deploy key belongs to a repository; it is attributed to the member who added it, if known.
      for (const k of keys) credentials.push({ id: deployKeyCredential(repo, k.id), account: byLogin(k.added_by), type: "deploy-key", credentialId: k.title });
    }
  }
  if (api.settings.patGrants) {
    const grants = await api.call(`list the fine-grained token grants of ${org}`, () => octokit.paginate(octokit.rest.orgs.listPatGrants, { org, ...PAGE }));
    for (const g of grants) credentials.push({ id: patGrantCredential(g.id), account: String(g.owner.id), type: "pat-grant", credentialId: g.token_name });
  }

  const sortedAccounts = [...accounts.values()].sort((a, b) => (normaliseLogin(a.login) < normaliseLogin(b.login) ? -1 : 1));
  for (const a of sortedAccounts) a.entitlements.sort();
  return {
    formatVersion: 1,
    target: api.settings.name,
    readAt,
    accounts: sortedAccounts,
    credentials: credentials.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
