// read(): the org as scopesync sees it. Every list is paginated; any failure throws (a partial
// read must never look like "these people left"). What the token cannot read is said as a
// finding instead of being silently left out.
import { OUTSIDE_COLLABORATOR } from "../../model/non-member-accounts.js";
import type { Finding } from "../../model/finding.js";
import { normaliseLogin } from "../../model/keys.js";
import type { AccountBeingRead, TargetCredential, TargetGroup, TargetState, UnreadCredentials } from "../../model/target-state.js";
import type { GithubApi } from "./api.js";
import { deployKeyCredential, PAT_GRANT_PREFIX, patGrantCredential } from "./credential-id.js";
import { markDeprovisioned } from "./deprovisioned.js";
import { readEmailInvitations } from "./email-invitations.js";
import { invitationAccountId } from "../../model/invited-email.js";
import { enterpriseTeamGroup, isEnterpriseTeam, readEnterpriseTeamMembers } from "./enterprise-teams.js";
import { archivedRefusals } from "./archived.js";
import { idpRefusals } from "./idp.js";
import { KIND_NAMES } from "./permissions.js";
import { OrgRoles } from "./org-roles.js";
import { managedRepositories, readRepositoryAccess } from "./repo-access.js";
import { CustomRepoRoles } from "./custom-repo-roles.js";
import type { TargetCustomRoles } from "../../model/custom-roles.js";
import { readAccessPaths } from "./access-paths.js";
import { readTeamRepositories } from "./team-repos.js";
import type { RenamedTeams } from "./renamed-teams.js";
import { samlIdentities } from "./saml.js";
import type { TokenInfo } from "./token.js";

const PAGE = { per_page: 100 } as const;

