// Removing an org membership, and making sure it is gone. GitHub's "Remove organization membership
// for a user" answers 204 and yet "If a user has both direct membership in the organization as
// well as indirect membership via an enterprise team, only their direct membership will be
// removed. Their indirect membership via an enterprise team remains until the user is removed from
// the enterprise team" (https://docs.github.com/en/rest/orgs/members#remove-organization-membership-for-a-user).
// Trusting the 204 reported such a leaver as removed on every run while they stayed a member. So
// the membership is read again after the DELETE, and a member who is one still fails the change,
// naming the enterprise teams an enterprise owner must take them out of.
import { TargetError } from "../target-error.js";
import type { ApplyOutcome } from "../connector.js";
import type { GithubApi, GithubUser, OrgMembership } from "./api.js";
import { refusal } from "./errors.js";

export async function removeMembership(api: GithubApi, user: GithubUser, before: OrgMembership, who: string): Promise<ApplyOutcome> {
  const account = String(user.id);
  const { octokit, org } = api;
  // Only an enterprise team makes them a member: there is no direct membership to remove.
  if (before.state === "active" && before.direct === false) throw stillMember(api, who, before.enterpriseTeams, false);
  const removed = await api.optional(`remove ${who} from ${org}`, () => octokit.rest.orgs.removeMembershipForUser({ org, username: user.login }));
  const after = await api.membership(user.login);
  if (after) {
    if (after.enterpriseTeams.length > 0) throw stillMember(api, who, after.enterpriseTeams, removed !== undefined);
    // Neither gone nor explained: perhaps GitHub has not caught up. The runner tries the change
    // again (it reads first, so a membership gone by then is `unchanged`), and fails it after that.
    throw new TargetError(api.settings.name, `${who} is still ${after.state === "pending" ? "invited to" : "a member of"} ${org} after GitHub accepted their removal`, { retryable: true, hint: "apply again; if it stays, remove the member in GitHub (organization settings → People) and find out what keeps them in" });
  }
  return { status: removed === undefined ? "unchanged" : "applied", account };
}

function stillMember(api: GithubApi, who: string, teams: readonly string[], directRemoved: boolean): TargetError {
  const via = teams.length > 0 ? `the enterprise team${teams.length > 1 ? "s" : ""} ${teams.join(", ")}` : "an enterprise team GitHub does not name";
  return refusal(
    api.settings.name,
    `${who} is still a member of ${api.org}${directRemoved ? ": GitHub removed only the direct membership, and" : ":"} ${via} make${teams.length > 1 ? "" : "s"} them a member (GitHub: "Their indirect membership via an enterprise team remains until the user is removed from the enterprise team")`,
    `an enterprise owner removes ${who} from ${via} (enterprise settings → People → Enterprise teams), then apply or plan again`,
  );
}
