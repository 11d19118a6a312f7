// The org's custom repository roles and the base role of each: GET /orgs/{org}/custom-repository-roles
// ("List custom repository roles in an organization", GitHub Enterprise Cloud and Enterprise
// Server 3.5 on: githubCloudOnly in api.github.com's description, which does not have the route).
// It answers `{ total_count, custom_roles: [{ id, name, base_role (read, triage, write or
// maintain), permissions (what the role adds), … }] }` in one page, to "an administrator of the
// organization or of a repository of the organization" (a classic token needs admin:org or repo,
// a fine-grained one the org's "Custom repository roles" or "Administration" read permission).
// An org without custom repository roles (a plan without Enterprise Cloud) answers 404 Not Found
// (integrations/terraform-provider-github#2670), and so does a GHES older than 3.5; a token that
// may not ask gets a 403. Either way the list is unread and the plan keeps a grant that would
// replace a custom role back, as it did before it read any base; it says why.
import type { TargetCustomRoles } from "../../model/custom-roles.js";
import type { GithubApi } from "./api.js";
import { isRateLimited, missingScope, ssoRequired } from "./errors.js";

const ROUTE = "GET /orgs/{org}/custom-repository-roles";

interface OctokitAnswer { status?: unknown; message?: unknown; response?: { headers?: Record<string, unknown>; data?: { message?: unknown } } }
interface Answer { custom_roles?: Array<{ name: string; base_role: string }> }

/** Why a refusal means "no list to read" (a 404, or a 403 that is neither a rate limit nor an SSO refusal), in words; undefined for any other failure. */
function unreadWhy(e: unknown, org: string): string | undefined {
  const err = (e ?? {}) as OctokitAnswer;
  const text = String(err.response?.data?.message ?? err.message ?? "");
  const scopes = missingScope(err.status, err.response?.headers);
  if (scopes) return `${ROUTE.replace("{org}", org)} answered ${String(err.status)}: the token has none of the scopes ${scopes.accepted.join(", ")}`;
  if (err.status === 404) return `${ROUTE.replace("{org}", org)} answered 404 ${text || "Not Found"}: custom repository roles need GitHub Enterprise Cloud, or Enterprise Server 3.5 or later`;
  // A token not authorized for the org's SAML SSO reads nothing else either: that error stands.
  if (err.status === 403 && !ssoRequired(err.response?.headers) && !isRateLimited(403, text, err.response?.headers ?? {})) return `${ROUTE.replace("{org}", org)} answered 403 ${text}: the token needs admin:org or repo, or a fine-grained token the org's "Custom repository roles" read permission`;
  return undefined;
}

/** The list, asked once per read or apply (the connector makes one of these for each). */
export class CustomRepoRoles {
  private roles: Promise<TargetCustomRoles> | undefined;

  constructor(private readonly api: GithubApi) {}

  read(): Promise<TargetCustomRoles> {
    this.roles ??= this.ask();
    this.roles.catch(() => (this.roles = undefined));
    return this.roles;
  }

  private ask(): Promise<TargetCustomRoles> {
    const { octokit, org } = this.api;
    // Not among @octokit/rest's api.github.com methods (the route is Enterprise Cloud's): by route.
    return this.api.call(`list the custom repository roles of ${org}`, () =>
      octokit.request(ROUTE, { org }).then(
        ({ data }) => {
          const roles = [...((data as Answer).custom_roles ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
          return { bases: Object.fromEntries(roles.map((r) => [r.name, r.base_role])) };
        },
        (e: unknown) => {
          const unread = unreadWhy(e, org);
          if (unread === undefined) throw e;
          return { unread };
        },
      ),
    );
  }
}
