// A team renamed in the org, followed by its id (the SCIM groups' mechanism: ../renamed-groups.ts).
//
// An org owner or team maintainer renames a team with PATCH /orgs/{org}/teams/{team_slug} and a
// new `name` (REST API, "Update a team"). "GitHub generates the team's slug from the team name"
// (REST API, Teams), so the slug changes, while the team keeps its `id`, `node_id`, members, child
// teams and repository access; the old slug names nothing afterwards, and anyone may make a new
// team that takes it. App policies name teams by slug (`team:<slug>`): before, a mover taken out of
// the privileged team kept the renamed one (the old slug was only refused: entitlement-not-in-target),
// and a joiner was never granted it.
//
// The read lists every team with its id (TargetState.groupIds, which `state pull` writes to the
// committed state file) and follows a remembered id found under another slug while the policy still
// maps the old one (slugs compared without case, as the plan compares them): the team is read under the policy's slug (its grants, revokes and findings are
// the policy's), and the writes go to the slug it has now. When the old slug names another team
// now, nothing is planned for it (a refusal, group-renamed-in-target).
import type { TargetGroupId, TargetRefusal } from "../../model/target-state.js";
import type { TargetConfig } from "../../model/documents.js";
import { TARGET_CAPABILITIES } from "../../model/target-types.js";
import type { ConnectorContext } from "../connector.js";
import { followRenamedGroups, rememberedGroups, type RememberedGroups } from "../renamed-groups.js";
import { TargetError } from "../target-error.js";
import type { GithubApi } from "./api.js";

const PAGE = { per_page: 100 } as const;

/** What the read makes of the org's teams: each team's entitlement as the plan names it, and what the state records. */
export interface FollowedTeams {
  /** A team's slug in GitHub now → the entitlement the read gives it: `team:<slug>`, or the policy's for a renamed team. */
  entitlementOf(slug: string): string;
  groupIds: TargetGroupId[];
  refuses: TargetRefusal[];
}

export class RenamedTeams {
  private remembered: { value: RememberedGroups | undefined } | undefined;
  /** The policy's slug of each team the last read followed → the team's id and its slug then. */
  private followed = new Map<string, { id: string; slug: string }>();
  /** The org's teams by id, listed once by the first write that needs a followed team's slug. */
  private slugsById: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly api: GithubApi,
    private readonly config: TargetConfig,
    private readonly ctx: Pick<ConnectorContext, "name" | "repoDir" | "entitlements">,
  ) {}

  /**
   * The state file's team ids, read once and only where a policy maps entitlements (an import has
   * none: nothing is followed there). A malformed state file stops the read (readStateFile's error).
   */
  private recall(): RememberedGroups | undefined {
    if (!this.ctx.entitlements?.length) return undefined;
    this.remembered ??= { value: rememberedGroups(this.ctx.repoDir, this.ctx.name, this.config) };
    return this.remembered.value;
  }

  /** Follows the renames among the org's own teams (`teams`, as GET /orgs/{org}/teams lists them). */
  follow(teams: ReadonlyArray<{ id: number; slug: string }>): FollowedTeams {
    const listed = teams.map((t) => ({ entitlement: `team:${t.slug}`, id: String(t.id) }));
    // Slugs compared as the plan compares them (groupNamesIgnoreCase: GitHub team names ignore case).
    const followed = followRenamedGroups(this.ctx.name, listed, this.recall(), this.ctx.entitlements, TARGET_CAPABILITIES.github.groupNamesIgnoreCase);
    this.followed = new Map(followed.groupIds.flatMap((g) => (g.renamedTo === undefined ? [] : [[g.entitlement.slice("team:".length), { id: g.id, slug: g.renamedTo.slice("team:".length) }] as const])));
    this.slugsById = undefined;
    return {
      entitlementOf: (slug) => followed.alias.get(`team:${slug}`) ?? `team:${slug}`,
      groupIds: followed.groupIds,
      refuses: followed.refuses,
    };
  }

  /**
   * The slug a write of `team:<slug>` goes to: the policy's slug, or, for a team the read followed
   * by its id, the slug that id has now. Asked of GitHub (the org's team list) rather than taken
   * from the read, so that a team renamed again since is still the one written to, and one deleted
   * since fails by name instead of a revoke passing as "not a member".
   */
  async slugOf(slug: string): Promise<string> {
    const team = this.followed.get(slug);
    if (!team) return slug;
    const { octokit, org } = this.api;
    this.slugsById ??= this.api.call(`list the teams of ${org}`, async () => new Map((await octokit.paginate(octokit.rest.teams.list, { org, ...PAGE })).map((t) => [String(t.id), t.slug] as const)));
    this.slugsById.catch(() => (this.slugsById = undefined));
    const now = (await this.slugsById).get(team.id);
    if (now === undefined) {
      throw new TargetError(this.ctx.name, `team "${slug}" (renamed in GitHub to "${team.slug}", id ${team.id}) is gone since this apply read it`, { hint: `if an org owner deleted it, remove the mapping of team:${slug} from the app policy; otherwise plan again` });
    }
    return now;
  }
}
