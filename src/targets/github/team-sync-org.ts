// Whether an org has team sync at all, asked once before the per-team question (idp.ts). Asked per
// team only, an org without GitHub Enterprise Cloud's team sync spent one request per team on every
// live read (400 teams, 400 requests), each answered the same 403. GitHub's org-level route,
// GET /orgs/{org}/team-sync/groups, "Lists IdP groups available in an organization": the groups a
// team can be connected to. Its description documents only the 200, so only two answers let the
// per-team questions go:
// - a 403 that says the org is "not externally managed", the wording GitHub gives team sync's
//   refusals on an org without it ("This team is not externally managed" on the per-team routes:
//   integrations/terraform-provider-github#447, #1041; octokit/rest.js#508);
// - a 200 with no group on its only page: with no IdP group available, no team is connected to one.
// Any other answer is ambiguous and the teams are asked one by one, as before: a 403 naming a
// missing permission or scope (this route wants Members: read and write, the per-team one read), an
// SSO refusal, a 404 or 422, a 403 in other words (an owner-only refusal a team maintainer's token
// gets), a page that lists none but links a next one. A rate limit, a 5xx or no answer fails the
// read as any other request does.
import type { GithubApi } from "./api.js";
import { isRateLimited } from "./errors.js";
import { answerText, isPlainRefusal, type OctokitAnswer } from "./plain-refusal.js";

/** GitHub Enterprise Cloud's route: not in @octokit/rest's api.github.com methods, so by route. */
export const ORG_TEAM_SYNC_ROUTE = "GET /orgs/{org}/team-sync/groups";

/** "none": the org has no team sync (no team needs asking); "ask": ask each team. */
export type OrgTeamSync = "none" | "ask";

/** Fails the read as any request does: a limit to wait for, a server error, no answer. */
const failsTheRead = (e: unknown): boolean => {
  const err = (e ?? {}) as OctokitAnswer;
  const status = typeof err.status === "number" ? err.status : undefined;
  return status === undefined || status >= 500 || isRateLimited(status, answerText(e), err.response?.headers ?? {});
};

/**
 * Asked without per_page: the answer is an object (`groups`), not the array answer-body.ts expects
 * of a paged request, and its first page (30 groups) says all this needs: none, or some.
 */
export async function orgTeamSync(api: GithubApi): Promise<OrgTeamSync> {
  const { octokit, org } = api;
  return api.call(`list the identity provider groups available to ${org} (team sync)`, () =>
    octokit.request(ORG_TEAM_SYNC_ROUTE, { org }).then(
      ({ data, headers }): OrgTeamSync => {
        const groups = (data as { groups?: unknown } | undefined)?.groups;
        const more = typeof headers.link === "string" && /rel="next"/.test(headers.link);
        return Array.isArray(groups) && groups.length === 0 && !more ? "none" : "ask";
      },
      (e: unknown): OrgTeamSync => {
        if (failsTheRead(e)) throw e;
        return isPlainRefusal(e) && /\bnot externally managed\b/i.test(answerText(e)) ? "none" : "ask";
      },
    ),
  );
}
