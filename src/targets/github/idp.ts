// What an identity provider owns in a GitHub Enterprise Cloud org, said to the planner as refusals
// (TargetState.refuses) so that no plan proposes it:
// - a team synchronized with IdP groups (team sync: GET …/team-sync/group-mappings) or, in an
//   Enterprise Managed Users org, linked to external groups (GET …/external-groups): "you will see
//   an error if you attempt to use the API for making changes to the team's membership" (the team
//   membership endpoints' description);
// - in an Enterprise Managed Users org, accounts: the IdP provisions them through SCIM and GitHub
//   has no invitations.
import type { Finding } from "../../model/finding.js";
import type { TargetRefusal } from "../../model/target-state.js";
import { TargetError } from "../target-error.js";
import type { GithubApi } from "./api.js";
import { missingScope, refusal, ssoRequired } from "./errors.js";
import { answerText, isPlainRefusal, type OctokitAnswer } from "./plain-refusal.js";
import { orgTeamSync } from "./team-sync-org.js";

/**
 * A refusal that only says GitHub has no team sync for this org or team: a 404, a 422, or a 403
 * that is only GitHub's message (plain-refusal.ts; GitHub's description documents none of these for
 * the route; an org without GitHub Enterprise Cloud's team sync answers 403 "This team is not
 * externally managed", as integrations/terraform-provider-github#447 and #1041 report). Read as "no
 * IdP group", as the org's own settings would show.
 */
function noTeamSync(e: unknown): boolean {
  const err = (e ?? {}) as OctokitAnswer;
  const headers = err.response?.headers ?? {};
  if (ssoRequired(headers) || missingScope(err.status, headers)) return false;
  return err.status === 404 || err.status === 422 || isPlainRefusal(e);
}

/** The IdP groups that own a team's membership (none where the org has no team sync). */
async function idpGroupsOf(api: GithubApi, slug: string, emu: boolean): Promise<string[]> {
  const { octokit, org } = api;
  // GitHub Enterprise Cloud endpoints: not in @octokit/rest's api.github.com methods, so by route.
  const route = emu ? "GET /orgs/{org}/teams/{team_slug}/external-groups" : "GET /orgs/{org}/teams/{team_slug}/team-sync/group-mappings";
  const what = `list the identity provider groups of team "${slug}"`;
  const { data } = await api.call(what, () =>
    octokit.request(route, { org, team_slug: slug }).catch((e: unknown) => {
      // Team sync is a GitHub Enterprise Cloud feature an org may not have: that answer is "none".
      if (!emu && noTeamSync(e)) return { data: { groups: [] } };
      throw e;
    }),
  );
  return ((data as { groups?: Array<{ group_name: string }> }).groups ?? []).map((g) => g.group_name);
}

/** `entitlementOf`: the entitlement the read gives a team by its slug now (a renamed team's is the policy's: renamed-teams.ts). `findings`: where a read that could not ask says so. */
export async function idpRefusals(api: GithubApi, teamSlugs: readonly string[], entitlementOf: (slug: string) => string = (slug) => `team:${slug}`, findings: Finding[] = []): Promise<TargetRefusal[]> {
  const { org, settings } = api;
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
  // Asked by default: with idpTeams opt-in, a plan on a team-synced org proposed membership changes
  // GitHub refuses, approved by reviewers and failing at every apply.
  if (!settings.idpTeams || teamSlugs.length === 0) return out;
  const token = await api.token();
  // Both routes are GitHub Enterprise Cloud's (githubCloudOnly): a GHES server has no team sync.
  if (token.enterprise && !emu) return out;
  if (!emu && token.kind === "app") {
    // "enabledForGitHubApps": false in the route's description: an App cannot ask, so the plan says so.
    findings.push(idpTeamsNotRead(api));
    return out;
  }
  // One question at org level first: an org without team sync needs none per team (team-sync-org.ts).
  if (!emu && (await orgTeamSync(api)) === "none") return out;
  for (const slug of teamSlugs) {
    const groups = await idpGroupsOf(api, slug, emu);
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

function idpTeamsNotRead(api: GithubApi): Finding {
  const { org, settings } = api;
  return {
    rule: "github-idp-teams-not-read",
    severity: "info",
    message: `target "${settings.name}": which teams of ${org} an identity provider owns (team sync) was not asked: a GitHub App installation token cannot list a team's IdP groups (GET /orgs/{org}/teams/{team_slug}/team-sync/group-mappings), so a membership change planned on a synchronized team fails at apply`,
    remediation: `where ${org} uses team sync, plan with a personal access token of an org owner, or leave such teams out of the app policy; set targets.${settings.name}.options.idpTeams: false to stop asking`,
  };
}

/**
 * GitHub's refusal of a membership change on a team an IdP owns ("Forbidden if team
 * synchronization is set up", the team membership endpoints): said as such, naming the option that
 * keeps such changes out of plans, instead of as a missing permission. Undefined for any other answer.
 */
export function idpTeamRefusal(api: GithubApi, e: unknown, slug: string, who: string): TargetError | undefined {
  if (!isPlainRefusal(e)) return undefined;
  const text = answerText(e);
  const name = api.settings.name;
  return refusal(
    name,
    `cannot change the membership of ${who} in team "${slug}": GitHub refused it (403 ${text}), as it does for a team synchronized with an identity provider group (team sync, or an Enterprise Managed Users org's external group), whose membership only the IdP changes`,
    `change the membership through the IdP group; keep targets.${name}.options.idpTeams on (the default) with a token that can ask, so that plans leave such teams out (github-idp-team)`,
  );
}
