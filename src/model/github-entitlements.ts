// The entitlements a GitHub org's accounts and teams can be given by scopesync: the one grammar the
// connector applies (targets/github/apply.ts, repo-access.ts, team-repos.ts, org-roles.ts) and the
// repository load checks app policies against (config/unmakeable-entitlements.ts). A name outside it
// was planned and reviewed, then refused by apply as unknown; so it is refused when the repository
// loads instead.
import { GITHUB_OWNER_ROLE } from "./github-owners.js";

/** Direct membership of a team, by its slug (GitHub's: lower case; a maintainer holds it too). */
export const GITHUB_TEAM = /^team:([A-Za-z0-9._-]+)$/;

/** Direct access to a repository, with one role: a built-in one or a custom repository role's name. */
export const GITHUB_REPO = /^repo:([A-Za-z0-9._-]+):([A-Za-z0-9 _.-]+)$/;

/** An organization role (predefined or custom) assigned to the member directly. */
export const GITHUB_ORG_ROLE = /^org-role:(.+)$/;

/** Every entitlement an account can be granted: the owner role, a team, a repository role, an organization role. */
export const GITHUB_GRANTABLE = new RegExp(`^(?:${GITHUB_OWNER_ROLE}|${[GITHUB_TEAM, GITHUB_REPO, GITHUB_ORG_ROLE].map((r) => r.source.slice(1, -1)).join("|")})$`);
