// What each change needs from the token, per kind of token, and the check apply makes before it
// starts. Sources: docs.github.com/rest/authentication/permissions-required-for-github-apps and
// …/permissions-required-for-fine-grained-personal-access-tokens (org membership, invitations and
// team membership are Organization "Members"; deploy keys and collaborators are Repository
// "Administration"; PAT grants are Organization "Personal access tokens", GitHub Apps only), and
// docs.github.com/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps for classic scopes.
import type { Change } from "../../model/change.js";
import { describePermission } from "./errors.js";
import type { TokenInfo } from "./token.js";

export interface Need {
  /** As GitHub's X-Accepted-GitHub-Permissions header spells it, e.g. "members=write". */
  permission: string;
  /** Classic scopes, any one of which is enough. */
  scopes: string[];
  /** Only a GitHub App installation token can do it. */
  appOnly?: boolean;
  /** The token's user must be an active org owner (personal tokens act as their user). */
  owner?: boolean;
}

/** What applying `change` needs; undefined for changes that make no request that writes. */
export function needOf(change: Change): Need | undefined {
  switch (change.action) {
    case "update-account":
      return undefined;
    case "revoke-credential":
      return change.credential?.startsWith("pat-grant:")
        ? { permission: "organization_personal_access_tokens=write", scopes: [], appOnly: true }
        : { permission: "administration=write", scopes: ["repo"] };
    case "grant":
    case "revoke":
      if (change.entitlement?.startsWith("team:")) return { permission: "members=write", scopes: ["write:org", "admin:org"], owner: true };
      if (change.entitlement?.startsWith("repo:")) return { permission: "administration=write", scopes: ["repo"] };
      if (change.entitlement?.startsWith("org-role:")) return { permission: "organization_custom_org_roles=write", scopes: ["admin:org"], owner: true };
      return { permission: "members=write", scopes: ["admin:org"], owner: true };
    default:
      return { permission: "members=write", scopes: ["admin:org"], owner: true };
  }
}

export interface Shortfall { need: string; changes: Change[] }

/**
 * What the token visibly lacks for these changes: a classic token's scopes are in its answers'
 * X-OAuth-Scopes header; PAT-grant revocation needs an App whatever else the token holds. A
 * fine-grained or App token's permissions cannot be read with the token itself: those show at
 * the first request, whose error names the permission GitHub asked for.
 */
export function shortfalls(token: TokenInfo, changes: readonly Change[]): Shortfall[] {
  const missing = new Map<string, Change[]>();
  const add = (need: string, c: Change): void => void (missing.get(need) ?? missing.set(need, []).get(need)!).push(c);
  for (const c of changes) {
    const need = needOf(c);
    if (!need) continue;
    if (need.appOnly && token.kind !== "app") add(`a GitHub App installation token with ${describePermission(need.permission)} (a ${KIND_NAMES[token.kind]} cannot call GitHub's PAT-grant endpoints)`, c);
    else if (token.kind === "classic" && need.scopes.length > 0 && !need.scopes.some((s) => token.scopes?.includes(s))) add(`the scope ${need.scopes.join(" or ")}`, c);
  }
  return [...missing].map(([need, list]) => ({ need, changes: list }));
}

export const KIND_NAMES: Record<TokenInfo["kind"], string> = {
  app: "GitHub App installation token",
  "fine-grained": "fine-grained personal access token",
  classic: "personal access token (classic)",
};
