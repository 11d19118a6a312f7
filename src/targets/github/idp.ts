// What an identity provider owns in a GitHub Enterprise Cloud org, said to the planner as refusals
// (TargetState.refuses) so that no plan proposes it:
// - a team synchronized with IdP groups (team sync: GET …/team-sync/group-mappings) or, in an
//   Enterprise Managed Users org, linked to external groups (GET …/external-groups): "you will see
//   an error if you attempt to use the API for making changes to the team's membership" (the team
//   membership endpoints' description);
// - in an Enterprise Managed Users org, accounts: the IdP provisions them through SCIM and GitHub
//   has no invitations.
import type { TargetRefusal } from "../../model/target-state.js";
import type { GithubApi } from "./api.js";

/** `entitlementOf`: the entitlement the read gives a team by its slug now (a renamed team's is the policy's: renamed-teams.ts). */
export async function idpRefusals(api: GithubApi, teamSlugs: readonly string[], entitlementOf: (slug: string) => string = (slug) => `team:${slug}`): Promise<TargetRefusal[]> {
  const { octokit, org, settings } = api;
  const emu = settings.enterpriseManagedUsers;
  const out: TargetRefusal[] = [];
  if (emu) {
    out.push({
      actions: ["create-account", "enable-account"],
      finding: {
        rule: "github-emu-provisioning",
        severity: "warning",
        message: `target "${settings.name}": ${org} belongs to an Enterprise Managed Users enterprise: accounts are provisioned by the identity provider through SCIM and GitHub has no invitations, so scopesync plans no new or re-enabled accounts`,
        remediation: "provision these people through the identity provider's GitHub SCIM app; once they exist, scopesync manages their teams and roles",
      },
    });
  }
  if (!settings.idpTeams) return out;
  for (const slug of teamSlugs) {
    // GitHub Enterprise Cloud endpoints: not in @octokit/rest's api.github.com methods, so by route.
    const route = emu ? "GET /orgs/{org}/teams/{team_slug}/external-groups" : "GET /orgs/{org}/teams/{team_slug}/team-sync/group-mappings";
    const { data } = await api.call(`list the identity provider groups of team "${slug}"`, () => octokit.request(route, { org, team_slug: slug }));
    const groups = ((data as { groups?: Array<{ group_name: string }> }).groups ?? []).map((g) => g.group_name);
    if (groups.length === 0) continue;
    out.push({
      entitlement: entitlementOf(slug),
      finding: {
        rule: "github-idp-team",
        severity: "warning",
        message: `target "${settings.name}": team "${slug}" of ${org} is synchronized with the identity provider (${groups.sort().join(", ")}); the IdP owns its membership, so scopesync changes none of it`,
        remediation: `grant team:${slug} through the IdP group instead, or map another team in the app policy`,
      },
    });
  }
  return out;
}
