// The calls the connector makes, each wrapped once: errors become TargetErrors, and a 404 where
// "absent" is an answer (a membership, a key) becomes undefined instead of an error.
import { pageItemIds } from "../page-ids.js";
import { TargetError } from "../target-error.js";
import { createClient, type GithubClient } from "./client.js";
import { errorWrapper, missingScope, ssoRequired, type ErrorWrapper } from "./errors.js";
import { askAgain, describeKey, hasErrors, isGraphqlKey, nextKey, readKey } from "./read-pages.js";
import { namingPage } from "./refused-page.js";
import { isRestPage } from "./rest-page-name.js";
import type { GithubSettings } from "./settings.js";
import { detectToken, type GithubUser, type TokenInfo } from "./token.js";

export type { GithubUser } from "./token.js";
export interface OrgMembership {
  state: "active" | "pending";
  role: string;
  /**
   * false: a member only through an enterprise team (GitHub Enterprise Cloud's
   * `direct_membership`); absent where GitHub does not say (older servers, a pending invitation).
   */
  direct?: boolean;
  /** The enterprise teams that make the user a member (`enterprise_teams_providing_indirect_membership`); [] if none or not said. */
  enterpriseTeams: string[];
}

export class GithubApi {
  readonly octokit: GithubClient;
  readonly wrap: ErrorWrapper;
  private tokenInfo: Promise<TokenInfo> | undefined;
  private protectedUsers: Promise<GithubUser[]> | undefined;
  /**
   * The answers of the read in progress, by the page they answer (read-pages.ts: a GET by its URL,
   * which names its page; a GraphQL query by its text and variables, `after` naming its page). Kept when the
   * read fails retryably, so that the runner's next attempt (read({ resume: true })) is answered
   * from here up to the page that failed and goes on from there; dropped on success, on any other
   * failure, and by a read that does not resume.
   */
  private readPages: Map<string, unknown> | undefined;
  /**
   * In a resumed read: the key of each page answered from readPages, by the key of the page after
   * it (its Link header's "next", or its query with `after` its endCursor), until that next page
   * has been asked of GitHub again.
   */
  private resumedFrom = new Map<string, string>();
  /** The keys of the pages being asked for again to check them: answered by GitHub, not readPages. */
  private checking = new Set<string>();

  constructor(readonly settings: GithubSettings) {
    this.octokit = createClient(settings, "runner");
    this.wrap = errorWrapper(settings.name, settings.token, settings.baseUrl, settings.unreachableAfterMs, settings.clock, settings.org);
    this.octokit.hook.wrap("request", async (request, options) => {
      // Every answer that reaches this hook was checked already (client.ts, answer-body.ts).
      const parsed = this.octokit.request.endpoint.parse(options);
      const key = readKey(options.method, parsed.url, parsed.body);
      const answer = async (): Promise<Awaited<ReturnType<typeof request>>> => {
        const pages = this.readPages;
        if (!pages || key === undefined || this.checking.has(key)) return request(options);
        const kept = pages.get(key) as Awaited<ReturnType<typeof request>> | undefined;
        if (kept !== undefined) {
          const next = nextKey(key, kept);
          if (next) this.resumedFrom.set(next, key);
          return structuredClone(kept);
        }
        const before = this.resumedFrom.get(key);
        if (before !== undefined) {
          // GitHub's pages are positions in a list (page=N, or a cursor) that the org may have changed
          // since the failed attempt: a member removed before this page would move the next one onto a
          // page already read, and the read would skip them. The page before is asked for again (past
          // this cache; a refusal fails this attempt like any other, for the runner to retry) and
          // must be unchanged; else every page is read again.
          this.resumedFrom.delete(key);
          this.checking.add(before);
          let again: { data: unknown };
          try {
            again = await askAgain(this.octokit, before, options.headers);
          } finally {
            this.checking.delete(before);
          }
          if (pageIds(again.data) !== pageIds((pages.get(before) as { data: unknown }).data)) {
            this.readPages = undefined;
            throw new TargetError(settings.name, `github ${describeKey(before)}: the page changed between attempts (the org changed during the read); reading every page again`, { retryable: true, hint: "read again" });
          }
        }
        const response = await request(options);
        // A GraphQL `errors` answer is a failure Octokit's graphql() throws after this hook: kept, the
        // retry would be answered the same failure from here.
        if (!isGraphqlKey(key) || !hasErrors(response.data)) pages.set(key, structuredClone(response));
        return response;
      };
      // A refused page is marked with its name here, where the page is known (refused-page.ts): a
      // GraphQL query's cursor, a REST list's route and page (every page of a list has one route).
      const named = key !== undefined && (isGraphqlKey(key) || isRestPage(key));
      return named ? namingPage(describeKey(key), answer) : answer();
    });
  }

