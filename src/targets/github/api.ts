// The calls the connector makes, each wrapped once: errors become TargetErrors, and a 404 where
// "absent" is an answer (a membership, a key) becomes undefined instead of an error.
import { createClient, type GithubClient } from "./client.js";
import { errorWrapper, type ErrorWrapper } from "./errors.js";
import type { GithubSettings } from "./settings.js";

export interface GithubUser { id: number; login: string }
export interface OrgMembership { state: "active" | "pending"; role: string }

export class GithubApi {
  readonly octokit: GithubClient;
  readonly wrap: ErrorWrapper;
  private self: Promise<GithubUser> | undefined;

  constructor(readonly settings: GithubSettings) {
    this.octokit = createClient(settings);
    this.wrap = errorWrapper(settings.name, settings.token);
  }

  get org(): string {
    return this.settings.org;
  }

  async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.wrap(what, e);
    }
  }

  /** Like call(), but a 404 means "not there" and gives undefined. */
  async optional<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      if ((e as { status?: unknown }).status === 404) return undefined;
      throw this.wrap(what, e);
    }
  }

  /** The user the token belongs to (asked once): never removed or demoted by a change. */
  me(): Promise<GithubUser> {
    this.self ??= this.call("read the token's own user (GET /user)", async () => {
      const { data } = await this.octokit.rest.users.getAuthenticated();
      return { id: data.id, login: data.login };
    });
    this.self.catch(() => (this.self = undefined));
    return this.self;
  }

  userByLogin(login: string): Promise<GithubUser | undefined> {
    return this.optional(`look up user "${login}"`, async () => {
      const { data } = await this.octokit.rest.users.getByUsername({ username: login });
      return { id: data.id, login: data.login };
    });
  }

  userById(id: string): Promise<GithubUser | undefined> {
    return this.optional(`look up user ${id}`, async () => {
      const { data } = await this.octokit.rest.users.getById({ account_id: Number(id) });
      return { id: data.id, login: data.login };
    });
  }

  membership(login: string): Promise<OrgMembership | undefined> {
    return this.optional(`read ${this.org} membership of "${login}"`, async () => {
      const { data } = await this.octokit.rest.orgs.getMembershipForUser({ org: this.org, username: login });
      return { state: data.state, role: data.role };
    });
  }

  teamMembership(slug: string, login: string): Promise<{ state: string; role: string } | undefined> {
    return this.optional(`read membership of "${login}" in team "${slug}"`, async () => {
      const { data } = await this.octokit.rest.teams.getMembershipForUserInOrg({ org: this.org, team_slug: slug, username: login });
      return { state: data.state, role: data.role };
    });
  }

  /** Logins of the org's active owners (paginated). */
  async adminLogins(): Promise<string[]> {
    return this.call(`list the owners of ${this.org}`, async () => {
      const admins = await this.octokit.paginate(this.octokit.rest.orgs.listMembers, { org: this.org, role: "admin", per_page: 100 });
      return admins.map((u) => u.login);
    });
  }
}
