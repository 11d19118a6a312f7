// Nested teams: "Team members will include the members of child teams", in the member list and in
// GET …/memberships/{username} alike (both descriptions say so). Only a direct membership is the
// `team:<slug>` entitlement: one held through a child team belongs to the child, and removing it
// from the parent is not possible. The member list marks each member `inherited` (true for a
// child team's member); where an older server leaves the flag out, membership of a child team
// counts as inherited, which matches the access the person has either way.
import { normaliseLogin } from "../../model/keys.js";
import type { GithubApi } from "./api.js";

const PAGE = { per_page: 100 } as const;

export class NestedTeams {
  private readonly children = new Map<string, Promise<string[]>>();

  constructor(private readonly api: GithubApi) {}

  /** Slugs of the team's child teams (asked once per team). */
  childrenOf(slug: string): Promise<string[]> {
    let p = this.children.get(slug);
    if (!p) {
      const { octokit, org } = this.api;
      p = this.api.call(`list the child teams of "${slug}"`, async () => (await octokit.paginate(octokit.rest.teams.listChildInOrg, { org, team_slug: slug, ...PAGE })).map((t) => t.slug));
      this.children.set(slug, p);
      p.catch(() => this.children.delete(slug));
    }
    return p;
  }

  /** Is `login` a direct member of the team (active or pending)? */
  async isDirect(slug: string, login: string): Promise<boolean> {
    if (!(await this.api.teamMembership(slug, login))) return false;
    const children = await this.childrenOf(slug);
    if (children.length === 0) return true;
    const { octokit, org } = this.api;
    const members = await this.api.call(`list the members of team "${slug}"`, () => octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, role: "all", ...PAGE }));
    const key = normaliseLogin(login);
    const listed = members.find((m) => normaliseLogin(m.login) === key) as { inherited?: boolean } | undefined;
    // Not listed: a pending membership (an invitee), which only a direct grant makes.
    if (!listed) return true;
    if (typeof listed.inherited === "boolean") return !listed.inherited;
    for (const child of children) if (await this.api.teamMembership(child, login)) return false;
    return true;
  }
}