  /** Runs one read (see readPages): a resumed one goes on from where the failed attempt stopped. */
  async reading<T>(resume: boolean, read: () => Promise<T>): Promise<T> {
    // Resuming only when there are pages to resume from: after pages were dropped (the org changed
    // under them) a retry reads afresh, and a fresh read's pages are no progress.
    const kept = resume ? this.readPages : undefined;
    const pages = kept ?? new Map<string, unknown>();
    this.readPages = pages;
    this.resumedFrom.clear();
    const before = pages.size;
    try {
      const state = await read();
      this.readPages = undefined;
      return state;
    } catch (e) {
      if (!(e instanceof TargetError) || !e.retryable) this.readPages = undefined;
      // A resumed read that got further than the attempt before: the retries count afresh (see
      // withRetry). A fresh read's pages are no progress: the next fresh read asks for them again;
      // nor are pages dropped because the org changed under them.
      else if (kept && this.readPages === pages && pages.size > before) e.details.progressed = true;
      throw e;
    }
  }

  get org(): string {
    return this.settings.org;
  }

  async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const value = await fn();
      this.wrap.answered();
      return value;
    } catch (e) {
      throw this.wrap(what, e, started);
    }
  }

  /**
   * Like call(), but a 404 means "not there" and gives undefined: not one that a missing scope
   * answers, nor one that a token not authorized for the org's SAML SSO gets (GitHub: such a token
   * "may receive a 404 Not Found or a 403"), which would read an unreadable membership as none.
   */
  async optional<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    const started = Date.now();
    try {
      const value = await fn();
      this.wrap.answered();
      return value;
    } catch (e) {
      const err = e as { status?: unknown; response?: { headers?: Record<string, unknown> } };
      if (err.status === 404 && !missingScope(err.status, err.response?.headers) && !ssoRequired(err.response?.headers)) {
        this.wrap.answered();
        return undefined;
      }
      throw this.wrap(what, e, started);
    }
  }

  /** Which kind of token this is (asked once; a failure is asked again next time). */
  token(): Promise<TokenInfo> {
    this.tokenInfo ??= detectToken(this.octokit, this.wrap);
    this.tokenInfo.catch(() => (this.tokenInfo = undefined));
    return this.tokenInfo;
  }

  /**
   * The users a change must never remove or demote: the token's own user (personal tokens) and
   * `runAs`. An installation token has no user: its `<app>[bot]` is never an org member, so for
   * an App only `runAs` (the human or machine owner it is configured to keep) is guarded.
   */
  guarded(): Promise<GithubUser[]> {
    this.protectedUsers ??= (async () => {
      const token = await this.token();
      const users = token.user ? [token.user] : [];
      if (this.settings.runAs) {
        const runAs = await this.userByLogin(this.settings.runAs);
        if (runAs && !users.some((u) => u.id === runAs.id)) users.push(runAs);
      }
      return users;
    })();
    this.protectedUsers.catch(() => (this.protectedUsers = undefined));
    return this.protectedUsers;
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
      // Kept, not dropped: removing a member leaves one an enterprise team makes (membership-removal.ts).
      return { state: data.state, role: data.role, ...(typeof data.direct_membership === "boolean" ? { direct: data.direct_membership } : {}), enterpriseTeams: [...(data.enterprise_teams_providing_indirect_membership ?? [])].sort() };
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

/** A page's items by id (pageItemIds); a page that is not a list is compared whole. */
function pageIds(data: unknown): string {
  return Array.isArray(data) ? pageItemIds(data) : JSON.stringify(data);
}
