// The `permission` a repository grant names, as GitHub takes it on PUT
// /repos/{owner}/{repo}/collaborators/{username} and PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}:
// "We accept the following permissions to be set: `pull`, `triage`, `push`, `maintain`, `admin`
// and you can also specify a custom repository role name, if the owning organization has defined
// any" (both operations' request bodies in @octokit/openapi's api.github.com.json). A custom role
// gives its base role (GitHub's `base_role`) plus what it adds; the fake keeps the base as the
// role and the custom role's name beside it (state.ts).
import type { HandlerResult } from "./handlers.js";
import type { FakeOrg, RepoRole } from "./state.js";

const API_ROLES: Record<string, RepoRole> = { pull: "read", triage: "triage", push: "write", maintain: "maintain", admin: "admin" };

/** What a grant of `permission` gives: a built-in role, or a custom role of the org with its base. */
export type GrantedRole = { role: RepoRole; custom?: string };

/**
 * The role `permission` names (`fallback` when the body names none), or GitHub's 422 for a name
 * that is neither a built-in permission nor a custom repository role the org has defined as spelt:
 * GitHub's documentation is silent on the case of a custom role's name, and a grant in another
 * case is refused ("it seems to be case sensitive", integrations/terraform-provider-github#988).
 * The refusal's wording is GitHub's as sigstore/community#401 quotes it: "422 Role
 * `write-with-bypass` is not available for the sigstore/root-signing-staging repository."
 */
export function grantedRole(org: FakeOrg, repo: string, permission: unknown, fallback: string, docs: string): GrantedRole | HandlerResult {
  const name = typeof permission === "string" ? permission : fallback;
  const builtIn = API_ROLES[name];
  if (builtIn) return { role: builtIn };
  const base = org.customRepoRoles.get(name);
  if (base) return { role: base, custom: name };
  return { status: 422, body: { message: `Role \`${name}\` is not available for the ${org.org}/${repo} repository.`, documentation_url: docs, status: "422" } };
}

export const isRefusal = (r: GrantedRole | HandlerResult): r is HandlerResult => "status" in r;
