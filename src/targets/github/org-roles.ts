// Custom organization roles as `org-role:<name>` entitlements (options.orgRoles). GitHub lists a
// role's users with `assignment`: direct, indirect (held through a team) or mixed. As with nested
// teams, only a direct assignment (direct or mixed) is the entitlement; one held only through a
// team is the team's, noted as `attributes["inherited:org-role:<name>"]`; the team's own roles are
// read with its repository access (TargetGroup.roles), so that joining it counts as getting them.
import { normaliseLogin } from "../../model/keys.js";
import type { ApplyOutcome } from "../connector.js";
import type { AccountBeingRead } from "../../model/target-state.js";
import type { GithubApi, GithubUser } from "./api.js";
import { refusal } from "./errors.js";

const PAGE = { per_page: 100 } as const;

/** `baseRole`: the repository role the org role gives on every repository (GitHub's `base_role`), if any. */
interface Role { id: number; name: string; baseRole?: string }

/** Base repository roles that make an org role privileged, as repo:<name>:maintain|admin are (TARGET_CAPABILITIES.github). */
const PRIVILEGED_BASE = new Set(["maintain", "admin"]);

export class OrgRoles {
  private roles: Promise<Role[]> | undefined;

  constructor(private readonly api: GithubApi) {}

  list(): Promise<Role[]> {
    const { octokit, org } = this.api;
    this.roles ??= this.api.call(`list the organization roles of ${org}`, async () => (await octokit.rest.orgs.listOrgRoles({ org })).data.roles?.map((r) => ({ id: r.id, name: r.name, ...(r.base_role ? { baseRole: r.base_role } : {}) })) ?? []);
    this.roles.catch(() => (this.roles = undefined));
    return this.roles;
  }

  /**
   * The roles that give maintain or admin on every repository through their base role (a custom
   * role built on "Admin" is All-repository admin under another name): privileged whatever the
   * policy says, as the predefined ones are. Sorted.
   */
  async privileged(): Promise<string[]> {
    return (await this.list()).filter((r) => r.baseRole !== undefined && PRIVILEGED_BASE.has(r.baseRole)).map((r) => `org-role:${r.name}`).sort();
  }

  private async holders(role: Role): Promise<Array<{ id: number; login: string; assignment?: string }>> {
    const { octokit, org } = this.api;
    return this.api.call(`list who holds the organization role "${role.name}"`, () => octokit.paginate(octokit.rest.orgs.listOrgRoleUsers, { org, role_id: role.id, ...PAGE }));
  }

  async read(accounts: Map<string, AccountBeingRead>): Promise<void> {
    for (const role of await this.list()) {
      for (const u of await this.holders(role)) {
        const account = accounts.get(normaliseLogin(u.login));
        if (!account) continue;
        if (u.assignment === "indirect") account.attributes[`inherited:org-role:${role.name}`] = "true";
        else account.entitlements.push(`org-role:${role.name}`);
      }
    }
  }

  /**
   * The organization roles assigned to each team, by slug: GET /orgs/{org}/organization-roles/
   * {role_id}/teams lists a role's teams with `assignment` direct, indirect (inherited from a parent
   * team) or mixed. Every assignment counts: whoever joins the team gets the role, whichever way
   * the team holds it. Sorted, so the same org reads the same.
   */
  async teams(): Promise<Map<string, string[]>> {
    const { octokit, org } = this.api;
    const out = new Map<string, string[]>();
    for (const role of await this.list()) {
      const teams = await this.api.call(`list the teams that hold the organization role "${role.name}"`, () => octokit.paginate(octokit.rest.orgs.listOrgRoleTeams, { org, role_id: role.id, ...PAGE }));
      for (const t of teams) if (t.slug) out.set(t.slug, [...(out.get(t.slug) ?? []), `org-role:${role.name}`]);
    }
    for (const list of out.values()) list.sort();
    return out;
  }

  async apply(user: GithubUser, name: string, grant: boolean, who: string): Promise<ApplyOutcome> {
    const account = String(user.id);
    const { octokit, org, settings } = this.api;
    const role = (await this.list()).find((r) => r.name === name);
    if (!role) {
      if (!grant) return { status: "unchanged", account };
      throw refusal(settings.name, `${org} has no organization role "${name}"`, `create the role in ${org}'s settings, or fix the entitlement org-role:${name} in the app policy`);
    }
    const held = (await this.holders(role)).find((u) => u.id === user.id);
    const direct = held !== undefined && held.assignment !== "indirect";
    if (direct === grant) return { status: "unchanged", account };
    if (grant) await this.api.call(`give ${who} the organization role "${name}"`, () => octokit.rest.orgs.assignUserToOrgRole({ org, username: user.login, role_id: role.id }));
    else await this.api.call(`take the organization role "${name}" from ${who}`, () => octokit.rest.orgs.revokeOrgRoleUser({ org, username: user.login, role_id: role.id }));
    return { status: "applied", account };
  }
}