/** `renamed`: follows the teams renamed in the org by their ids (renamed-teams.ts); absent, each team is read under its slug. */
export async function readOrg(api: GithubApi, readAt: string, renamed?: RenamedTeams): Promise<TargetState> {
  const { octokit, org } = api;
  const token = await api.token();
  const accounts = new Map<string, AccountBeingRead>(); // by normalised login
  const findings: Finding[] = [];

  // The org's own id: a login can pass to another org (renamed or deleted, then taken), its id
  // never does. The state and the plan record it, and apply refuses a read of another org
  // (apply/tenant-binding.ts).
  const orgId = String((await api.call(`read the organization ${org}`, () => octokit.rest.orgs.get({ org }))).data.id);
  const members = await api.call(`list the members of ${org}`, () => octokit.paginate(octokit.rest.orgs.listMembers, { org, role: "all", ...PAGE }));
  const admins = new Set((await api.adminLogins()).map(normaliseLogin));
  for (const m of members) {
    const entitlements = admins.has(normaliseLogin(m.login)) ? ["role:admin"] : [];
    accounts.set(normaliseLogin(m.login), { id: String(m.id), login: m.login, active: true, attributes: {}, entitlements });
  }
  // Where the IdP deprovisions managed users, a leaver it deprovisioned stays a member under a hash.
  if (api.settings.enterpriseManagedUsers || token.enterprise) markDeprovisioned(accounts.values());

  // GitHub Enterprise Server has no invitations API (its description has no /orgs/{org}/invitations)
  // and an Enterprise Managed Users org has no invitations: nothing can be pending there.
  let byEmail = new Map<number, AccountBeingRead>();
  let failedInvitations: string[] = [];
  if (!token.enterprise && !api.settings.enterpriseManagedUsers) {
    byEmail = await readInvitations(api, accounts);
    failedInvitations = await readFailedInvitations(api, accounts, findings);
  }
  const outside = await readOutsideCollaborators(api, accounts);
  const { repos: orgRepos, collaborators } = await readAccessPaths(api, accounts, outside);

  // Unfiltered (`team_type` all, GitHub's default; GHES has no such parameter): the org's own teams
  // and the enterprise teams assigned to it, which are read apart (enterprise-teams.ts).
  const listed = await api.call(`list the teams of ${org}`, () => octokit.paginate(octokit.rest.teams.list, { org, ...PAGE }));
  const teams = listed.filter((t) => !isEnterpriseTeam(t));
  const enterpriseTeams = listed.filter((t) => isEnterpriseTeam(t)).map((t) => t.slug).sort();
  for (const slug of enterpriseTeams) await readEnterpriseTeamMembers(api, slug, accounts);
  // Each team by its id, and a team renamed in the org followed by it (renamed-teams.ts): read under
  // the slug the app policy names it by (`name`), while GitHub is asked by the slug it has now.
  const followed = renamed?.follow(teams);
  const entitlementOf = (slug: string): string => followed?.entitlementOf(slug) ?? `team:${slug}`;
  const parents = new Set(teams.flatMap((t) => (t.parent ? [t.parent.slug] : [])));
  for (const team of teams) {
    const slug = team.slug;
    const name = entitlementOf(slug).slice("team:".length);
    // Members of child teams are listed too, marked `inherited`: only a direct membership is the
    // entitlement (see nested-teams.ts); an inherited one is noted in the account's attributes.
    const all = (await api.call(`list the members of team "${slug}"`, () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, role: "all", ...PAGE }))) as Array<{ login: string; role?: string; inherited?: boolean }>;
    const inherited = parents.has(slug) ? await inheritedLogins(api, slug, all, teams) : new Set<string>();
    const maintainers = all.some((u) => u.role === undefined) ? await maintainerLogins(api, slug) : new Set(all.filter((u) => u.role === "maintainer").map((u) => normaliseLogin(u.login)));
    const pending = token.enterprise || api.settings.enterpriseManagedUsers ? [] : await api.call(`list the pending invitations of team "${slug}"`, () => octokit.paginate(octokit.rest.teams.listPendingInvitationsInOrg, { org, team_slug: slug, ...PAGE }));
    // An invitation sent to an e-mail address has no login: its account is found by the invitation's id.
    const invited = pending.flatMap((i) => (i.login ? [i.login] : byEmail.has(i.id) ? [byEmail.get(i.id)!.login] : []));
    for (const login of [...all.map((u) => u.login), ...invited]) {
      const account = accounts.get(normaliseLogin(login));
      if (!account) continue; // a team member outside the org (e.g. an enterprise-managed one): not ours to see here
      if (inherited.has(normaliseLogin(login))) {
        account.attributes[`inherited:team:${name}`] = "true";
        continue;
      }
      if (!account.entitlements.includes(`team:${name}`)) account.entitlements.push(`team:${name}`);
      // Maintainer is a role inside the team, not a separate entitlement: see readme.md.
      if (maintainers.has(normaliseLogin(login))) account.attributes[`teamRole:${name}`] = "maintainer";
    }
  }

  const refuses = [...(followed?.refuses ?? []), ...(await idpRefusals(api, teams.map((t) => t.slug), entitlementOf, findings)), ...archivedRefusals(api, orgRepos)];
  if (api.settings.saml) {
    // The IdP's NameID of each linked account: policies link identities by it (accounts.samlNameId).
    const saml = await samlIdentities(api);
    for (const [login, s] of saml) {
      const account = accounts.get(normaliseLogin(login));
      if (account && s.nameId) account.attributes.samlNameId = s.nameId;
    }
  }
  const orgRoles = api.settings.orgRoles ? new OrgRoles(api) : undefined;
  if (orgRoles) await orgRoles.read(accounts);
  const privileged = orgRoles ? await orgRoles.privileged() : [];
  let groups: TargetGroup[] | undefined;
  let customRoles: TargetCustomRoles | undefined;
  if (api.settings.repositories !== "none") {
    const repos = await managedRepositories(api);
    await readRepositoryAccess(api, accounts, repos, collaborators);
    // Once per read: the base role of each custom repository role, which a grant is judged by.
    customRoles = await new CustomRepoRoles(api).read();
    // An enterprise team's repository access reaches its members as an org team's does.
    groups = await readTeamRepositories(api, listed, repos);
  }
  if (orgRoles) {
    // A team's organization roles are its members' (plan/conferred.ts): they ride on the groups,
    // which only a read of the teams' repository access makes (the groups' `holds` must cover it).
    if (groups) {
      const byTeam = await orgRoles.teams();
      for (const g of groups) {
        const roles = byTeam.get(g.entitlement.slice("team:".length));
        if (roles) g.roles = roles;
      }
    } else findings.push(teamRolesNotRead(api));
  }
  // Read by slug, each team is named as the plan names it (a followed team by the policy's slug).
  for (const g of groups ?? []) {
    g.entitlement = entitlementOf(g.entitlement.slice("team:".length));
    if (g.parent) g.parent = entitlementOf(g.parent.slice("team:".length));
  }
  groups?.sort((a, b) => (a.entitlement < b.entitlement ? -1 : a.entitlement > b.entitlement ? 1 : 0));

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
      // It outlives that membership: GitHub "attaches the public part of the key directly to your
      // repository instead of a personal account", and removing the member deletes no key
      // (https://docs.github.com/en/rest/deploy-keys/deploy-keys). So an adder `added_by` still
      // names who is no longer a member keeps the key as `heldBy`: read as nobody's, it was never
      // revoked by any later plan.
      for (const k of keys) {
        const account = byLogin(k.added_by);
        // read_only false is a key that can push: the plan says "write access" when it deletes one.
        credentials.push({ id: deployKeyCredential(repo, k.id), account, ...(account === "" && k.added_by ? { heldBy: k.added_by } : {}), type: "deploy-key", credentialId: k.title, access: k.read_only ? "read-only" : "write" });
      }
    }
  }
  const unreadCredentials: UnreadCredentials[] = [];
  if (api.settings.patGrants) {
    const grants = await readPatGrants(api, token, findings, unreadCredentials);
    // The list is of "all fine-grained personal access tokens that can access resources owned by
    // the organization" (https://docs.github.com/en/organizations/managing-programmatic-access-to-your-organization/reviewing-and-revoking-personal-access-tokens-in-your-organization),
    // so a grant listed for an owner who is no longer a member still works, like a deploy key
    // whose adder left. Attributed to an account id no account has, it was nobody's to revoke: a
    // leaver removed by a run that could not revoke it (a personal token) kept a working token.
    // So it is held under its owner's login (`owner` is a simple-user:
    // https://docs.github.com/en/rest/orgs/personal-access-tokens#list-fine-grained-personal-access-tokens-with-access-to-organization-resources):
    // that identity's offboarding revokes it, and a login no identity has is a finding.
    const accountIds = new Set([...accounts.values()].map((a) => a.id));
    for (const g of grants) {
      const account = accountIds.has(String(g.owner.id)) ? String(g.owner.id) : "";
      credentials.push({ id: patGrantCredential(g.id), account, ...(account === "" ? { heldBy: g.owner.login } : {}), type: "pat-grant", credentialId: g.token_name });
    }
  }

  const sortedAccounts = [...accounts.values()].sort((a, b) => (normaliseLogin(a.login) < normaliseLogin(b.login) ? -1 : 1));
  for (const a of sortedAccounts) a.entitlements.sort();
  return {
    formatVersion: 1,
    target: api.settings.name,
    readAt,
    accounts: sortedAccounts,
    credentials: credentials.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    ...(groups ? { groups } : {}),
    groupNames: listed.map((t) => entitlementOf(t.slug)).sort(),
    ...(followed ? { groupIds: followed.groupIds } : {}),
    ...(findings.length > 0 ? { findings } : {}),
    ...(refuses.length > 0 ? { refuses } : {}),
    ...(enterpriseTeams.length > 0 ? { externalGroups: enterpriseTeams.map((slug) => enterpriseTeamGroup(api, slug)) } : {}),
    ...(privileged.length > 0 ? { privileged } : {}),
    ...(customRoles ? { customRoles } : {}),
    ...(unreadCredentials.length > 0 ? { unreadCredentials } : {}),
    ...(failedInvitations.length > 0 ? { failedInvitations } : {}),
    tenant: { id: orgId },
  };
}

