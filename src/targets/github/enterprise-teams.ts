// Enterprise teams in an org's team list. Since GitHub's 2026-02-23 "Enterprise team support in
// organization APIs", GET /orgs/{org}/teams lists the enterprise teams the enterprise assigned to
// the org beside the org's own (`team_type` defaults to `all`; each team says `type`: enterprise |
// organization; an enterprise team's slug is "ent:<name>": "GitHub generates the enterprise team's
// slug from the team name and adds the ent: prefix", REST docs *Enterprise teams*). They are not
// the org's: the description answers the org-level routes for their pending invitations, external
// groups and team-sync mappings with "422: Unprocessable entity if you attempt to modify an
// enterprise team at the organization level", and their membership is set in the enterprise. Yet
// their members are org members through them ("Their indirect membership via an enterprise team
// remains until the user is removed from the enterprise team", remove-membership-for-user), and
// "organization administrators can grant the team additional access and permissions" (*Teams in an
// enterprise*). So the read keeps what it needs of them (members, and the repository access and
// organization roles they confer, as for the org's teams) and asks them nothing else; the plan
// says when a leaver stays a member through one (TargetState.externalGroups).
//
// GitHub Enterprise Server has no enterprise teams and its teams/list has no `team_type`
// (ghes-3.17 to 3.19 descriptions): the same unfiltered request works there, and every team is the org's.
import type { AccountBeingRead, ExternalGroup } from "../../model/target-state.js";
import { normaliseLogin } from "../../model/keys.js";
import type { GithubApi } from "./api.js";

const PAGE = { per_page: 100 } as const;

/** The slug prefix GitHub gives every enterprise team. */
export const ENTERPRISE_TEAM_PREFIX = "ent:";

/**
 * An enterprise team, by the `type` GitHub gives it, or by its slug where a response carries no
 * `type` (a server older than the field): an org team's slug cannot hold a ':' (GitHub replaces
 * special characters of the name), so an "ent:" slug is an enterprise team's either way.
 */
export function isEnterpriseTeam(team: { slug: string; type?: string }): boolean {
  return team.type === "enterprise" || team.slug.startsWith(ENTERPRISE_TEAM_PREFIX);
}

/**
 * The enterprise team's members hold `team:<slug>` (its repository access and organization roles
 * reach them through it, plan/conferred.ts). A member the org's member list does not have is not
 * ours to see here (the same as for an org team).
 */
export async function readEnterpriseTeamMembers(api: GithubApi, slug: string, accounts: Map<string, AccountBeingRead>): Promise<void> {
  const { octokit, org } = api;
  const members = await api.call(`list the members of enterprise team "${slug}"`, () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, role: "all", ...PAGE }));
  for (const m of members) {
    const account = accounts.get(normaliseLogin(m.login));
    if (account && !account.entitlements.includes(`team:${slug}`)) account.entitlements.push(`team:${slug}`);
  }
}

/** What the plan is told of each enterprise team: not the org's to change, and it keeps its members in the org. */
export function enterpriseTeamGroup(api: GithubApi, slug: string): ExternalGroup {
  return {
    entitlement: `team:${slug}`,
    managedBy: `the enterprise (${slug} is an enterprise team assigned to ${api.org})`,
    keepsAccount: true,
    remediation: `an enterprise owner removes them from the enterprise team ${slug} (enterprise settings → People → Enterprise teams, or its identity provider group)`,
  };
}