/** options.orgRoles without options.repositories: what joining a team gives is not fully known, and the plan says so. */
function teamRolesNotRead(api: GithubApi): Finding {
  const { org, settings } = api;
  return {
    rule: "github-team-org-roles-not-read",
    severity: "warning",
    message: `target "${settings.name}": the organization roles of ${org}'s teams were not read (options.repositories is none), so a membership that gives one through its team (such as All-repository admin) is not marked privileged`,
    remediation: `set targets.${settings.name}.options.repositories (true, or a list of repositories) so that teams are read with what they hold`,
  };
}

/**
 * A pending invitation is a membership that was granted and not yet accepted: it counts, so a
 * re-plan does not invite again. One sent to an e-mail address is an account too
 * (email-invitations.ts): returned by invitation id.
 */
async function readInvitations(api: GithubApi, accounts: Map<string, AccountBeingRead>): Promise<Map<number, AccountBeingRead>> {
  const { octokit, org } = api;
  const invitations = await api.call(`list the pending invitations of ${org}`, () => octokit.paginate(octokit.rest.orgs.listPendingInvitations, { org, ...PAGE }));
  const byEmail = readEmailInvitations(invitations, accounts);
  for (const inv of invitations) {
    if (!inv.login || accounts.has(normaliseLogin(inv.login))) continue;
    // The invitation carries the login but not the user's id.
    const user = await api.userByLogin(inv.login);
    if (!user) continue; // the invitee's account is gone; GitHub drops the invitation too
    const entitlements = inv.role === "admin" ? ["role:admin"] : [];
    accounts.set(normaliseLogin(inv.login), { id: String(user.id), login: user.login, active: true, attributes: { pending: "true" }, entitlements });
  }
  return byEmail;
}

/**
 * Outside collaborators (direct access to a repository of the org, no membership), whatever
 * `options.repositories` says: GitHub lists them all in one paginated call ("List all users who are
 * outside collaborators of an organization", https://docs.github.com/en/rest/orgs/outside-collaborators;
 * the Members permission the read has). Read before only as a side effect of repository access, a
 * leaving contractor was never seen and kept their access. Each is an account; its `repo:`
 * entitlements are read where options.repositories covers them (repo-access.ts), its access to each
 * repository always (access-paths.ts), and its removal takes it off every repository of the org
 * (apply.ts). Returns the ids listed.
 *
 * One invited to the org (scopesync invites an in-scope outside collaborator whose groups give a
 * team) keeps its `pending` account: the invitation is its membership, so it is not marked an
 * outside collaborator (the planner would invite it again on every plan). Its repository access
 * is still a path of its own, recorded per repository by access-paths.ts: skipped here before, the
 * disable of a contractor terminated before accepting cancelled the invitation and left the access.
 */
async function readOutsideCollaborators(api: GithubApi, accounts: Map<string, AccountBeingRead>): Promise<Set<string>> {
  const { octokit, org } = api;
  const outside = await api.call(`list the outside collaborators of ${org}`, () => octokit.paginate(octokit.rest.orgs.listOutsideCollaborators, { org, ...PAGE }));
  for (const u of outside) {
    const key = normaliseLogin(u.login);
    if (accounts.has(key)) continue; // a member (listed between the two calls) or invited: that account stands
    accounts.set(key, { id: String(u.id), login: u.login, active: true, attributes: { [OUTSIDE_COLLABORATOR]: "true" }, entitlements: [] });
  }
  return new Set(outside.map((u) => String(u.id)));
}

/**
 * A failed invitation (expired after 7 days, or refused) is no longer pending: it is not
 * membership, so the plan invites again; the finding says why the invitation reappears.
 * Returns the account ids (`invitation:<id>`) of every failed invitation, e-mail ones included:
 * "If an invitee does not accept the invitation within seven days, the pending invitation expires
 * automatically" (https://docs.github.com/en/organizations/managing-membership-in-your-organization/inviting-users-to-join-your-organization),
 * and this list, "failed_at and failed_reason" on each (https://docs.github.com/en/rest/orgs/members#list-failed-organization-invitations),
 * is how an e-mail invitation that expired is told from one that was accepted
 * (targets/accepted-invitations.ts). Dropped, an expired one was taken for an acceptance.
 */
async function readFailedInvitations(api: GithubApi, accounts: Map<string, AccountBeingRead>, findings: Finding[]): Promise<string[]> {
  const { octokit, org, settings } = api;
  const failed = await api.call(`list the failed invitations of ${org}`, () => octokit.paginate(octokit.rest.orgs.listFailedInvitations, { org, ...PAGE }));
  const ids = [...new Set(failed.map((inv) => invitationAccountId(inv.id)))].sort();
  const latest = new Map<string, (typeof failed)[number]>();
  for (const inv of failed) if (inv.login && !accounts.has(normaliseLogin(inv.login))) latest.set(normaliseLogin(inv.login), inv);
  for (const inv of [...latest.values()].sort((a, b) => (normaliseLogin(a.login!) < normaliseLogin(b.login!) ? -1 : 1))) {
    findings.push({
      rule: "github-invitation-failed",
      severity: "warning",
      message: `target "${settings.name}": the invitation of "${inv.login}" to ${org} failed${inv.failed_at ? ` on ${inv.failed_at.slice(0, 10)}` : ""}${inv.failed_reason ? ` (${inv.failed_reason})` : ""}; it is not a membership, so a plan that wants the account invites again`,
      remediation: `ask ${inv.login} to accept the next invitation, or remove them from the app's scope`,
    });
  }
  return ids;
}

/** Members of `slug` held only through a child team. Without GitHub's `inherited` flag: members of any child team. */
async function inheritedLogins(api: GithubApi, slug: string, all: Array<{ login: string; inherited?: boolean }>, teams: Array<{ slug: string; parent?: { slug: string } | null }>): Promise<Set<string>> {
  if (all.every((u) => typeof u.inherited === "boolean")) return new Set(all.filter((u) => u.inherited).map((u) => normaliseLogin(u.login)));
  const { octokit, org } = api;
  const out = new Set<string>();
  for (const child of teams.filter((t) => t.parent?.slug === slug)) {
    const members = await api.call(`list the members of team "${child.slug}"`, () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: child.slug, role: "all", ...PAGE }));
    for (const m of members) out.add(normaliseLogin(m.login));
  }
  return out;
}

/** The team's maintainers, where the member list does not carry each member's role (older servers). */
async function maintainerLogins(api: GithubApi, slug: string): Promise<Set<string>> {
  const { octokit, org } = api;
  const list = await api.call(`list the maintainers of team "${slug}"`, () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, role: "maintainer", ...PAGE }));
  return new Set(list.map((u) => normaliseLogin(u.login)));
}

type PatGrant = { id: number; owner: { id: number; login: string }; token_name: string };

/** The token that reads and revokes PAT grants. */
const PAT_GRANT_TOKEN = "use a GitHub App installation token with Organization → Personal access tokens: read (plan) / read and write (apply)";

/**
 * Fine-grained PAT grants: only a GitHub App can list them ("Only GitHub Apps can use this
 * endpoint", the endpoint's description). With another token, or an App without the permission,
 * the read goes on and the plan says which credentials it could not see; `unread` tells apply, so
 * that a reviewed revoke of a grant this read could not see is not taken for one no longer needed.
 */
async function readPatGrants(api: GithubApi, token: TokenInfo, findings: Finding[], unread: UnreadCredentials[]): Promise<PatGrant[]> {
  const { octokit, org, settings } = api;
  const notCovered = (why: string): PatGrant[] => {
    const finding: Finding = {
      rule: "github-pat-grants-not-read",
      severity: "info",
      message: `target "${settings.name}": fine-grained personal access token grants in ${org} were not read: ${why}. A leaver's or a disabled NHI's token grants are not revoked by this plan`,
      remediation: `${PAT_GRANT_TOKEN}, or set targets.${settings.name}.options.patGrants: false to stop reading them`,
    };
    findings.push(finding);
    unread.push({ idPrefix: PAT_GRANT_PREFIX, finding, fix: PAT_GRANT_TOKEN });
    return [];
  };
  if (token.kind !== "app") return notCovered(`the token is a ${KIND_NAMES[token.kind]}, and only a GitHub App installation token can list them`);
  try {
    return await octokit.paginate(octokit.rest.orgs.listPatGrants, { org, ...PAGE });
  } catch (e) {
    if ((e as { status?: unknown }).status === 403 && !/rate limit/i.test(String((e as { message?: unknown }).message))) return notCovered("the GitHub App lacks Organization → Personal access tokens: read");
    throw api.wrap(`list the fine-grained token grants of ${org}`, e);
  }
}
